/**
 * {@link placeBuilds} by itself: each build goes to the first source that was read and holds it,
 * a source holding none gets no includepkgs (no stanza), the archive stanza also lists the live
 * builds, and what no source holds is missing. A failed source serves nothing.
 */
import test from 'ava';
import { nevraText } from '../../src/durable/nevra-text.js';
import { placeBuilds } from '../../src/durable/place-builds.js';
import type { SourceHoldings } from '../../src/durable/read-holdings.js';
import type { Nevra } from '../../src/rpm/types.js';

const p = (name: string, vr: string, epoch: number | null = null): Nevra => {
  const [version, release] = vr.split('-') as [string, string];
  return { name, epoch, version, release, arch: 'x86_64' };
};
const snapshot = [
  p('glibc', '2.31-4.fc32'),
  p('nano', '4.8-1.fc32', 1),
  p('wget2', '1.99.2-1.fc32'),
  p('gone', '1-1.fc32'),
];

function source(role: SourceHoldings['role'], state: SourceHoldings['state'], held: Nevra[]): SourceHoldings {
  return {
    role,
    url: `file:///${role}/`,
    state,
    detail: 'd',
    held: new Set(held.map(nevraText)),
    deps: new Map(),
  };
}

test('archive first, then live; missing named; the archive stanza also lists the live builds', (t) => {
  const c = placeBuilds(snapshot, [
    source('updates-archive', 'read', [snapshot[0]!, snapshot[1]!]),
    source('updates', 'read', [snapshot[1]!, snapshot[2]!]),
  ]);
  t.is(c.total, 4);
  t.false(c.complete);
  t.deepEqual(c.sources[0]!.builds, ['glibc-2.31-4.fc32.x86_64', 'nano-1:4.8-1.fc32.x86_64']);
  t.deepEqual(c.sources[0]!.includepkgs, [
    'glibc-2.31-4.fc32.x86_64',
    'nano-1:4.8-1.fc32.x86_64',
    'wget2-1.99.2-1.fc32.x86_64',
  ]);
  t.deepEqual(c.sources[1]!.builds, ['wget2-1.99.2-1.fc32.x86_64']);
  t.deepEqual(c.sources[1]!.includepkgs, ['wget2-1.99.2-1.fc32.x86_64']);
  t.deepEqual(c.missing, [{ nevra: 'gone-1-1.fc32.x86_64', name: 'gone', arch: 'x86_64', evr: '1-1.fc32' }]);
});

test('a source that holds none of the builds, or failed, gets no includepkgs at all', (t) => {
  const c = placeBuilds(snapshot.slice(2, 3), [
    source('updates-archive', 'read', [snapshot[0]!]),
    source('updates', 'failed', [snapshot[2]!]),
  ]);
  t.deepEqual(
    c.sources[0]!.includepkgs,
    [],
    'an archive stanza listing only live builds would match nothing now',
  );
  t.deepEqual(c.sources[1]!.includepkgs, []);
  t.deepEqual(
    c.missing.map((m) => m.nevra),
    ['wget2-1.99.2-1.fc32.x86_64'],
  );
});

test('epoch 0 and an unset epoch are one build', (t) => {
  const c = placeBuilds(
    [p('bash', '5.0-1.fc32')],
    [source('updates-archive', 'read', [p('bash', '5.0-1.fc32', 0)])],
  );
  t.true(c.complete);
  t.deepEqual(c.sources[0]!.includepkgs, ['bash-5.0-1.fc32.x86_64']);
});

test('the pool serves only what archive and live do not hold, and the archive stanza does not list it', (t) => {
  const c = placeBuilds(snapshot, [
    source('updates-archive', 'read', [snapshot[0]!]),
    source('updates', 'read', [snapshot[1]!]),
    source('pool', 'read', [snapshot[0]!, snapshot[1]!, snapshot[2]!]),
  ]);
  t.deepEqual(
    c.sources[2]!.builds,
    ['wget2-1.99.2-1.fc32.x86_64'],
    'archive and live builds keep their stanzas',
  );
  t.deepEqual(c.sources[2]!.includepkgs, ['wget2-1.99.2-1.fc32.x86_64']);
  // A pool override never reaches the archive: listing it there would be an entry that never matches.
  t.deepEqual(c.sources[0]!.includepkgs, ['glibc-2.31-4.fc32.x86_64', 'nano-1:4.8-1.fc32.x86_64']);
  t.deepEqual(
    c.missing.map((m) => m.nevra),
    ['gone-1-1.fc32.x86_64'],
  );
});
