/**
 * The rpm databases before SQLite, recognised so that a root holding one gets a precise answer
 * instead of "no database": Berkeley DB's `Packages` (rpm < 4.16: CentOS 7/8, RHEL 8, Fedora ≤ 32)
 * and SUSE's NDB `Packages.db` (openSUSE, SLE 15). Only the magic is read; neither is parsed.
 */
import { open } from 'node:fs/promises';

/** An rpm database format this project recognises but does not read. */
export type LegacyRpmdbFormat = 'bdb' | 'ndb';

/** The file name rpm gives the package table of each format, and what to call it. */
export const LEGACY_RPMDB_FILES: readonly { file: string; format: LegacyRpmdbFormat; description: string }[] =
  [
    { file: 'Packages', format: 'bdb', description: 'a Berkeley DB rpm database (rpm before 4.16)' },
    { file: 'Packages.db', format: 'ndb', description: "an NDB rpm database (SUSE's rpm)" },
  ];

// rpm's lib/backend/bdb_ro.cc: the metadata page's magic (4th uint32), hash or btree, either byte order.
const BDB_MAGICS = new Set([0x00061561, 0x61150600, 0x00053162, 0x62310500]);
// rpm's lib/backend/ndb/rpmpkg.c: PKGDB_MAGIC, 'RpmP' little-endian at offset 0.
const NDB_MAGIC = 0x506d7052;

/** The format of the file at `path` when its magic is one of {@link LegacyRpmdbFormat}'s, else null. */
export async function legacyRpmdbFormat(path: string): Promise<LegacyRpmdbFormat | null> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch {
    return null;
  }
  try {
    const head = new Uint8Array(16);
    const { bytesRead } = await handle.read(head, 0, 16, 0);
    if (bytesRead < 16) return null;
    const view = new DataView(head.buffer);
    if (view.getUint32(0, true) === NDB_MAGIC) return 'ndb';
    if (BDB_MAGICS.has(view.getUint32(12, true))) return 'bdb';
    return null;
  } finally {
    await handle.close();
  }
}
