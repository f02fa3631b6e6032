/**
 * Exact-length reads over an async byte stream, counting what was consumed.
 *
 * The tar reader needs 512-byte headers, bounded extension bodies, and bodies it can stream or skip;
 * chunks from a socket or a decompressor arrive at any size, so this keeps at most one chunk.
 */
export class ByteReader {
  #iterator: AsyncIterator<Uint8Array>;
  #chunk: Uint8Array = new Uint8Array(0);
  #done = false;
  /** Bytes handed out or skipped so far. */
  consumed = 0;

  constructor(source: AsyncIterable<Uint8Array>) {
    this.#iterator = source[Symbol.asyncIterator]();
  }

  /** Refills the current chunk; false at the end of the stream. */
  async #fill(): Promise<boolean> {
    while (this.#chunk.byteLength === 0) {
      if (this.#done) return false;
      const next = await this.#iterator.next();
      if (next.done === true) {
        this.#done = true;
        return false;
      }
      this.#chunk = next.value;
    }
    return true;
  }

  /** Up to `max` bytes (at least one), or `undefined` at the end of the stream. */
  async take(max: number): Promise<Uint8Array | undefined> {
    if (!(await this.#fill())) return undefined;
    const n = Math.min(max, this.#chunk.byteLength);
    const out = this.#chunk.subarray(0, n);
    this.#chunk = this.#chunk.subarray(n);
    this.consumed += n;
    return out;
  }

  /** Exactly `n` bytes (copied), or `undefined` if the stream ends at once; `null` if it ends part way. */
  async exactly(n: number): Promise<Uint8Array | undefined | null> {
    const out = new Uint8Array(n);
    let have = 0;
    while (have < n) {
      const part = await this.take(n - have);
      if (part === undefined) return have === 0 ? undefined : null;
      out.set(part, have);
      have += part.byteLength;
    }
    return out;
  }

  /** Skips `n` bytes without keeping them; false if the stream ended first. */
  async skip(n: number): Promise<boolean> {
    let left = n;
    while (left > 0) {
      const part = await this.take(left);
      if (part === undefined) return false;
      left -= part.byteLength;
    }
    return true;
  }

  /** Stops the underlying stream (an early stop must not keep a download going). */
  async close(): Promise<void> {
    this.#done = true;
    await this.#iterator.return?.();
  }
}
