/**
 * The worker thread of {@link decodeOffThread}: it hashes the compressed bytes, decompresses them,
 * counts and hashes the XML, and hands it back in recycled 1 MiB buffers, so the main thread only
 * scans. Protocol (arrays, ArrayBuffers transferred):
 *
 * - in: `['in', buffer, length]` compressed bytes, `['end']`, `['buf', buffer]` (an output buffer back);
 * - out: `['ack', length]` (input taken: more may come), `['out', buffer, length]`,
 *   `['done', checksumHex | null, openChecksumHex | null, openBytes]`,
 *   `['error', code | null, message]` (`code`: a {@link RepodataError} to rebuild as is).
 */
import { createHash } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { isComposeMatchError } from '../errors.js';
import { decompress } from './decompress.js';
import { RepodataError } from './errors.js';
import type { DecodeSetup } from './decode-off-thread.js';
import { tap } from './verify.js';

const OUT = 1024 * 1024;
const POOL = 6;

const port = parentPort!;
const setup = workerData as DecodeSetup;
const inputs: Uint8Array[] = [];
let ended = false;
const spare: ArrayBuffer[] = [];
let made = 0;
// The input generator (pulled by zlib) and the output loop may both wait: a list, not one slot.
let waiters: (() => void)[] = [];
const sleep = () => new Promise<void>((resolve) => waiters.push(resolve));

port.on('message', (message: ['in', ArrayBuffer, number] | ['end'] | ['buf', ArrayBuffer]) => {
  if (message[0] === 'in') inputs.push(new Uint8Array(message[1], 0, message[2]));
  else if (message[0] === 'end') ended = true;
  else spare.push(message[1]);
  const ready = waiters;
  waiters = [];
  for (const w of ready) w();
});

async function* input(): AsyncIterable<Uint8Array> {
  for (;;) {
    const chunk = inputs.shift();
    if (chunk !== undefined) {
      port.postMessage(['ack', chunk.byteLength]);
      yield chunk;
    } else if (ended) return;
    else await sleep();
  }
}

async function buffer(): Promise<ArrayBuffer> {
  for (;;) {
    const free = spare.pop();
    if (free !== undefined) return free;
    if (made < POOL) {
      made++;
      return new ArrayBuffer(OUT);
    }
    await sleep();
  }
}

async function run(): Promise<void> {
  const checksum = setup.algorithms[0] === null ? null : createHash(setup.algorithms[0]);
  const openChecksum = setup.algorithms[1] === null ? null : createHash(setup.algorithms[1]);
  const compressed = { bytes: 0 };
  const open = { bytes: 0 };
  const raw = tap(input(), compressed, checksum === null ? null : (chunk) => checksum.update(chunk));
  const xml = tap(
    decompress(raw, setup.compression, setup.subject),
    open,
    null,
    setup.openLimit,
    () => new RepodataError('ERR_OPEN_SIZE_EXCEEDED', setup.openLimitMessage, { subject: setup.subject }),
  );
  let out = new Uint8Array(await buffer());
  let filled = 0;
  for await (const chunk of xml) {
    openChecksum?.update(chunk);
    let at = 0;
    while (at < chunk.byteLength) {
      const n = Math.min(chunk.byteLength - at, OUT - filled);
      out.set(chunk.subarray(at, at + n), filled);
      filled += n;
      at += n;
      if (filled === OUT) {
        port.postMessage(['out', out.buffer, filled], [out.buffer]);
        out = new Uint8Array(await buffer());
        filled = 0;
      }
    }
  }
  if (filled > 0) port.postMessage(['out', out.buffer, filled], [out.buffer]);
  port.postMessage([
    'done',
    checksum?.digest('hex') ?? null,
    openChecksum?.digest('hex') ?? null,
    open.bytes,
  ]);
}

run().catch((error: unknown) => {
  const ours = isComposeMatchError(error) && error instanceof RepodataError;
  port.postMessage([
    'error',
    ours ? error.code : null,
    error instanceof Error ? error.message : String(error),
  ]);
});
