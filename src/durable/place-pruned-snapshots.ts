/**
 * {@link placePrunedSnapshots}: the durable `.repo` for a snapshot Bodhi has pruned (issue 12 part
 * 3). The compose is gone, so its builds are looked up in the sources that keep them (the
 * updates-archive and the live updates repo, and for a `pool` answer the FCOS pool), each build
 * placed in exactly one stanza with its full NEVRA in `includepkgs`, and what no source holds is
 * reported as `coverage.missing`.
 */
import type { ComposeCatalog } from '../compose/catalog.js';
import { parseComposeId } from '../compose/compose-id.js';
import type { Fetcher } from '../io/fetcher.js';
import { isSnapshotResult, type Match, type MatchReport } from '../report/match-report.js';
import { renderRepoFile, type RenderRepoFileOptions } from '../repofile/render-repo-file.js';
import type { Nevra } from '../rpm/types.js';
import { DurableError } from './errors.js';
import { nevraText } from './nevra-text.js';
import { parseNevra } from '../rpm/nevra.js';
import { placeBuilds } from './place-builds.js';
import { layeringClosure, type BuildWithDeps } from './closure.js';
import { readHoldings, withDependencies, type SourceHoldings } from './read-holdings.js';
import { readRepoPackages } from './read-repo-packages.js';
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
  /**
   * `match --for NAME…`: list only what layering these names needs (their dependency closure within
   * snapshot ∪ GA, stopping at the locked base; see {@link layeringClosure}) instead of the whole
   * snapshot, so that libdnf's sack setup stays fast. Needs `basePackages`.
   */
  for?: readonly string[] | undefined;
  /** The base's packages (rpm-ostree locks them); required with `for`. */
  basePackages?: readonly Nevra[] | undefined;
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
  const before = options.fetcher.stats();
  const read = new Map<string, Promise<SourceHoldings>>();
  const names =
    options.for === undefined || options.for.length === 0 ? null : [...new Set(options.for)].sort();
  if (names !== null && options.basePackages === undefined)
    throw new DurableError('ERR_DURABLE_SNAPSHOT', 'A closure for --for needs the base packages (the lock)', {
      subject: 'basePackages',
    });
  let ga: Promise<BuildWithDeps[]> | undefined;
  const matches: Match[] = [];
  let changed = false;
  for (const m of report.matches) {
    if (!isSnapshotResult(m.result) || m.compose === null || m.compose.retained) {
      matches.push(m);
      continue;
    }
    changed = true;
    // A snapshot rebuilt from Koji carries its packages; an index's is read from the index.
    const snapshot =
      m.koji !== undefined
        ? m.koji.packages.map((p) => parseNevra(p))
        : await snapshotBuilds(options.catalog, m.compose.id, arch);
    const wanted = new Set(snapshot.map(nevraText));
    const withDeps = names !== null;
    const sources = await Promise.all(
      durableSources(release, arch, m.series, options, m.result === 'pool').map((s) => {
        // One read per source and run; a second series asks about its own builds, so key by both.
        const key = `${s.url}\0${m.compose!.id}`;
        if (!read.has(key)) read.set(key, readHoldings(options.fetcher, s, wanted, options.signal, withDeps));
        return read.get(key)!;
      }),
    );
    if (names === null) {
      matches.push({
        ...m,
        compose: { ...m.compose, baseurl: null },
        coverage: placeBuilds(snapshot, sources),
      });
      continue;
    }
    ga ??= readGaDeps(report, options);
    const closure = layeringClosure({
      names,
      snapshot: snapshot.map((p) => depsOf(p, sources)),
      ga: await ga,
      base: options.basePackages!,
      arch,
    });
    const needed = snapshot.filter((p) => closure.builds.includes(nevraText(p)));
    matches.push({
      ...m,
      compose: { ...m.compose, baseurl: null },
      coverage: {
        ...placeBuilds(needed, sources),
        for: {
          names: [...names],
          snapshotBuilds: snapshot.length,
          inBase: closure.inBase,
          unknownNames: closure.unknownNames,
          unresolved: closure.unresolved,
        },
      },
    });
  }
  if (!changed) return report;
  // The report's cost includes reading the durable sources.
  const after = options.fetcher.stats();
  const requests = {
    count: report.requests.count + after.requests - before.requests,
    bytes: report.requests.bytes === null ? null : report.requests.bytes + after.bytes - before.bytes,
  };
  const next = { ...report, matches, requests };
  return { ...next, repoFile: renderRepoFile(next, options.render) };
}

/** A snapshot build with the dependencies the first source holding it states (none when no source does). */
function depsOf(p: Nevra, sources: readonly SourceHoldings[]): BuildWithDeps {
  const key = nevraText(p);
  for (const s of sources) {
    const found = s.deps.get(key);
    if (found !== undefined) return found;
  }
  return { ...p, provides: [], requires: [] };
}

/**
 * The GA tree's packages with their dependencies, for the closure walk. Only a tree the matcher
 * used (`confirmed`, or `unrecorded`: the base named none) is read; otherwise the walk goes through
 * snapshot builds alone and the report's `unresolved` shows what it could not follow.
 */
async function readGaDeps(
  report: MatchReport,
  options: PlacePrunedSnapshotsOptions,
): Promise<BuildWithDeps[]> {
  const tree = report.gaTree;
  if (tree === null || tree.url === null || (tree.state !== 'confirmed' && tree.state !== 'unrecorded'))
    return [];
  const url = tree.url;
  const packages: BuildWithDeps[] = [];
  try {
    await readRepoPackages(options.fetcher, url, (p) => packages.push(withDependencies(p)), {
      withDeps: true,
      signal: options.signal,
    });
  } catch (error) {
    throw new DurableError(
      'ERR_DURABLE_SNAPSHOT',
      `The GA tree ${url} could not be read for the dependencies of --for: ${(error as Error).message}`,
      { subject: url, cause: error },
    );
  }
  return packages;
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
