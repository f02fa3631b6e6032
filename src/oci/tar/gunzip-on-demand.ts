/**
 * gzip decoded on demand, for a reader that stops early (the commit at the head of layer 0): the
 * next compressed chunk is asked for only once all that the previous one decoded to has been taken.
 * A piped gunzip reads ahead of its consumer, so over a ranged source (`ImageSource.blobPrefix`) it
 * would make the transport fetch the next range even when the reader is about to stop.
 */
import { once } from 'node:events';
import { createGunzip } from 'node:zlib';
import { TarError } from './errors.js';

export async function* gunzipOnDemand(
  source: AsyncIterable<Uint8Array>,
  subject: string,
): AsyncGenerator<Uint8Array> {
  const inflate = createGunzip();
  const out: Buffer[] = [];
  let failure: unknown = null;
  inflate.on('data', (chunk: Buffer) => out.push(chunk));
  inflate.on('error', (error) => (failure ??= error));
  const ended = once(inflate, 'end').catch(() => undefined);
  // The write callback runs once zlib has consumed the chunk; its output has then been emitted.
  const feed = (chunk: Uint8Array): Promise<void> =>
    new Promise((resolve) => inflate.write(chunk, () => resolve()));
  const fail = (cause: unknown): TarError =>
    cause instanceof TarError
      ? cause
      : new TarError('ERR_TAR_COMPRESSION', 'the gzip layer does not decode', { subject, cause });
  try {
    for await (const chunk of source) {
      await feed(chunk);
      if (failure !== null) throw fail(failure);
      while (out.length > 0) yield out.shift()!;
    }
    inflate.end();
    await ended;
    if (failure !== null) throw fail(failure);
    while (out.length > 0) yield out.shift()!;
  } finally {
    inflate.destroy();
  }
}
