/**
 * bench/fetch: `fetch`'s first lookup in a large repo, i.e. what {@link createRepoSource} does once
 * per run (repomd.xml, then primary.xml read with checksums and the `=` provides, indexed by name
 * and capability), against Node's gunzip of the same file (the floor), in their own processes,
 * interleaved, medians. The repo is bench/primary's generator at `--packages` (default 200,000:
 * ~570 MB of XML), served as a file:// URL (no network in the figure).
 *
 *   npm run build && node dist/bench/fetch/first-lookup.js [--packages 200000] [--runs 3] [--dir /tmp/compose-match-bench]
 *   node dist/bench/fetch/first-lookup.js --one DIR   (one measured lookup: prints a JSON line)
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createFetcher } from '../../src/io/create-fetcher.js';
import { createRepoSource } from '../../src/fetch/sources/repo-source.js';
import { generatePrimary } from '../primary/generate.js';

const { values } = parseArgs({
  options: {
    packages: { type: 'string', default: '200000' },
    runs: { type: 'string', default: '3' },
    dir: { type: 'string', default: '/tmp/compose-match-bench' },
    one: { type: 'string' },
  },
});

if (values.one !== undefined) {
  // One measured lookup, in this process: the first lookup loads and indexes the whole primary.
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const source = createRepoSource({
    ref: { kind: 'pool', name: 'bench', url: pathToFileURL(values.one).href + '/' },
    fetcher: createFetcher(),
  });
  const found = await source.locate(
    {
      name: 'nothing-by-this-name',
      epoch: 0,
      version: '1',
      release: '1',
      arch: 'x86_64',
    },
    null,
  );
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  process.stdout.write(
    JSON.stringify({
      seconds,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      found: found !== null,
      maxRssMB: process.resourceUsage().maxRSS / 1024,
    }) + '\n',
  );
  process.exit(0);
}

const count = Number(values.packages);
const runs = Number(values.runs);
const repo = join(values.dir!, `repo-${count}`);
const xml = join(repo, 'repodata', 'primary.xml');
mkdirSync(join(repo, 'repodata'), { recursive: true });
if (!existsSync(`${xml}.gz`)) {
  process.stderr.write(`generating ${xml}.gz…\n`);
  await generatePrimary(xml, count);
  execFileSync('gzip', ['-6', '-f', xml]);
}
const sha256 = async (file: string) => {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
};
const repomd = join(repo, 'repodata', 'repomd.xml');
if (!existsSync(repomd)) {
  const gz = `${xml}.gz`;
  writeFileSync(
    repomd,
    `<?xml version="1.0" encoding="UTF-8"?><repomd xmlns="http://linux.duke.edu/metadata/repo"><revision>1</revision><data type="primary"><checksum type="sha256">${await sha256(gz)}</checksum><location href="repodata/primary.xml.gz"/><timestamp>1</timestamp><size>${statSync(gz).size}</size></data></repomd>`,
  );
}

interface Result {
  seconds: number;
  cpuSeconds: number;
  maxRssMB: number;
}
const here = fileURLToPath(new URL('.', import.meta.url));
const run = (script: string, ...args: string[]): Result =>
  JSON.parse(
    execFileSync(process.execPath, [script, ...args], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .at(-1)!,
  ) as Result;
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const startLoad = load();
const floors: Result[] = [];
const ours: Result[] = [];
for (let i = 0; i < runs; i++) {
  floors.push(run(join(here, '../primary/gunzip-floor.js'), `${xml}.gz`));
  ours.push(run(join(here, 'first-lookup.js'), '--one', repo));
}
const median = (all: Result[]) => [...all].sort((a, b) => a.seconds - b.seconds)[(all.length - 1) >> 1]!;
const floor = median(floors);
const mid = median(ours);
const line = (name: string, r: Result) =>
  `  ${name.padEnd(40)} ${r.seconds.toFixed(3).padStart(7)} s  ${(r.seconds / floor.seconds).toFixed(2).padStart(5)}× floor  CPU ${r.cpuSeconds.toFixed(3)} s  peak RSS ${r.maxRssMB.toFixed(0).padStart(4)} MB`;
process.stdout.write(
  [
    `${count} packages (${(statSync(`${xml}.gz`).size / 1e6).toFixed(1)} MB gzip):`,
    line('floor: Node gunzip alone', floor),
    line('fetch first lookup (createRepoSource)', mid),
    `  runs: floor ${floors.map((r) => r.seconds.toFixed(3)).join(' ')}; ours ${ours.map((r) => r.seconds.toFixed(3)).join(' ')}`,
    `median of ${runs} interleaved runs; load average before/after: ${startLoad} / ${load()}`,
  ].join('\n') + '\n',
);
