/**
 * Decompression and checksums of a metadata stream on a worker thread (`decode-worker.ts`).
 *
 * On the calling thread, inflating (zlib's callbacks, a fresh 1 MiB buffer per chunk and the
 * garbage collections they trigger), the SHA-256 of the compressed file and the SHA-256 of ~200 MB
 * of XML take turns with the scan. On a worker they run beside it: the main thread only reads the
 * source, and scans the XML it gets back in a few recycled 1 MiB buffers (moved, not copied).
 * Memory stays bounded: at most 4 MiB of compressed input in flight, 6 output buffers.
 */
import { ComposeMatchError } from '../errors.js';
import { startWorker } from '../io/runtime-files.js';
import { decompressError, type Compression } from './decompress.js';
import { RepodataError, type RepodataErrorCode } from './errors.js';

/** What the worker needs (structured-cloned to it). */
export interface DecodeSetup {
  compression: Compression;
  /** Node hash names for [checksum, open-checksum], null to skip. */
  algorithms: [string | null, string | null];
  openLimit: number;
  /** The `ERR_OPEN_SIZE_EXCEEDED` message. */
  openLimitMessage: string;
  subject: string | undefined;
}

/** Filled in once the stream ended: the digests (hex) and the uncompressed size. */
export interface DecodeOutcome {
  checksum: string | null;
  openChecksum: string | null;
  openBytes: number;
}

const MAX_IN_FLIGHT = 4 * 1024 * 1024;

type Event =
  | ['out', ArrayBuffer, number]
  | ['done', string | null, string | null, number]
  | ['error', RepodataErrorCode | null, string]
  | ['crash', unknown];

/**
 * The uncompressed bytes of `source`, decoded on a worker; `outcome` is set when it ends. Each chunk
 * is valid until the next one is asked for (its buffer then goes back to the worker).
 */
export async function* decodeOffThread(
  source: AsyncIterable<Uint8Array>,
  setup: DecodeSetup,
  outcome: DecodeOutcome,
): AsyncGenerator<Uint8Array, void, undefined> {
  const worker = startWorker(new URL('./decode-worker.js', import.meta.url), { workerData: setup });
  const events: Event[] = [];
  let inFlight = 0;
  const failed: { error: unknown }[] = [];
  let stopped = false;
  let waiters: (() => void)[] = [];
  const wake = () => {
    const ready = waiters;
    waiters = [];
    for (const w of ready) w();
  };
  const sleep = () => new Promise<void>((resolve) => waiters.push(resolve));
  worker.on('message', (message: ['ack', number] | Exclude<Event, ['crash', unknown]>) => {
    if (message[0] === 'ack') inFlight -= message[1];
    else events.push(message);
    wake();
  });
  worker.on('error', (error) => {
    events.push(['crash', error]);
    wake();
  });
  worker.on('exit', (code) => {
    events.push(['crash', new Error(`it exited with code ${code}`)]);
    wake();
  });

  const iterator = source[Symbol.asyncIterator]();
  void (async () => {
    try {
      for (;;) {
        while (inFlight > MAX_IN_FLIGHT && !stopped) await sleep();
        if (stopped) break;
        const next = await iterator.next();
        if (stopped) break;
        if (next.done === true) {
          worker.postMessage(['end']);
          return;
        }
        // A copy the worker can own (the source may reuse its buffers).
        const copy = new Uint8Array(next.value);
        inFlight += copy.byteLength;
        worker.postMessage(['in', copy.buffer, copy.byteLength], [copy.buffer]);
      }
      await iterator.return?.();
    } catch (error) {
      failed.push({ error });
      wake();
    }
  })();

  try {
    for (;;) {
      if (failed.length > 0) throw decompressError(failed[0]!.error, setup.compression, setup.subject);
      const event = events.shift();
      if (event === undefined) {
        // Keep the process alive only while waiting on the worker, not while the caller holds us.
        worker.ref();
        await sleep();
        worker.unref();
        continue;
      }
      switch (event[0]) {
        case 'out':
          yield new Uint8Array(event[1], 0, event[2]);
          worker.postMessage(['buf', event[1]], [event[1]]);
          break;
        case 'done':
          outcome.checksum = event[1];
          outcome.openChecksum = event[2];
          outcome.openBytes = event[3];
          return;
        case 'error':
          if (event[1] !== null) throw new RepodataError(event[1], event[2], { subject: setup.subject });
          throw decompressError(new Error(event[2]), setup.compression, setup.subject);
        case 'crash':
          throw new ComposeMatchError(
            'ERR_DECODE_WORKER',
            `The decompression worker thread for ${setup.subject ?? 'the metadata'} failed: ${event[1] instanceof Error ? event[1].message : String(event[1])}`,
            'internal',
            { subject: setup.subject, cause: event[1] },
          );
      }
    }
  } finally {
    stopped = true;
    wake();
    void worker.terminate();
  }
}
