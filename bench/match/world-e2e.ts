/**
 * Wall time of `compose-match match` end to end on the test world: the built bin as a child process
 * (as a user runs it: Node start-up, reading the base, HTTP to the world server, the .repo), with
 * `--no-cache`, median of several runs per sample base. The floor is `node -e 0` (Node start-up);
 * `--version` adds loading the CLI's modules.
 */
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { defaultWorldRoot, startWorldServer } from '../../scripts/world-server.js';

const run = promisify(execFile);

/** One sample base and the exit code it must give. */
interface Case {
  label: string;
  args: string[];
  exit: number;
}

/** A row of the table. */
export interface E2eRow {
  label: string;
  medianMs: number;
  minMs: number;
  maxMs: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

async function timed(argv: string[], cwd: string, exit: number): Promise<number> {
  const start = performance.now();
  try {
    await run(process.execPath, argv, { cwd });
    if (exit !== 0) throw new Error(`${argv.join(' ')}: exit 0, expected ${exit}`);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code !== exit) throw error;
  }
  return performance.now() - start;
}

/** Runs every sample `runs` times (after one warm-up of the OS file cache) and returns medians. */
export async function benchWorldE2e(runs = 7): Promise<E2eRow[]> {
  const world = defaultWorldRoot();
  const cwd = dirname(dirname(world));
  const server = await startWorldServer({ root: world });
  const bin = join(cwd, 'dist', 'src', 'cli', 'bin.js');
  const root = ['--compose-root', `${server.url}compose/updates/`, '--no-cache'];
  const repo = join(world, 'ostree', 'repo');
  const cases: Case[] = [
    { label: 'node -e 0 (start-up floor)', args: ['-e', '0'], exit: 0 },
    { label: 'compose-match --version (loading)', args: [bin, '--version'], exit: 0 },
    {
      label: 'status.json -> timestamp',
      args: [bin, 'match', '--status', join(world, 'bases', 'status.json'), ...root],
      exit: 0,
    },
    {
      label: 'ostree fcos-stable -> timestamp',
      args: [bin, 'match', '--ostree-repo', repo, '--ref', 'fedora/x86_64/coreos/stable', ...root],
      exit: 0,
    },
    {
      label: 'pkglist.txt -> packages',
      args: [bin, 'match', '--pkglist', join(world, 'bases', 'pkglist.txt'), ...root],
      exit: 0,
    },
    {
      label: 'ostree fcos-testing -> nearest',
      args: [bin, 'match', '--ostree-repo', repo, '--ref', 'fedora/x86_64/coreos/testing', ...root],
      exit: 3,
    },
  ];
  const rows: E2eRow[] = [];
  try {
    for (const c of cases) {
      await timed(c.args, cwd, c.exit);
      const times: number[] = [];
      for (let i = 0; i < runs; i++) times.push(await timed(c.args, cwd, c.exit));
      rows.push({
        label: c.label,
        medianMs: median(times),
        minMs: Math.min(...times),
        maxMs: Math.max(...times),
      });
    }
  } finally {
    await server.close();
  }
  return rows;
}

/** Prints the table. */
export function printWorldE2e(rows: E2eRow[], runs: number): void {
  console.log(
    `\ncompose-match match end to end on fixtures/world (built bin, world server, --no-cache), ${runs} runs`,
  );
  console.log('case                               median ms   min ms   max ms   over floor');
  const floor = rows[0]!.medianMs;
  for (const r of rows) {
    console.log(
      `${r.label.padEnd(34)} ${r.medianMs.toFixed(0).padStart(9)} ${r.minMs.toFixed(0).padStart(8)} ${r.maxMs.toFixed(0).padStart(8)} ${(r.medianMs - floor).toFixed(0).padStart(10)}`,
    );
  }
}
