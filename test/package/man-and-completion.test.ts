/**
 * The man page and the bash completion that `npm run build` writes into dist/share/ say what the
 * option tables say: every option of every command is in its `--help`, in its man page section and
 * offered by the completion; the page is clean roff; the completion works when bash drives it.
 */
import test from 'ava';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { commands } from '../../src/cli/commands/command-list.js';
import { allOptions, type CommandSpec } from '../../src/cli/options/option-table.js';
import { renderBashCompletion } from '../../src/cli/share/render-completion.js';
import { renderManPage } from '../../src/cli/share/render-man.js';
import { version } from '../../src/version.js';
import { runCli } from '../helpers/run-cli.js';
import { testWithTools } from '../helpers/tools.js';

const run = promisify(execFile);
const manPage = fileURLToPath(new URL('../../share/man/man1/compose-match.1', import.meta.url));
const completion = fileURLToPath(
  new URL('../../share/bash-completion/completions/compose-match', import.meta.url),
);

const loaded = await Promise.all(commands.map(async (entry) => ({ entry, spec: (await entry.load()).spec })));
const flags = (spec: CommandSpec) =>
  allOptions(spec).flatMap((o) => [`--${o.name}`, ...(o.short === undefined ? [] : [`-${o.short}`])]);

/** What the completion offers for the words typed so far (the last one is being completed). */
async function complete(...words: string[]): Promise<string[]> {
  const script = `source "$1"; shift; COMP_WORDS=(compose-match "$@"); COMP_CWORD=$#; _compose_match; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const { stdout } = await run('bash', ['-c', script, 'bash', completion, ...words]);
  return stdout.split('\n').filter((l) => l !== '');
}

test('dist/share is what the tables render now (the build ran the generator)', async (t) => {
  t.is(await readFile(manPage, 'utf8'), renderManPage(version, loaded));
  t.is(await readFile(completion, 'utf8'), renderBashCompletion(loaded.map((l) => l.spec)));
});

test('every option of every command is in its --help, its man page section and its completion', async (t) => {
  const page = await readFile(manPage, 'utf8');
  const sections = page.split(/^\.SS /m).slice(1);
  t.deepEqual(
    sections.map((s) => s.slice(0, s.indexOf('\n'))),
    loaded.map((l) => l.spec.name.replace(/-/g, '\\-')),
    'one man page section per command, in --help order',
  );
  for (const [i, { spec }] of loaded.entries()) {
    const help = (await runCli([spec.name, '--help'])).stdout;
    const section = sections[i]!;
    for (const flag of flags(spec)) {
      t.regex(help, new RegExp(`(^|[ ,])${flag}\\b`, 'm'), `${spec.name} --help lists ${flag}`);
      // A row is `.B \-\-name ARG` or `.B \-o, \-\-output FILE`.
      const roff = flag.replace(/-/g, '\\-');
      t.regex(
        section,
        new RegExp(`^\\.B (.*[ ,])?${roff.replace(/\\/g, '\\\\')}([ ,]|$)`, 'm'),
        `man page ${spec.name} has ${flag}`,
      );
    }
    t.deepEqual(
      (await complete(spec.name, '-')).sort(),
      [...flags(spec)].sort(),
      `completion of ${spec.name} -`,
    );
  }
});

test('bash completes a subcommand, an option, an argument word and an operand', async (t) => {
  const { stdout } = await run('bash', ['-c', 'source "$1"; complete -p compose-match', 'bash', completion]);
  t.is(stdout.trim(), 'complete -F _compose_match compose-match');
  t.deepEqual(await complete('fetch'), ['fetch', 'fetch-prune']);
  t.deepEqual(await complete('ma'), ['match']);
  t.deepEqual(await complete('match', '--st'), ['--status']);
  t.deepEqual(await complete('inspect', '--deployment', 'p'), ['pending']);
  t.deepEqual(await complete('index', 'v'), ['verify']);
  t.deepEqual(await complete('nonsense', '--'), []);
});

testWithTools({ command: 'groff' }, { command: 'man' })('the man page is warning-free roff', async (t) => {
  const page = await readFile(manPage, 'utf8');
  t.regex(page, /^[\x00-\x7f]*$/, 'ASCII only (groff without preconv)');
  const groff = await run('groff', ['-ww', '-z', '-man', manPage]);
  t.is(groff.stderr, '');
  const man = await run('man', ['--warnings', '-l', manPage], { env: { ...process.env, MANWIDTH: '80' } });
  t.is(man.stderr, '');
  t.regex(man.stdout, /compose-match match <base source> \[options\]/);
});
