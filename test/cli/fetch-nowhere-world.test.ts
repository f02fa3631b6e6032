/**
 * `compose-match fetch` on the world's `fcos-lib-nowhere` (worldgen/nowhere.py): a package-only
 * base whose e2fsprogs build no source holds any more. The base libcom_err's source package is
 * learnt from GA's libcom_err (same name and arch), said in a note; the libcom_err-devel it fixes is
 * nowhere, so fetch exits 3 naming the build, the base package it came from and what each source
 * holds, all as the truth (written by the generator from what it served) says.
 */
import test from 'ava';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWorldServer, type WorldServer } from '../../scripts/world-server.js';
import type { FetchPlan } from '../../src/fetch/plan/types.js';
import { formatNevra } from '../../src/rpm/nevra.js';
import type { Nevra } from '../../src/rpm/types.js';
import { runCli } from '../helpers/run-cli.js';
import { worldFetchRoots, worldRoot } from '../helpers/world.js';

interface NowhereTruth {
  request: string;
  wanted: Nevra;
  basePackage: Nevra;
  sourcerpm: string;
  inferredFrom: { source: string; nevra: Nevra };
  holds: Record<string, string[]>;
  exit: number;
}

const truth = JSON.parse(readFileSync(join(worldRoot, 'truth.json'), 'utf8')) as {
  bases: Record<string, { commit: string; fetchNowhere?: NowhereTruth }>;
};
const base = truth.bases['fcos-lib-nowhere']!;
const expected = base.fetchNowhere!;

let server: WorldServer;
test.before(async () => {
  server = await startWorldServer();
});
test.after.always(async () => {
  await server?.close();
});

async function fetchNowhere(json: boolean) {
  const dest = mkdtempSync(join(tmpdir(), 'cm-fetch-nowhere-'));
  const r = await runCli([
    'fetch',
    '--ostree-repo',
    join(worldRoot, 'ostree', 'repo'),
    '--commit',
    base.commit,
    expected.request,
    ...worldFetchRoots(`${server.url}compose/updates/`),
    '--dest',
    dest,
    ...(json ? ['--json'] : []),
  ]);
  return { ...r, dest };
}

test('fcos-lib-nowhere: the build wanted, from the base package, found nowhere: exit 3', async (t) => {
  const r = await fetchNowhere(true);
  t.is(r.code, expected.exit, r.stderr);
  const plan = JSON.parse(r.stdout) as FetchPlan;
  t.is(plan.outcome, 'missing');
  t.deepEqual(
    plan.builds.map((b) => `${b.status} ${formatNevra(b.nevra)} ${b.sourcerpm}`),
    [`missing ${formatNevra(expected.wanted)} ${expected.sourcerpm}`],
  );
  t.deepEqual(plan.builds[0]!.reason, {
    kind: 'requested',
    name: expected.request,
    family: formatNevra(expected.basePackage),
  });
  t.deepEqual(readdirSync(r.dest), []);
  // What each source holds of the name, per source kind, is what the generator served.
  const holds: Record<string, string[]> = {};
  for (const a of plan.builds[0]!.answers) {
    t.is(a.status, 'absent');
    holds[a.source.kind] = a.holds!;
  }
  t.deepEqual(holds, expected.holds);
});

test('fcos-lib-nowhere: the source package is inferred from another build of the name and arch, in a note', async (t) => {
  const r = await fetchNowhere(true);
  const plan = JSON.parse(r.stdout) as FetchPlan;
  t.deepEqual(
    plan.inferred.map((i) => ({ ...i, source: i.source.kind })),
    [
      {
        package: formatNevra(expected.basePackage),
        sourcerpm: expected.sourcerpm,
        from: formatNevra(expected.inferredFrom.nevra),
        source: expected.inferredFrom.source,
      },
    ],
  );
});

test('fcos-lib-nowhere: the message names the build, the base package and each source answer', async (t) => {
  const r = await fetchNowhere(false);
  t.is(r.code, 3, r.stderr);
  t.is(r.stdout, '');
  const wanted = formatNevra(expected.wanted).replaceAll('.', '\\.');
  const member = formatNevra(expected.basePackage).replaceAll('.', '\\.');
  t.regex(r.stderr, new RegExp(`${wanted} for ${expected.request} \\(base ${member}\\): nowhere\\.`));
  const ga = expected.holds.ga!.join(', ').replaceAll('.', '\\.');
  t.regex(
    r.stderr,
    new RegExp(
      `what the sources hold of ${expected.request}: .*fedora holds ${ga}; .*updates-archive: not there; koji: not there`,
    ),
  );
  t.regex(
    r.stderr,
    /note: no source lists the base's libcom_err-1\.45\.5-4\.fc32\.x86_64; its source package is taken as e2fsprogs-1\.45\.5-4\.fc32\.src\.rpm/,
  );
  t.notRegex(r.stderr, /ERR_FETCH_NO_FAMILY/);
});
