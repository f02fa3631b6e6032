/**
 * A snapshot known only from a compose index (`retained: false`) never gets an enabled stanza: its
 * compose is gone, and an enabled repo that 404s blocks every rpm-ostree command.
 */
import test from 'ava';
import { renderRepoFile, type RepoFileInput } from '../../src/repofile/render-repo-file.js';

const id = 'Fedora-40-updates-20240516.0';
const compose = (retained: boolean) => ({
  id,
  baseurl: `https://kojipkgs.fedoraproject.org/compose/updates/${id}/compose/Everything/$basearch/os/`,
  status: 'FINISHED' as const,
  repoTimestamp: 1,
  date: '20240516',
  retained,
});

function report(retained: boolean): RepoFileInput {
  return {
    result: 'timestamp',
    target: { release: '40', arch: 'x86_64' },
    matches: [
      {
        repoId: 'updates',
        series: 'updates',
        result: 'timestamp',
        compose: compose(retained),
        evidence: { summary: 's', timestamp: null, version: null, packages: null, candidates: [] },
        drift: [],
        unexplained: [],
      },
    ],
  } as unknown as RepoFileInput;
}

test('a pruned snapshot has no enabled stanza and no live baseurl; a retained one does', (t) => {
  const gone = renderRepoFile(report(false));
  t.false(/^baseurl=.*compose\/updates/m.test(gone), gone);
  t.false(/^enabled=1/m.test(gone), gone);
  t.regex(gone, /PRUNED SNAPSHOT .*Fedora-40-updates-20240516\.0/);
  t.regex(gone, /^#baseurl=.*updates-archive/m);
  const kept = renderRepoFile(report(true));
  t.regex(kept, /^baseurl=.*Fedora-40-updates-20240516\.0\/compose/m);
  t.regex(kept, /^enabled=1/m);
});
