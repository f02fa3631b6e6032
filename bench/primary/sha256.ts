/**
 * The cost of one SHA-256 over the uncompressed primary.xml, fed in 256 KiB chunks from memory as
 * the reader would: what verifying `open-checksum` adds. `node sha256.js FILE` prints one JSON line.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

const data = readFileSync(process.argv[2]!);
const start = performance.now();
const hash = createHash('sha256');
for (let i = 0; i < data.length; i += 256 * 1024) hash.update(data.subarray(i, i + 256 * 1024));
hash.digest('hex');
const seconds = (performance.now() - start) / 1000;
process.stdout.write(
  JSON.stringify({ seconds, cpuSeconds: seconds, bytes: data.length, maxRssMB: 0 }) + '\n',
);
