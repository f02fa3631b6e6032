/**
 * `npm start`: compose-match on the bundled sample, offline. Serves `fixtures/world` (a small local
 * Fedora 32 with its kojipkgs composes) on 127.0.0.1, then runs the real CLI in-process three times:
 * `match` on a Fedora CoreOS host's `rpm-ostree status --json` (found, exit 0), `match` on a base
 * whose compose Bodhi has pruned (nothing consistent, exit 3, with the drift), and today's answer
 * for that base: `fetch` takes its exact kernel-devel from the durable sources (exit 0).
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { main } from '../src/cli/main.js';
import { defaultWorldRoot, startWorldServer } from './world-server.js';

/** Where the demo writes (stdout in `npm start`, a string in tests). */
export interface DemoOutput {
  write(text: string): unknown;
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured output. */
async function cli(argv: string[], cwd: string): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
    stdin: Readable.from([]),
    env: {},
    cwd,
  });
  return { code, stdout, stderr };
}

/** `$ compose-match …`, wrapped before the compose root so it stays readable. */
function commandLine(args: string[], rootArgs: string[]): string {
  return `$ compose-match ${args.join(' ')} \\\n    ${rootArgs.join(' ')}\n`;
}

/** Runs both sample cases; resolves to 0 when each ended as the sample expects. */
export async function runDemo(out: DemoOutput): Promise<number> {
  const world = defaultWorldRoot();
  const repoRoot = dirname(dirname(world));
  const rel = (...parts: string[]): string => relative(repoRoot, [world, ...parts].join('/'));
  const server = await startWorldServer({ root: world });
  try {
    const rootArgs = [
      '--compose-root',
      `${server.url}compose/updates/`,
      '--release-root',
      rel('dl', 'pub', 'fedora', 'linux', 'releases'),
      '--no-cache',
    ];
    out.write(
      `compose-match on the bundled sample (${rel()}), served on ${server.url}. No network.\n\n` +
        '1) A Fedora CoreOS host: `rpm-ostree status --json`, booted into wget2 layered on the base\n' +
        "   commit. rpm-ostree prints the base's recorded repo timestamps byte-swapped.\n\n",
    );
    const hostArgs = ['match', '--status', rel('bases', 'status.json')];
    out.write(commandLine(hostArgs, rootArgs));
    const host = await cli([...hostArgs, ...rootArgs], repoRoot);
    out.write(host.stderr);
    out.write(
      `exit ${host.code}${host.code === 0 ? ': found the compose the base was built from' : ''}\n\n` +
        'The .repo it printed (copy it to /etc/yum.repos.d/ for `rpm-ostree install`, then remove it):\n\n',
    );
    out.write(host.stdout);

    out.write(
      '\n2) A base built from a compose that Bodhi has pruned since (an FCOS testing build whose kernel\n' +
        '   has been superseded in updates):\n\n',
    );
    const baseArgs = ['--ostree-repo', rel('ostree', 'repo'), '--ref', prunedRef];
    const prunedArgs = ['match', ...baseArgs];
    out.write(commandLine(prunedArgs, rootArgs));
    const pruned = await cli([...prunedArgs, ...rootArgs], repoRoot);
    out.write(pruned.stderr);
    out.write(
      `exit ${pruned.code}${pruned.code === 3 ? ': no retained compose is consistent with this base' : ''}\n\n` +
        "3) Today's answer for that base: the exact builds still exist in durable sources (Fedora's\n" +
        '   updates-archive, the FCOS pool, Koji), and `fetch` takes them, verified, into a local repo:\n\n',
    );
    const dest = mkdtempSync(join(tmpdir(), 'compose-match-demo-'));
    try {
      const fetchArgs = ['fetch', ...baseArgs, 'kernel-devel-matched', '--dest', dest];
      const fetchRoots = durableRoots(`${server.url}compose/updates/`, rel);
      out.write(commandLine(fetchArgs, fetchRoots).split(dest).join('DIR'));
      const fetched = await cli([...fetchArgs, ...fetchRoots], repoRoot);
      out.write(fetched.stderr.split(dest).join('DIR'));
      const files = readdirSync(dest).filter((f) => f.endsWith('.rpm'));
      out.write(
        `exit ${fetched.code}${fetched.code === 0 ? ": the base kernel's own kernel-devel, ready to install" : ''}\n` +
          `DIR now holds ${files.join(', ')} and repodata/; in a Containerfile: dnf install DIR/*.rpm.\n` +
          'On a host, `compose-match install kernel-devel-matched` makes the same decision and runs\n' +
          'rpm-ostree for you.\n\n' +
          'More: `compose-match --help`, `--json` for the whole report, docs/ for each command. `npm test`\n' +
          'checks all of this end to end (real Apache, dnf as the base lock).\n',
      );
      if (host.code === 0 && pruned.code === 3 && fetched.code === 0) return 0;
      out.write(
        `\nUnexpected exit codes (${host.code}, ${pruned.code}, ${fetched.code}; expected 0, 3 and 0).\n`,
      );
      return 1;
    } finally {
      rmSync(dest, { recursive: true, force: true });
    }
  } finally {
    await server.close();
  }
}

/** The base the demo's second and third steps are about: its compose is pruned, its kernel archived. */
export const prunedRef = 'kernels/x86_64/coreos/testing';

/** `fetch`'s sources over the sample: its compose root, GA tree, pool, updates-archive and Koji. */
function durableRoots(composeRoot: string, rel: (...parts: string[]) => string): string[] {
  return [
    '--compose-root',
    composeRoot,
    '--release-root',
    rel('dl', 'pub', 'fedora', 'linux', 'releases'),
    '--pool-root',
    rel('kojipkgs', 'repos-dist', 'coreos-pool', 'latest'),
    '--archive-root',
    rel('updates-archive', 'fedora'),
    '--koji-root',
    rel('kojipkgs', 'packages'),
    '--skip',
    'updates',
    '--container',
    '--no-cache',
  ];
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runDemo(process.stdout);
}

/** This file's path, for tests that run the built script as a child process. */
export const demoScript = fileURLToPath(import.meta.url);
