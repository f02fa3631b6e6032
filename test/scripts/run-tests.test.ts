/**
 * `npm test` on a machine without some Debian tools (issue 22 part 5): ava run through
 * scripts/run-tests.ts with a `PATH` that lacks umoci skips the tests that need it (their
 * `before`/`after.always` hooks included), ends with one line naming the package and the command
 * that installs it, and under `CI=true` fails instead.
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathWithout } from '../helpers/hidden-path.js';
import { missingToolsFileVariable, missingToolsLine } from '../helpers/missing-tools.js';
import { findOnPath } from '../helpers/on-path.js';
import { repoRoot } from '../helpers/repo-root.js';
import { knownDebianPackages } from '../helpers/tools.js';

const runner = join(repoRoot, 'dist', 'scripts', 'run-tests.js');
// A small file whose hooks start a server and whose tests all need umoci.
const testFile = 'test/image/match-image.test.ts';

function runWithout(hidden: string[], ci: boolean): { status: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'cm-hidden-path-'));
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: pathWithout(hidden, join(dir, 'bin')) };
    delete env['CI'];
    delete env[missingToolsFileVariable];
    if (ci) env['CI'] = 'true';
    const r = spawnSync(process.execPath, [runner, testFile], { cwd: repoRoot, env, encoding: 'utf8' });
    return { status: r.status, output: r.stdout + r.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('every Debian package tools.ts can name is one CI installs', (t) => {
  const listed = readFileSync(join(repoRoot, '.ci', 'debian-packages'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  t.deepEqual(
    knownDebianPackages().filter((p) => !listed.includes(p)),
    [],
  );
});

test('the hidden PATH lacks exactly the hidden commands', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'cm-hidden-path-'));
  try {
    const path = pathWithout(['umoci', 'sh'], join(dir, 'bin'));
    t.is(findOnPath('umoci', path), undefined);
    t.is(findOnPath('sh', path), undefined);
    t.not(findOnPath('node', path), undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the summary names each package once, sorted, with the install command', (t) => {
  const recorded =
    JSON.stringify({ requirements: ['command umoci'], packages: ['umoci'] }) +
    '\n' +
    JSON.stringify({ requirements: ['command rpmsign', 'command skopeo'], packages: ['rpm', 'skopeo'] }) +
    '\n' +
    JSON.stringify({ requirements: ['command umoci'], packages: ['umoci'] }) +
    '\n';
  t.is(
    missingToolsLine(recorded),
    'Missing Debian packages (tests that need them skip, or fail under CI=true): rpm skopeo umoci. ' +
      'Install them with: sudo apt-get install -y --no-install-recommends rpm skopeo umoci',
  );
  t.is(missingToolsLine(''), null);
});

test.serial('umoci hidden: the tests skip, hooks included, and the run ends with the install line', (t) => {
  const r = runWithout(['umoci'], false);
  t.is(r.status, 0, r.output);
  t.regex(r.output, /\d+ tests? skipped/);
  t.notRegex(r.output, /uncaught exception|failed|passed/i);
  const last = r.output.trimEnd().split('\n').pop();
  t.is(
    last,
    'Missing Debian packages (tests that need them skip, or fail under CI=true): umoci. ' +
      'Install them with: sudo apt-get install -y --no-install-recommends umoci',
  );
});

test.serial('umoci hidden under CI=true: the run fails, naming the package', (t) => {
  const r = runWithout(['umoci'], true);
  t.not(r.status, 0, r.output);
  t.regex(r.output, /CI=true but required tools are missing: command umoci \(Debian packages umoci;/);
});
