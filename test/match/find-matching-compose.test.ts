import test from 'ava';
import { findMatchingCompose } from '../../src/match/find-matching-compose.js';
import { MatchReportSchema } from '../../src/report/match-report.js';
import { fakeCatalog } from '../helpers/fake-catalog.js';
import { epoch, makeBase } from '../helpers/make-base.js';
import { basePkgs, gaTimestamp, history, pkgs } from '../helpers/match-world.js';

const byId = (id: string) => history.find((c) => c.id === id)!;

test('timestamp: the updates repo timestamp names its compose; the GA repo is reported as frozen', async (t) => {
  const catalog = fakeCatalog(history);
  const base = makeBase({
    repos: [
      { id: 'fedora', timestamp: gaTimestamp },
      { id: 'updates', timestamp: byId('Fedora-40-updates-20240516.1').timestamp! },
    ],
    version: '40.20240517.0.0',
    packages: basePkgs('c'),
  });
  const report = await findMatchingCompose(base, { catalog });
  MatchReportSchema.parse(report);
  t.is(report.result, 'timestamp');
  t.is(report.matches.length, 1);
  const [m] = report.matches;
  t.is(m!.repoId, 'updates');
  t.is(m!.compose!.id, 'Fedora-40-updates-20240516.1');
  t.is(
    m!.compose!.baseurl,
    'https://kojipkgs.example/compose/updates/Fedora-40-updates-20240516.1/compose/Everything/$basearch/os/',
  );
  t.is(m!.compose!.status, 'FINISHED');
  t.deepEqual(m!.evidence.timestamp, {
    repoId: 'updates',
    base: m!.compose!.repoTimestamp!,
    compose: m!.compose!.repoTimestamp!,
  });
  t.deepEqual(
    report.repos.map((r) => [r.id, r.role, r.matched]),
    [
      ['fedora', 'frozen', null],
      ['updates', 'updates', 'Fedora-40-updates-20240516.1'],
    ],
  );
  // The timestamp names the metadata; the whole base is then checked: one package list and GA.
  t.is(catalog.calls.packages, 1);
  t.is(catalog.calls.releaseTree, 1);
  t.is(report.gaTree?.state, 'confirmed');
  t.deepEqual(m!.evidence.packages, {
    shared: 5,
    newer: 0,
    older: 0,
    absent: 0,
    fromGa: 2,
    unchecked: 0,
    unexplained: 0,
  });
  t.deepEqual(report.target, {
    composeRoot: catalog.rootUrl,
    arch: 'x86_64',
    archFrom: 'base',
    release: '40',
    releaseFrom: 'version',
  });
});

test('timestamp: a repo stamped on the next UTC day matches the compose dated the day before', async (t) => {
  const catalog = fakeCatalog(history);
  const ts = byId('Fedora-40-updates-20240517.0').timestamp!;
  t.is(new Date(ts * 1000).toISOString().slice(0, 10), '2024-05-18');
  const report = await findMatchingCompose(
    makeBase({ repos: [{ id: 'updates', timestamp: ts }], packages: basePkgs('d') }),
    { catalog },
  );
  t.is(report.result, 'timestamp');
  t.is(report.matches[0]!.compose!.id, 'Fedora-40-updates-20240517.0');
  t.is(report.target.releaseFrom, 'packages');
});

test('timestamp: a DOOMED respin without repodata is stepped over and reported', async (t) => {
  // The window around the 16th holds 20240515.0, 20240516.0 (DOOMED), 20240516.1, 20240517.0.
  const catalog = fakeCatalog(history);
  const ts = byId('Fedora-40-updates-20240515.0').timestamp!;
  const report = await findMatchingCompose(
    makeBase({ repos: [{ id: 'updates', timestamp: ts }], packages: basePkgs('b') }),
    { catalog },
  );
  t.is(report.matches[0]!.compose!.id, 'Fedora-40-updates-20240515.0');
  t.is(report.result, 'timestamp');
  const doomed = history.filter((c) => c.status === 'DOOMED').map((c) => c.id);
  for (const s of report.skipped) t.true(doomed.includes(s.id));
});

test('timestamp: a matching compose whose STATUS is STARTED, DOOMED or TERMINATED is skipped, not used', async (t) => {
  for (const status of ['STARTED', 'DOOMED', 'TERMINATED'] as const) {
    const composes = history.map((c) => (c.id === 'Fedora-40-updates-20240516.1' ? { ...c, status } : c));
    const catalog = fakeCatalog(composes);
    const report = await findMatchingCompose(
      makeBase({
        repos: [{ id: 'updates', timestamp: byId('Fedora-40-updates-20240516.1').timestamp! }],
        packages: basePkgs('c'),
      }),
      { catalog },
    );
    t.not(report.matches[0]!.compose?.id, 'Fedora-40-updates-20240516.1', status);
    t.not(report.result, 'timestamp');
    t.deepEqual(
      report.skipped.find((s) => s.id === 'Fedora-40-updates-20240516.1')?.reason,
      status,
      `${status} is listed as skipped`,
    );
  }
});

test('timestamp: FINISHED_INCOMPLETE is usable (updates-testing repo)', async (t) => {
  const catalog = fakeCatalog(history);
  const id = 'Fedora-40-updates-testing-20240517.0';
  const report = await findMatchingCompose(
    makeBase({ repos: [{ id: 'updates-testing', timestamp: byId(id).timestamp! }], packages: basePkgs('d') }),
    { catalog },
  );
  t.is(report.result, 'timestamp');
  t.is(report.matches[0]!.series, 'updates-testing');
  t.is(report.matches[0]!.compose!.id, id);
  t.is(report.matches[0]!.compose!.status, 'FINISHED_INCOMPLETE');
});

test('series: updates and updates-testing repos each get their own match and .repo section', async (t) => {
  const catalog = fakeCatalog(history);
  const report = await findMatchingCompose(
    makeBase({
      repos: [
        { id: 'fedora', timestamp: gaTimestamp },
        { id: 'updates', timestamp: byId('Fedora-40-updates-20240516.1').timestamp! },
        { id: 'updates-testing', timestamp: byId('Fedora-40-updates-testing-20240516.0').timestamp! },
      ],
      packages: basePkgs('c'),
    }),
    { catalog },
  );
  t.deepEqual(
    report.matches.map((m) => [m.repoId, m.series, m.result, m.compose?.id]),
    [
      ['updates', 'updates', 'timestamp', 'Fedora-40-updates-20240516.1'],
      ['updates-testing', 'updates-testing', 'timestamp', 'Fedora-40-updates-testing-20240516.0'],
    ],
  );
  t.regex(report.repoFile, /^\[Fedora-40-updates-20240516\.1\]$/m);
  t.regex(report.repoFile, /^\[Fedora-40-updates-testing-20240516\.0\]$/m);
});

test('version: a Silverblue version names its compose, confirmed by packages', async (t) => {
  const catalog = fakeCatalog(history);
  const report = await findMatchingCompose(
    makeBase({
      // Silverblue records pungi work repos: their timestamps match no published compose.
      repos: [
        { id: 'repo-0', timestamp: gaTimestamp + 7 },
        { id: 'repo-1', timestamp: byId('Fedora-40-updates-20240516.1').timestamp! - 3600 },
      ],
      version: '40.20240516.1',
      packages: basePkgs('c'),
    }),
    { catalog },
  );
  t.is(report.result, 'version');
  const m = report.matches[0]!;
  t.is(m.compose!.id, 'Fedora-40-updates-20240516.1');
  t.deepEqual(m.evidence.version, {
    version: '40.20240516.1',
    composeId: 'Fedora-40-updates-20240516.1',
    confirmed: true,
  });
  t.deepEqual(m.evidence.packages, {
    shared: 5,
    newer: 0,
    older: 0,
    absent: 0,
    fromGa: 2,
    unchecked: 0,
    unexplained: 0,
  });
  t.is(catalog.calls.packages, 1);
  t.deepEqual(
    report.repos.map((r) => r.role),
    ['other', 'other'],
  );
});

test('version: without a package list the match is reported unconfirmed', async (t) => {
  const catalog = fakeCatalog(history);
  const report = await findMatchingCompose(makeBase({ version: '40.20240515.0', kind: 'status' }), {
    catalog,
  });
  t.is(report.result, 'version');
  t.false(report.matches[0]!.evidence.version!.confirmed);
  t.true(report.notes.some((n) => /not confirmed/.test(n)));
  t.is(catalog.calls.packages, 0);
});

test('version: a version that names a testing compose is found in updates-testing', async (t) => {
  const catalog = fakeCatalog(history.filter((c) => c.id !== 'Fedora-40-updates-20240516.0'));
  const report = await findMatchingCompose(
    makeBase({
      version: '40.20240516.0',
      packages: [...basePkgs('c').filter((p) => !p.startsWith('gnutls')), 'gnutls-3.8.6-1.fc40.x86_64'],
    }),
    { catalog },
  );
  t.is(report.result, 'version');
  t.is(report.matches[0]!.series, 'updates-testing');
  t.is(report.matches[0]!.compose!.id, 'Fedora-40-updates-testing-20240516.0');
});

test('version: a named compose that disagrees falls through to the packages strategy', async (t) => {
  const catalog = fakeCatalog(history);
  const report = await findMatchingCompose(makeBase({ version: '40.20240517.0', packages: basePkgs('b') }), {
    catalog,
  });
  t.is(report.result, 'packages');
  t.is(report.matches[0]!.compose!.id, 'Fedora-40-updates-20240515.0');
  t.true(
    report.notes.some((n) =>
      /names Fedora-40-updates-20240517\.0, but it and GA do not hold the whole base/.test(n),
    ),
  );
});

test('packages: a plain package list finds the compose that agrees, nearest the hint first, repomd before packages', async (t) => {
  const catalog = fakeCatalog(history);
  const base = makeBase({ arch: null, packages: basePkgs('b'), kind: 'pkglist' });
  const report = await findMatchingCompose(base, { catalog });
  t.is(report.result, 'packages');
  const m = report.matches[0]!;
  t.is(m.compose!.id, 'Fedora-40-updates-20240515.0');
  t.is(m.repoId, 'updates');
  t.deepEqual(m.drift, []);
  t.is(report.target.archFrom, 'packages');
  t.is(report.target.releaseFrom, 'packages');
  // Newest first without a date: 20240517.0, 20240516.1 disagree, 20240516.0 is DOOMED, 20240515.0 agrees.
  t.deepEqual(
    m.evidence.candidates.map((c) => c.id),
    ['Fedora-40-updates-20240515.0', 'Fedora-40-updates-20240516.1', 'Fedora-40-updates-20240517.0'],
  );
  t.false(catalog.log.includes('packages Fedora-40-updates-20240514.0 x86_64'), 'stops at the exact match');
  for (const line of catalog.log.filter((l) => l.startsWith('packages '))) {
    const id = line.split(' ')[1];
    t.true(catalog.log.indexOf(`repomd ${id} x86_64`) < catalog.log.indexOf(line));
  }
  t.deepEqual(
    report.skipped.map((s) => [s.id, s.reason]),
    [['Fedora-40-updates-20240516.0', 'DOOMED']],
  );
});

test('nearest: with the base compose pruned, the ranking is fewest newer, then fewest older, then date; drift per package', async (t) => {
  const catalog = fakeCatalog(history.filter((c) => c.id !== 'Fedora-40-updates-20240515.0'));
  const base = makeBase({
    repos: [{ id: 'updates', timestamp: byId('Fedora-40-updates-20240515.0').timestamp! }],
    packages: basePkgs('b'),
  });
  const report = await findMatchingCompose(base, { catalog });
  t.is(report.result, 'nearest');
  const m = report.matches[0]!;
  // 20240514.0: 0 newer, 2 older (bash, gnutls); 20240516.1: 1 newer (glibc); 20240517.0: 2 newer (glibc, gnutls).
  t.deepEqual(
    m.evidence.candidates.map((c) => [c.id, c.newer, c.older]),
    [
      ['Fedora-40-updates-20240514.0', 0, 2],
      ['Fedora-40-updates-20240516.1', 1, 0],
      ['Fedora-40-updates-20240517.0', 2, 0],
    ],
  );
  t.is(m.compose!.id, 'Fedora-40-updates-20240514.0');
  t.deepEqual(m.drift, [
    {
      name: 'bash',
      arch: 'x86_64',
      baseEvr: '5.2.26-3.fc40',
      composeEvr: '5.2.26-1.fc40',
      gaEvr: '5.2.26-1.fc40',
      direction: 'older',
      composeId: 'Fedora-40-updates-20240514.0',
    },
    {
      name: 'gnutls',
      arch: 'x86_64',
      baseEvr: '3.8.5-1.fc40',
      composeEvr: '3.8.4-1.fc40',
      gaEvr: '3.8.3-2.fc40',
      direction: 'older',
      composeId: 'Fedora-40-updates-20240514.0',
    },
  ]);
  t.regex(report.repoFile, /NO CONSISTENT SNAPSHOT/);
});

test('nearest: among equally drifting composes the one closest to the base date wins', async (t) => {
  const catalog = fakeCatalog(
    history.filter((c) => c.id !== 'Fedora-40-updates-20240514.0' && c.id !== 'Fedora-40-updates-20240515.0'),
  );
  const base = makeBase({
    packages: [...basePkgs('c').filter((p) => !p.startsWith('gnutls')), 'gnutls-3.8.4-1.fc40.x86_64'],
    commitTime: epoch('2024-05-16T23:00:00Z'),
  });
  const report = await findMatchingCompose(base, { catalog });
  const m = report.matches[0]!;
  t.is(report.result, 'nearest');
  t.deepEqual(
    m.evidence.candidates.map((c) => [c.id, c.newer, c.older]),
    [
      ['Fedora-40-updates-20240516.1', 1, 0],
      ['Fedora-40-updates-20240517.0', 1, 0],
    ],
  );
  t.deepEqual(m.drift, [
    {
      name: 'gnutls',
      arch: 'x86_64',
      baseEvr: '3.8.4-1.fc40',
      composeEvr: '3.8.5-1.fc40',
      gaEvr: '3.8.3-2.fc40',
      direction: 'newer',
      composeId: 'Fedora-40-updates-20240516.1',
    },
  ]);
});

test('none: no usable compose of the series is left', async (t) => {
  const catalog = fakeCatalog(history.map((c) => ({ ...c, status: 'DOOMED' as const, timestamp: null })));
  const report = await findMatchingCompose(makeBase({ packages: basePkgs('b') }), { catalog });
  t.is(report.result, 'none');
  t.is(report.matches[0]!.compose, null);
  t.true(report.skipped.length >= 4);
  t.true(report.skipped.every((s) => s.reason === 'DOOMED'));
  t.regex(report.repoFile, /FALLBACK/);
});

test('release and arch: options win, EPEL and other releases are ignored, an unknown release is an input error', async (t) => {
  const catalog = fakeCatalog(history);
  const report = await findMatchingCompose(makeBase({ packages: basePkgs('b') }), { catalog, release: '39' });
  t.is(report.target.release, '39');
  t.is(report.target.releaseFrom, 'option');
  t.true(report.matches.every((m) => m.compose === null || m.compose.id.startsWith('Fedora-39-')));
  const aarch = await findMatchingCompose(makeBase({ packages: basePkgs('b') }), {
    catalog: fakeCatalog(history),
    arch: 'aarch64',
  });
  t.is(aarch.target.arch, 'aarch64');
  t.is(aarch.result, 'none', 'no compose has aarch64 repodata here');
  const err = await t.throwsAsync(
    findMatchingCompose(makeBase({ packages: ['foo-1-1.noarch'].map((p) => p) }), {
      catalog: fakeCatalog(history),
    }),
  );
  t.is((err as { code?: string }).code, 'ERR_RELEASE_UNKNOWN');
  const noArch = await findMatchingCompose(makeBase({ arch: null, version: '40.20240515.0' }), {
    catalog: fakeCatalog(history),
  });
  t.is(noArch.target.archFrom, 'default');
  t.true(noArch.notes.some((n) => /probed x86_64/.test(n)));
});

test('--testing searches updates-testing when the base does not say which series', async (t) => {
  const catalog = fakeCatalog(history);
  const report = await findMatchingCompose(makeBase({ packages: basePkgs('d'), kind: 'pkglist' }), {
    catalog,
    testing: true,
  });
  t.is(report.matches[0]!.series, 'updates-testing');
  t.is(report.matches[0]!.compose!.id, 'Fedora-40-updates-testing-20240517.0');
  t.is(report.result, 'packages');
});

test('determinism: same inputs give the same bytes, whatever the listing order', async (t) => {
  const base = makeBase({
    repos: [{ id: 'updates', timestamp: 1 }],
    packages: basePkgs('b'),
    commitTime: epoch('2024-05-16T00:00:00Z'),
  });
  const a = JSON.stringify(await findMatchingCompose(base, { catalog: fakeCatalog(history) }));
  const b = JSON.stringify(await findMatchingCompose(base, { catalog: fakeCatalog([...history].reverse()) }));
  t.is(a, b);
  t.notRegex(a, /20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/, 'no wall-clock time');
});

test('requests: taken from the catalog stats, or counted calls when it has none', async (t) => {
  const catalog = fakeCatalog(history);
  const base = makeBase({
    repos: [{ id: 'updates', timestamp: byId('Fedora-40-updates-20240516.1').timestamp! }],
  });
  const report = await findMatchingCompose(base, { catalog, release: '40' });
  t.deepEqual(report.requests, { count: catalog.stats().requests, bytes: catalog.stats().bytes });
  const { stats: _ignored, ...plain } = fakeCatalog(history);
  const counted = await findMatchingCompose(base, { catalog: plain, release: '40' });
  t.is(counted.requests.bytes, null);
  const c = plain.calls;
  t.is(counted.requests.count, c.list + c.status + c.repomd + c.packages);
  t.true(counted.requests.count > 1);
});

test('abort: an aborted signal stops the search with ERR_ABORTED', async (t) => {
  const controller = new AbortController();
  controller.abort();
  const err = await t.throwsAsync(
    findMatchingCompose(makeBase({ packages: basePkgs('b') }), {
      catalog: fakeCatalog(history),
      signal: controller.signal,
    }),
  );
  t.is((err as { code?: string }).code, 'ERR_ABORTED');
});

test('progress: one event per request, in order', async (t) => {
  const events: string[] = [];
  const catalog = fakeCatalog(history);
  await findMatchingCompose(makeBase({ packages: basePkgs('b') }), {
    catalog,
    onProgress: (p) => events.push(`${p.step}${p.compose === null ? '' : ` ${p.compose}`}`),
  });
  t.deepEqual(
    events,
    catalog.log.map((l) => l.replace(/ x86_64$/, '')),
  );
});

test('drift covers noarch and epoch-carrying packages; multilib builds the base lacks are ignored', async (t) => {
  const catalog = fakeCatalog([{ id: 'Fedora-40-updates-20240516.1', timestamp: 5, packages: pkgs.c }]);
  const base = makeBase({
    packages: ['vim-2:9.1.300-1.fc40.x86_64', 'tzdata-2024a-6.fc40.noarch', 'glibc-2.39-10.fc40.x86_64'],
  });
  const report = await findMatchingCompose(base, { catalog });
  t.deepEqual(report.matches[0]!.drift, [
    {
      name: 'tzdata',
      arch: 'noarch',
      baseEvr: '2024a-6.fc40',
      composeEvr: '2024a-5.fc40',
      gaEvr: '2024a-4.fc40',
      direction: 'older',
      composeId: 'Fedora-40-updates-20240516.1',
    },
    {
      name: 'vim',
      arch: 'x86_64',
      baseEvr: '2:9.1.300-1.fc40',
      composeEvr: '2:9.1.393-1.fc40',
      gaEvr: '2:9.1.158-1.fc40',
      direction: 'newer',
      composeId: 'Fedora-40-updates-20240516.1',
    },
  ]);
  t.deepEqual(report.matches[0]!.evidence.packages, {
    shared: 3,
    newer: 1,
    older: 1,
    absent: 0,
    fromGa: 0,
    unchecked: 0,
    unexplained: 0,
  });
});

test('an explicit zero epoch and no epoch are the same build', async (t) => {
  const catalog = fakeCatalog([
    {
      id: 'Fedora-40-updates-20240516.1',
      timestamp: 5,
      packages: ['bash-5.2.26-3.fc40.x86_64', 'vim-2:9.1.393-1.fc40.x86_64'],
    },
  ]);
  const base = makeBase({ packages: ['bash-0:5.2.26-3.fc40.x86_64', 'vim-2:9.1.393-1.fc40.x86_64'] });
  const report = await findMatchingCompose(base, { catalog });
  t.is(report.result, 'packages');
  const older = await findMatchingCompose(makeBase({ packages: ['bash-0:5.2.26-4.fc40.x86_64'] }), {
    catalog: fakeCatalog([
      { id: 'Fedora-40-updates-20240516.1', timestamp: 5, packages: ['bash-5.2.26-3.fc40.x86_64'] },
    ]),
  });
  t.deepEqual(
    older.matches[0]!.drift.map((d) => [d.baseEvr, d.composeEvr, d.direction]),
    [['5.2.26-4.fc40', '5.2.26-3.fc40', 'older']],
  );
});

test('a Silverblue ref gives the release, the arch and, for testing refs, the series to try first', async (t) => {
  const base = makeBase({ arch: null, packages: [] });
  base.source.ref = 'fedora/40/x86_64/testing/silverblue';
  base.version = '40.20240517.0';
  const report = await findMatchingCompose(base, { catalog: fakeCatalog(history) });
  t.like(report.target, { arch: 'x86_64', archFrom: 'ref', release: '40', releaseFrom: 'version' });
  t.is(report.matches[0]!.compose!.id, 'Fedora-40-updates-testing-20240517.0');
  base.version = null;
  base.packages = [];
  base.source.ref = 'fedora/40/aarch64/silverblue';
  const noVersion = await findMatchingCompose(base, { catalog: fakeCatalog(history) });
  t.like(noVersion.target, { arch: 'aarch64', archFrom: 'ref', release: '40', releaseFrom: 'ref' });
});
