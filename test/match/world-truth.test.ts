/**
 * The matcher against the test world's ground truth (fixtures/world/truth.json), with the composes
 * Bodhi still retains served by the in-memory catalog: every base gets the result and compose the
 * truth names, and a pruned base's drift is the truth's "would replace" list.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import type { BaseImage } from '../../src/base/base-image.js';
import { findMatchingCompose } from '../../src/match/find-matching-compose.js';
import { isSnapshotResult, MatchReportSchema, sourceFailed } from '../../src/report/match-report.js';
import type { Nevra } from '../../src/rpm/types.js';
import { fakeCatalog } from '../helpers/fake-catalog.js';

interface TruthBase {
  kind: BaseImage['source']['kind'];
  ref?: string;
  commit?: string;
  parent?: string | null;
  version?: string;
  commitTime?: number;
  recordedRepos?: { id: string; timestamp: number }[];
  packages?: Nevra[];
  basePackages?: Nevra[];
  expected: { result: string; compose: string | null; composes?: string[]; exit: 0 | 1 | 3 };
  /** A base built from updates and updates-testing at once: the composes the union is of, its drift. */
  union?: {
    composes: string[];
    drift: { name: string; arch: string; base: string; direction: string; composeId: string | null }[];
  };
  gaTree: string;
  unexplained: string[];
  nearest?: {
    compose: string;
    wouldReplace: { name: string; arch: string; base: string; compose: string }[];
    absent: { name: string; arch: string; base: string; compose: null; ga: string | null }[];
  };
}
interface Truth {
  composes: {
    id: string;
    status: never;
    repoTimestamp: number | null;
    hasRepodata: boolean;
    pruned: boolean;
    packages: Nevra[];
  }[];
  bases: Record<string, TruthBase>;
  ga: { repoTimestamp: number; packages: Nevra[] };
}

const truth = JSON.parse(
  readFileSync(new URL('../../../fixtures/world/truth.json', import.meta.url), 'utf8'),
) as Truth;
const nevra = (p: Nevra): string =>
  `${p.name}-${p.epoch === null ? '' : `${p.epoch}:`}${p.version}-${p.release}.${p.arch}`;
const retained = truth.composes
  .filter((c) => !c.pruned)
  .map((c) => ({
    id: c.id,
    status: c.status,
    timestamp: c.hasRepodata ? c.repoTimestamp : null,
    packages: c.packages.map(nevra),
  }));

// The world's frozen GA repo, which explains the base packages no compose carries.
const ga = { timestamp: truth.ga.repoTimestamp, packages: truth.ga.packages.map(nevra) };

for (const [name, b] of Object.entries(truth.bases)) {
  test(`world base ${name}: ${b.expected.result} ${b.expected.compose ?? b.nearest?.compose ?? ''}`, async (t) => {
    // A client-layered commit is matched by its base (parent) commit's recorded repos.
    const parent = Object.values(truth.bases).find((p) => b.parent != null && p.commit === b.parent);
    const base: BaseImage = {
      source: { kind: b.kind, location: name, ref: b.ref ?? null, deployment: null },
      commit: b.commit ?? null,
      version: b.version ?? null,
      arch: null,
      commitTime: b.commitTime ?? null,
      repos: ((parent ?? b).recordedRepos ?? []).map((r) => ({
        id: r.id,
        timestamp: r.timestamp,
        swapped: false,
      })),
      packages: (b.basePackages ?? b.packages ?? []).map((p) => ({ ...p })),
      notes: [],
    };
    const report = MatchReportSchema.parse(
      await findMatchingCompose(base, { catalog: fakeCatalog(retained, { ga }) }),
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
