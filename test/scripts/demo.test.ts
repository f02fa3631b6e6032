/** `npm start`: the demo on the bundled sample prints both cases and exits 0, offline. */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { dirname } from 'node:path';
import { demoScript, runDemo } from '../../scripts/demo.js';
import { loadTruth, worldRoot } from '../helpers/world.js';

const truth = loadTruth();
const host = truth.bases[truth.sources.status.deployments[truth.sources.status.bootedDeployment]!.base]!;
const pruned = Object.values(truth.bases).find((b) => b.builtFromPruned)!;

test('the demo finds the host compose, shows the pruned base drift and resolves to 0', async (t) => {
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
});

test('the built script runs as a program and exits 0', (t) => {
  const r = spawnSync(process.execPath, [demoScript], { cwd: dirname(dirname(worldRoot)), encoding: 'utf8' });
  t.is(r.status, 0, r.stderr);
  t.true(r.stdout.includes(`[${host.expected.compose}]`));
});
