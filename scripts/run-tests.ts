/**
 * `npm test`: ava, then one line naming the Debian packages whose tools were missing and the command
 * that installs them (test/helpers/missing-tools.ts says why it takes a wrapper). Arguments go to ava
 * unchanged; the exit code is ava's.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { missingToolsFileVariable, missingToolsLine } from '../test/helpers/missing-tools.js';

// This file runs as dist/scripts/run-tests.js; ava's CLI is the project's devDependency.
const avaCli = fileURLToPath(new URL('../../node_modules/ava/entrypoints/cli.mjs', import.meta.url));

const dir = mkdtempSync(join(tmpdir(), 'cm-missing-tools-'));
const file = join(dir, 'missing.jsonl');
try {
  const r = spawnSync(process.execPath, [avaCli, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, [missingToolsFileVariable]: file },
  });
  let recorded = '';
  try {
    recorded = readFileSync(file, 'utf8');
  } catch {
    // no test process missed anything
  }
  const line = missingToolsLine(recorded);
  if (line !== null) process.stdout.write(`\n${line}\n`);
  process.exitCode = r.status ?? 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
