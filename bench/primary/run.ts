/**
 * bench/primary: reading a 70,000-package primary.xml (~200 MB) into NEVRAs, ours against the
 * floor (Node's gunzip alone), createrepo_c's Python binding and libsolv's rpmmd2solv, on the same
 * files, each in its own process; the median of N runs (wall time), with the CPU time of that run
 * (both threads: gzip inflates on the libuv pool) and peak RSS. The load average is printed before
 * and after: on a busy machine, wall times of two-thread work suffer most.
 *
 *   npm run build && node dist/bench/primary/run.js [--packages 70000] [--runs 3] [--formats gz,zst] [--dir /tmp/compose-match-bench]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { generatePrimary } from './generate.js';

const { values } = parseArgs({
  options: {
    packages: { type: 'string', default: '70000' },
    runs: { type: 'string', default: '3' },
    formats: { type: 'string', default: 'gz,zst' },
    dir: { type: 'string', default: '/tmp/compose-match-bench' },
  },
});
const count = Number(values.packages);
const runs = Number(values.runs);
const dir = values.dir!;
mkdirSync(dir, { recursive: true });
const here = fileURLToPath(new URL('.', import.meta.url));
const xml = join(dir, `primary-${count}.xml`);
if (!existsSync(xml)) {
  process.stderr.write(`generating ${xml}…\n`);
  await generatePrimary(xml, count);
}
if (!existsSync(`${xml}.gz`)) execFileSync('sh', ['-c', `gzip -6 -c '${xml}' > '${xml}.gz'`]);
if (!existsSync(`${xml}.zst`)) execFileSync('zstd', ['-q', '-f', xml, '-o', `${xml}.zst`]);

async function sha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** A repomd.xml for the compressed file, so our run verifies checksum and open-size (and open-checksum with --both-checksums). */
async function repomdFor(file: string): Promise<string> {
  const path = `${file}.repomd.xml`;
  const record = `<data type="primary"><checksum type="sha256">${await sha256(file)}</checksum><open-checksum type="sha256">${await sha256(xml)}</open-checksum><location href="${file}"/><timestamp>1</timestamp><size>${statSync(file).size}</size><open-size>${statSync(xml).size}</open-size></data>`;
  writeFileSync(
    path,
    `<?xml version="1.0" encoding="UTF-8"?><repomd xmlns="http://linux.duke.edu/metadata/repo"><revision>1</revision>${record}</repomd>`,
  );
  return path;
}

interface Result {
  seconds: number;
  cpuSeconds?: number;
  maxRssMB: number;
  count?: number;
}

function median(label: string, run: () => Result): Result {
  const all: Result[] = [];
  for (let i = 0; i < runs; i++) all.push(run());
  all.sort((a, b) => a.seconds - b.seconds);
  const mid = all[(all.length - 1) >> 1]!;
  process.stderr.write(
    `  ${label}: ${all.map((r) => r.seconds.toFixed(3)).join(' ')} s → ${mid.seconds.toFixed(3)}\n`,
  );
  return mid;
}
/** Every reader `runs` times, round by round; the median run of each (by wall time). */
function interleaved(readers: [string, () => Result][]): Map<string, Result> {
  const all = new Map<string, Result[]>(readers.map(([label]) => [label, []]));
  for (let i = 0; i < runs; i++) for (const [label, run] of readers) all.get(label)!.push(run());
  const out = new Map<string, Result>();
  for (const [label, results] of all) {
    results.sort((a, b) => a.seconds - b.seconds);
    const mid = results[(results.length - 1) >> 1]!;
    process.stderr.write(
      `  ${label}: ${results.map((r) => r.seconds.toFixed(3)).join(' ')} s → ${mid.seconds.toFixed(3)}\n`,
    );
    out.set(label, mid);
  }
  return out;
}
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const startLoad = load();
process.stderr.write(`load average before: ${startLoad}\n`);

function node(script: string, ...args: string[]): Result {
  const out = execFileSync(process.execPath, [join(here, script), ...args], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').at(-1)!) as Result;
}

const createrepoScript = `
import sys, time, resource, createrepo_c as cr
out = []
t = time.perf_counter()
cr.xml_parse_primary(sys.argv[1], pkgcb=lambda p: out.append('%s-%s:%s-%s.%s' % (p.name, p.epoch, p.version, p.release, p.arch)), do_files=False)
s = time.perf_counter() - t
print('{"seconds": %f, "count": %d, "maxRssMB": %f}' % (s, len(out), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))
`;

function createrepo(file: string): Result {
  const out = execFileSync('/usr/bin/python3', ['-c', createrepoScript, file], { encoding: 'utf8' });
  return JSON.parse(out) as Result;
}

function libsolv(file: string): Result {
  // rpmmd2solv reads plain XML on stdin; the decompressor runs alongside it in the pipe, as ours
  // decompresses alongside parsing. /usr/bin/time reports its peak RSS.
  const decompress = file.endsWith('.gz') ? 'gzip -dc' : 'zstd -dc';
  const start = performance.now();
  const r = spawnSync(
    'sh',
    ['-c', `${decompress} '${file}' | /usr/bin/time -f '%M' rpmmd2solv > /dev/null`],
    { encoding: 'utf8' },
  );
  const seconds = (performance.now() - start) / 1000;
  if (r.status !== 0) throw new Error(`rpmmd2solv failed: ${r.stderr}`);
  return { seconds, maxRssMB: Number(r.stderr.trim().split('\n').at(-1)) / 1024 };
}

const rows: string[] = [];
const sha = median('sha256 of the uncompressed XML alone', () => node('sha256.js', xml));
for (const file of values.formats!.split(',').map((f) => `${xml}.${f}`)) {
  const repomd = await repomdFor(file);
  process.stderr.write(
    `${file} (${(statSync(file).size / 1e6).toFixed(1)} MB → ${(statSync(xml).size / 1e6).toFixed(1)} MB)\n`,
  );
  const hasTool = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
  // Interleaved: each round runs every reader once, so a change in the machine's load (it is
  // shared) moves all of them alike rather than one reader's runs.
  const readers: [string, () => Result][] = [
    ['floor', () => node('gunzip-floor.js', file)],
    ['ours', () => node('ours.js', file, '--repomd', repomd)],
    ['ours --both-checksums', () => node('ours.js', file, '--repomd', repomd, '--both-checksums')],
    ['ours, no verification', () => node('ours.js', file)],
    ['ours --off-thread', () => node('ours.js', file, '--repomd', repomd, '--off-thread')],
    ['ours --deps', () => node('ours.js', file, '--deps', '--repomd', repomd)],
    ['createrepo_c', () => (file.endsWith('.gz') ? createrepo(file) : createrepo(xml))],
  ];
  if (hasTool('rpmmd2solv') && hasTool('/usr/bin/time')) readers.push(['rpmmd2solv', () => libsolv(file)]);
  const results = interleaved(readers);
  const floor = results.get('floor')!;
  const ours = results.get('ours')!;
  const oursBoth = results.get('ours --both-checksums')!;
  const oursUnverified = results.get('ours, no verification')!;
  const oursOffThread = results.get('ours --off-thread')!;
  const oursDeps = results.get('ours --deps')!;
  const cr = results.get('createrepo_c')!;
  const solv = results.get('rpmmd2solv');
  const line = (name: string, r: Result | undefined) =>
    r === undefined
      ? `  ${name.padEnd(34)} (not installed)`
      : `  ${name.padEnd(44)} ${r.seconds.toFixed(3).padStart(7)} s  ${(r.seconds / floor.seconds).toFixed(2).padStart(5)}× floor  ${(r.seconds / ours.seconds).toFixed(2).padStart(5)}× ours  ${r.cpuSeconds === undefined ? '' : `CPU ${r.cpuSeconds.toFixed(3)} s  `}peak RSS ${r.maxRssMB.toFixed(0).padStart(4)} MB`;
  rows.push(
    `${file.endsWith('.gz') ? 'gzip' : 'zstd'} input, ${count} packages:`,
    line('floor: Node decompression alone', floor),
    line('ours (NEVRAs; checksum and open-size verified)', ours),
    line('ours (--both-checksums: open-checksum too)', oursBoth),
    line('ours (no verification)', oursUnverified),
    line('ours (offThread: worker decodes)', oursOffThread),
    line('SHA-256 of the uncompressed XML alone', sha),
    line('ours (with provides/requires)', oursDeps),
    line(`createrepo_c${file.endsWith('.gz') ? '' : ' (plain XML: no zstd)'}`, cr),
    line('libsolv rpmmd2solv (piped)', solv),
  );
}
rows.push(`median of ${runs} interleaved runs; load average before/after: ${startLoad} / ${load()}`);
process.stdout.write(rows.join('\n') + '\n');
