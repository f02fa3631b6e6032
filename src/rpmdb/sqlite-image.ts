/**
 * The SQLite database header facts we need before opening (sqlite.org/fileformat.html §1.3): the
 * magic string, the page size, and the read/write format versions at bytes 18/19 (1 legacy
 * journal, 2 WAL).
 */
import { RpmdbError } from './errors.js';

const MAGIC = 'SQLite format 3\0';

/** Page size of a database image, or null for an empty file (a fresh WAL-only database). */
export function sqlitePageSize(db: Uint8Array, subject: string): number | null {
  if (db.length === 0) return null;
  if (db.length < 100 || new TextDecoder('latin1').decode(db.subarray(0, 16)) !== MAGIC) {
    throw new RpmdbError(
      'ERR_RPMDB_NOT_SQLITE',
      `${subject} is not an SQLite database (no 'SQLite format 3' header)`,
      {
        subject,
      },
    );
  }
  const raw = (db[16]! << 8) | db[17]!;
  // The value 1 stands for 65536, which does not fit two bytes.
  const size = raw === 1 ? 65536 : raw;
  if (size < 512 || (size & (size - 1)) !== 0) {
    throw new RpmdbError('ERR_RPMDB_NOT_SQLITE', `${subject} has an invalid SQLite page size ${raw}`, {
      subject,
    });
  }
  return size;
}

/**
 * Marks an image as a rollback-journal database (bytes 18/19 = 1). An in-memory open of a WAL-mode
 * image fails (there is no shared-memory index to go with it); once the WAL is replayed the image is
 * complete, so the legacy mode reads it as is. Copies when it must change a caller's bytes.
 */
export function withoutWalMode(image: Uint8Array, owned: boolean): Uint8Array {
  if (image.length < 100 || (image[18] !== 2 && image[19] !== 2)) return image;
  // Not image.slice(): on a Node Buffer that is a view of the same memory.
  const out = owned ? image : Uint8Array.from(image);
  out[18] = 1;
  out[19] = 1;
  return out;
}
