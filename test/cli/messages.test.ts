/** What a newcomer sees on bad input: what failed, on what, what to do, and the right exit code. */
import test from 'ava';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../helpers/run-cli.js';
import { worldRoot } from '../helpers/world.js';

const composeRoot = join(worldRoot, 'kojipkgs', 'compose', 'updates');
const status = join(worldRoot, 'bases', 'status.json');
const local = ['--compose-root', composeRoot, '--no-cache'];

test('-o into a missing directory fails before any request, and says the directory is missing', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'cm-msg-'));
  const r = await runCli(['match', '--status', status, '-o', join(dir, 'no', 'x.repo'), ...local]);
  t.is(r.code, 2);
  t.regex(
    r.stderr,
    /Could not write \S+\/no\/x\.repo: the directory \S+\/no does not exist \[ERR_WRITE_FAILED\]/,
  );
  t.false(r.stderr.includes('base:'), 'nothing was matched first');
  t.false(r.stderr.includes('.tmp'), 'the temporary name is not the user’s business');
});

test('-o naming a directory says to give a file name', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'cm-msg-'));
  mkdirSync(join(dir, 'sub'));
  const r = await runCli(['match', '--status', status, '-o', 'sub', ...local], { cwd: dir });
  t.is(r.code, 2);
  t.regex(r.stderr, /sub is a directory; give a file name \[ERR_WRITE_FAILED\]/);
  t.deepEqual(readdirSync(dir), ['sub']);
});

test('--arch with a typo is a usage error before any request', async (t) => {
  const r = await runCli(['match', '--status', status, '--arch', 'x86-64', ...local]);
  t.is(r.code, 2);
  t.regex(
    r.stderr,
    /Arch 'x86-64' is not an architecture composes are built for; give a base arch such as x86_64/,
  );
  t.regex(r.stderr, /\[ERR_MATCH_OPTION\]/);
});

test('an arch the composes lack: each skipped compose says why, not just "unreadable"', async (t) => {
  const r = await runCli(['match', '--status', status, '--arch', 'aarch64', ...local]);
  t.is(r.code, 3, r.stderr);
  t.regex(
    r.stderr,
    /skipped Fedora-32-updates-\S+: repomd: \S+ has no Everything repo for aarch64 .*\[ERR_COMPOSE_NO_REPO\]/,
  );
});

test('--release with no composes names the releases the root does hold', async (t) => {
  const r = await runCli(['match', '--status', status, '--release', '99', ...local]);
  t.is(r.code, 3, r.stderr);
  t.regex(
    r.stderr,
    /no Fedora 99 updates composes: it lists Fedora 32; check the release asked for \(--release\)/,
  );
});

test('a compose root that is not there says it was meant as the compose root', async (t) => {
  const r = await runCli(['composes', '--compose-root', join(composeRoot, 'missing'), '--no-cache']);
  t.is(r.code, 2);
  t.regex(
    r.stderr,
    /No compose root at file:\/\/\S+\/missing\/ .*expected a directory of updates composes.*\[ERR_NOT_FOUND\]/,
  );
});

test('composes --arch: a compose without that arch says so on its row', async (t) => {
  const r = await runCli(['composes', '--arch', 'aarch64', ...local]);
  t.is(r.code, 0, r.stderr);
  t.regex(
    r.stdout,
    /^Fedora-32-updates-\S+ {2}FINISHED {2}\S+ {2}- {2}\(ERR_COMPOSE_NO_REPO: .* has no Everything repo for aarch64/m,
  );
});

test('the real binary stops quietly when its reader goes away (| head)', async (t) => {
  const bin = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'cli', 'bin.js');
  const child = spawn(process.execPath, [bin, 'composes', ...local], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  t.is(stderr, '');
  t.is(code, 0);
});
