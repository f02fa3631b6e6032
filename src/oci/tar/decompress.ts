/**
 * Layer decompression, by media type and checked by magic: a registry or layout that mislabels a
 * layer gives a typed error here, not a tar checksum error far downstream.
 *
 * gzip through node:zlib (ostree-ext writes gzip); zstd through fzstd (pure JS, streaming); plain tar.
 */
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { Decompress } from 'fzstd';
import type { LayerCompression } from '../spec.js';
import { ComposeMatchError } from '../../errors.js';
import { TarError } from './errors.js';
import { gunzipOnDemand } from './gunzip-on-demand.js';

const gzipMagic = [0x1f, 0x8b];
const zstdMagic = [0x28, 0xb5, 0x2f, 0xfd];

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((byte, i) => bytes[i] === byte);
}

/** Re-yields `source` after reading enough of it to see its first four bytes. */
async function peek(
  source: AsyncIterable<Uint8Array>,
): Promise<{ head: Uint8Array; stream: AsyncIterable<Uint8Array> }> {
  const iterator = source[Symbol.asyncIterator]();
  const seen: Uint8Array[] = [];
  let length = 0;
  let done = false;
  while (length < 4) {
    const next = await iterator.next();
    if (next.done === true) {
      done = true;
      break;
    }
    seen.push(next.value);
    length += next.value.byteLength;
  }
  const head = Buffer.concat(seen);
  const stream = (async function* () {
    try {
      if (head.byteLength > 0) yield head;
      if (done) return;
      for (;;) {
        const next = await iterator.next();
        if (next.done === true) return;
        yield next.value;
      }
    } finally {
      await iterator.return?.();
    }
  })();
  return { head, stream };
}

async function* gunzip(source: AsyncIterable<Uint8Array>, subject: string): AsyncGenerator<Uint8Array> {
  const input = Readable.from(source, { objectMode: false });
  const output = input.pipe(createGunzip());
  input.on('error', (error) => output.destroy(error));
  try {
    for await (const chunk of output) yield chunk as Buffer;
  } catch (cause) {
    // A failure of the source (the network, a file) is that failure, not a corrupt layer.
    if (cause instanceof ComposeMatchError) throw cause;
    throw new TarError('ERR_TAR_COMPRESSION', 'the gzip layer does not decode', { subject, cause });
  } finally {
    input.destroy();
    output.destroy();
  }
}

async function* unzstd(source: AsyncIterable<Uint8Array>, subject: string): AsyncGenerator<Uint8Array> {
  const out: Uint8Array[] = [];
  const decoder = new Decompress((data) => {
    out.push(data);
  });
  const decode = (chunk: Uint8Array, final = false) => {
    try {
      decoder.push(chunk, final);
    } catch (cause) {
      throw new TarError('ERR_TAR_COMPRESSION', 'the zstd layer does not decode', { subject, cause });
    }
  };
  // Only the decoder's failures are a corrupt layer; the source's propagate as they are.
  for await (const chunk of source) {
    decode(chunk);
    while (out.length > 0) yield out.shift()!;
  }
  decode(new Uint8Array(0), true);
  while (out.length > 0) yield out.shift()!;
}

/**
 * The tar stream inside a layer blob. `compression` comes from the layer's media type; the first
 * bytes must agree with it.
 */
export async function* decompressLayer(
  source: AsyncIterable<Uint8Array>,
  compression: LayerCompression,
  subject: string,
  /** Decode gzip only as fast as the output is taken (see gunzip-on-demand.ts). */
  { onDemand = false }: { onDemand?: boolean } = {},
): AsyncGenerator<Uint8Array> {
  const { head, stream } = await peek(source);
  const found = startsWith(head, gzipMagic) ? 'gzip' : startsWith(head, zstdMagic) ? 'zstd' : 'none';
  if (found !== compression) {
    await stream[Symbol.asyncIterator]().return?.();
    throw new TarError(
      'ERR_TAR_COMPRESSION',
      `the layer's media type says ${compression} but its bytes start as ${found === 'none' ? 'neither gzip nor zstd' : found}`,
      { subject },
    );
  }
  if (compression === 'gzip') yield* onDemand ? gunzipOnDemand(stream, subject) : gunzip(stream, subject);
  else if (compression === 'zstd') yield* unzstd(stream, subject);
  else yield* stream;
}
