/**
 * Running hashes of the two streams of a metadata read (0: the compressed bytes, 1: the
 * uncompressed XML), either on the calling thread or on a worker thread.
 *
 * Node's `Hash.update` runs on the calling thread: on the 200 MB of bench/primary the
 * open-checksum alone costs as much as the scan, one after the other. On a worker it overlaps with
 * the scan (and with zlib on the thread pool). Chunks the caller owns are moved there without a copy
 * (their ArrayBuffer is transferred); others are copied into 1 MiB staging buffers first. The
 * backlog is bounded: {@link StreamHashes.settle} waits while more than 32 MiB are unhashed.
 */
import { Worker } from 'node:worker_threads';
import { createHash, type Hash } from 'node:crypto';
import { ComposeMatchError } from '../errors.js';

/** The two hashes of a read; either may be absent (null algorithm). */
export interface StreamHashes {
  /**
   * Adds `chunk` to stream `which`. With `owned`, the chunk is its whole ArrayBuffer and nobody
   * else uses it: it may be detached (transferred) and must not be read after this call.
   */
  update(which: 0 | 1, chunk: Uint8Array, owned?: boolean): void;
  /** Lets the event loop turn once (I/O and zlib callbacks run); waits while the backlog is full. */
  settle(): Promise<void>;
  /** The hex digests, once every byte is hashed. */
  digests(): Promise<[string | null, string | null]>;
  /** Releases the worker (idempotent; also after a failure). */
  close(): void;
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Hashing on the calling thread. */
export function inThreadHashes(algorithms: [string | null, string | null]): StreamHashes {
  const hashes = algorithms.map((a) => (a === null ? null : createHash(a))) as [Hash | null, Hash | null];
  return {
    update: (which, chunk) => void hashes[which]?.update(chunk),
    settle: turn,
    digests: async () => [hashes[0]?.digest('hex') ?? null, hashes[1]?.digest('hex') ?? null],
    close: () => {},
  };
}

const STAGING = 1024 * 1024;
const MAX_BACKLOG = 32 * 1024 * 1024;
/** A staging buffer with its own ArrayBuffer (not from Node's pool: that one cannot move), not zeroed. */
const fresh = () => new Uint8Array(Buffer.allocUnsafeSlow(STAGING).buffer, 0, STAGING);

/** Hashing on a worker thread (started here, ended by `close` or after `digests`). */
export function offThreadHashes(algorithms: [string | null, string | null]): StreamHashes {
  const worker = new Worker(new URL('./hash-worker.js', import.meta.url), { workerData: { algorithms } });
  // A read abandoned without close() must not keep the process alive.
  worker.unref();
  let backlog = 0;
  let failure: Error | null = null;
  let waiting: (() => void) | null = null;
  let result: [string | null, string | null] | null = null;
  const staging: [Uint8Array | null, Uint8Array | null] = [null, null];
  const filled = [0, 0];
  const wake = () => {
    const w = waiting;
    waiting = null;
    w?.();
  };
  // Buffers back from the worker, reused for staging: fresh ones would cost page faults and GC.
  const spare: ArrayBuffer[] = [];
  worker.on('message', (message: ['ack', number, ArrayBuffer] | ['digests', string | null, string | null]) => {
    if (message[0] === 'ack') {
      backlog -= message[1];
      if (message[2].byteLength === STAGING && spare.length < 8) spare.push(message[2]);
    } else result = [message[1], message[2]];
    wake();
  });
  const fail = (cause: unknown) => {
    failure ??= new ComposeMatchError(
      'ERR_HASH_WORKER',
      `The checksum worker thread failed: ${cause instanceof Error ? cause.message : String(cause)}`,
      'internal',
      { cause },
    );
    wake();
  };
  worker.on('error', fail);
  worker.on('exit', (code) => {
    if (result === null) fail(new Error(`it exited (code ${code}) before the digests`));
  });
  const post = (which: 0 | 1, buffer: ArrayBuffer, length: number) => {
    backlog += length;
    worker.postMessage([which, buffer, length], [buffer]);
  };
  const flush = (which: 0 | 1) => {
    const stage = staging[which];
    if (stage === null || filled[which] === 0) return;
    post(which, stage.buffer as ArrayBuffer, filled[which]!);
    staging[which] = null;
    filled[which] = 0;
  };
  const until = async (done: () => boolean) => {
    while (!done()) {
      if (failure !== null) throw failure;
      await new Promise<void>((resolve) => (waiting = resolve));
    }
    if (failure !== null) throw failure;
  };
  let closed = false;
  return {
    update(which, chunk, owned = false) {
      if (algorithms[which] === null || chunk.byteLength === 0) return;
      const whole =
        owned &&
        chunk.buffer instanceof ArrayBuffer &&
        chunk.byteOffset === 0 &&
        chunk.byteLength === chunk.buffer.byteLength;
      if (whole && chunk.byteLength >= STAGING / 4) {
        flush(which);
        post(which, chunk.buffer as ArrayBuffer, chunk.byteLength);
        return;
      }
      let at = 0;
      while (at < chunk.byteLength) {
        const stage = (staging[which] ??= spare.length > 0 ? new Uint8Array(spare.pop()!) : fresh());
        const n = Math.min(chunk.byteLength - at, STAGING - filled[which]!);
        stage.set(chunk.subarray(at, at + n), filled[which]);
        filled[which]! += n;
        at += n;
        if (filled[which] === STAGING) flush(which);
      }
    },
    async settle() {
      await turn();
      if (failure !== null) throw failure;
      if (backlog > MAX_BACKLOG) await until(() => backlog <= MAX_BACKLOG / 2);
    },
    async digests() {
      flush(0);
      flush(1);
      worker.postMessage('end');
      await until(() => result !== null);
      return result!;
    },
    close() {
      if (closed) return;
      closed = true;
      void worker.terminate();
    },
  };
}
