/**
 * `compose-match match --koji-hub` end to end on the world: a base whose compose was pruned and
 * never indexed is rebuilt from the hub's f32-updates history, and its `.repo` is the durable one
 * (updates-archive and live updates stanzas restricted to the state's builds).
 */
import { join } from 'node:path';
import { kojiMatch, kojiWorldRoots, withKojiWorld } from '../helpers/koji-world-hub.js';
import { runCli } from '../helpers/run-cli.js';
import { testWithTools } from '../helpers/tools.js';
import { loadTruth, worldRoot } from '../helpers/world.js';

const withPython = testWithTools({ python: 'xmlrpc.server' });

withPython(
  'match --koji-hub: a pruned, unindexed base is exact from Koji, with a durable .repo',
  async (t) => {
    const truth = loadTruth();
    await withKojiWorld(async (hub, w) => {
      const ref = 'fedora/x86_64/coreos/testing';
      // Without Koji, the compose index or nothing: no retained compose agrees (exit 3).
      const without = await runCli([
        'match',
        '--ostree-repo',
        join(worldRoot, 'ostree', 'repo'),
        '--ref',
        ref,
        ...kojiWorldRoots(w).slice(0, 4),
        '--no-cache',
      ]);
      t.is(without.code, 3, without.stderr);
      const { code, stderr, report } = await kojiMatch(hub, w, ref);
      t.is(code, 0, stderr);
      t.is(report.result, 'koji');
      const m = report.matches[0]!;
      const compose = truth.composes.find((c) => c.id === truth.bases['fcos-testing']!.builtFrom.updates)!;
      t.is(m.koji?.packages.length, compose.packages.length);
      t.deepEqual(m.coverage?.missing, []);
      // Every build of the state is listed by full NEVRA (in the archive stanza, and the live one while
      // it is there), and no stanza points at a repo of the state: none exists.
      const listed = m.coverage!.sources.flatMap((s) => s.includepkgs);
      t.deepEqual([...new Set(listed)].sort(), [...m.koji!.packages].sort());
      t.regex(report.repoFile, /^includepkgs=/m);
      t.notRegex(report.repoFile, /^baseurl=.*Koji-/m);
      t.regex(stderr, /Rebuilt from Koji .*f32-updates at event \d+/);
      t.regex(stderr, /compose-match fetch NAME/);
      t.regex(stderr, /note: Koji hub http:\/\/127\.0\.0\.1:\d+\/kojihub: 4 requests carrying \d+ calls/);
    });
  },
);

withPython('--koji-hub with something other than an http(s) URL is a usage error', async (t) => {
  const r = await runCli([
    'match',
    '--pkglist',
    join(worldRoot, 'bases', 'pkglist.txt'),
    '--koji-hub',
    'ftp://x',
  ]);
  t.is(r.code, 2, r.stderr);
  t.regex(r.stderr, /--koji-hub takes the hub's http\(s\) URL/);
});
