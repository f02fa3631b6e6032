/**
 * What `compose-match install` does for a base, decided from the match report alone (no I/O):
 *
 * - every series matched to a retained compose: the snapshot `.repo` `match` renders, for this
 *   install only (left in place it pins layered packages at that snapshot across upgrades);
 * - a pruned snapshot known from the index, or rebuilt from Koji's tag history (no repo of that
 *   state exists), whose builds are all in durable sources: the durable stanzas (rendered with
 *   `--for NAME…`, so they list only what layering NAME needs);
 * - anything else with every source answered (pruned without an index, pool-built, an image base
 *   whose compose is nowhere, a build only Koji keeps): `fetch --host` of the NAMEs, whose repo
 *   stays for the deployment's lifetime (removed by `fetch-prune`);
 * - a source that failed: stop (exit 1), since "no snapshot" needs every answer.
 */
import { coverageIncomplete } from '../durable/place-pruned-snapshots.js';
import { isSnapshotResult, sourceFailed, type MatchReport } from '../report/match-report.js';

/** The decision, with the one sentence a person is shown. */
export type InstallDecision =
  | { kind: 'snapshot'; composes: string[]; repoText: string; why: string }
  | { kind: 'durable'; composes: string[]; repoText: string; why: string }
  | { kind: 'fetch'; why: string }
  | { kind: 'fail'; why: string };

/** The snapshot `.repo` install writes for a base commit (a name of its own, never `match -o`'s). */
export function snapshotRepoFileName(commit: string | null): string {
  return `compose-match-install-${(commit ?? 'local').slice(0, 12)}.repo`;
}

/** Decides from a report (after `placePrunedSnapshots` when an index was given). */
export function decideInstall(report: MatchReport): InstallDecision {
  const snapshots = report.matches.filter((m) => isSnapshotResult(m.result) && m.compose !== null);
  const ids = snapshots.map((m) => m.compose!.id);
  if (isSnapshotResult(report.result) && snapshots.length > 0) {
    const pruned = snapshots.filter((m) => !m.compose!.retained);
    if (pruned.length === 0)
      return {
        kind: 'snapshot',
        composes: ids,
        repoText: report.repoFile,
        why: `the base's compose ${ids.join(', ')} is retained: a snapshot .repo for this install only`,
      };
    const gone = pruned.some((m) => m.koji === undefined)
      ? `the base's compose ${ids.join(', ')} is pruned`
      : `the base's snapshot ${ids.join(', ')} was rebuilt from Koji's tag history (no repo of it exists)`;
    if (pruned.every((m) => m.coverage !== null) && !coverageIncomplete(report))
      return {
        kind: 'durable',
        composes: ids,
        repoText: report.repoFile,
        why: `${gone}; every build it needs is in a durable source: its stanzas for this install only`,
      };
    if (coverageIncomplete(report, true))
      return { kind: 'fail', why: 'a durable source of the pruned snapshot could not be read' };
    return {
      kind: 'fetch',
      why: `${gone} and not every build is in a durable source: fetching the exact builds`,
    };
  }
  if (sourceFailed(report))
    return { kind: 'fail', why: 'a source failed, so whether a snapshot exists is not known' };
  const why = report.base.poolBuilt
    ? 'the base is pool-built (no compose is exact for it): fetching the exact builds'
    : 'no retained snapshot is consistent with the base: fetching the exact builds';
  return { kind: 'fetch', why };
}
