import { runCli } from '../helpers/run-cli.js';
import { composeNames, makeComposeRoot } from '../helpers/scan-composes.js';
import { testWithTools } from '../helpers/tools.js';
import test from 'ava';

const tools = testWithTools({ command: 'rpmbuild' }, { command: 'createrepo_c' }, { python: 'rpm' });

let root: string | undefined;
const composeRoot = () => (root ??= makeComposeRoot());

tools('composes --json over a local mirror: status, date and repo timestamp', async (t) => {
  const result = await runCli([
    'composes',
    '--compose-root',
    composeRoot(),
    '--arch',
    'x86_64',
    '--json',
    '--no-cache',
  ]);
  t.is(result.code, 0, result.stderr);
  const doc = JSON.parse(result.stdout) as {
    composes: {
      id: string;
      status: string | null;
      date: string;
      repoTimestamp: number | null;
      error: string | null;
    }[];
  };
  t.deepEqual(
    doc.composes.map((c) => [c.id, c.status, c.date, c.repoTimestamp]),
    [
      [composeNames.withRpmsJson, 'FINISHED', '20241001', 1727740800],
      [composeNames.primaryOnly, 'FINISHED_INCOMPLETE', '20241002', 1727827200],
      [composeNames.started, 'STARTED', '20241003', null],
    ],
  );
});

tools('composes --testing shows the COMPOSE_ID mismatch on its row; text output', async (t) => {
  const result = await runCli(['composes', '--compose-root', composeRoot(), '--testing', '--no-cache']);
  t.is(result.code, 0, result.stderr);
  t.regex(result.stdout, new RegExp(`^${composeNames.mismatched}  \\? ERR_COMPOSE_ID_MISMATCH`, 'm'));
  const none = await runCli(['composes', '--compose-root', composeRoot(), '--release', '40', '--no-cache']);
  t.is(none.stdout, '');
  t.regex(none.stderr, /no updates composes/);
});

test('composes with an unknown option is a usage error', async (t) => {
  const result = await runCli(['composes', '--frobnicate']);
  t.is(result.code, 2);
  t.regex(result.stderr, /frobnicate/);
});

test('composes on a missing local root: input error, exit 2', async (t) => {
  const result = await runCli(['composes', '--compose-root', '/nonexistent/compose/updates/', '--no-cache']);
  t.is(result.code, 2);
  t.regex(result.stderr, /ERR_NOT_FOUND/);
});
