/**
 * Test-only: rewriting a SQLite `-wal` so that its checksums are valid again after a test changed a
 * frame (sqlite.org/fileformat.html §4.1: each frame's checksum continues the chain from the
 * previous one over the frame header's first 8 bytes and the page). Lets a test or a fuzz case
 * reach the code behind the checksum check, as a forged or a damaged-then-rewritten log would.
 */

/** Recomputes the header's and every frame's checksums in place; returns `wal`. */
export function resealWal(wal: Uint8Array): Uint8Array {
  if (wal.length < 32) return wal;
  const view = new DataView(wal.buffer, wal.byteOffset, wal.byteLength);
  const little = (view.getUint32(0) & 1) === 0;
  const pageSize = view.getUint32(8);
  const sum = (at: number, length: number, s: [number, number]): [number, number] => {
    let [s0, s1] = s;
    for (let i = at; i + 8 <= at + length; i += 8) {
      s0 = (s0 + view.getUint32(i, little) + s1) >>> 0;
      s1 = (s1 + view.getUint32(i + 4, little) + s0) >>> 0;
    }
    return [s0, s1];
  };
  let s = sum(0, 24, [0, 0]);
  view.setUint32(24, s[0]);
  view.setUint32(28, s[1]);
  if (pageSize < 512 || pageSize > 65536) return wal;
  for (let at = 32; at + 24 + pageSize <= wal.length; at += 24 + pageSize) {
    s = sum(at, 8, s);
    s = sum(at + 24, pageSize, s);
    view.setUint32(at + 16, s[0]);
    view.setUint32(at + 20, s[1]);
  }
  return wal;
}

/** Offsets of the frames of `wal` whose database-size field is set (commit frames). */
export function commitFrames(wal: Uint8Array): number[] {
  const view = new DataView(wal.buffer, wal.byteOffset, wal.byteLength);
  const pageSize = view.getUint32(8);
  const out: number[] = [];
  for (let at = 32; at + 24 + pageSize <= wal.length; at += 24 + pageSize) {
    if (view.getUint32(at + 4) !== 0) out.push(at);
  }
  return out;
}
