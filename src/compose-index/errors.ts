import { ComposeMatchError, type ComposeMatchErrorOptions } from '../errors.js';

/** Stable codes of {@link IndexError}. */
export type IndexErrorCode =
  /** A file's bytes do not hash to the sha256 (or size) the manifest lists: it was damaged or truncated. */
  | 'ERR_INDEX_CORRUPT'
  /** `index.json` or a record is not the documented format (zod schema). */
  | 'ERR_INDEX_FORMAT'
  /** The directory has no `index.json`. */
  | 'ERR_INDEX_MISSING'
  /** Another run holds the lock and did not release it in time. */
  | 'ERR_INDEX_LOCKED'
  /** The index has no record of the compose or arch asked for. */
  | 'ERR_INDEX_NO_RECORD'
  /** `index backfill` was asked to merge a stream reconstructed from another Koji hub. */
  | 'ERR_INDEX_HUB_MISMATCH';

/** Reading or writing a compose index failed. `subject` is the file or URL involved. */
export class IndexError extends ComposeMatchError {
  override name = 'IndexError' as const;
  declare readonly code: IndexErrorCode;

  constructor(code: IndexErrorCode, message: string, options: ComposeMatchErrorOptions = {}) {
    // A locked index is a transient condition of the machine, not bad input.
    super(code, message, code === 'ERR_INDEX_LOCKED' ? 'network' : 'input', options);
  }
}
