/**
 * What the `index backfill` tests share: an index that observed the world's retained composes
 * (x86_64), and the backfill command line against the world's Koji hub.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WorldHub } from './koji-hub.js';
import { runCli } from './run-cli.js';
import { worldRoot } from './world.js';

const composeRoot = join(worldRoot, 'kojipkgs', 'compose', 'updates');

/** The window's start of every backfill test: before the world's first f32-updates change. */
export const backfillSince = '2020-07-27';

/** `index update` of the world's composes, x86_64 only. */
export const updateArgs = (index: string) => [
  'index',
  'update',
  '--index',
  index,
  '--compose-root',
  composeRoot,
  '--arch',
  'x86_64',
  '--no-cache',
];

/** An index that observed the retained composes (and GA), in a fresh directory. */
export async function observedIndex(t: { teardown(f: () => Promise<void>): void }) {
  const work = await mkdtemp(join(tmpdir(), 'cm-backfill-'));
  t.teardown(() => rm(work, { recursive: true, force: true }));
  const index = join(work, 'index');
  const update = await runCli(updateArgs(index));
  if (update.code !== 0) throw new Error(update.stderr);
  return { work, index };
}

/** `index backfill` of f32-updates x86_64 from `since` (`extra`: `--until`, …). */
export const backfillArgs = (index: string, hub: WorldHub, extra: string[] = [], since = backfillSince) => [
  'index',
  'backfill',
  '--index',
  index,
  '--koji-hub',
  hub.url,
  '--release',
  '32',
  '--since',
  since,
  '--arch',
  'x86_64',
  '--no-cache',
  ...extra,
];
