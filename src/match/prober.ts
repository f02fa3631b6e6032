/**
 * The matcher's window on a {@link ComposeCatalog}: every call at most once (composes are immutable
 * once finished), unusable composes recorded with the reason, progress reported, abort honoured.
 */
import type { ComposeCatalog, ComposeEntry, ComposeStatus } from '../compose/catalog.js';
import type { VariantRepo } from '../compose/variant-repo.js';
import { isComposeMatchError } from '../errors.js';
import type { Nevra } from '../rpm/types.js';
import { MatchError } from './errors.js';
import type { Skipped } from '../report/match-report.js';

/** One step of the search, for progress display. */
export interface MatchProgress {
  /**
   * `list`, `status`, `repomd`, `packages`, `release-tree` (the GA tree's repomd and packages), or
   * `variant-repo` (a nightly compose's composeinfo.json and its variant's packages).
   */
  step: 'list' | 'status' | 'repomd' | 'packages' | 'release-tree' | 'variant-repo';
  /** The compose involved, if any. */
  compose: string | null;
}

const usable: ReadonlySet<ComposeStatus> = new Set(['FINISHED', 'FINISHED_INCOMPLETE']);

/** Memoising, skip-recording access to the catalog for one arch. */
export class Prober {
  /** Calls made to the catalog (each one request for a non-caching catalog). */
  calls = 0;
  readonly skipped = new Map<string, Skipped>();
  private readonly memo = new Map<string, Promise<unknown>>();

  constructor(
    private readonly catalog: ComposeCatalog,
    private readonly arch: string,
    private readonly signal: AbortSignal | undefined,
    private readonly onProgress: ((p: MatchProgress) => void) | undefined,
  ) {}

  /** The root listing. */
  list(): Promise<ComposeEntry[]> {
    return this.once('list', null, () => this.catalog.list());
  }

  /** The root's nightly composes (none when the catalog reads no nightly family). */
  nightlies(): Promise<ComposeEntry[]> {
    const read = this.catalog.nightlies;
    if (read === undefined) return Promise.resolve([]);
    return this.once('list', 'nightly', () => read.call(this.catalog));
  }

  /** A nightly compose's variant repo for the arch; `null` (compose skipped) when unreadable. */
  variantRepo(entry: ComposeEntry): Promise<VariantRepo | null> {
    const read = this.catalog.variantRepo;
    if (read === undefined) return Promise.resolve(null);
    return this.readable(entry, 'variant-repo', () => read.call(this.catalog, entry, this.arch));
  }

  /** The STATUS when usable; `null` (and the compose recorded as skipped) when not or unreadable. */
  async usableStatus(entry: ComposeEntry): Promise<ComposeStatus | null> {
    const status = await this.status(entry);
    if (status === null) return null;
    if (usable.has(status)) return status;
    this.skip(entry, status as Skipped['reason'], `STATUS is ${status}: not a usable compose`);
    return null;
  }

  /** The repomd.xml largest timestamp for the arch; `null` (compose skipped) when it has none. */
  async repoTimestamp(entry: ComposeEntry): Promise<number | null> {
    const repomd = await this.readable(entry, 'repomd', () => this.catalog.repomd(entry, this.arch));
    return repomd === null ? null : repomd.largestTimestamp;
  }

  /** The compose's binary packages for the arch; `null` (compose skipped) when unreadable. */
  packages(entry: ComposeEntry): Promise<Nevra[] | null> {
    return this.readable(entry, 'packages', () => this.catalog.packages(entry, this.arch));
  }

  private status(entry: ComposeEntry): Promise<ComposeStatus | null> {
    return this.readable(entry, 'status', () => this.catalog.status(entry));
  }

  /** Runs a per-compose read; a missing or malformed resource skips the compose instead of failing the match. */
  private async readable<T>(
    entry: ComposeEntry,
    step: 'status' | 'repomd' | 'packages' | 'variant-repo',
    read: () => Promise<T>,
  ): Promise<T | null> {
    try {
      return await this.once(step, entry.id.id, read);
    } catch (error) {
      if (!isComposeMatchError(error) || (error.category !== 'input' && error.code !== 'ERR_NOT_FOUND'))
        throw error;
      // Say why when the STATUS explains it (a DOOMED compose has no repodata).
      const status = step === 'status' ? null : await this.status(entry).catch(() => null);
      if (status !== null && !usable.has(status))
        this.skip(entry, status as Skipped['reason'], `STATUS is ${status}: not a usable compose`);
      else this.skip(entry, 'unreadable', `${step}: ${error.message} [${error.code}]`);
      return null;
    }
  }

  private once<T>(step: MatchProgress['step'], compose: string | null, read: () => Promise<T>): Promise<T> {
    const key = `${step}\0${compose ?? ''}`;
    let pending = this.memo.get(key) as Promise<T> | undefined;
    if (pending === undefined) {
      if (this.signal?.aborted === true)
        throw new MatchError('ERR_ABORTED', 'The compose search was aborted.', { cause: this.signal.reason });
      this.onProgress?.({ step, compose });
      this.calls++;
      pending = read();
      this.memo.set(key, pending);
    }
    return pending;
  }

  private skip(entry: ComposeEntry, reason: Skipped['reason'], detail: string): void {
    if (!this.skipped.has(entry.id.id)) this.skipped.set(entry.id.id, { id: entry.id.id, reason, detail });
  }
}
