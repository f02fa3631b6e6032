import test from 'ava';
import { findMatchingCompose } from '../../src/match/find-matching-compose.js';
import type { Match, MatchReport } from '../../src/report/match-report.js';
import { renderRepoFile, updatesArchiveStanza } from '../../src/repofile/render-repo-file.js';
import { encodeUrl } from '../../src/repofile/ini-safe.js';
import { dnfReadRepos } from '../helpers/dnf-repos.js';
import { fakeCatalog } from '../helpers/fake-catalog.js';
import { makeBase } from '../helpers/make-base.js';
import { basePkgs, history } from '../helpers/match-world.js';
import { testWithTools } from '../helpers/tools.js';

const root = 'https://kojipkgs.fedoraproject.org/compose/updates/';

function match(id: string, parts: Partial<Match> = {}): Match {
  return {
    repoId: 'updates',
    series: 'updates',
    result: 'timestamp',
    compose: {
      id,
      baseurl: `${root}${id}/compose/Everything/$basearch/os/`,
      status: 'FINISHED',
      repoTimestamp: 1,
      date: '20240516',
      retained: true,
    },
    evidence: { summary: 's', timestamp: null, version: null, packages: null, candidates: [] },
    drift: [],
    unexplained: [],
    coverage: null,
    ...parts,
  };
}

function report(
  matches: Match[],
  result: MatchReport['result'] = 'timestamp',
): Pick<MatchReport, 'result' | 'target' | 'matches'> {
  return {
    result,
    target: { composeRoot: root, arch: 'x86_64', archFrom: 'base', release: '40', releaseFrom: 'version' },
    matches,
  };
}

/** Non-comment, non-blank lines. */
const active = (text: string): string[] => text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));

test('a matched compose becomes one enabled section with the snapshot options', (t) => {
  const text = renderRepoFile(report([match('Fedora-40-updates-20240516.1')]));
  t.deepEqual(active(text), [
    '[Fedora-40-updates-20240516.1]',
    'name=Fedora updates snapshot Fedora-40-updates-20240516.1 - $basearch',
    `baseurl=${root}Fedora-40-updates-20240516.1/compose/Everything/$basearch/os/`,
    'enabled=1',
    'gpgcheck=1',
    'gpgkey=file:///etc/pki/rpm-gpg/RPM-GPG-KEY-fedora-$releasever-$basearch',
    'repo_gpgcheck=0',
    'metadata_expire=-1',
    'priority=1',
  ]);
  t.regex(text, /REMOVE this file/);
  t.regex(text, /every rpm-ostree command fails/);
  t.regex(text, /re-resolves layered packages on every upgrade/);
  t.notRegex(text, /FALLBACK/);
});

testWithTools({ python: 'dnf' })('dnf reads the section as intended', (t) => {
  const [repo, ...rest] = dnfReadRepos(renderRepoFile(report([match('Fedora-40-updates-20240516.1')])));
  t.is(rest.length, 0);
  t.like(repo, {
    id: 'Fedora-40-updates-20240516.1',
    baseurl: [`${root}Fedora-40-updates-20240516.1/compose/Everything/x86_64/os/`],
    enabled: true,
    gpgcheck: true,
    repo_gpgcheck: false,
    gpgkey: ['file:///etc/pki/rpm-gpg/RPM-GPG-KEY-fedora-40-x86_64'],
    priority: 1,
    metadata_expire: -1,
  });
});

const hostile = [
  'Fedora-40-updates-20240516.1\n[evil]\nbaseurl=http://evil.example/\ngpgcheck=0',
  'Fedora-40-updates-20240516.1]\ngpgcheck=0',
  'Fedora-40=updates]\r\ngpgcheck=0\u2028x\u0000',
  'Fedora $releasever ] = [',
];

testWithTools({ python: 'dnf' })('a hostile compose ID or URL cannot add a section or an option', (t) => {
  for (const id of hostile) {
    const m = match(id, {
      repoId: `updates\ngpgcheck=0`,
      compose: { ...match(id).compose!, status: 'FINISHED' },
    });
    const text = renderRepoFile(report([m]));
    const lines = active(text);
    t.is(lines.filter((l) => l.startsWith('[')).length, 1, JSON.stringify(id));
    t.deepEqual(
      lines.slice(1).map((l) => l.slice(0, l.indexOf('='))),
      ['name', 'baseurl', 'enabled', 'gpgcheck', 'gpgkey', 'repo_gpgcheck', 'metadata_expire', 'priority'],
    );
    t.regex(lines[0]!, /^\[[A-Za-z0-9._:-]+\]$/);
    t.notRegex(text, /[\r\u0000\u2028]/);
    const repos = dnfReadRepos(text);
    t.is(repos.length, 1);
    t.true(repos[0]!.gpgcheck);
    t.true(repos[0]!.baseurl[0]!.startsWith(`${root}`));
    t.false(repos[0]!.baseurl[0]!.includes('evil.example/\n'));
  }
});

test('URLs are percent-encoded, https stays https, other schemes are refused', (t) => {
  t.is(
    encodeUrl('https://h/a b/$releasever/%41/100%/é/$basearch/'),
    'https://h/a%20b/%24releasever/%41/100%25/%C3%A9/$basearch/',
  );
  t.is(encodeUrl('https://h/x\n[y]'), 'https://h/x%0A[y]');
  t.true(encodeUrl('https://h/').startsWith('https:'));
  for (const bad of ['javascript:alert(1)', 'ftp://h/x', 'not a url']) {
    const err = t.throws(() => encodeUrl(bad));
    t.is((err as { code?: string }).code, 'ERR_UNSAFE_URL');
  }
});

test('a caller repo id must be valid; a value with a line break is refused', (t) => {
  const r = report([match('Fedora-40-updates-20240516.1')]);
  t.regex(renderRepoFile(r, { repoId: 'my-snap' }), /^\[my-snap\]$/m);
  for (const id of ['a\nb', 'a=b', 'a]', '', 'a b']) {
    const err = t.throws(() => renderRepoFile(r, { repoId: id }));
    t.is((err as { code?: string }).code, 'ERR_REPO_ID_INVALID', JSON.stringify(id));
  }
  const err = t.throws(() => renderRepoFile(r, { gpgKey: 'file:///k\ngpgcheck=0' }));
  t.is((err as { code?: string }).code, 'ERR_UNSAFE_VALUE');
});

test('several snapshots get distinct sections; --repo-id gets the series appended', (t) => {
  const r = report([
    match('Fedora-40-updates-20240516.1'),
    match('Fedora-40-updates-testing-20240516.0', { repoId: 'updates-testing', series: 'updates-testing' }),
  ]);
  t.deepEqual(
    active(renderRepoFile(r, { repoId: 'snap' })).filter((l) => l.startsWith('[')),
    ['[snap-updates]', '[snap-updates-testing]'],
  );
  const same = report([
    match('Fedora-40-updates-20240516.1'),
    match('Fedora-40-updates-20240516.1', { repoId: 'fedora-updates' }),
  ]);
  t.is(active(renderRepoFile(same)).filter((l) => l.startsWith('[')).length, 1, 'one section per compose');
});

test('no consistent snapshot: drift and the nearest stanza commented, Fedora updates-archive offered as a labelled fallback', async (t) => {
  const catalog = fakeCatalog(history.filter((c) => c.id !== 'Fedora-40-updates-20240515.0'));
  const base = makeBase({ packages: basePkgs('b'), commitTime: 1715800000 });
  const rep = await findMatchingCompose(base, { catalog });
  t.is(rep.result, 'nearest');
  const text = rep.repoFile;
  t.deepEqual(active(text), [], 'nothing enabled');
  t.regex(text, /NO CONSISTENT SNAPSHOT for updates/);
  t.regex(text, /Nearest retained compose: Fedora-40-updates-20240514\.0/);
  t.regex(text, /#   bash\.x86_64 5\.2\.26-3\.fc40 -> 5\.2\.26-1\.fc40 \(older/);
  t.regex(text, /FALLBACK \(commented out; review, then uncomment to use\)/);
  for (const line of updatesArchiveStanza) t.true(text.includes(`\n#${line}\n`), line);
  t.true(
    updatesArchiveStanza.includes(
      'baseurl=https://fedoraproject-updates-archive.fedoraproject.org/fedora/$releasever/$basearch/',
    ),
  );
});

testWithTools({ python: 'dnf' })(
  'the fallback stanza, uncommented, is what dnf reads as Fedora updates-archive',
  (t) => {
    const [repo] = dnfReadRepos(updatesArchiveStanza.join('\n') + '\n');
    t.like(repo, {
      id: 'updates-archive',
      baseurl: ['https://fedoraproject-updates-archive.fedoraproject.org/fedora/40/x86_64/'],
      gpgcheck: true,
      cost: 10000,
    });
  },
);

test('the .repo is the same bytes for the same report', (t) => {
  const r = report([match('Fedora-40-updates-20240516.1')]);
  t.is(renderRepoFile(r), renderRepoFile(structuredClone(r)));
});
