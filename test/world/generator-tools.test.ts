/**
 * The world generator and the tests that run it agree on what it needs (issue 22 part 5): the
 * commands `scripts/world/generate` checks are the commands of `worldGeneratorRequirements`, and with
 * one hidden from PATH it stops with one line naming it, not a traceback.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathWithout } from '../helpers/hidden-path.js';
import { repoRoot } from '../helpers/repo-root.js';
import { systemPython, testWithTools, worldGeneratorRequirements } from '../helpers/tools.js';

// Only the Python the generator runs under: the check comes before any tool is used.
const test = testWithTools({ python: 'argparse' });

const generate = join(repoRoot, 'scripts/world/generate');

test('the generator lists the commands the tests require for it', (t) => {
  const r = spawnSync(systemPython, [generate, '--list-commands'], { encoding: 'utf8' });
  t.is(r.status, 0, r.stderr);
  const commands = worldGeneratorRequirements.flatMap((q) => ('command' in q ? [q.command] : []));
  t.deepEqual(r.stdout.trim().split('\n').sort(), [...commands].sort());
});

test('rpmsign hidden: the generator stops at once with one line naming it', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'cm-gen-path-'));
  try {
    const PATH = pathWithout(['rpmsign'], join(dir, 'bin'));
    const r = spawnSync(systemPython, [generate, join(dir, 'world')], {
      encoding: 'utf8',
      env: { ...process.env, PATH },
    });
    t.is(r.status, 2);
    t.is(r.stderr, 'scripts/world/generate: not on PATH: rpmsign (see .ci/debian-packages)\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
