/**
 * The world's Koji hub (`koji-hub.py`, Python's xmlrpc.server) on an ephemeral port, and the
 * timeline it serves: every tagging and untagging of f32-updates, f32-updates-testing and
 * coreos-pool, derived from the committed world.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
/** Debian's Python (tools.ts names it too, but imports ava, which a bench cannot load). */
const systemPython = '/usr/bin/python3';
import { worldRoot } from './world.js';

export interface TimelineEntry {
  event: { id: number; ts: number };
  tag: string;
  action: 'tag' | 'untag';
  nvr: string;
  package: string;
}

export interface WorldHub {
  /** `http://127.0.0.1:PORT/kojihub`. */
  url: string;
  timeline: TimelineEntry[];
  /** Request headers each POST carried. */
  seenHeaders(): Record<string, string>[];
  close(): Promise<void>;
}

const script = join(worldRoot, '..', '..', 'test', 'helpers', 'koji-hub.py');

/**
 * Starts the hub; `stall` makes those methods sleep that many seconds first; `synthetic` serves a
 * generated `f40-updates` of that many packages and changes instead of the world (its timeline
 * then holds the last three changes only); with `pool`, a generated `coreos-pool` of that many
 * packages, several builds each, and `days` daily pushes of `changes` taggings (koji-hub.py
 * SyntheticPoolWorld).
 */
export async function startWorldHub(
  stall: Record<string, number> = {},
  synthetic?: { packages: number; changes: number; days?: number; pool?: boolean },
): Promise<WorldHub> {
  const dir = mkdtempSync(join(tmpdir(), 'koji-hub-'));
  const seen = join(dir, 'seen.jsonl');
  const args = [
    script,
    join(worldRoot, 'truth.json'),
    seen,
    ...Object.entries(stall).map(([m, s]) => `--stall=${m}:${s}`),
    ...(synthetic === undefined
      ? []
      : [
          synthetic.pool === true
            ? `--synthetic-pool=${synthetic.packages}:${synthetic.changes}:${synthetic.days ?? 0}`
            : `--synthetic=${synthetic.packages}:${synthetic.changes}${synthetic.days === undefined ? '' : `:${synthetic.days}`}`,
        ]),
  ];
  const child = spawn(systemPython, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`koji-hub.py exited with ${code}`)));
  });
  const hello = JSON.parse(first) as { port: number; timeline: { events: TimelineEntry[] } };
  return {
    url: `http://127.0.0.1:${hello.port}/kojihub`,
    timeline: hello.timeline.events,
    seenHeaders: () =>
      existsSync(seen)
        ? readFileSync(seen, 'utf8')
            .split('\n')
            .filter((l) => l !== '')
            .map((l) => (JSON.parse(l) as { headers: Record<string, string> }).headers)
        : [],
    close: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.stdin.end();
      child.kill();
      await exited;
    },
  };
}
