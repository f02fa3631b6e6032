/**
 * The matcher against the test world's ground truth (fixtures/world/truth.json), with the composes
 * Bodhi still retains served by the in-memory catalog: every base gets the result and compose the
 * truth names, and a pruned base's drift is the truth's "would replace" list.
 */
import test from 'ava';
import { findMatchingCompose } from '../../src/match/find-matching-compose.js';
import { isSnapshotResult, MatchReportSchema, sourceFailed } from '../../src/report/match-report.js';
import { loadTruth, truthBaseImage } from '../helpers/world.js';
import { retainedWorldCatalog } from '../helpers/world-catalog.js';

const truth = loadTruth();

for (const [name, b] of Object.entries(truth.bases)) {
  test(`world base ${name}: ${b.expected.result} ${b.expected.compose ?? b.nearest?.compose ?? ''}`, async (t) => {
    // A client-layered commit is matched by its base (parent) commit's recorded repos; the
    // retained composes and the world's frozen GA repo (which explains the base packages no
    // compose carries) answer.
    const report = MatchReportSchema.parse(
      await findMatchingCompose(truthBaseImage(name, b, truth), { catalog: retainedWorldCatalog(truth) }),
    );
    t.is(report.result as string, b.expected.result);
    t.is(report.gaTree?.state as string | undefined, b.gaTree);
    // The CLI's exit code: 0 a snapshot, 1 a source failed (GA unusable), 3 every source answered.
    t.is(isSnapshotResult(report.result) ? 0 : sourceFailed(report) ? 1 : 3, b.expected.exit);
    const m = report.matches.find((x) => x.series === 'updates')!;
    t.deepEqual(
      m.unexplained.map((u) => u.name),
      b.unexplained,
    );
    if (b.expected.compose !== null) t.is(m.compose?.id, b.expected.compose);
    if (b.union !== undefined) {
      // Each recorded series names its compose (the nearest for a pruned one), and every drifted
      // package names the compose whose build dnf would take.
      t.deepEqual(
        report.matches.map((x) => x.compose?.id),
        b.union.composes,
      );
      for (const x of report.matches)
        t.deepEqual(
          x.drift.map((d) => ({
            name: d.name,
            arch: d.arch,
            base: d.baseEvr,
            direction: d.direction,
            composeId: d.composeId,
          })),
          b.union.drift.map(({ name, arch, base, direction, composeId }) => ({
            name,
            arch,
            base,
            direction,
            composeId,
          })),
          x.series,
        );
    }
    if (b.nearest !== undefined) {
      t.is(m.compose?.id, b.nearest.compose);
      t.deepEqual(
        m.drift
          .filter((d) => d.direction === 'newer')
          .map((d) => ({ name: d.name, arch: d.arch, base: d.baseEvr, compose: d.composeEvr })),
        b.nearest.wouldReplace,
      );
      t.deepEqual(
        m.drift
          .filter((d) => d.direction === 'absent')
          .map((d) => ({ name: d.name, arch: d.arch, base: d.baseEvr, compose: d.composeEvr, ga: d.gaEvr })),
        b.nearest.absent,
      );
    }
  });
}
