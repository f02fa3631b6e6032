/**
 * Streaming decompressors for repo metadata (FACTS.md §7): gzip through Node's zlib (it runs on the
 * libuv thread pool, so it overlaps with parsing), zstd through `fzstd` (pure JS), xz through
 * `xz-decompress` (xz-embedded compiled to WebAssembly, shipped inside the package) and bzip2
 * through `unbzip2-stream` (pure JS). None needs an install script or a download.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import { createGunzip, type ZlibOptions } from 'node:zlib';
import { isComposeMatchError } from '../errors.js';
import { RepodataError } from './errors.js';

/** Compression of a metadata file. */
export type Compression = 'gzip' | 'zstd' | 'xz' | 'bzip2' | 'none';

/** The compression a file name implies (`.gz`, `.zst`, `.xz`, `.bz2`, else `none`). */
export function compressionFromName(name: string): Compression {
  const base = name.replace(/[?#].*$/, '');
  if (base.endsWith('.gz')) return 'gzip';
  if (base.endsWith('.zst') || base.endsWith('.zstd')) return 'zstd';
  if (base.endsWith('.xz')) return 'xz';
  if (base.endsWith('.bz2')) return 'bzip2';
  return 'none';
}

/** The compression the first bytes show (magic numbers), or `none`. */
export function sniffCompression(head: Uint8Array): Compression {
  const b = (i: number) => head[i] ?? -1;
  if (b(0) === 0x1f && b(1) === 0x8b) return 'gzip';
  if (b(0) === 0x28 && b(1) === 0xb5 && b(2) === 0x2f && b(3) === 0xfd) return 'zstd';
  if (b(0) === 0xfd && b(1) === 0x37 && b(2) === 0x7a && b(3) === 0x58 && b(4) === 0x5a && b(5) === 0)
    return 'xz';
  if (b(0) === 0x42 && b(1) === 0x5a && b(2) === 0x68) return 'bzip2';
  return 'none';
}

/**
 * How far gzip inflates ahead of the consumer. `deep` (the default) keeps the thread pool busy while
 * a fast consumer scans; `shallow` is for a consumer several times slower than inflating (a read
 * with requires), which a deep read-ahead does not speed up, while the ~18 MB it holds outlive
 * young-generation GCs and are freed only by a full one (bench/primary `--deps`: ~15 MB of peak RSS).
 */
export type ReadAhead = 'deep' | 'shallow';

/** Decompresses `source` chunk by chunk; corrupt or truncated input throws `ERR_DECOMPRESS`. */
export function decompress(
  source: AsyncIterable<Uint8Array>,
  compression: Compression,
  subject?: string,
  readAhead: ReadAhead = 'deep',
): AsyncIterable<Uint8Array> {
  const inner =
    compression === 'gzip'
      ? gunzip(source, readAhead)
      : compression === 'zstd'
        ? unzstd(source)
        : compression === 'xz'
          ? unxz(source)
          : compression === 'bzip2'
            ? unbzip2(source)
            : source;
  return compression === 'none' ? source : wrapErrors(inner, compression, subject);
}

async function* wrapErrors(
  source: AsyncIterable<Uint8Array>,
  compression: Compression,
  subject: string | undefined,
): AsyncIterable<Uint8Array> {
  try {
    yield* source;
  } catch (cause) {
    throw decompressError(cause, compression, subject);
  }
}

/** What a failure while decompressing becomes: ours as they are, others `ERR_DECOMPRESS`. */
export function decompressError(
  cause: unknown,
  compression: Compression,
  subject: string | undefined,
): unknown {
  if (isComposeMatchError(cause) || compression === 'none') return cause;
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new RepodataError(
    'ERR_DECOMPRESS',
    `Corrupt or truncated ${compression} data${subject === undefined ? '' : ` in ${subject}`}: ${detail}`,
    { subject, cause },
  );
}

async function* gunzip(source: AsyncIterable<Uint8Array>, readAhead: ReadAhead): AsyncIterable<Uint8Array> {
  // A deep read-ahead lets the thread pool keep inflating while the main thread scans. Each inflate
  // job fills one output chunk, and its completion waits for the main thread to return to the event
  // loop: 1 MiB jobs overlap with scanning where 256 KiB ones mostly alternate with it
  // (bench/primary: about 0.25 s against 0.4 s for 200 MB). One compressed input is inflated whole
  // whatever the high-water mark, so what is held ahead is the mark plus ~10× the input: shallow
  // keeps both small (bench/primary `--deps`: same time, peak RSS ~216 → ~200 MB; a NEVRA-only
  // read was ~0.14 s slower so).
  const deep = readAhead === 'deep';
  const gz = createGunzip({
    chunkSize: 1024 * 1024,
    readableHighWaterMark: deep ? 8 * 1024 * 1024 : 1024 * 1024,
  } as ZlibOptions);
  pipeline(
    Readable.from(coalesce(source, deep ? 1024 * 1024 : 256 * 1024), { objectMode: false }),
    gz,
    () => {
      // Errors reach the consumer through the iteration below.
    },
  );
  yield* gz as AsyncIterable<Uint8Array>;
}

async function* unzstd(source: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
  // Loaded on first use, as the other JS decoders: a gzip read (and the decode worker) skips them.
  const { Decompress: ZstdDecompress } = await import('fzstd');
  let out: Uint8Array[] = [];
  const zstd = new ZstdDecompress((chunk) => {
    if (chunk.length > 0) out.push(chunk);
  });
  for await (const chunk of source) {
    zstd.push(chunk);
    if (out.length > 0) {
      const ready = out;
      out = [];
      yield* ready;
    }
  }
  zstd.push(new Uint8Array(0), true);
  yield* out;
}

async function* unxz(source: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
  // Loaded on first use: it instantiates a WebAssembly module. It is CommonJS whose named exports
  // Node cannot detect, hence `.default`.
  const { XzReadableStream } = (
    (await import('xz-decompress')) as unknown as { default: typeof import('xz-decompress') }
  ).default;
  const web = ReadableStream.from(source) as ReadableStream<Uint8Array>;
  const xz = new XzReadableStream(web);
  yield* xz as unknown as AsyncIterable<Uint8Array>;
}

async function* unbzip2(source: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
  const { default: unbzip2Stream } = await import('unbzip2-stream');
  const bz = unbzip2Stream();
  let out: Uint8Array[] = [];
  let failure: unknown = null;
  bz.on('data', (chunk: Uint8Array) => out.push(chunk));
  bz.on('error', (error: unknown) => (failure ??= error));
  const drain = function* (): Iterable<Uint8Array> {
    if (failure !== null) throw failure;
    const ready = out;
    out = [];
    yield* ready;
  };
  for await (const chunk of source) {
    bz.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    yield* drain();
  }
  bz.end();
  yield* drain();
}

/**
 * Joins small chunks (network reads are ~16-64 KiB) into ones of at least `size` bytes: zlib's output
 * then comes in whole `chunkSize` buffers, and each write costs one thread-pool round trip, not ten.
 */
async function* coalesce(source: AsyncIterable<Uint8Array>, size: number): AsyncIterable<Uint8Array> {
  let parts: Uint8Array[] = [];
  let held = 0;
  for await (const chunk of source) {
    if (held === 0 && chunk.byteLength >= size) {
      yield chunk;
      continue;
    }
    parts.push(chunk);
    held += chunk.byteLength;
    if (held >= size) {
      yield Buffer.concat(parts, held);
      parts = [];
      held = 0;
    }
  }
  if (held > 0) yield Buffer.concat(parts, held);
}
