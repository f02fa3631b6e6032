import test from 'ava';
import { readFileSync } from 'node:fs';
import { main } from '../../src/cli/main.js';
import { version } from '../../src/version.js';
import { runCli } from '../helpers/run-cli.js';

test('unknown command is a usage error naming the command', async (t) => {
  const result = await runCli(['frobnicate']);
  t.is(result.code, 2);
  t.regex(result.stderr, /unknown command 'frobnicate'/);
});

test('no command prints help on stderr and exits 2', async (t) => {
  const result = await runCli([]);
  t.is(result.code, 2);
  t.regex(result.stderr, /Usage: compose-match <command>/);
});

test('--version prints the package version', async (t) => {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  t.is(version, pkg.version);
  const result = await runCli(['--version']);
  t.is(result.stdout, `compose-match ${pkg.version}\n`);
  t.is(typeof main, 'function');
});
