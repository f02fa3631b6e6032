/**
 * Which builds of a snapshot one durable source holds: its repomd.xml, then its primary.xml
 * streamed and verified against repomd.xml, keeping only the NEVRAs asked about. The archive's
 * primary.xml is large (FACTS §12: ~40 MB of metadata a client) and the snapshot small beside it,
 * so memory is bounded by the snapshot, not by the source.
 */
import { isComposeMatchError } from '../errors.js';
import { FetchError } from '../io/errors.js';
import type { Fetcher } from '../io/fetcher.js';
import type { PrimaryPackage } from '../rpmmd/primary-types.js';
import type { BuildWithDeps } from './closure.js';
import { nevraText } from './nevra-text.js';
import { readRepoPackages } from './read-repo-packages.js';
import type { DurableSourceLocation } from './source-urls.js';

/** What reading one source found. */
export interface SourceHoldings extends DurableSourceLocation {
  /** `read` (verified), `absent` (no repo there: 404), `failed` (see `detail`). */
  state: 'read' | 'absent' | 'failed';
  /** One sentence: what was read, or why not. */
  detail: string;
  /** The wanted NEVRAs it holds (empty unless `read`). */
  held: Set<string>;
  /** With `withDeps`: the dependencies of each held build, by NEVRA text. */
  deps: Map<string, BuildWithDeps>;
}

/**
 * Reads `source` and returns which of `wanted` (full NEVRA texts) it holds, with their
 * dependencies when `withDeps` (for `match --for`); never throws for the source's own failures.
 */
export async function readHoldings(
  fetcher: Fetcher,
  source: DurableSourceLocation,
  wanted: ReadonlySet<string>,
  signal?: AbortSignal,
  withDeps = false,
): Promise<SourceHoldings> {
  const held = new Set<string>();
  const deps = new Map<string, BuildWithDeps>();
  try {
    const { primaryUrl, count } = await readRepoPackages(
      fetcher,
      source.url,
      (p) => {
        const key = nevraText(p);
        if (!wanted.has(key)) return;
        held.add(key);
        if (withDeps) deps.set(key, withDependencies(p));
      },
      { signal, withDeps },
    );
    return {
      ...source,
      state: 'read',
      detail: `${primaryUrl}: ${count} packages, ${held.size} of the snapshot's ${wanted.size} builds`,
      held,
      deps,
    };
  } catch (error) {
    const repomdUrl = `${source.url}repodata/repomd.xml`;
    if (error instanceof FetchError && error.code === 'ERR_NOT_FOUND' && error.subject === repomdUrl)
      return {
        ...source,
        state: 'absent',
        detail: `${repomdUrl} does not exist (no repo there)`,
        held: new Set(),
        deps: new Map(),
      };
    // A source that cannot be read holds nothing we can vouch for; the caller records why.
    if (signal?.aborted === true) throw error;
    const why = isComposeMatchError(error) || error instanceof Error ? error.message : String(error);
    return { ...source, state: 'failed', detail: why, held: new Set(), deps: new Map() };
  }
}

/** The NEVRA and dependency lists of a package read with `withDeps`. */
export function withDependencies(p: PrimaryPackage): BuildWithDeps {
  return {
    name: p.name,
    epoch: p.epoch,
    version: p.version,
    release: p.release,
    arch: p.arch,
    provides: p.provides ?? [],
    requires: p.requires ?? [],
  };
}
