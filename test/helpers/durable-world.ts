/**
 * The world as it looks after Bodhi pruned a compose, for the durable `.repo` tests: the world's
 * composes recorded in a compose index first, then a compose root without the pruned ones
 * (symlinks to the rest), a live updates tree laid out like the mirrors
 * (`<root>32/Everything/x86_64/` = one compose's `os/` repo), and the updates-archive, either the
 * world's or a copy without some builds, indexed again by createrepo_c.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { updateIndex } from '../../src/index/update.js';
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
  dispose(): void;
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
  const live = options.liveCompose ?? truth.kojiTags['f32-updates']!;
  symlinkSync(
    join(composes, live, 'compose', 'Everything', 'x86_64', 'os'),
    join(updatesRoot, '32', 'Everything', 'x86_64'),
  );
  let archiveRoot = join(worldRoot, 'updates-archive');
  if (options.archiveWithout !== undefined) {
    archiveRoot = join(dir, 'updates-archive');
    const from = join(worldRoot, 'updates-archive', 'fedora', '32', 'x86_64');
    const to = join(archiveRoot, 'fedora', '32', 'x86_64');
    mkdirSync(to, { recursive: true });
    for (const f of readdirSync(from))
      if (f.endsWith('.rpm') && !options.archiveWithout.includes(f)) copyFileSync(join(from, f), join(to, f));
    const r = spawnSync('createrepo_c', ['--quiet', '--no-database', to], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`createrepo_c failed: ${r.stderr}`);
  }
  return {
    dir,
    index,
    composeRoot,
    updatesRoot,
    archiveRoot,
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
