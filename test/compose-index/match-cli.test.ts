/**
 * `match --index` in-process: the world recorded with `index update`, then matched with a compose
 * root that is gone entirely (offline, or every compose pruned). The base is still identified by
 * timestamp from the index, reported `retained: false`, and the `.repo` enables nothing that points
 * at the gone compose.
 */
import test from 'ava';
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MatchReportSchema } from '../../src/report/match-report.js';
import { runCli } from '../helpers/run-cli.js';
import { worldRoot } from '../helpers/world.js';

test('match --index identifies a pruned compose exactly, offline, and emits no stanza for it', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'cm-index-matchcli-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const index = join(dir, 'index');
  // The live updates repo as the mirrors lay it out: a copy of the latest compose's os/ repo.
  await mkdir(join(dir, 'updates', '32', 'Everything'), { recursive: true });
  await symlink(
    join(worldRoot, 'kojipkgs', 'compose', 'updates', 'f32-updates', 'compose', 'Everything', 'x86_64', 'os'),
    join(dir, 'updates', '32', 'Everything', 'x86_64'),
  );
  const update = await runCli([
    'index',
    'update',
    '--index',
    index,
    '--compose-root',
    join(worldRoot, 'kojipkgs', 'compose', 'updates'),
    '--arch',
    'x86_64',
    '--no-cache',
  ]);
  t.is(update.code, 0, update.stderr);
  const r = await runCli([
    'match',
    '--ostree-repo',
    join(worldRoot, 'ostree', 'repo'),
    '--ref',
    'fedora/x86_64/coreos/stable',
    '--index',
    index,
    '--compose-root',
    join(dir, 'gone'),
    '--release-root',
    join(dir, 'gone-too'),
    '--archive-root',
    join(worldRoot, 'updates-archive'),
    '--updates-root',
    join(dir, 'updates'),
    '--json',
    '--no-cache',
  ]);
  t.is(r.code, 0, r.stderr);
  const report = MatchReportSchema.parse(JSON.parse(r.stdout));
  const m = report.matches.find((x) => x.series === 'updates');
  t.is(m?.result, 'timestamp');
  t.is(m?.compose?.id, 'Fedora-32-updates-20200803.0');
  t.false(m?.compose?.retained);
  t.true(
    report.notes.some((n) => /could not be listed.*matched over the index alone/.test(n)),
    report.notes.join('\n'),
  );
  t.is(m?.compose?.baseurl, null);
  // Stanzas only for the durable sources, none pointing into the gone compose.
  const baseurls = [...report.repoFile.matchAll(/^baseurl=(.*)$/gm)].map((x) => x[1]!);
  t.deepEqual(
    baseurls.map((u) => u.replace(/^.*\/(updates-archive|updates)\/.*$/, '$1')),
    ['updates-archive', 'updates'],
    report.repoFile,
  );
  t.false(
    baseurls.some((u) => u.includes('Fedora-32-updates-20200803.0')),
    report.repoFile,
  );
  t.regex(report.repoFile, /^# PRUNED SNAPSHOT/m);
  t.regex(report.repoFile, /^\[Fedora-32-updates-20200803\.0-updates-archive\]$/m);
  t.true(m?.coverage?.complete);
  t.regex(r.stderr, /Fedora-32-updates-20200803\.0 \(pruned: known from the index only\), by timestamp/);
});
