/**
 * The worker thread of {@link OffThreadHashes}: running hashes over the byte streams it is sent, so
 * SHA-256 over ~200 MB of primary.xml runs beside the scan instead of between its chunks.
 *
 * In: `[stream, ArrayBuffer, length]` (hash `length` bytes into stream 0 or 1), `'end'`.
 * Out: `['ack', bytes, ArrayBuffer]` after each chunk (the buffer goes back for reuse), `['digests', hex0 | null, hex1 | null]` after `'end'`.
 */
import { createHash } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';

const port = parentPort!;
const hashes = (workerData as { algorithms: (string | null)[] }).algorithms.map((a) =>
  a === null ? null : createHash(a),
);
port.on('message', (message: [number, ArrayBuffer, number] | 'end') => {
  if (message === 'end') {
    port.postMessage(['digests', ...hashes.map((h) => (h === null ? null : h.digest('hex')))]);
    return;
  }
  const [stream, buffer, length] = message;
  hashes[stream]!.update(new Uint8Array(buffer, 0, length));
  port.postMessage(['ack', length, buffer], [buffer]);
});
