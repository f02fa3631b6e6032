/**
 * Removing the persistent repos of bases no longer deployed. `compose-match fetch --host` keeps each
 * base's exact builds in `/var/lib/compose-match/<base commit>/` with a `.repo` for it in
 * `/etc/yum.repos.d/compose-match-<commit 12>.repo`, so that rpm-ostree can resolve layered
 * `kernel-devel` for that base at every upgrade. Once no deployment (booted, pending, rollback, the
 * cached update) is built on a commit, its repo is dead weight, and worse: rpm-ostree fails on an
 * enabled repo whose directory is gone, so the `.repo` goes first and the directory after.
 *
 * Crash safety: a directory is renamed to `.<name>.removing` (one atomic step) before it is deleted,
 * so a run killed half-way leaves either the whole repo under its name or a `.removing` leftover that
 * the next run deletes; never a half repo that its `.repo` still points at.
 */
import { readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';

/** What {@link pruneHostRepos} did (or, with `dryRun`, would do). */
export interface PruneResult {
  /** Commits whose repo stays (a deployment is built on them). */
  kept: string[];
  /** Commits whose repo (and `.repo`) was removed. */
  removed: string[];
  /** `.repo` files removed. */
  repoFiles: string[];
  /** Leftovers of an earlier, interrupted run that were deleted. */
  leftovers: string[];
}

/** Options of {@link pruneHostRepos}. */
export interface PruneHostReposOptions {
  /** Commits (64 hex digits) that some deployment is built on: their repos stay. */
  keep: ReadonlySet<string>;
  /** Where the repos live (default `/var/lib/compose-match`). */
  reposDir?: string | undefined;
  /** Where their `.repo` files live (default `/etc/yum.repos.d`). */
  repoFilesDir?: string | undefined;
  /** Say what would go, remove nothing. */
  dryRun?: boolean | undefined;
}

const COMMIT = /^[0-9a-f]{64}$/;
const LEFTOVER = /^\.[0-9a-f]{64}\.removing$/;

/** The `.repo` file name `fetch --host` writes for a commit. */
export function hostRepoFileName(commit: string): string {
  return `compose-match-${commit.slice(0, 12)}.repo`;
}

async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isDirectory() === true;
}

/**
 * Removes every repo under `reposDir` named after a commit not in `keep`, its `.repo` first. Entries
 * not named like a commit are never touched. A missing `reposDir` means nothing to prune.
 */
export async function pruneHostRepos(options: PruneHostReposOptions): Promise<PruneResult> {
  const reposDir = options.reposDir ?? '/var/lib/compose-match';
  const repoFilesDir = options.repoFilesDir ?? '/etc/yum.repos.d';
  const names = await readdir(reposDir).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return [] as string[];
    throw e;
  });
  const result: PruneResult = { kept: [], removed: [], repoFiles: [], leftovers: [] };
  for (const name of names.sort()) {
    const path = join(reposDir, name);
    if (LEFTOVER.test(name)) {
      result.leftovers.push(name);
      if (options.dryRun !== true) await rm(path, { recursive: true, force: true });
      continue;
    }
    if (!COMMIT.test(name) || !(await isDirectory(path))) continue;
    if (options.keep.has(name)) {
      result.kept.push(name);
      continue;
    }
    const repoFile = join(repoFilesDir, hostRepoFileName(name));
    // Names are cut to 12 digits: a kept commit with the same prefix still owns that file.
    const shared = [...options.keep].some((k) => hostRepoFileName(k) === hostRepoFileName(name));
    const hasRepoFile = !shared && (await stat(repoFile).catch(() => null)) !== null;
    if (hasRepoFile) result.repoFiles.push(repoFile);
    result.removed.push(name);
    if (options.dryRun === true) continue;
    if (hasRepoFile) await unlink(repoFile);
    const doomed = join(reposDir, `.${name}.removing`);
    await rename(path, doomed);
    await rm(doomed, { recursive: true, force: true });
  }
  return result;
}
