import { ComposeMatchError, type ComposeMatchErrorOptions } from '../errors.js';

/**
 * Stable codes of {@link RpmdbError}.
 *
 * - `ERR_RPMDB_TOO_LARGE`: the database or its `-wal` is larger than the limit given.
 * - `ERR_RPMDB_NOT_SQLITE`: the file does not start with the SQLite header, or its page size is invalid.
 * - `ERR_RPMDB_BAD_WAL`: the `-wal` file has a valid header but a page size other than the database's,
 *   or a valid commit frame claims more pages than the database file and the log hold.
 * - `ERR_RPMDB_CORRUPT`: SQLite could not read the database, or it has no `Packages` table of blobs.
 * - `ERR_RPMDB_BAD_HEADER`: a `Packages` blob is not a valid RPM header (the cause is the `RpmHeaderError`).
 * - `ERR_RPMDB_NOT_FOUND`: no `rpmdb.sqlite` in any of the places rpm keeps it under a root.
 * - `ERR_RPMDB_SYMLINK`: a symlink on the way to the database loops or is nested too deep.
 * - `ERR_RPMDB_UNSUPPORTED_FORMAT`: no `rpmdb.sqlite`, but a Berkeley DB `Packages` or NDB `Packages.db`
 *   (rpm before 4.16, SUSE): recognised by its magic, not read.
 */
export type RpmdbErrorCode =
  | 'ERR_RPMDB_TOO_LARGE'
  | 'ERR_RPMDB_NOT_SQLITE'
  | 'ERR_RPMDB_BAD_WAL'
  | 'ERR_RPMDB_CORRUPT'
  | 'ERR_RPMDB_BAD_HEADER'
  | 'ERR_RPMDB_NOT_FOUND'
  | 'ERR_RPMDB_SYMLINK'
  | 'ERR_RPMDB_UNSUPPORTED_FORMAT';

/** An rpm package database could not be read. `subject` is the file (or `Packages` row) involved. */
export class RpmdbError extends ComposeMatchError {
  override name = 'RpmdbError' as const;
  declare readonly code: RpmdbErrorCode;

  constructor(code: RpmdbErrorCode, message: string, options: ComposeMatchErrorOptions = {}) {
    super(code, message, 'input', options);
  }
}
