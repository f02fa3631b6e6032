/**
 * The whole-base rule (issue 9): a compose agrees only when it, or GA for what it does not carry,
 * holds every base package at the base's EVR; `absent` and `unexplained` drift; the GA tree's
 * states; a pool-built base; a timestamp match whose packages disagree.
 */
import test from 'ava';
import { findMatchingCompose } from '../../src/match/find-matching-compose.js';
import { MatchReportSchema, matchReportSchemaVersion, sourceFailed } from '../../src/report/match-report.js';
import { FetchError } from '../../src/io/errors.js';
import { fakeCatalog } from '../helpers/fake-catalog.js';
import { makeBase } from '../helpers/make-base.js';
import { basePkgs, gaTimestamp, history, matchWorldGa } from '../helpers/match-world.js';

const byId = (id: string) => history.find((c) => c.id === id)!;

test('a base package no compose nor GA holds at its EVR is absent: the compose that ignored it is only nearest', async (t) => {
  // An update pushed in a now-pruned compose and revoked since: the retained composes carry no
  // json-c, GA holds an older build. Compared only on what it carries, 20240515.0 would agree.
  const ga = { ...matchWorldGa, packages: [...matchWorldGa.packages, 'json-c-0.17-3.fc40.x86_64'] };
  const catalog = fakeCatalog(history, { ga });
  const report = MatchReportSchema.parse(
    await findMatchingCompose(makeBase({ packages: [...basePkgs('b'), 'json-c-0.17-4.fc40.x86_64'] }), {
      catalog,
    }),
  );
  t.is(report.schemaVersion, matchReportSchemaVersion);
  t.is(report.result, 'nearest');
  const m = report.matches[0]!;
  t.is(m.compose!.id, 'Fedora-40-updates-20240515.0');
  t.deepEqual(m.drift, [
    {
      name: 'json-c',
      arch: 'x86_64',
      baseEvr: '0.17-4.fc40',
      composeEvr: null,
      gaEvr: '0.17-3.fc40',
      direction: 'absent',
      composeId: null,
    },
  ]);
  t.is(m.evidence.packages!.absent, 1);
  t.false(sourceFailed(report), 'every source answered: exit 3, not 1');
  t.regex(
    report.repoFile,
    /json-c\.x86_64 0\.17-4\.fc40 \(absent: the compose does not carry it and GA holds 0\.17-3\.fc40/,
  );
});

test('GA explains the packages the compose does not carry: packages, with the count from GA', async (t) => {
  const report = await findMatchingCompose(makeBase({ packages: basePkgs('b') }), {
    catalog: fakeCatalog(history),
  });
  t.is(report.result, 'packages');
  t.is(report.matches[0]!.compose!.id, 'Fedora-40-updates-20240515.0');
  t.like(report.matches[0]!.evidence.packages, { shared: 4, fromGa: 2, absent: 0, unexplained: 0 });
  t.is(report.gaTree?.state, 'unrecorded', 'a package list records no fedora repo');
});

test('a name neither the compose nor GA knows is unexplained, listed, and does not reject the compose', async (t) => {
  const report = await findMatchingCompose(
    makeBase({ packages: [...basePkgs('b'), 'acme-agent-1.2-1.x86_64'] }),
    { catalog: fakeCatalog(history) },
  );
  t.is(report.result, 'packages');
  const m = report.matches[0]!;
  t.deepEqual(m.unexplained, [{ name: 'acme-agent', arch: 'x86_64', evr: '1.2-1' }]);
  t.is(m.evidence.packages!.unexplained, 1);
  t.regex(m.evidence.summary, /1 base package no Fedora repo knows/);
});

test('a known name at another EVR is absent, never unexplained', async (t) => {
  // kernel is in GA at 6.8.5-301; the base's 6.8.9-300 came from somewhere the composes no longer reach.
  const packages = basePkgs('b').map((p) => (p.startsWith('kernel-') ? 'kernel-6.8.9-300.fc40.x86_64' : p));
  const report = await findMatchingCompose(makeBase({ packages }), { catalog: fakeCatalog(history) });
  t.is(report.result, 'nearest');
  const m = report.matches[0]!;
  t.deepEqual(m.unexplained, []);
  t.deepEqual(
    m.drift.map((d) => [d.name, d.direction, d.composeEvr, d.gaEvr]),
    [['kernel', 'absent', null, '6.8.5-301.fc40']],
  );
});

test('GA unreadable: no exact package verdict, the report says which source failed, and it counts as a failure', async (t) => {
  const error = new FetchError('ERR_NOT_FOUND', 'Not found: https://dl.example/releases/40/', {
    subject: 'https://dl.example/releases/40/Everything/x86_64/os/repodata/repomd.xml',
    status: 404,
  });
  const report = await findMatchingCompose(makeBase({ packages: basePkgs('b') }), {
    catalog: fakeCatalog(history, { ga: error }),
  });
  t.is(report.result, 'nearest');
  t.is(report.gaTree?.state, 'failed');
  t.regex(report.gaTree!.detail, /could not be read: Not found/);
  t.is(report.gaTree?.url, 'https://dl.example/releases/40/Everything/x86_64/os/repodata/repomd.xml');
  t.is(
    report.matches[0]!.compose!.id,
    'Fedora-40-updates-20240515.0',
    'the nearest still agrees on what it carries',
  );
  t.is(report.matches[0]!.evidence.packages!.unchecked, 2);
  t.true(sourceFailed(report));
});

test('a catalog without GA gives no exact package verdict either', async (t) => {
  const report = await findMatchingCompose(makeBase({ packages: basePkgs('b') }), {
    catalog: fakeCatalog(history, { ga: null }),
  });
  t.is(report.result, 'nearest');
  t.is(report.gaTree?.state, 'failed');
  t.true(sourceFailed(report));
});

test('a GA tree whose timestamp differs from the recorded fedora one is not used', async (t) => {
  const base = makeBase({
    repos: [{ id: 'fedora', timestamp: gaTimestamp + 86400 }],
    version: '40.20240515.0',
    packages: basePkgs('b'),
  });
  const report = await findMatchingCompose(base, { catalog: fakeCatalog(history) });
  t.is(report.gaTree?.state, 'mismatch');
  t.is(report.gaTree?.baseTimestamp, gaTimestamp + 86400);
  t.is(report.gaTree?.repoTimestamp, gaTimestamp);
  t.not(report.result, 'packages');
  t.true(sourceFailed(report));
  t.regex(report.gaTree!.detail, /--release-root/);
});

test('a base built before GA is reported as such, without absent drift for its Branched packages', async (t) => {
  const packages = basePkgs('b').map((p) =>
    p.startsWith('kernel-') ? 'kernel-6.8.0-0.rc7.61.fc40.x86_64' : p,
  );
  const base = makeBase({ repos: [{ id: 'fedora', timestamp: gaTimestamp - 20 * 86400 }], packages });
  const report = await findMatchingCompose(base, { catalog: fakeCatalog(history) });
  t.is(report.gaTree?.state, 'prega');
  t.regex(report.gaTree!.detail, /built before GA/);
  t.is(report.result, 'nearest');
  t.deepEqual(
    report.matches[0]!.drift.filter((d) => d.direction === 'absent'),
    [],
  );
  t.false(sourceFailed(report), 'every source answered: a pre-GA base has no exact snapshot (exit 3)');
});

test('a pool-built base is named as such: no compose is exact, the nearest is given with a pointer to fetch', async (t) => {
  const base = makeBase({
    repos: [{ id: 'fedora-coreos-pool', timestamp: byId('Fedora-40-updates-20240515.0').timestamp! + 3600 }],
    packages: basePkgs('b'),
  });
  const report = await findMatchingCompose(base, { catalog: fakeCatalog(history) });
  t.true(report.base.poolBuilt);
  t.is(report.repos[0]!.role, 'pool');
  t.is(report.result, 'nearest');
  t.is(report.matches[0]!.compose!.id, 'Fedora-40-updates-20240515.0');
  t.regex(report.matches[0]!.evidence.summary, /Fedora CoreOS pool/);
  t.true(report.notes.some((n) => /compose-match fetch/.test(n)));
});

test('a timestamp match whose packages disagree (a lockfile build) is only nearest, with the drift and a note', async (t) => {
  const base = makeBase({
    repos: [
      { id: 'fedora', timestamp: gaTimestamp },
      { id: 'updates', timestamp: byId('Fedora-40-updates-20240516.1').timestamp! },
    ],
    // The lockfile pinned gnutls 3.8.4-1 while the compose the metadata came from carries 3.8.5-1.
    packages: basePkgs('c').map((p) => (p.startsWith('gnutls-') ? 'gnutls-3.8.4-1.fc40.x86_64' : p)),
  });
  const report = await findMatchingCompose(base, { catalog: fakeCatalog(history) });
  t.is(report.result, 'nearest');
  t.is(report.repos[1]!.matched, 'Fedora-40-updates-20240516.1');
  t.is(report.matches[0]!.compose!.id, 'Fedora-40-updates-20240516.1');
  t.deepEqual(
    report.matches[0]!.drift.map((d) => [d.name, d.direction]),
    [['gnutls', 'newer']],
  );
  t.true(
    report.notes.some((n) =>
      /recorded the timestamp of Fedora-40-updates-20240516\.1, but the base's packages disagree/.test(n),
    ),
  );
});

test('a base without packages never reads GA', async (t) => {
  const catalog = fakeCatalog(history);
  const report = await findMatchingCompose(
    makeBase({ repos: [{ id: 'updates', timestamp: byId('Fedora-40-updates-20240516.1').timestamp! }] }),
    { catalog, release: '40' },
  );
  t.is(report.result, 'timestamp');
  t.is(catalog.calls.releaseTree, 0);
  t.is(report.gaTree, null);
});
