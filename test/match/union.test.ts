/**
 * Issue 22 part 1: a base that recorded `updates` and `updates-testing` was built from both
 * snapshots at once. Each compose alone misses what the other explains; their union with GA decides,
 * with dnf's choice (the best build any of them offers), and each drifted package names the compose
 * dnf would take it from.
 */
import test from 'ava';
import { findMatchingCompose } from '../../src/match/find-matching-compose.js';
import { MatchReportSchema } from '../../src/report/match-report.js';
import { fakeCatalog, type FakeCompose } from '../helpers/fake-catalog.js';
import { makeBase } from '../helpers/make-base.js';

const ga = {
  timestamp: 1713268800,
  packages: [
    'foo-1.0-1.fc40.x86_64',
    'bar-1.0-1.fc40.x86_64',
    'baz-0.9-1.fc40.x86_64',
    'qux-1.0-1.fc40.x86_64',
  ],
};
const U = 'Fedora-40-updates-20240515.0';
const T = 'Fedora-40-updates-testing-20240515.0';
const uTime = 1715780000;
const tTime = 1715790000;
// updates carries an older foo than testing; testing carries baz and not bar.
const updates: FakeCompose = {
  id: U,
  timestamp: uTime,
  packages: ['foo-1.1-1.fc40.x86_64', 'bar-2.0-1.fc40.x86_64'],
};
const testing = (extra: string[] = []): FakeCompose => ({
  id: T,
  timestamp: tTime,
  packages: ['foo-1.2-1.fc40.x86_64', 'baz-1.0-1.fc40.x86_64', ...extra],
});
const base = makeBase({
  version: '40.20240515.20.0',
  repos: [
    { id: 'fedora', timestamp: ga.timestamp },
    { id: 'updates', timestamp: uTime },
    { id: 'updates-testing', timestamp: tTime },
  ],
  packages: [
    'foo-1.2-1.fc40.x86_64',
    'bar-2.0-1.fc40.x86_64',
    'baz-1.0-1.fc40.x86_64',
    'qux-1.0-1.fc40.x86_64',
  ],
});

test('both snapshots, with GA, hold the whole base: both timestamp matches are exact, and the .repo enables both', async (t) => {
  const report = MatchReportSchema.parse(
    await findMatchingCompose(base, { catalog: fakeCatalog([updates, testing()], { ga }) }),
  );
  t.is(report.result, 'timestamp');
  t.deepEqual(
    report.matches.map((m) => [m.series, m.result, m.compose?.id, m.drift.length]),
    [
      ['updates', 'timestamp', U, 0],
      ['updates-testing', 'timestamp', T, 0],
    ],
  );
  t.like(report.matches[0]!.evidence.packages, { shared: 3, fromGa: 1, newer: 0, older: 0, absent: 0 });
  t.regex(report.matches[0]!.evidence.summary, new RegExp(`With ${T} .* holds the whole base`));
  t.true(report.notes.some((n) => n.includes('together with GA they hold the whole base')));
  // What each snapshot alone said (only nearest, its packages disagree) is superseded, not repeated.
  for (const m of report.matches) {
    t.notRegex(m.evidence.summary, /No retained compose|nearest/, m.series);
    t.regex(m.evidence.summary, /^Its timestamp names /, m.series);
  }
  t.false(
    report.notes.some((n) => n.includes("the base's packages disagree with it")),
    report.notes.join('\n'),
  );
  for (const id of [U, T]) t.regex(report.repoFile, new RegExp(`^\\[${id.replace(/\./g, '\\.')}\\]$`, 'm'));
  t.notRegex(report.repoFile, /^#\s*\[/m, 'no stanza is commented out');
});

test('control: each snapshot alone is only nearest (what the union rule fixes)', async (t) => {
  for (const [repos, compose] of [
    [[{ id: 'updates', timestamp: uTime }], U],
    [[{ id: 'updates-testing', timestamp: tTime }], T],
  ] as const) {
    const one = makeBase({
      version: '40.20240515.20.0',
      repos: [...repos],
      packages: base.packages.map((p) => `${p.name}-${p.version}-${p.release}.${p.arch}`),
    });
    const report = await findMatchingCompose(one, { catalog: fakeCatalog([updates, testing()], { ga }) });
    t.is(report.matches[0]!.result, 'nearest', compose);
    t.is(report.matches[0]!.compose?.id, compose);
  }
});

test('a newer build in either snapshot is newer drift, naming the snapshot dnf would take it from', async (t) => {
  const report = MatchReportSchema.parse(
    await findMatchingCompose(base, {
      catalog: fakeCatalog([updates, testing(['bar-2.1-1.fc40.x86_64'])], { ga }),
    }),
  );
  t.is(report.result, 'nearest');
  for (const m of report.matches) {
    t.is(m.result, 'nearest');
    t.deepEqual(m.drift, [
      {
        name: 'bar',
        arch: 'x86_64',
        baseEvr: '2.0-1.fc40',
        composeEvr: '2.1-1.fc40',
        gaEvr: '1.0-1.fc40',
        direction: 'newer',
        composeId: T,
      },
    ]);
  }
  t.deepEqual(
    report.matches.map((m) => m.compose?.id),
    [U, T],
    'each series keeps the compose its timestamp named',
  );
  t.true(report.notes.some((n) => n.includes('do not hold the whole base (1 of the base')));
});

test('one of the snapshots pruned: the nearest retained compose of its series stands in, and the union decides the drift', async (t) => {
  // Testing's own compose is gone; an older one is retained (without baz, with an older foo).
  const older: FakeCompose = {
    id: 'Fedora-40-updates-testing-20240501.0',
    timestamp: tTime - 14 * 86400,
    packages: ['foo-1.1-1.fc40.x86_64'],
  };
  const report = MatchReportSchema.parse(
    await findMatchingCompose(base, { catalog: fakeCatalog([updates, older], { ga }) }),
  );
  t.is(report.result, 'nearest');
  t.deepEqual(
    report.matches.map((m) => [m.series, m.result, m.compose?.id]),
    [
      ['updates', 'nearest', U],
      ['updates-testing', 'nearest', older.id],
    ],
  );
  // Judged alone, updates would call baz absent and testing bar absent; the union knows bar is U's.
  for (const m of report.matches)
    t.deepEqual(
      m.drift.map((d) => [d.name, d.direction, d.composeId]),
      [
        ['foo', 'older', U],
        ['baz', 'absent', null],
      ].sort(),
      m.series,
    );
  t.true(
    report.notes.some((n) =>
      n.includes(
        `for 'updates-testing', whose recorded snapshot is not among the retained composes, its nearest ${older.id} stands in`,
      ),
    ),
  );
});

test('a stand-in that completes the union: exact, the stand-in by packages', async (t) => {
  const later: FakeCompose = {
    ...testing(),
    id: 'Fedora-40-updates-testing-20240516.0',
    timestamp: tTime + 86400,
  };
  const report = MatchReportSchema.parse(
    await findMatchingCompose(base, { catalog: fakeCatalog([updates, later], { ga }) }),
  );
  t.is(report.result, 'packages');
  t.deepEqual(
    report.matches.map((m) => [m.result, m.compose?.id, m.drift.length]),
    [
      ['timestamp', U, 0],
      ['packages', later.id, 0],
    ],
  );
});

test('a series with no retained compose at all: no union can be checked, nearest, and a note says why', async (t) => {
  const report = await findMatchingCompose(base, { catalog: fakeCatalog([updates], { ga }) });
  t.is(report.result, 'none');
  const u = report.matches.find((m) => m.series === 'updates')!;
  t.is(u.compose?.id, U);
  t.true(u.drift.some((d) => d.name === 'foo' && d.direction === 'older' && d.composeId === U));
  t.true(report.notes.some((n) => n.includes('not every one is identified among the retained composes')));
});
