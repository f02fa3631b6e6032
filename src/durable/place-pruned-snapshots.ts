/**
 * {@link placePrunedSnapshots}: the durable `.repo` for a snapshot Bodhi has pruned (issue 12 part
 * 3). The compose is gone, so its builds are looked up in the sources that keep them (the
 * updates-archive and the live updates repo), each build placed in exactly one stanza with its
 * full NEVRA in `includepkgs`, and what no source holds is reported as `coverage.missing`.
 */
import type { ComposeCatalog } from '../compose/catalog.js';
import { parseComposeId } from '../compose/compose-id.js';
import type { Fetcher } from '../io/fetcher.js';
import { isSnapshotResult, type Match, type MatchReport } from '../match/report-schema.js';
import { renderRepoFile, type RenderRepoFileOptions } from '../repofile/render-repo-file.js';
import type { Nevra } from '../rpm/types.js';
import { DurableError } from './errors.js';
import { nevraText } from './nevra-text.js';
import { placeBuilds } from './place-builds.js';
import { readHoldings, type SourceHoldings } from './read-holdings.js';
import { durableSources, type DurableRoots } from './source-urls.js';

/** Options of {@link placePrunedSnapshots}. */
export interface PlacePrunedSnapshotsOptions extends DurableRoots {
  /** Reads the sources. */
  fetcher: Fetcher;
  /** The catalog the report was made with (it serves the pruned compose's recorded package set). */
  catalog: ComposeCatalog;
  /** Passed on to {@link renderRepoFile} when the `.repo` is rendered again. */
  render?: RenderRepoFileOptions | undefined;
  signal?: AbortSignal | undefined;
}

/**
 * For every match whose snapshot is pruned (`compose.retained: false`), fills `coverage` from the
 * durable sources and renders `repoFile` again with their stanzas. A report without such a match
 * is returned unchanged. A source that cannot be read is recorded (`state: failed`), not thrown.
 *
 * @example
 * ```ts
 * const report = await findMatchingCompose(base, { catalog });
 * const durable = await placePrunedSnapshots(report, { fetcher, catalog });
 * durable.matches[0]?.coverage?.missing; // builds no durable source holds
 * ```
 */
export async function placePrunedSnapshots(
  report: MatchReport,
  options: PlacePrunedSnapshotsOptions,
): Promise<MatchReport> {
  const { release, arch } = report.target;
  const read = new Map<string, Promise<SourceHoldings>>();
  const matches: Match[] = [];
  let changed = false;
  for (const m of report.matches) {
    if (!isSnapshotResult(m.result) || m.compose === null || m.compose.retained) {
      matches.push(m);
      continue;
    }
    changed = true;
    const snapshot = await snapshotBuilds(options.catalog, m.compose.id, arch);
    const wanted = new Set(snapshot.map(nevraText));
    const sources = await Promise.all(
      durableSources(release, arch, m.series, options).map((s) => {
        // One read per source and run; a second series asks about its own builds, so key by both.
        const key = `${s.url}\0${m.compose!.id}`;
        if (!read.has(key)) read.set(key, readHoldings(options.fetcher, s, wanted, options.signal));
        return read.get(key)!;
      }),
    );
    matches.push({
      ...m,
      compose: { ...m.compose, baseurl: null },
      coverage: placeBuilds(snapshot, sources),
    });
  }
  if (!changed) return report;
  const next = { ...report, matches };
  return { ...next, repoFile: renderRepoFile(next, options.render) };
}

/** The recorded package set of the pruned compose for the arch. */
async function snapshotBuilds(catalog: ComposeCatalog, composeId: string, arch: string): Promise<Nevra[]> {
  const id = parseComposeId(composeId);
  if (id === null)
    throw new DurableError('ERR_DURABLE_SNAPSHOT', `'${composeId}' is not a compose ID`, {
      subject: composeId,
    });
  try {
    return await catalog.packages(
      { id, url: `${catalog.rootUrl}${encodeURIComponent(composeId)}/`, modified: null, retained: false },
      arch,
    );
  } catch (error) {
    throw new DurableError(
      'ERR_DURABLE_SNAPSHOT',
      `The package set of ${composeId} (${arch}) could not be read from the compose index: ${(error as Error).message}`,
      { subject: composeId, cause: error },
    );
  }
}

/**
 * True when some pruned snapshot of the report has builds no durable source holds. With
 * `becauseOfFailure`, only when a source also failed (so the gap may be the failure's, not real).
 */
export function coverageIncomplete(report: Pick<MatchReport, 'matches'>, becauseOfFailure = false): boolean {
  return report.matches.some(
    (m) =>
      m.coverage !== null &&
      !m.coverage.complete &&
      (!becauseOfFailure || m.coverage.sources.some((s) => s.state === 'failed')),
  );
}
