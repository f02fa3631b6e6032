/**
 * {@link findMatchingCompose}: the matcher's entry point.
 */
import type { BaseImage } from '../base/base-image.js';
import type { ComposeCatalog } from '../compose/catalog.js';
import type { FetchStats } from '../io/fetcher.js';
import { defaultPoolTag } from '../koji/pool-tag.js';
import { renderRepoFile } from '../repofile/render-repo-file.js';
import {
  chooseArch,
  classifyRepo,
  dateHint,
  parseBaseVersion,
  refHints,
  releaseFromPackages,
  roleNote,
} from './base-hints.js';
import { MatchError } from './errors.js';
import { GaTree } from './ga-tree.js';
import {
  matchFromPool,
  matchFromReconstructed,
  matchFromReconstructedPool,
  matchFromTagHistory,
  type KojiSearch,
  type KojiStrategyOptions,
} from './koji-strategy.js';
import { matchTarget, type Target } from './match-target.js';
import { matchNightly } from './nightly-target.js';
import { Prober, type MatchProgress } from './prober.js';
import { decideByUnion, type IdentifiedMatch } from './union.js';
import {
  MatchResultSchema,
  matchReportSchemaVersion,
  type BaseRepoReport,
  type Match,
  type MatchReport,
  type MatchResult,
  isSnapshotResult,
} from '../report/match-report.js';

/** Options of {@link findMatchingCompose}. */
export interface FindMatchingComposeOptions {
  /** The composes to search (see `createComposeCatalog`). */
  catalog: ComposeCatalog;
  /** Arch to match (default: the base's). */
  arch?: string | undefined;
  /** Release to match, e.g. `40` (default: from the commit version, else the packages' `.fcNN`). */
  release?: string | undefined;
  /**
   * Search updates-testing when the base does not record which series it used. Without it, a ref
   * with a `testing` component (outside CoreOS) makes updates-testing the first guess.
   */
  testing?: boolean | undefined;
  /** Section id for the `.repo` (default: the compose ID). */
  repoId?: string | undefined;
  /** At most this many composes are compared package by package (default 40; Bodhi keeps ~10 per series). */
  maxPackageCandidates?: number | undefined;
  /**
   * Request counter for the report, usually the catalog's fetcher's `stats`. Default: the
   * catalog's own `stats()` if it has one, else the number of catalog calls (bytes `null`).
   */
  stats?: (() => FetchStats) | undefined;
  /**
   * Koji's tag history (issue 18): when no compose explains the base, the states of its series' tag
   * before the base's instant are compared (`koji`), and a pool-built base is compared with the pool
   * tag (`pool`). Off when absent.
   */
  koji?: KojiStrategyOptions | undefined;
  signal?: AbortSignal | undefined;
  /** Called before each request. */
  onProgress?: ((progress: MatchProgress) => void) | undefined;
}

/** Strongest first, as the schema lists them. */
const strength: readonly MatchResult[] = MatchResultSchema.options;

/**
 * Finds the updates compose(s) a base image was built from.
 *
 * Tries, per updates series the base used: the recorded repo timestamp against each compose's
 * repomd.xml (binary search around the timestamp's day), the commit version that names a compose,
 * and the package list. Whenever the base lists packages, a compose agrees only with the whole
 * base: every base package is carried by the compose at the base's EVR, or not carried and held by
 * the release's GA tree (`catalog.releaseTree`) at the base's EVR. Otherwise it reports the
 * nearest compose and its drift (`newer`, `older`, `absent`) and the `unexplained` packages.
 * Network errors are thrown; a compose that is unusable (STARTED, DOOMED, TERMINATED) or unreadable
 * is skipped and listed in `skipped`.
 *
 * @example
 * const report = await findMatchingCompose(base, { catalog });
 * if (report.result === 'nearest' || report.result === 'none') console.error(report.matches[0]?.drift);
 * else writeFileSync('snapshot.repo', report.repoFile);
 */
export async function findMatchingCompose(
  base: BaseImage,
  options: FindMatchingComposeOptions,
): Promise<MatchReport> {
  const { catalog } = options;
  const stats = options.stats ?? catalogStats(catalog);
  const before = stats?.();
  const notes: string[] = [];
  const { arch, from: archFrom } = chooseArch(base, options.arch);
  if (archFrom === 'default')
    notes.push(
      'The base names no arch (no recorded arch, ref or arch-specific packages): probed x86_64; pass --arch for another.',
    );
  const prober = new Prober(catalog, arch, options.signal, options.onProgress);
  const version = parseBaseVersion(base.version);

  const all = await prober.list();
  const listed = all.filter((e) => e.id.short === 'Fedora' && e.id.typeSuffix === null);
  // A root that lists no updates compose may be a productmd nightly family (compose/iot/).
  const nightly = all.length === 0 ? await prober.nightlies() : [];
  notes.push(...(catalog.notes?.() ?? []));
  const repos: BaseRepoReport[] = base.repos.map((r) => {
    const role = classifyRepo(r.id);
    return { id: r.id, timestamp: r.timestamp, role, matched: null, note: roleNote(r, role) };
  });
  const finish = (
    found: Match[],
    chosen: ReturnType<typeof chooseRelease>,
    gaTree: MatchReport['gaTree'],
    poolBuilt: boolean,
  ): MatchReport =>
    assemble(base, catalog, options, {
      arch,
      archFrom,
      ...chosen,
      repos,
      gaTree,
      matches: found,
      prober,
      notes,
      requests: requestsSince(before, stats?.(), prober),
      poolBuilt,
    });
  if (nightly.length > 0) {
    const chosen = chooseRelease(base, options.release, version, nightly);
    const entries = nightly.filter((e) => e.id.version === chosen.release);
    if (entries.length === 0)
      notes.push(noComposesNote(chosen.release, chosen.releaseFrom, nightly, 'nightly'));
    notes.push(
      `${catalog.rootUrl} is a productmd nightly compose family, not a Bodhi updates root: each compose holds its whole package set, so the base is compared with each one alone (no GA tree).`,
    );
    if (options.koji !== undefined)
      notes.push('Koji history was not searched: it rebuilds updates tags, not a nightly compose family.');
    const match = await matchNightly({
      prober,
      entries,
      release: chosen.release,
      arch,
      packages: base.packages,
      day: dateHint(version, [], base.commitTime),
      maxPackageCandidates: options.maxPackageCandidates ?? 40,
      notes,
    });
    return finish([match], chosen, null, false);
  }
  const chosen = chooseRelease(base, options.release, version, listed);
  const { release, releaseFrom } = chosen;
  const entries = listed.filter((e) => e.id.version === release);
  if (entries.length === 0) notes.push(noComposesNote(release, releaseFrom, listed));

  const targets = planTargets(repos, options.testing === true, refHints(base.source.ref).testing);
  const ga = new GaTree(catalog, release, arch, base, options.signal, options.onProgress);
  // Production Fedora CoreOS (up to F42) records only the pool its lockfile picked builds from.
  const poolBuilt =
    repos.some((r) => r.role === 'pool') &&
    !repos.some((r) => r.role === 'updates' || r.role === 'updates-testing');
  if (poolBuilt)
    notes.push(
      "The base was built from the Fedora CoreOS pool ('fedora-coreos-pool') and a lockfile, not from an updates compose: no compose can be exact for it. The nearest is shown with its drift; for exact builds of base packages, use `compose-match fetch`.",
    );
  const matches: Match[] = [];
  for (const target of targets) {
    matches.push(
      await matchTarget(target, {
        prober,
        entries,
        release,
        arch,
        version,
        packages: base.packages,
        ga,
        poolBuilt,
        day: dateHint(
          version,
          target.timestamps.map((t) => t.timestamp),
          base.commitTime,
        ),
        maxPackageCandidates: options.maxPackageCandidates ?? 40,
        notes,
        onTimestampMatch: (repoId, composeId) => {
          for (const r of repos) if (r.id === repoId) r.matched = composeId;
        },
      }),
    );
  }

  // Several recorded snapshots: the union of theirs, with GA, decides (the base had them all enabled).
  const recorded = targets.filter((t) => !t.seriesIsGuess);
  if (recorded.length >= 2 && base.packages.length > 0) {
    const identified = matches.flatMap((m): IdentifiedMatch[] => {
      const byTimestamp = repos.find((r) => r.id === m.repoId)?.matched ?? null;
      if (byTimestamp !== null) return [{ match: m, composeId: byTimestamp, by: 'timestamp' }];
      if (m.result === 'version' && m.compose !== null)
        return [{ match: m, composeId: m.compose.id, by: 'version' }];
      // The recorded snapshot is gone (pruned): the compose its packages strategy chose stands in,
      // as the .repo enables it beside the others.
      if ((m.result === 'packages' || m.result === 'nearest') && m.compose?.retained === true)
        return [{ match: m, composeId: m.compose.id, by: 'standIn' }];
      return [];
    });
    const decided =
      identified.length === matches.length
        ? await decideByUnion(identified, { prober, entries, packages: base.packages, ga, notes })
        : null;
    if (decided !== null) matches.splice(0, matches.length, ...decided);
    else if (identified.length < matches.length)
      notes.push(
        `The base recorded ${recorded.length} snapshots (${recorded.map((t) => `'${t.repoId}'`).join(', ')}), but not every one is identified among the retained composes, so their union cannot be checked: each series is judged on its own, and none can be exact for the whole base.`,
      );
  }

  // What a search of Koji states (reconstructed or live) needs for match `i` at `instant`.
  const kojiSearch = async (i: number, instant: number): Promise<KojiSearch> => ({
    repoId: targets[i]!.repoId,
    series: matches[i]!.series,
    release,
    arch,
    packages: base.packages,
    ga: await ga.index(),
    instant,
    notes,
  });

  // States an index reconstructed from Koji (`index backfill`) answer next, offline; an observed
  // compose above always answered first. A pool-built base is answered from the pool's states below.
  const reconstructed = catalog.reconstructed?.bind(catalog);
  if (reconstructed !== undefined && base.packages.length > 0 && !poolBuilt) {
    for (let i = 0; i < matches.length; i++) {
      if (isSnapshotResult(matches[i]!.result)) continue;
      const target = targets[i]!;
      const instant = target.timestamps[0]?.timestamp ?? base.commitTime;
      const states = await reconstructed(release, matches[i]!.series, arch);
      if (instant === null || states.length === 0) continue;
      const found = await matchFromReconstructed(await kojiSearch(i, instant), states, options.koji?.window);
      if (found !== null) matches[i] = found;
    }
  }

  // A pool-built base, offline: the pool tag's states the index reconstructed (`--pool`).
  const reconstructedPool = catalog.reconstructedPool?.bind(catalog);
  if (reconstructedPool !== undefined && base.packages.length > 0 && poolBuilt) {
    const instant = repos.find((r) => r.role === 'pool')?.timestamp ?? base.commitTime;
    const states = await reconstructedPool(options.koji?.poolTag ?? defaultPoolTag, arch);
    for (let i = 0; i < matches.length && instant !== null && states.length > 0; i++) {
      if (isSnapshotResult(matches[i]!.result)) continue;
      const found = await matchFromReconstructedPool(await kojiSearch(i, instant), states);
      if (found !== null) matches[i] = found;
    }
  }

  if (options.koji !== undefined && base.packages.length > 0) {
    const koji = options.koji;
    const kojiBefore = koji.hub.stats();
    for (let i = 0; i < matches.length; i++) {
      if (isSnapshotResult(matches[i]!.result)) continue;
      const target = targets[i]!;
      // The pool's repo timestamp is when its metadata was made from the tag; else the build time.
      const instant = poolBuilt
        ? (repos.find((r) => r.role === 'pool')?.timestamp ?? base.commitTime)
        : (target.timestamps[0]?.timestamp ?? base.commitTime);
      if (instant === null) {
        notes.push(
          `Koji history was not searched for ${target.series}: the base records no timestamp and no build time.`,
        );
        continue;
      }
      const search = await kojiSearch(i, instant);
      const found = poolBuilt ? await matchFromPool(search, koji) : await matchFromTagHistory(search, koji);
      if (found !== null) matches[i] = found;
    }
    const kojiAfter = koji.hub.stats();
    if (kojiAfter.requests > kojiBefore.requests)
      notes.push(
        `Koji hub ${koji.hub.hubUrl}: ${kojiAfter.requests - kojiBefore.requests} requests carrying ${kojiAfter.calls - kojiBefore.calls} calls.`,
      );
  }

  return finish(matches, chosen, ga.report(), poolBuilt);
}

/** What {@link assemble} puts in the report beside the base. */
interface Decided {
  arch: string;
  archFrom: MatchReport['target']['archFrom'];
  release: string;
  releaseFrom: MatchReport['target']['releaseFrom'];
  repos: BaseRepoReport[];
  gaTree: MatchReport['gaTree'];
  matches: Match[];
  prober: Prober;
  notes: string[];
  requests: MatchReport['requests'];
  poolBuilt: boolean;
}

/** The report and its `.repo`, from what the search decided. */
function assemble(
  base: BaseImage,
  catalog: ComposeCatalog,
  options: FindMatchingComposeOptions,
  d: Decided,
): MatchReport {
  const { matches, arch, archFrom, release, releaseFrom, repos, prober, notes, requests, poolBuilt } = d;
  const result = matches.reduce<MatchResult>(
    (worst, m) => (strength.indexOf(m.result) > strength.indexOf(worst) ? m.result : worst),
    matches.length === 0 ? 'none' : 'timestamp',
  );
  const report: Omit<MatchReport, 'repoFile'> = {
    schemaVersion: matchReportSchemaVersion,
    result,
    base: {
      source: base.source,
      commit: base.commit,
      version: base.version,
      arch: base.arch,
      commitTime: base.commitTime,
      packageCount: base.packages.length,
      poolBuilt,
      notes: base.notes,
      ...(base.image === undefined
        ? {}
        : {
            image: {
              reference: base.image.reference,
              manifestDigest: base.image.manifestDigest,
              indexDigest: base.image.indexDigest,
            },
          }),
    },
    target: { composeRoot: catalog.rootUrl, arch, archFrom, release, releaseFrom },
    repos,
    gaTree: d.gaTree,
    matches,
    skipped: [...prober.skipped.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    requests,
    notes,
  };
  return { ...report, repoFile: renderRepoFile(report, { repoId: options.repoId }) };
}

/** Requests and bytes since `before`, or the catalog calls when the catalog counts nothing. */
function requestsSince(
  before: FetchStats | undefined,
  after: FetchStats | undefined,
  prober: Prober,
): MatchReport['requests'] {
  return before === undefined || after === undefined
    ? { count: prober.calls, bytes: null }
    : { count: after.requests - before.requests, bytes: after.bytes - before.bytes };
}

/** The updates series to match: one per recorded updates repo, else one guessed series. */
function planTargets(
  repos: readonly BaseRepoReport[],
  testingOption: boolean,
  testingRef: boolean,
): Target[] {
  const targets: Target[] = [];
  for (const r of repos)
    if (r.role === 'updates' || r.role === 'updates-testing')
      targets.push({
        repoId: r.id,
        series: r.role,
        seriesIsGuess: false,
        timestamps: [{ repoId: r.id, timestamp: r.timestamp }],
      });
  if (targets.length > 0) return targets;
  const series = testingOption || testingRef ? 'updates-testing' : 'updates';
  return [
    {
      repoId: series,
      series,
      seriesIsGuess: !testingOption,
      // Repos named neither way (Silverblue's repo-N) may still carry a compose's timestamp.
      timestamps: repos
        .filter((r) => r.role === 'other')
        .map((r) => ({ repoId: r.id, timestamp: r.timestamp })),
    },
  ];
}

function chooseRelease(
  base: BaseImage,
  option: string | undefined,
  version: ReturnType<typeof parseBaseVersion>,
  listed: readonly { id: { version: string } }[],
): { release: string; releaseFrom: MatchReport['target']['releaseFrom'] } {
  if (option !== undefined) {
    if (!/^[0-9A-Za-z.]+$/.test(option))
      throw new MatchError('ERR_MATCH_OPTION', `Release '${option}' is not a Fedora release number.`, {
        subject: 'release',
      });
    return { release: option, releaseFrom: 'option' };
  }
  if (version !== null) return { release: version.release, releaseFrom: 'version' };
  const fromRef = refHints(base.source.ref).release;
  if (fromRef !== null) return { release: fromRef, releaseFrom: 'ref' };
  const fromPackages = releaseFromPackages(base);
  if (fromPackages !== null) return { release: fromPackages, releaseFrom: 'packages' };
  const releases = [...new Set(listed.map((e) => e.id.version))];
  if (releases.length === 1) return { release: releases[0]!, releaseFrom: 'listing' };
  throw new MatchError(
    'ERR_RELEASE_UNKNOWN',
    `Cannot tell the base's Fedora release (no commit version, no .fcNN packages) and the compose root lists ${releases.length === 0 ? 'no releases' : `several (${releases.sort().join(', ')})`}; pass --release.`,
    { subject: 'release' },
  );
}

/** Why nothing could match, and what the root does hold, so the reader can pick a release. */
function noComposesNote(
  release: string,
  from: MatchReport['target']['releaseFrom'],
  listed: readonly { id: { version: string } }[],
  kind: 'updates' | 'nightly' = 'updates',
): string {
  const held = [...new Set(listed.map((e) => e.id.version))].sort(
    (a, b) => Number(a) - Number(b) || (a < b ? -1 : 1),
  );
  const holds =
    held.length === 0 ? `it lists no Fedora ${kind} composes at all` : `it lists Fedora ${held.join(', ')}`;
  const hint =
    from === 'option'
      ? '; check the release asked for (--release)'
      : ' (all pruned, or another compose root is needed)';
  return `The compose root lists no Fedora ${release} ${kind} composes: ${holds}${hint}.`;
}

function catalogStats(catalog: ComposeCatalog): (() => FetchStats) | undefined {
  const stats = (catalog as { stats?: unknown }).stats;
  return typeof stats === 'function' ? () => (stats as () => FetchStats).call(catalog) : undefined;
}
