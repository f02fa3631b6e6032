/**
 * Crash safety of `index update`: a child process is SIGKILLed at every write step (and at random
 * times), and the index must then be the old one or the new one, verify must pass, and the next run
 * must finish the job. Two concurrent runs must leave one consistent index.
 */
import test from 'ava';
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, symlink, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openIndex, verifyIndex } from '../../src/compose-index/read-index.js';
import { createFileFetcher } from '../../src/io/file-fetcher.js';
import { repoRoot } from '../helpers/repo-root.js';
import { worldRoot } from '../helpers/world.js';

const bin = join(repoRoot, 'dist', 'src', 'cli', 'bin.js');
const fullRoot = join(worldRoot, 'kojipkgs', 'compose', 'updates') + '/';

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

function update(
  index: string,
  root: string,
  env: Record<string, string> = {},
  killAfterMs?: number,
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        bin,
        'index',
        'update',
        '--index',
        index,
        '--compose-root',
        root,
        '--arch',
        'x86_64',
        '--testing',
        '--no-cache',
      ],
      { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    if (killAfterMs !== undefined) setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
}

/** An old index (a world that stopped at 20200804.0) and the manifest bytes of old and new. */
async function setup(t: { teardown(f: () => Promise<void>): void }) {
  const work = await mkdtemp(join(tmpdir(), 'cm-index-crash-'));
  t.teardown(() => rm(work, { recursive: true, force: true }));
  await cp(join(worldRoot, 'kojipkgs'), join(work, 'kojipkgs'), { recursive: true, verbatimSymlinks: true });
  const early = join(work, 'kojipkgs', 'compose', 'updates');
  for (const id of ['20200805.0', '20200805.1', '20200806.0', '20200807.0', '20200808.0', '20200809.0'])
    await rm(join(early, `Fedora-32-updates-${id}`), { recursive: true });
  await unlink(join(early, 'f32-updates'));
  await symlink('Fedora-32-updates-20200804.0', join(early, 'f32-updates'));
  const old = join(work, 'old');
  const first = await update(old, early + '/');
  if (first.code !== 0) throw new Error(first.stderr);
  const reference = join(work, 'reference');
  await cp(old, reference, { recursive: true });
  const full = await update(reference, fullRoot);
  if (full.code !== 0) throw new Error(full.stderr);
  return {
    work,
    old,
    oldManifest: await readFile(join(old, 'index.json'), 'utf8'),
    newManifest: await readFile(join(reference, 'index.json'), 'utf8'),
  };
}

async function check(
  t: import('ava').ExecutionContext,
  dir: string,
  oldManifest: string,
  newManifest: string,
  what: string,
) {
  const now = await readFile(join(dir, 'index.json'), 'utf8');
  t.true(
    now === oldManifest || now === newManifest,
    `${what}: the manifest is neither the old nor the new one`,
  );
  await t.notThrowsAsync(
    verifyIndex(await openIndex(createFileFetcher(), pathToFileURL(dir).href + '/')),
    what,
  );
  return now === newManifest;
}

test('SIGKILL at every write step leaves the old or the new index, and the next run completes it', async (t) => {
  const { work, old, oldManifest, newManifest } = await setup(t);
  const traced = join(work, 'traced');
  await cp(old, traced, { recursive: true });
  const trace = await update(traced, fullRoot, { COMPOSE_MATCH_INDEX_TRACE_STEPS: '1' });
  const steps = (trace.stderr.match(/^step \d+:/gm) ?? []).length;
  t.true(steps >= 15, `only ${steps} steps`);
  t.true(trace.stderr.includes('published'));
  let sawOld = 0;
  let sawNew = 0;
  for (let n = 1; n <= steps; n++) {
    const dir = join(work, `kill-${n}`);
    await cp(old, dir, { recursive: true });
    const run = await update(dir, fullRoot, { COMPOSE_MATCH_INDEX_KILL_AT: String(n) });
    t.is(run.signal, 'SIGKILL', `step ${n}`);
    if (await check(t, dir, oldManifest, newManifest, `killed at step ${n}`)) sawNew++;
    else sawOld++;
    // The killed run's lock is stale; the next run breaks it and finishes.
    const again = await update(dir, fullRoot);
    t.is(again.code, 0, again.stderr);
    t.is(await readFile(join(dir, 'index.json'), 'utf8'), newManifest, `rerun after step ${n}`);
    await rm(dir, { recursive: true });
  }
  // Killed before the rename: old; at the last step (after it): new.
  t.true(sawOld > 0 && sawNew > 0);
});

test('SIGKILL at random times leaves a verifiable index', async (t) => {
  const { work, old, oldManifest, newManifest } = await setup(t);
  for (const ms of [5, 40, 80, 120, 160, 200, 260, 320]) {
    const dir = join(work, `timed-${ms}`);
    await cp(old, dir, { recursive: true });
    await update(dir, fullRoot, {}, ms);
    await check(t, dir, oldManifest, newManifest, `killed after ${ms} ms`);
  }
});

test('two concurrent runs leave one consistent index', async (t) => {
  const { work, old, newManifest } = await setup(t);
  const dir = join(work, 'concurrent');
  await cp(old, dir, { recursive: true });
  const [a, b] = await Promise.all([update(dir, fullRoot), update(dir, fullRoot)]);
  t.is(a.code, 0, a.stderr);
  t.is(b.code, 0, b.stderr);
  t.is(await readFile(join(dir, 'index.json'), 'utf8'), newManifest);
  // One of them did the work; the other waited for the lock and found nothing left to do.
  t.is([a, b].filter((r) => r.stderr.includes('index unchanged')).length, 1);
  await verifyIndex(await openIndex(createFileFetcher(), pathToFileURL(dir).href + '/'));
});
