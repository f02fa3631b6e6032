/**
 * One writer's turn at an index directory, the frame `index update` and `index backfill` share: take
 * the lock (lock.ts), read the manifest, let the caller write its record files and edit a copy of
 * the manifest, then publish that copy by one atomic rename and remove the files it no longer names
 * (store.ts). Records are content-named and written before the rename, and garbage is collected only
 * after it, so a run killed at any step leaves `index.json` naming the old files or the new ones,
 * every one of them whole; the next run breaks the dead run's lock and finishes the job.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeRecord, validate } from './codec.js';
import { acquireLock } from './lock.js';
import { IndexManifestSchema, type IndexManifest } from './schema.js';
import { collectGarbage, publishManifest, type StepHook } from './store.js';

/** Options of {@link rewriteIndex}. */
export interface RewriteIndexOptions {
  /** How long to wait for another run's lock (default 120 s). */
  waitMs?: number | undefined;
  /** The `composeRoot` of the manifest started when the directory has none yet. */
  composeRoot: string;
  /** Called between write steps (tests kill the process there). */
  onStep?: StepHook | undefined;
}

/**
 * Edits the manifest under the lock. `edit` gets a copy to change (a new, empty one when there is
 * no index yet) and the manifest as it was on disk; it writes its record files itself, and returns
 * false when the run has nothing to publish whatever it changed. The copy is published only when it
 * differs from what was on disk: `unchanged` says it was not.
 */
export async function rewriteIndex(
  dir: string,
  options: RewriteIndexOptions,
  edit: (manifest: IndexManifest, old: IndexManifest | null) => Promise<boolean>,
): Promise<{ unchanged: boolean }> {
  await mkdir(dir, { recursive: true });
  const lock = await acquireLock(dir, options.waitMs ?? 120_000);
  try {
    const old = await readManifest(dir);
    const manifest: IndexManifest = structuredClone(
      old ?? {
        kind: 'compose-match-index',
        version: 1,
        composeRoot: options.composeRoot,
        ga: [],
        streams: [],
      },
    );
    if (!(await edit(manifest, old))) return { unchanged: true };
    const changed = JSON.stringify(manifest) !== JSON.stringify(old);
    if (changed) {
      // The rename is the one publishing step; only after it may the old files go.
      await publishManifest(dir, manifest, options.onStep);
      await collectGarbage(dir, manifest);
    }
    return { unchanged: !changed };
  } finally {
    await lock.release();
  }
}

/** The index's manifest on disk, or null when there is none yet. */
export async function readManifest(dir: string): Promise<IndexManifest | null> {
  const path = join(dir, 'index.json');
  const bytes = await readFile(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (bytes === null) return null;
  return validate(IndexManifestSchema, decodeRecord(bytes, path), path);
}
