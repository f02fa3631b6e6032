import test from 'ava';
import {
  canonicalJson,
  stateChecksum,
  stateSchemaVersion,
  type StateInputs,
} from '../../src/state/state-inputs.js';

const inputs = (): StateInputs => ({
  schemaVersion: stateSchemaVersion,
  arch: 'x86_64',
  release: '32',
  base: { kind: 'commit', commit: 'a'.repeat(64) },
  composes: [
    { series: 'updates-testing', result: 'none', compose: null, repomdSha256: null, buildsSha256: null },
    {
      series: 'updates',
      result: 'timestamp',
      compose: 'C',
      repomdSha256: 'b'.repeat(64),
      buildsSha256: null,
    },
  ],
  for: ['kernel-devel-matched', 'krb5-devel'],
  builds: [
    { nevra: 'kernel-devel-matched-5.7.11-200.fc32.x86_64', sha256: 'c'.repeat(64) },
    { nevra: 'kernel-devel-5.7.11-200.fc32.x86_64', sha256: 'd'.repeat(64) },
  ],
});

test('canonical JSON sorts keys at every level and drops undefined', (t) => {
  t.is(
    canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: undefined } }),
    '{"a":{"d":[2,{"y":2,"z":1}]},"b":1}',
  );
});

test('the order the inputs were gathered in does not change the checksum', (t) => {
  const a = inputs();
  const b = inputs();
  b.composes.reverse();
  b.builds.reverse();
  b.for.reverse();
  t.is(stateChecksum(a), stateChecksum(b));
});

test('a fetched build with other bytes changes the checksum', (t) => {
  const b = inputs();
  b.builds[0] = { ...b.builds[0]!, sha256: 'e'.repeat(64) };
  t.not(stateChecksum(inputs()), stateChecksum(b));
});

test('a missing build (null) differs from a found one', (t) => {
  const b = inputs();
  b.builds[1] = { ...b.builds[1]!, sha256: null };
  t.not(stateChecksum(inputs()), stateChecksum(b));
});
