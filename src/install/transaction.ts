/**
 * The file side of `compose-match install`: every file and directory it is about to create is
 * named in a journal first, so that whatever stops it — a failed match or fetch, rpm-ostree's exit
 * code, SIGINT/SIGTERM, or SIGKILL — the repo directory ends up exactly as it was: only what this
 * run created is removed, and no other file is edited.
 *
 * The journal (`.compose-match-install.journal` in the repo directory; dnf and rpm-ostree read only
 * `*.repo`) is written atomically *before* the files it names exist, so a run killed at any point
 * leaves either no journal (nothing created yet) or one naming a superset of what exists. The next
 * `install` or `fetch-prune` removes what it names ({@link recoverInstallJournal}).
 */
import { readFile, readdir, rm, stat, unlink } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { writeFileAtomic } from '../repofile/atomic-write.js';
import { InstallError } from './errors.js';

/** The journal's file name inside the repo directory. */
export const journalName = '.compose-match-install.journal';

const journalProgram = 'compose-match install';

/** What the journal holds. */
interface Journal {
  program: typeof journalProgram;
  /** Absolute paths this run creates (files, or directories removed whole). */
  created: string[];
}

async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null)) !== null;
}

/** Removes a path the journal names, and the temporary siblings an atomic write of it may have left. */
async function removeCreated(path: string): Promise<void> {
  await rm(path, { recursive: true, force: true });
  const dir = dirname(path);
  const prefix = `.${basename(path)}.`;
  const siblings = await readdir(dir).catch(() => [] as string[]);
  for (const name of siblings)
    if (name.startsWith(prefix) && /\.[0-9a-f]{12}\.tmp$/.test(name))
      await unlink(join(dir, name)).catch(() => undefined);
}

async function readJournal(path: string): Promise<Journal | null> {
  const text = await readFile(path, 'utf8').catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return null;
    throw e;
  });
  if (text === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new InstallError('ERR_INSTALL_JOURNAL', `${path} is not an install journal (not JSON)`, {
      subject: path,
      cause,
    });
  }
  const j = parsed as Partial<Journal>;
  if (
    j.program !== journalProgram ||
    !Array.isArray(j.created) ||
    !j.created.every((p) => typeof p === 'string' && isAbsolute(p))
  )
    throw new InstallError('ERR_INSTALL_JOURNAL', `${path} is not an install journal this program wrote`, {
      subject: path,
    });
  return j as Journal;
}

/**
 * Cleans what an interrupted run left in `repoDir`: removes every path its journal names, then the
 * journal. Returns the paths that were removed (empty when there was no journal).
 */
export async function recoverInstallJournal(repoDir: string): Promise<string[]> {
  const path = join(repoDir, journalName);
  const journal = await readJournal(path);
  if (journal === null) return [];
  const removed: string[] = [];
  for (const p of journal.created) {
    if (await exists(p)) removed.push(p);
    await removeCreated(p);
  }
  await unlink(path).catch(() => undefined);
  return removed;
}

/** One install's files: {@link plan} before creating, then {@link commit} or {@link rollback}. */
export class InstallTransaction {
  private readonly created: string[] = [];
  private readonly journalPath: string;

  private constructor(readonly repoDir: string) {
    this.journalPath = join(repoDir, journalName);
  }

  /** Starts a transaction in `repoDir`, first cleaning what an interrupted run left there. */
  static async begin(repoDir: string): Promise<{ tx: InstallTransaction; recovered: string[] }> {
    const recovered = await recoverInstallJournal(repoDir);
    return { tx: new InstallTransaction(repoDir), recovered };
  }

  /**
   * Records that `path` is about to be created, in the journal, atomically, before it exists.
   * A path that already exists is not this run's to remove: returns false and records nothing.
   */
  async plan(path: string): Promise<boolean> {
    if (await exists(path)) return false;
    this.created.push(path);
    await this.writeJournal();
    return true;
  }

  /** What this run created (or was about to). */
  get paths(): readonly string[] {
    return this.created;
  }

  /** Removes everything this run created, then the journal. */
  async rollback(): Promise<void> {
    for (const p of [...this.created].reverse()) await removeCreated(p);
    this.created.length = 0;
    await this.removeJournal();
  }

  /** Success: removes what was only for this install (not in `keep`), then the journal. */
  async commit(keep: readonly string[]): Promise<void> {
    for (const p of [...this.created].reverse()) if (!keep.includes(p)) await removeCreated(p);
    this.created.length = 0;
    await this.removeJournal();
  }

  private async writeJournal(): Promise<void> {
    const journal: Journal = { program: journalProgram, created: this.created };
    await writeFileAtomic(this.journalPath, `${JSON.stringify(journal, null, 2)}\n`);
  }

  private async removeJournal(): Promise<void> {
    await unlink(this.journalPath).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e;
    });
  }
}
