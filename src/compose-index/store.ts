/**
 * Writing an index directory. Records are new files (temp file, fsync, rename into place, fsync the
 * directory); the manifest is written the same way and its rename is the one publishing step. So a
 * run killed at any point leaves `index.json` naming either the old set of files or the new one,
 * and every file it names is whole. Files no manifest names any more are removed afterwards.
 */
import { mkdir, open, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { sha256Hex } from './codec.js';
import type { IndexFile, IndexManifest } from './schema.js';

/** A hook called between the steps of a write (tests use it to kill the process at each step). */
export type StepHook = (step: string) => Promise<void> | void;

/** Writes bytes to `path` durably: temp file in the same directory, fsync, rename, fsync dir. */
export async function writeDurably(path: string, bytes: Uint8Array, onStep?: StepHook): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = join(dirname(path), `.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  const handle = await open(temp, 'wx');
  try {
    // Two halves with a step between them: a kill there leaves a half temp file, never a half record.
    const half = Math.floor(bytes.byteLength / 2);
    await handle.write(bytes.subarray(0, half));
    await onStep?.(`write-half ${path}`);
    await handle.write(bytes.subarray(half));
    await handle.sync();
  } finally {
    await handle.close();
  }
  await onStep?.(`rename ${path}`);
  await rename(temp, path);
  await syncDir(dirname(path));
}

/** Writes a record file under `dir` (content-named, so an existing file is already right). */
export async function writeRecordFile(
  dir: string,
  relPath: string,
  bytes: Uint8Array,
  onStep?: StepHook,
): Promise<IndexFile> {
  const file: IndexFile = { path: relPath, sha256: sha256Hex(bytes), size: bytes.byteLength };
  const exists = await stat(join(dir, relPath)).then(
    (s) => s.size === bytes.byteLength,
    () => false,
  );
  if (!exists) await writeDurably(join(dir, relPath), bytes, onStep);
  return file;
}

/** The manifest's bytes: sorted, indented JSON, so the same index is the same bytes. */
export function manifestBytes(manifest: IndexManifest): Uint8Array {
  return Buffer.from(JSON.stringify(manifest, null, 1) + '\n', 'utf8');
}

/** Publishes a manifest: after this, readers see the new index. */
export async function publishManifest(
  dir: string,
  manifest: IndexManifest,
  onStep?: StepHook,
): Promise<void> {
  await writeDurably(join(dir, 'index.json'), manifestBytes(manifest), onStep);
  await onStep?.('published');
}

/** Removes files under `records/` that the manifest does not name (old versions, dead runs' temp files). */
export async function collectGarbage(dir: string, manifest: IndexManifest): Promise<number> {
  const keep = new Set<string>();
  for (const g of manifest.ga) if (g.file !== null) keep.add(g.file.path);
  for (const s of manifest.streams) for (const c of s.composes) if (c.file !== null) keep.add(c.file.path);
  for (const s of manifest.reconstructed ?? []) for (const r of s.records) keep.add(r.file.path);
  let removed = 0;
  const walk = async (rel: string): Promise<void> => {
    const entries = await readdir(join(dir, rel), { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      const child = `${rel}/${e.name}`;
      if (e.isDirectory()) await walk(child);
      else if (!keep.has(child)) {
        await unlink(join(dir, child)).catch(() => undefined);
        removed++;
      }
    }
  };
  await walk('records');
  // A temp manifest of a killed run.
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (name.startsWith('.tmp-')) await rm(join(dir, name), { force: true });
  }
  return removed;
}

async function syncDir(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
