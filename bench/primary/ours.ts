/**
 * One measured run of our reader, in its own process (so its peak RSS is its own):
 * `node ours.js FILE [--deps] [--repomd REPOMD] [--both-checksums] [--off-thread]` prints one JSON line.
 */
import { createReadStream, readFileSync } from 'node:fs';
import { collectPrimary, expectedFromRecord } from '../../src/rpmmd/read-primary.js';
import { parseRepomd, findRecord } from '../../src/rpmmd/repomd.js';

const [file, ...flags] = process.argv.slice(2);
const withDeps = flags.includes('--deps');
const verifyBothChecksums = flags.includes('--both-checksums');
const offThread = flags.includes('--off-thread');
const repomdAt = flags.indexOf('--repomd');
const repomdPath = repomdAt === -1 ? undefined : flags[repomdAt + 1];
const record =
  repomdPath === undefined ? undefined : findRecord(parseRepomd(readFileSync(repomdPath, 'utf8')), 'primary');
const cpuStart = process.cpuUsage();
const start = performance.now();
let count = 0;
let deps = 0;
const nevras: string[] = [];
// What the compose catalog does: collectPrimary (everything, once verified), then NEVRAs.
const packages = await collectPrimary(createReadStream(file!, { highWaterMark: 256 * 1024 }), {
  filename: file,
  withDeps,
  verifyBothChecksums,
  offThread,
  expected: record === undefined ? undefined : expectedFromRecord(record),
});
for (const pkg of packages) {
  nevras.push(`${pkg.name}-${pkg.epoch ?? 0}:${pkg.version}-${pkg.release}.${pkg.arch}`);
  count++;
  if (withDeps) deps += (pkg.provides?.length ?? 0) + (pkg.requires?.length ?? 0);
}
const seconds = (performance.now() - start) / 1000;
// CPU of the measured section only (both threads: zlib inflates on the libuv pool).
const cpu = process.cpuUsage(cpuStart);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
process.stdout.write(
  JSON.stringify({
    seconds,
    cpuSeconds,
    count,
    deps,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
    last: nevras.at(-1),
  }) + '\n',
);
