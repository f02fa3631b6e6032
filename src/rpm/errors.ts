import { ComposeMatchError, type ComposeMatchErrorOptions } from '../errors.js';

/** Stable codes of {@link RpmVersionError}. */
export type RpmVersionErrorCode =
  /** Not `[E:]V[-R]`: empty, empty part, whitespace, or a stray `:`. */
  | 'ERR_EVR_MALFORMED'
  /** Not `name-[E:]V-R.A` (or `E:name-V-R.A`, optionally with `.rpm`). */
  | 'ERR_NEVRA_MALFORMED'
  /** An epoch that is not a non-negative integer rpm can store (32 bits). */
  | 'ERR_EPOCH_INVALID'
  /** A dependency flag other than `EQ`, `LT`, `LE`, `GT`, `GE`. */
  | 'ERR_DEP_FLAGS_INVALID';

/** An RPM version, EVR, NEVRA or dependency could not be read. `subject` is the offending string. */
export class RpmVersionError extends ComposeMatchError {
  override name = 'RpmVersionError' as const;
  declare readonly code: RpmVersionErrorCode;

  constructor(code: RpmVersionErrorCode, message: string, options: ComposeMatchErrorOptions = {}) {
    super(code, message, 'input', options);
  }
}
