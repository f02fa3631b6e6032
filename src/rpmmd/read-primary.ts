/**
 * `readPrimary`: packages from a compressed primary.xml stream, verified against repomd.xml while
 * they stream, with memory bounded whatever the file size.
 */
import { RepodataError } from './errors.js';
import {
  decompress,
  sniffCompression,
  compressionFromName,
  type Compression,
  type ReadAhead,
} from './decompress.js';
import { PrimaryScanner } from './primary-scanner.js';
import type { DependencySelection, PrimaryPackage } from './primary-types.js';
import type { RepoChecksum, RepomdRecord } from './repomd-types.js';
import { createHash } from 'node:crypto';
import { decodeOffThread, type DecodeOutcome } from './decode-off-thread.js';
import { algorithmFor, checkDigest, tap } from './verify.js';

/** What repomd.xml says about a metadata file. */
export interface ExpectedDigests {
  /** Checksum of the compressed file. */
  checksum?: RepoChecksum | null | undefined;
  /** Checksum of the uncompressed XML. */
  openChecksum?: RepoChecksum | null | undefined;
  /** Size of the uncompressed XML: more is a decompression bomb, less is a truncation. */
  openSize?: number | null | undefined;
}

/** Options of {@link readPrimary}. */
export interface ReadPrimaryOptions {
  /** `auto` (the default) looks at the first bytes, then at `filename`. */
  compression?: Compression | 'auto' | undefined;
  /** The file name or URL, for `auto` and for error messages. */
  filename?: string | undefined;
  /** Verify against these (see {@link expectedFromRecord}). */
  expected?: ExpectedDigests | undefined;
  /** Also return `rpm:provides` / `rpm:requires`, all or some (see {@link DependencySelection}). */
  withDeps?: DependencySelection | undefined;
  /** Also return each package's `<checksum>`. */
  withChecksum?: boolean | undefined;
  /** Refuse more uncompressed bytes than this when `open-size` is not known (default 4 GiB). */
  maxOpenSize?: number | undefined;
  /**
   * Also verify `open-checksum` when `checksum` is verified (default `false`: `open-checksum` is
   * verified only when repomd.xml states no `checksum`). Decompression is deterministic, so bytes
   * that match `checksum` can only decompress to one result: the second SHA-256, over ~200 MB of
   * XML, costs about a third of the read (bench/primary) and guards only against a decompressor
   * bug. librepo, which dnf downloads metadata with, checks only the checksum of the file it
   * downloaded (docs/performance.md). `open-size` is always enforced (it bounds a decompression bomb
   * and catches a truncation).
   */
  verifyBothChecksums?: boolean | undefined;
  /**
   * @deprecated Skipping is the default now; use {@link verifyBothChecksums}. Still honoured as it
   * was: `false` (the old default, stated) verifies both checksums, `true` changes nothing.
   */
  skipRedundantOpenChecksum?: boolean | undefined;
  /**
   * Decompress and compute the checksums on a worker thread, so that only the scan runs on this one
   * (default `false`). It needs free cores to pay: on the 2-vCPU machine of bench/primary the
   * threads slowed each other down as much as they overlapped (same wall time, ~0.25 s more CPU),
   * so it is not the default. Costs a worker start-up (~25 ms).
   */
  offThread?: boolean | undefined;
}

/** Decompressed bytes between two turns of the event loop (so zlib keeps inflating meanwhile). */
const TURN_EVERY = 256 * 1024;

/** The checksums and open-size of a repomd record, for {@link ReadPrimaryOptions.expected}. */
export function expectedFromRecord(record: RepomdRecord): ExpectedDigests {
  return { checksum: record.checksum, openChecksum: record.openChecksum, openSize: record.openSize };
}

/**
 * Streams the packages of a primary.xml (gzip, zstd, xz, bzip2 or plain).
 *
 * Checksums and sizes can only be known at the end, so the iteration throws a
 * {@link RepodataError} there if they disagree: treat what it yielded as provisional until it
 * completes, or use {@link collectPrimary}, which returns nothing on failure. A stream that exceeds
 * `open-size` is stopped at once (`ERR_OPEN_SIZE_EXCEEDED`).
 *
 * @example
 * ```ts
 * const stream = await fetcher.open(url);
 * for await (const pkg of readPrimary(stream.body, { filename: url, expected: expectedFromRecord(record) })) {
 *   console.log(pkg.name, pkg.version);
 * }
 * ```
 */
export async function* readPrimary(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options: ReadPrimaryOptions = {},
): AsyncGenerator<PrimaryPackage, void, undefined> {
  for await (const batch of readPrimaryBatches(source, options)) yield* batch;
}

/**
 * {@link readPrimary} a chunk at a time: each batch holds the packages completed by one chunk of
 * the decompressed stream. An async generator costs a promise round trip per value, which per
 * package is a large share of the whole read; per batch it is nothing.
 */
export async function* readPrimaryBatches(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options: ReadPrimaryOptions = {},
): AsyncGenerator<PrimaryPackage[], void, undefined> {
  const subject = options.filename;
  const expected = options.expected ?? {};
  const compressedAlgorithm = expected.checksum ? algorithmFor(expected.checksum, subject) : null;
  const verifyBoth = options.verifyBothChecksums === true || options.skipRedundantOpenChecksum === false;
  const openAlgorithm =
    expected.openChecksum && (compressedAlgorithm === null || verifyBoth)
      ? algorithmFor(expected.openChecksum, subject)
      : null;
  const openLimit = expected.openSize ?? options.maxOpenSize ?? 4 * 1024 ** 3;

  const [head, rest] = await peek(
    Symbol.asyncIterator in source
      ? source
      : (async function* () {
          yield* source;
        })(),
  );
  let compression = options.compression ?? 'auto';
  if (compression === 'auto') {
    compression = sniffCompression(head);
    if (compression === 'none' && subject !== undefined) {
      const named = compressionFromName(subject);
      if (named !== 'none') {
        throw new RepodataError(
          'ERR_DECOMPRESS',
          `${subject} is named as ${named} data but does not start like it`,
          {
            subject,
          },
        );
      }
    }
  }
  const algorithms: [string | null, string | null] = [compressedAlgorithm, openAlgorithm];
  const openLimitMessage = `${subject ?? 'primary.xml'} decompresses to more than ${openLimit} bytes${expected.openSize == null ? ' (the limit)' : ' (its open-size)'}; stopped`;
  const offThread = options.offThread === true;
  const outcome: DecodeOutcome = { checksum: null, openChecksum: null, openBytes: 0 };
  const xml = offThread
    ? decodeOffThread(rest, { compression, algorithms, openLimit, openLimitMessage, subject }, outcome)
    : decodeHere(
        rest,
        compression,
        algorithms,
        openLimit,
        openLimitMessage,
        subject,
        outcome,
        readAheadFor(options),
      );
  const scanner = new PrimaryScanner({
    withDeps: options.withDeps,
    withChecksum: options.withChecksum,
    subject,
  });
  for await (const chunk of xml) {
    const packages = scanner.feed(chunk);
    if (packages.length > 0) yield packages;
  }
  if (outcome.checksum !== null)
    checkDigest(outcome.checksum, expected.checksum!, 'ERR_CHECKSUM_MISMATCH', 'The checksum', subject);
  if (expected.openSize != null && outcome.openBytes !== expected.openSize) {
    throw new RepodataError(
      'ERR_OPEN_SIZE_MISMATCH',
      `${subject ?? 'primary.xml'} decompresses to ${outcome.openBytes} bytes, expected open-size ${expected.openSize}`,
      { subject },
    );
  }
  if (outcome.openChecksum !== null)
    checkDigest(
      outcome.openChecksum,
      expected.openChecksum!,
      'ERR_OPEN_CHECKSUM_MISMATCH',
      'The open-checksum',
      subject,
    );
  scanner.finish();
}

/**
 * A read with requires scans several times slower than gzip inflates: a deep read-ahead only holds
 * memory there (see {@link ReadAhead}).
 */
function readAheadFor(options: ReadPrimaryOptions): ReadAhead {
  return options.withDeps === true ? 'shallow' : 'deep';
}

/** {@link decodeOffThread} on the calling thread. */
async function* decodeHere(
  source: AsyncIterable<Uint8Array>,
  compression: Compression,
  algorithms: [string | null, string | null],
  openLimit: number,
  openLimitMessage: string,
  subject: string | undefined,
  outcome: DecodeOutcome,
  readAhead: ReadAhead,
): AsyncIterable<Uint8Array> {
  const checksum = algorithms[0] === null ? null : createHash(algorithms[0]);
  const openChecksum = algorithms[1] === null ? null : createHash(algorithms[1]);
  const open = { bytes: 0 };
  const raw = tap(source, { bytes: 0 }, checksum === null ? null : (chunk) => checksum.update(chunk));
  const xml = tap(
    decompress(raw, compression, subject, readAhead),
    open,
    null,
    openLimit,
    () => new RepodataError('ERR_OPEN_SIZE_EXCEEDED', openLimitMessage, { subject }),
  );
  let sinceTurn = 0;
  for await (const chunk of xml) {
    openChecksum?.update(chunk);
    yield chunk;
    // Let the event loop turn now and then: zlib inflates the next chunk on the thread pool only
    // once its callback for the last one ran.
    sinceTurn += chunk.byteLength;
    if (sinceTurn >= TURN_EVERY) {
      sinceTurn = 0;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
  outcome.checksum = checksum?.digest('hex') ?? null;
  outcome.openChecksum = openChecksum?.digest('hex') ?? null;
  outcome.openBytes = open.bytes;
}

/** {@link readPrimary} into an array: all packages once everything verified, or the error. */
export async function collectPrimary(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options: ReadPrimaryOptions = {},
): Promise<PrimaryPackage[]> {
  const packages: PrimaryPackage[] = [];
  for await (const batch of readPrimaryBatches(source, options)) {
    for (let i = 0; i < batch.length; i++) packages.push(batch[i]!);
  }
  return packages;
}

/** The first chunk (for sniffing) and the whole stream again. */
async function peek(source: AsyncIterable<Uint8Array>): Promise<[Uint8Array, AsyncIterable<Uint8Array>]> {
  const iterator = source[Symbol.asyncIterator]();
  const first = await iterator.next();
  const head = first.done === true ? new Uint8Array(0) : first.value;
  async function* all(): AsyncIterable<Uint8Array> {
    if (first.done === true) return;
    try {
      yield first.value;
      for (;;) {
        const next = await iterator.next();
        if (next.done === true) return;
        yield next.value;
      }
    } finally {
      // Stopped early (an error downstream): release the source (an HTTP body, a file).
      await iterator.return?.();
    }
  }
  return [head, all()];
}
