import test from 'ava';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runCli } from '../helpers/run-cli.js';

// [A, B, printed operator, exit code]: rpmdev-vercmp's codes, 0 equal, 11 A newer, 12 B newer.
const CASES: readonly (readonly [string, string, string, number])[] = [
  ['1.0~rc1', '1.0', '<', 12],
  ['1.0', '1.0~rc1', '>', 11],
  ['1.0', '1.0', '==', 0],
  ['0:1.0-1', '1.0-1', '==', 0],
  ['1:1.0', '2.0', '>', 11],
  ['1.0', '1.0-1', '<', 12],
  ['1.0^git1', '1.0', '>', 11],
  // An EVR whose release has dots: .fc32 is not an arch, so this is not a NEVRA.
  ['1.0-1.fc32', '1.0-1.fc31', '>', 11],
  // NEVRAs in every form; only the EVR is compared.
  ['bash-5.0.17-2.fc32.x86_64', 'bash-5.0.17-1.fc32.x86_64', '>', 11],
  ['bash-5.0.17-1.fc32.x86_64', '1:bash-5.0.17-1.fc32.x86_64.rpm', '<', 12],
  ['bash-1:5.0.17-1.fc32.x86_64', '1:bash-5.0.17-1.fc32.x86_64', '==', 0],
  ['bash-5.0.17-1.fc32.x86_64', '5.0.17-1.fc32', '==', 0],
  ['glibc-2.31-2.fc32.src', 'glibc-2.31-2.fc32.noarch', '==', 0],
];

test('vercmp prints A <op> B and exits like rpmdev-vercmp', async (t) => {
  for (const [a, b, op, code] of CASES) {
    const result = await runCli(['vercmp', a, b]);
    t.is(result.stdout, `${a} ${op} ${b}\n`, `${a} vs ${b}`);
    t.is(result.code, code, `${a} vs ${b}`);
    t.is(result.stderr, '');
  }
});

test('vercmp notes when two NEVRAs name different packages', async (t) => {
  const result = await runCli(['vercmp', 'bash-1.0-1.x86_64', 'zsh-1.0-1.x86_64']);
  t.is(result.code, 0);
  t.regex(result.stderr, /different packages 'bash' and 'zsh'/);
});

test('vercmp reports bad usage and malformed versions with exit 2', async (t) => {
  for (const argv of [
    ['vercmp'],
    ['vercmp', '1.0'],
    ['vercmp', '1', '2', '3'],
    ['vercmp', '--frob', '1', '2'],
  ]) {
    const result = await runCli(argv);
    t.is(result.code, 2, argv.join(' '));
    t.is(result.stdout, '');
    t.regex(result.stderr, /\[ERR_USAGE\]/);
  }
  const malformed = await runCli(['vercmp', '--', '1.0-', '1.0']);
  t.is(malformed.code, 2);
  t.regex(malformed.stderr, /Malformed EVR '1\.0-'.*\[ERR_EVR_MALFORMED\]/);
});

test('vercmp --help explains the EVR/NEVRA rule and the exit codes', async (t) => {
  const result = await runCli(['vercmp', '--help']);
  t.is(result.code, 0);
  t.regex(result.stdout, /^Usage: compose-match vercmp A B/);
  t.regex(result.stdout, /arch is one rpm knows/);
  t.regex(result.stdout, /11 A is newer, 12 B is newer/);
  const list = await runCli(['--help']);
  t.regex(list.stdout, /vercmp\s+Compare two versions/);
});

test('the installed bin exits 12 for vercmp 1.0~rc1 1.0', (t) => {
  const bin = fileURLToPath(new URL('../../src/cli/bin.js', import.meta.url));
  const result = spawnSync(process.execPath, [bin, 'vercmp', '1.0~rc1', '1.0'], { encoding: 'utf8' });
  t.is(result.stdout, '1.0~rc1 < 1.0\n');
  t.is(result.status, 12);
});
