/** `index update` over the committed world: what it records, incrementality, confirmation, corruption. */
import test from 'ava';
import { cp, mkdtemp, readFile, readdir, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createIndexCatalog } from '../../src/compose-index/catalog.js';
import { openIndex, verifyIndex } from '../../src/compose-index/read-index.js';
import { updateIndex } from '../../src/compose-index/update.js';
import { IndexError } from '../../src/compose-index/errors.js';
import { createFileFetcher } from '../../src/io/file-fetcher.js';
import { loadTruth, worldRoot } from '../helpers/world.js';

const truth = loadTruth();
const composeRoot = pathToFileURL(join(worldRoot, 'kojipkgs', 'compose', 'updates')).href + '/';
const key = (p: { name: string; epoch: number | null; version: string; release: string; arch: string }) =>
  `${p.name}-${p.epoch ?? 0}:${p.version}-${p.release}.${p.arch}`;

async function tempDir(t: { teardown(f: () => Promise<void>): void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cm-index-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

test('records every retained usable compose with the truth’s packages, timestamp and revision', async (t) => {
  const dir = await tempDir(t);
  const result = await updateIndex(createFileFetcher(), {
    dir,
    composeRoot,
    arches: ['x86_64'],
    testing: true,
  });
  // Every retained DOOMED compose, in either series, is refused with its STATUS.
  t.deepEqual(
    [...result.rejected].sort(),
    truth.composes
      .filter((c) => c.pruned !== true && c.status === 'DOOMED')
      .map((c) => `${c.id}/x86_64: STATUS is DOOMED`)
      .sort(),
  );
  t.true(result.rejected.length > 0, 'the world has a DOOMED compose');
  const index = await openIndex(createFileFetcher(), pathToFileURL(dir).href + '/');
  const catalog = createIndexCatalog(index);
  const listed = (await catalog.list()).map((e) => e.id.id);
  const expected = truth.composes.filter((c) => c.pruned !== true && c.status !== 'DOOMED');
  t.deepEqual(listed.sort(), expected.map((c) => c.id).sort());
  for (const entry of await catalog.list()) {
    const c = expected.find((x) => x.id === entry.id.id)!;
    const repomd = await catalog.repomd(entry, 'x86_64');
    t.is(repomd.largestTimestamp, c.repoTimestamp ?? -1, c.id);
    t.is(repomd.revision, String(c.revision), c.id);
    t.is(await catalog.status(entry), c.status);
    t.deepEqual((await catalog.packages(entry, 'x86_64')).map(key).sort(), c.packages.map(key).sort(), c.id);
    // Every compose is at or before its koji-tag symlink's target: all confirmed.
    t.true(index.manifest.streams.every((s) => s.composes.every((x) => x.confirmed)));
  }
  const ga = await catalog.gaPackages((await catalog.list())[0]!, 'x86_64');
  t.deepEqual(ga?.map(key).sort(), truth.ga.packages.map(key).sort());
  t.true(ga!.every((p) => p.sourcerpm?.endsWith('.src.rpm') === true));
  // The GA set and one record per recorded compose.
  t.is(await verifyIndex(index), 1 + expected.length);
});

test('a second run with nothing new reads the listing and nothing else', async (t) => {
  const dir = await tempDir(t);
  await updateIndex(createFileFetcher(), { dir, composeRoot, arches: ['x86_64'], testing: true });
  const before = await readFile(join(dir, 'index.json'));
  const fetcher = createFileFetcher();
  const result = await updateIndex(fetcher, { dir, composeRoot, arches: ['x86_64'], testing: true });
  t.true(result.unchanged);
  t.is(fetcher.stats().requests, 1);
  t.deepEqual(await readFile(join(dir, 'index.json')), before);
});

test('composes after the koji-tag target are unconfirmed; only the newest is re-checked and corrected', async (t) => {
  const world = await tempDir(t);
  await cp(join(worldRoot, 'kojipkgs'), join(world, 'kojipkgs'), { recursive: true, verbatimSymlinks: true });
  const updates = join(world, 'kojipkgs', 'compose', 'updates');
  const root = pathToFileURL(updates).href + '/';
  await unlink(join(updates, 'f32-updates'));
  await symlink('Fedora-32-updates-20200807.0', join(updates, 'f32-updates'));
  const dir = await tempDir(t);
  await updateIndex(createFileFetcher(), { dir, composeRoot: root, arches: ['x86_64'] });
  const unconfirmed = async () =>
    (
      await openIndex(createFileFetcher(), pathToFileURL(dir).href + '/')
    ).manifest.streams[0]!.composes.filter((c) => !c.confirmed).map((c) => c.id);
  t.deepEqual(await unconfirmed(), ['Fedora-32-updates-20200808.0', 'Fedora-32-updates-20200809.0']);

  // Bodhi rewrites repomd.xml of the newest compose (here: one more line), then moves the symlink.
  const repomd = join(
    updates,
    'Fedora-32-updates-20200809.0',
    'compose/Everything/x86_64/os/repodata/repomd.xml',
  );
  await writeFile(repomd, (await readFile(repomd, 'utf8')) + '\n');
  const second = await updateIndex(createFileFetcher(), { dir, composeRoot: root, arches: ['x86_64'] });
  t.deepEqual(second.corrected, ['Fedora-32-updates-20200809.0/x86_64']);
  t.deepEqual(await unconfirmed(), ['Fedora-32-updates-20200808.0', 'Fedora-32-updates-20200809.0']);

  // A run with nothing new reads the listing and the newest compose's repomd.xml only (0808 has a
  // newer compose after it: final); the moved symlink is read by the next run that records something.
  await unlink(join(updates, 'f32-updates'));
  await symlink('Fedora-32-updates-20200809.0', join(updates, 'f32-updates'));
  const quiet = createFileFetcher();
  const third = await updateIndex(quiet, { dir, composeRoot: root, arches: ['x86_64'] });
  t.true(third.unchanged);
  t.is(quiet.stats().requests, 2);
  // A fresh index (something new to record) reads the symlink and confirms both.
  const fresh = await tempDir(t);
  await updateIndex(createFileFetcher(), { dir: fresh, composeRoot: root, arches: ['x86_64'] });
  t.deepEqual(
    (
      await openIndex(createFileFetcher(), pathToFileURL(fresh).href + '/')
    ).manifest.streams[0]!.composes.filter((c) => !c.confirmed).map((c) => c.id),
    [],
  );
  const index = await openIndex(createFileFetcher(), pathToFileURL(dir).href + '/');
  await verifyIndex(index);
  // The superseded record was removed; every file left is one the manifest names.
  const files = await readdir(join(dir, 'records', 'Fedora-32', 'updates', 'x86_64'));
  t.is(files.length, index.manifest.streams[0]!.composes.filter((c) => c.file !== null).length);
});

test('a flipped byte in a record is ERR_INDEX_CORRUPT naming the file', async (t) => {
  const dir = await tempDir(t);
  await updateIndex(createFileFetcher(), { dir, composeRoot, arches: ['x86_64'] });
  const index = await openIndex(createFileFetcher(), pathToFileURL(dir).href + '/');
  const victim = index.manifest.streams[0]!.composes[2]!.file!.path;
  const bytes = await readFile(join(dir, victim));
  bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
  await writeFile(join(dir, victim), bytes);
  const error = await t.throwsAsync(
    verifyIndex(await openIndex(createFileFetcher(), pathToFileURL(dir).href + '/')),
    {
      instanceOf: IndexError,
    },
  );
  t.is(error?.code, 'ERR_INDEX_CORRUPT');
  t.true(error?.subject?.endsWith(victim));
  t.true(error?.message.includes(victim));
});
