/**
 * `rewriteIndex`, the frame `index update` and `index backfill` share: the edit runs under the lock,
 * its record files are on disk before the manifest's rename publishes them, files the new manifest
 * no longer names go only after that rename, nothing is written when the edit changed nothing or
 * declined to publish, and the lock is released whatever the edit did.
 */
import test from 'ava';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IndexError } from '../../src/compose-index/errors.js';
import { acquireLock } from '../../src/compose-index/lock.js';
import { readManifest, rewriteIndex } from '../../src/compose-index/rewrite-index.js';
import type { IndexManifest } from '../../src/compose-index/schema.js';
import { writeRecordFile } from '../../src/compose-index/store.js';

async function tempIndex(t: { teardown(f: () => Promise<void>): void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cm-rewrite-index-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return join(dir, 'index');
}

/** Adds a GA entry whose record file is written first, as a writer does. */
async function addGa(dir: string, manifest: IndexManifest, release: string): Promise<string> {
  const file = await writeRecordFile(dir, `records/${release}/ga/x86_64.json.br`, Buffer.from(release));
  manifest.ga.push({ release, arch: 'x86_64', source: `GA ${release}`, packageCount: 0, file });
  return join(dir, file.path);
}

test('a first edit publishes a new manifest with the given compose root; a no-op edit writes nothing', async (t) => {
  const dir = await tempIndex(t);
  const first = await rewriteIndex(dir, { composeRoot: 'file:///composes/' }, async (manifest, old) => {
    t.is(old, null);
    // The lock is held while the edit runs.
    const error = await t.throwsAsync(acquireLock(dir, 0), { instanceOf: IndexError });
    t.is(error?.code, 'ERR_INDEX_LOCKED');
    await addGa(dir, manifest, 'Fedora-32');
    return true;
  });
  t.deepEqual(first, { unchanged: false });
  const published = await readManifest(dir);
  t.is(published?.composeRoot, 'file:///composes/');
  t.deepEqual(
    published?.ga.map((g) => g.release),
    ['Fedora-32'],
  );
  t.false(existsSync(join(dir, 'index.lock')));

  const bytes = await readFile(join(dir, 'index.json'));
  const steps: string[] = [];
  const second = await rewriteIndex(
    dir,
    { composeRoot: 'ignored', onStep: (s) => void steps.push(s) },
    async (manifest, old) => {
      t.deepEqual(manifest, old);
      t.not(manifest, old, 'the edit gets a copy');
      return true;
    },
  );
  t.deepEqual(second, { unchanged: true });
  t.deepEqual(steps, []);
  t.deepEqual(await readFile(join(dir, 'index.json')), bytes);
});

test('an edit that declines publishes nothing, whatever it changed', async (t) => {
  const dir = await tempIndex(t);
  const r = await rewriteIndex(dir, { composeRoot: '' }, async (manifest) => {
    manifest.composeRoot = 'changed';
    return false;
  });
  t.deepEqual(r, { unchanged: true });
  t.false(existsSync(join(dir, 'index.json')));
  t.false(existsSync(join(dir, 'index.lock')));
});

test('records are on disk before the rename publishes them; unnamed files go only after it', async (t) => {
  const dir = await tempIndex(t);
  let oldRecord = '';
  await rewriteIndex(dir, { composeRoot: '' }, async (manifest) => {
    oldRecord = await addGa(dir, manifest, 'Fedora-31');
    return true;
  });
  const oldManifest = await readFile(join(dir, 'index.json'), 'utf8');
  let newRecord = '';
  const seen: { step: string; manifest: string; oldRecord: boolean; newRecord: boolean }[] = [];
  await rewriteIndex(
    dir,
    {
      composeRoot: '',
      onStep: async (step) =>
        void seen.push({
          step,
          manifest: await readFile(join(dir, 'index.json'), 'utf8'),
          oldRecord: existsSync(oldRecord),
          newRecord: newRecord !== '' && existsSync(newRecord),
        }),
    },
    async (manifest) => {
      manifest.ga = [];
      newRecord = await addGa(dir, manifest, 'Fedora-32');
      return true;
    },
  );
  const rename = seen.find((s) => s.step === `rename ${join(dir, 'index.json')}`)!;
  // Killed right before the rename: the old index, whole, and the new record already written.
  t.is(rename.manifest, oldManifest);
  t.true(rename.oldRecord && rename.newRecord);
  const published = seen.find((s) => s.step === 'published')!;
  t.not(published.manifest, oldManifest);
  t.true(published.oldRecord, 'the old record outlives the rename');
  t.false(existsSync(oldRecord), 'then goes');
  t.true(existsSync(newRecord));
});

test('an edit that throws leaves the index as it was and releases the lock', async (t) => {
  const dir = await tempIndex(t);
  await rewriteIndex(dir, { composeRoot: '' }, async (manifest) => {
    await addGa(dir, manifest, 'Fedora-31');
    return true;
  });
  const before = await readFile(join(dir, 'index.json'), 'utf8');
  await mkdir(join(dir, 'records', 'stray'), { recursive: true });
  await writeFile(join(dir, 'records', 'stray', 'x.json.br'), 'x');
  await t.throwsAsync(
    rewriteIndex(dir, { composeRoot: '' }, async (manifest) => {
      manifest.ga = [];
      throw new Error('hub went away');
    }),
    { message: 'hub went away' },
  );
  t.is(await readFile(join(dir, 'index.json'), 'utf8'), before);
  t.true(existsSync(join(dir, 'records', 'stray', 'x.json.br')), 'no garbage collected either');
  t.false(existsSync(join(dir, 'index.lock')));
});
