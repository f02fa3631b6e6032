/**
 * The floor: Node decompressing the same file and doing nothing else. `node gunzip-floor.js FILE`.
 * 1 MiB output chunks: Node's gunzip is fastest so (about 0.18 s against 0.24 s with 256 KiB and
 * 0.33 s with 64 KiB on the 200 MB file), so the floor is its best, not its default.
 */
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { decompress, sniffCompression } from '../../src/rpmmd/decompress.js';
import { closeSync, openSync, readSync } from 'node:fs';

const file = process.argv[2]!;
const fd = openSync(file, 'r');
const head = Buffer.alloc(8);
readSync(fd, head, 0, 8, 0);
closeSync(fd);
const cpuStart = process.cpuUsage();
const start = performance.now();
let bytes = 0;
const kind = sniffCompression(head);
const source = createReadStream(file, { highWaterMark: 256 * 1024 });
const stream =
  kind === 'gzip' ? source.pipe(createGunzip({ chunkSize: 1024 * 1024 })) : decompress(source, kind);
for await (const chunk of stream as AsyncIterable<Uint8Array>) bytes += chunk.byteLength;
const seconds = (performance.now() - start) / 1000;
// CPU of the measured section only (both threads: zlib inflates on the libuv pool).
const cpu = process.cpuUsage(cpuStart);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
process.stdout.write(
  JSON.stringify({ seconds, cpuSeconds, bytes, maxRssMB: process.resourceUsage().maxRSS / 1024 }) + '\n',
);
