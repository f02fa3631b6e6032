/**
 * The world as it looks after Bodhi pruned a compose, for the durable `.repo` tests: the world's
 * composes recorded in a compose index first, then a compose root without the pruned ones
 * (symlinks to the rest), a live updates tree laid out like the mirrors
 * (`<root>32/Everything/x86_64/` = one compose's `os/` repo), and the updates-archive, either the
 * world's or a copy without some builds, indexed again by createrepo_c.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { updateIndex } from '../../src/compose-index/update.js';
import { createFileFetcher } from '../../src/io/file-fetcher.js';
import { loadTruth, worldRoot } from './world.js';

const composes = join(worldRoot, 'kojipkgs', 'compose', 'updates');

/** Paths of one pruned world (all directories). */
export interface DurableWorld {
  dir: string;
  index: string;
  composeRoot: string;
  updatesRoot: string;
  archiveRoot: string;
  /** Later: the live repo mirrors another compose (as after the next push). */
  moveLive(composeId: string): void;
  /** Later: these RPM files reach the archive copy (needs `archiveWithout`), indexed again. */
  archive(rpms: readonly string[]): void;
  dispose(): void;
}

/** The world's updates-archive directory for x86_64. */
export const worldArchiveDir = join(worldRoot, 'updates-archive', 'fedora', '32', 'x86_64');

/** The `os/` repo of a world compose. */
export function composeOsDir(composeId: string): string {
  return join(composes, composeId, 'compose', 'Everything', 'x86_64', 'os');
}

function createrepo(dir: string): void {
  const r = spawnSync('createrepo_c', ['--quiet', '--no-database', dir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`createrepo_c failed: ${r.stderr}`);
}

/** Options of {@link durableWorld}. */
export interface DurableWorldOptions {
  /** Compose IDs removed from the compose root after recording. */
  prune: readonly string[];
  /** RPM file names left out of the archive copy (default: the world's archive as it is). */
  archiveWithout?: readonly string[];
  /** The compose the live updates repo mirrors (default: the one the f32-updates tag points at). */
  liveCompose?: string;
}

/** Builds a pruned world in a temp dir (index recorded before pruning, as the daily job would). */
export async function durableWorld(options: DurableWorldOptions): Promise<DurableWorld> {
  const truth = loadTruth();
  const dir = mkdtempSync(join(tmpdir(), 'cm-durable-'));
  const index = join(dir, 'index');
  await updateIndex(createFileFetcher(), {
    dir: index,
    composeRoot: pathToFileURL(composes).href + '/',
    arches: ['x86_64'],
  });
  const composeRoot = join(dir, 'compose');
  mkdirSync(composeRoot);
  for (const name of readdirSync(composes))
    if (!options.prune.includes(name) && !options.prune.includes(truth.kojiTags[name] ?? ''))
      symlinkSync(join(composes, name), join(composeRoot, name));
  const updatesRoot = join(dir, 'updates');
  mkdirSync(join(updatesRoot, '32', 'Everything'), { recursive: true });
  const liveLink = join(updatesRoot, '32', 'Everything', 'x86_64');
  symlinkSync(composeOsDir(options.liveCompose ?? truth.kojiTags['f32-updates']!), liveLink);
  let archiveRoot = join(worldRoot, 'updates-archive');
  const copy = join(dir, 'updates-archive', 'fedora', '32', 'x86_64');
  if (options.archiveWithout !== undefined) {
    archiveRoot = join(dir, 'updates-archive');
    mkdirSync(copy, { recursive: true });
    for (const f of readdirSync(worldArchiveDir))
      if (f.endsWith('.rpm') && !options.archiveWithout.includes(f))
        copyFileSync(join(worldArchiveDir, f), join(copy, f));
    createrepo(copy);
  }
  return {
    dir,
    index,
    composeRoot,
    updatesRoot,
    archiveRoot,
    moveLive: (composeId) => {
      unlinkSync(liveLink);
      symlinkSync(composeOsDir(composeId), liveLink);
    },
    archive: (rpms) => {
      if (options.archiveWithout === undefined) throw new Error('archive() needs a copy (archiveWithout)');
      for (const f of rpms) copyFileSync(f, join(copy, basename(f)));
      createrepo(copy);
    },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
