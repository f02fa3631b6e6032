import { ComposeMatchError, type ComposeMatchErrorOptions } from '../errors.js';

/**
 * Stable codes of {@link RpmHeaderError}.
 *
 * - `ERR_RPM_HEADER_TRUNCATED`: the bytes end before the intro, the index or the data store does.
 * - `ERR_RPM_HEADER_BAD_MAGIC`: a header that should start with `8e ad e8 01` does not.
 * - `ERR_RPM_HEADER_TOO_LARGE`: the index count or data length is over rpm's limits or `maxBytes`.
 * - `ERR_RPM_HEADER_BOUNDS`: an index entry's type, offset, count or alignment does not fit the data
 *   store, a string runs past it, or a tag appears twice.
 * - `ERR_RPM_HEADER_TAG_TYPE`: a tag has another type (or count) than the caller asked for.
 * - `ERR_RPM_HEADER_MISSING_TAG`: a tag every package header has (NAME, VERSION, …) is absent or empty.
 */
export type RpmHeaderErrorCode =
  | 'ERR_RPM_HEADER_TRUNCATED'
  | 'ERR_RPM_HEADER_BAD_MAGIC'
  | 'ERR_RPM_HEADER_TOO_LARGE'
  | 'ERR_RPM_HEADER_BOUNDS'
  | 'ERR_RPM_HEADER_TAG_TYPE'
  | 'ERR_RPM_HEADER_MISSING_TAG';

/**
 * An RPM header blob is malformed. {@link RpmHeaderError.offset} is the byte offset (from the start of
 * the bytes given to `parseHeader`) of the field that failed; `subject` is the tag (`tag 1000`) or the
 * file when a caller that knows it re-raised the error. Always category `input`.
 */
export class RpmHeaderError extends ComposeMatchError {
  override name = 'RpmHeaderError' as const;
  declare readonly code: RpmHeaderErrorCode;
  /** Byte offset of the field that failed, when known. */
  readonly offset: number | undefined;

  constructor(
    code: RpmHeaderErrorCode,
    message: string,
    options: ComposeMatchErrorOptions & { offset?: number | undefined } = {},
  ) {
    super(code, message, 'input', options);
    this.offset = options.offset;
  }
}
