/** Package tuples and deltas: every form of source RPM and epoch survives, deltas are exact. */
import test from 'ava';
import {
  applyDelta,
  diffSets,
  fromTuple,
  setOf,
  toTuple,
  tuplesOf,
} from '../../src/compose-index/packages.js';
import type { IndexPackage } from '../../src/compose-index/packages.js';
import { prng } from '../helpers/prng.js';

const p = (name: string, evr: string, arch: string, sourcerpm: string | null): IndexPackage => {
  const m = /^(?:(\d+):)?(.+)-([^-]+)$/.exec(evr)!;
  return {
    name,
    epoch: m[1] === undefined ? null : Number(m[1]),
    version: m[2]!,
    release: m[3]!,
    arch,
    sourcerpm,
  };
};

test('tuples round-trip: same-name source, other-name source, other VR, no source, epochs', (t) => {
  const cases = [
    p('bash', '5.0.17-1.fc32', 'x86_64', 'bash-5.0.17-1.fc32.src.rpm'),
    p('gnutls-devel', '3.6.13-4.fc32', 'x86_64', 'gnutls-3.6.13-4.fc32.src.rpm'),
    p('kernel-headers', '5.8.0-1.fc32', 'x86_64', 'kernel-headers-5.8.0-1.fc32.src.rpm'),
    p('shim-x64', '15-8', 'x86_64', 'shim-signed-15-9.src.rpm'),
    p('gpg-pubkey', '1:abc-def', 'noarch', null),
    p('weird', '2:1.0~rc1^git1-1', 'noarch', 'weird.src.rpm-1.0~rc1^git1-1.src.rpm'),
  ];
  for (const c of cases) t.deepEqual(fromTuple(toTuple(c)), c, c.name);
  t.is(toTuple(cases[0]!)[3], '');
  t.is(toTuple(cases[1]!)[3], 'gnutls');
  t.is(toTuple(cases[3]!)[3], 'shim-signed-15-9.src.rpm');
  // Epoch 0 is stored without it and read back as null, as base images are normalised.
  t.deepEqual(fromTuple(toTuple({ ...cases[0]!, epoch: 0 })), cases[0]);
});

test('diffSets/applyDelta: applying the delta gives exactly the target set (random sets, duplicates)', (t) => {
  const random = prng(7);
  const make = (): IndexPackage[] => {
    const out: IndexPackage[] = [];
    for (let i = 0; i < 200; i++) {
      if (random() < 0.3) continue;
      const n = 1 + Math.floor(random() * 2);
      for (let k = 0; k < n; k++)
        out.push(
          p(`pkg${i}`, `1.${Math.floor(random() * 3)}-${k}`, random() < 0.5 ? 'x86_64' : 'noarch', null),
        );
    }
    return out;
  };
  for (let round = 0; round < 50; round++) {
    const a = setOf(make().map(toTuple));
    const b = setOf(make().map(toTuple));
    const delta = diffSets(a, b);
    t.deepEqual(tuplesOf(applyDelta(setOf(tuplesOf(a)), delta)), tuplesOf(b));
  }
  const same = setOf(make().map(toTuple));
  t.deepEqual(diffSets(same, setOf(tuplesOf(same))), { put: [], drop: [] });
});
