/** `npm start`: the demo on the bundled sample prints both cases and exits 0, offline. */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { demoScript, prunedRef, runDemo } from '../../scripts/demo.js';
import type { Nevra } from '../../src/rpm/types.js';
import { loadTruth, worldRoot } from '../helpers/world.js';

const truth = loadTruth();
const host = truth.bases[truth.sources.status.deployments[truth.sources.status.bootedDeployment]!.base]!;
const pruned = Object.values(truth.bases).find((b) => b.ref === prunedRef)!;

test('the demo finds the host compose, shows the pruned base drift, fetches its exact builds and resolves to 0', async (t) => {
  let out = '';
  t.is(await runDemo({ write: (s: string) => (out += s) }), 0, out);
  t.regex(out, /served on http:\/\/127\.0\.0\.1:\d+\/\. No network\./);
  t.true(out.includes(`$ compose-match match --status fixtures/world/bases/status.json`), out);
  t.true(out.includes(`${host.expected.compose}, by ${host.expected.result}`), out);
  t.true(out.includes(`\n[${host.expected.compose}]\n`), 'the .repo section is printed');
  t.regex(out, /exit 0: found/);
  t.true(out.includes(`--ref ${pruned.ref}`));
  for (const d of pruned.nearest!.wouldReplace)
    t.true(
      out.includes(`${d.name}.${d.arch} ${d.base} -> ${d.compose} (newer: would replace the base package)`),
      d.name,
    );
  t.regex(out, /exit 3: no retained compose/);
  t.true(pruned.builtFromPruned);
  // truth.json's `fetch` (left out of the schema in test/helpers/world.ts): what fetch takes and where.
  type FetchTruth = Record<string, { builds: { nevra: Nevra; source: string }[] }>;
  const raw = JSON.parse(readFileSync(join(worldRoot, 'truth.json'), 'utf8')) as {
    bases: Record<string, { ref?: string; fetch?: FetchTruth }>;
  };
  const builds = Object.values(raw.bases).find((b) => b.ref === prunedRef)!.fetch!['kernel-devel-matched']!
    .builds;
  for (const b of builds) {
    const nevra = `${b.nevra.name}-${b.nevra.version}-${b.nevra.release}.${b.nevra.arch}`;
    t.true(out.includes(`${nevra}.rpm`), `${nevra} is in DIR`);
    t.regex(out, new RegExp(`${nevra.replace(/[.+]/g, '\\$&')}.*from updates-archive`), nevra);
  }
  t.regex(out, /exit 0: the base kernel's own kernel-devel/);
});

test('the built script runs as a program and exits 0', (t) => {
  const r = spawnSync(process.execPath, [demoScript], { cwd: dirname(dirname(worldRoot)), encoding: 'utf8' });
  t.is(r.status, 0, r.stderr);
  t.true(r.stdout.includes(`[${host.expected.compose}]`));
});
