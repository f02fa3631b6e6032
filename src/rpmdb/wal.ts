/**
 * Applies a SQLite write-ahead log to the main database image, as SQLite's WAL recovery does
 * (sqlite.org/fileformat.html §4 "The Write-Ahead Log"):
 *
 *   WAL header, 32 bytes BE: magic 0x377f0682|0x377f0683 (low bit: checksums big-endian), format
 *     3007000, page size, checkpoint seq, salt-1, salt-2, checksum-1, checksum-2 (of bytes 0–23)
 *   frames: 24-byte header (page number, db size in pages after a commit else 0, salt-1, salt-2,
 *     checksum-1, checksum-2) + one page; checksums chain from the previous frame over the
 *     frame header's first 8 bytes and the page.
 *
 * A frame counts only when its salts equal the header's and its checksum continues the chain; the
 * log ends at the first frame that does not, and only frames up to the last commit frame apply. A
 * WAL whose own header is invalid holds nothing (SQLite ignores it too). rpm keeps the WAL
 * persistent, so after a transaction the main file alone can be stale: this is why we replay.
 */
import { RpmdbError } from './errors.js';

const WAL_HEADER = 32;
const FRAME_HEADER = 24;
const WAL_VERSION = 3007000;

/** The database image with the WAL's committed frames applied, and how many frames applied. */
export interface WalReplay {
  /** The database bytes (a new array when frames applied, else the input). */
  image: Uint8Array;
  /** Frames that applied (up to and including the last valid commit frame). */
  frames: number;
}

/**
 * Replays `wal` onto `db`. `pageSize` is the database's page size, or null when the main file is
 * empty (then the WAL's page size is used).
 *
 * @throws {@link RpmdbError} `ERR_RPMDB_BAD_WAL` when a valid WAL has another page size than the
 * database, or a commit frame claims more pages than the database file and the log hold.
 */
export function replayWal(
  db: Uint8Array,
  wal: Uint8Array,
  pageSize: number | null,
  subject: string,
): WalReplay {
  const none = { image: db, frames: 0 };
  if (wal.length < WAL_HEADER) return none;
  const view = new DataView(wal.buffer, wal.byteOffset, wal.byteLength);
  const magic = view.getUint32(0);
  if ((magic & 0xfffffffe) !== 0x377f0682 || view.getUint32(4) !== WAL_VERSION) return none;
  const bigEndian = (magic & 1) === 1;
  const walPageSize = view.getUint32(8);
  if (walPageSize < 512 || walPageSize > 65536 || (walPageSize & (walPageSize - 1)) !== 0) return none;
  let [s0, s1] = checksum(view, 0, 24, 0, 0, bigEndian);
  if (s0 !== view.getUint32(24) || s1 !== view.getUint32(28)) return none;
  if (pageSize !== null && walPageSize !== pageSize) {
    throw new RpmdbError(
      'ERR_RPMDB_BAD_WAL',
      `${subject}-wal has page size ${walPageSize} but the database has ${pageSize}: they do not belong together`,
      { subject: `${subject}-wal` },
    );
  }
  const salt1 = view.getUint32(16);
  const salt2 = view.getUint32(20);

  // Latest committed image of each page; pages of a transaction wait until its commit frame.
  const committed = new Map<number, number>();
  const pending = new Map<number, number>();
  let dbPages = -1;
  let frames = 0;
  let seen = 0;
  // Every page of a database is in the main file or was written to a frame (SQLite logs each new
  // page), so a commit cannot claim more pages than both hold: a larger size is a damaged or forged
  // WAL, refused before it becomes an allocation.
  const filePages = Math.floor(db.length / walPageSize);
  let highestPage = 0;
  const frameSize = FRAME_HEADER + walPageSize;
  for (let at = WAL_HEADER; at + frameSize <= wal.length; at += frameSize) {
    const page = view.getUint32(at);
    const commitSize = view.getUint32(at + 4);
    if (page === 0 || view.getUint32(at + 8) !== salt1 || view.getUint32(at + 12) !== salt2) break;
    [s0, s1] = checksum(view, at, 8, s0, s1, bigEndian);
    [s0, s1] = checksum(view, at + FRAME_HEADER, walPageSize, s0, s1, bigEndian);
    if (s0 !== view.getUint32(at + 16) || s1 !== view.getUint32(at + 20)) break;
    seen++;
    pending.set(page, at + FRAME_HEADER);
    highestPage = Math.max(highestPage, page);
    if (commitSize > Math.max(filePages, highestPage)) {
      throw new RpmdbError(
        'ERR_RPMDB_BAD_WAL',
        `${subject}-wal: frame ${seen} commits a database of ${commitSize} pages, but the database file and the log hold only ${Math.max(filePages, highestPage)}`,
        { subject: `${subject}-wal` },
      );
    }
    if (commitSize !== 0) {
      for (const [p, offset] of pending) committed.set(p, offset);
      pending.clear();
      dbPages = commitSize;
      frames = seen;
    }
  }
  if (dbPages < 0) return none;

  const image = new Uint8Array(dbPages * walPageSize);
  image.set(db.subarray(0, Math.min(db.length, image.length)));
  for (const [page, offset] of committed) {
    // A commit that shrank the database leaves frames of pages past its end: they do not exist.
    if (page <= dbPages) image.set(wal.subarray(offset, offset + walPageSize), (page - 1) * walPageSize);
  }
  return { image, frames };
}

/** SQLite's WAL checksum over `length` bytes (a multiple of 8) from `at`, continuing (s0, s1). */
function checksum(
  view: DataView,
  at: number,
  length: number,
  s0: number,
  s1: number,
  bigEndian: boolean,
): [number, number] {
  const littleEndian = !bigEndian;
  for (let i = at; i < at + length; i += 8) {
    s0 = (s0 + view.getUint32(i, littleEndian) + s1) >>> 0;
    s1 = (s1 + view.getUint32(i + 4, littleEndian) + s0) >>> 0;
  }
  return [s0, s1];
}
