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

/**
 * Stable codes of {@link RpmFileError}.
 *
 * - `ERR_RPM_FILE_BAD_LEAD`: the file is shorter than the 96-byte lead or does not start with `ed ab ee db`.
 * - `ERR_RPM_FILE_DIGEST_MISMATCH`: the header SHA-256 or the payload digest differs from the one recorded.
 * - `ERR_RPM_FILE_NO_DIGEST`: a digest the check needs is not in the file (or uses an unknown algorithm).
 */
export type RpmFileErrorCode =
  'ERR_RPM_FILE_BAD_LEAD' | 'ERR_RPM_FILE_DIGEST_MISMATCH' | 'ERR_RPM_FILE_NO_DIGEST';

/** A whole .rpm file (lead, signature, digests) is wrong. Always category `input`; `subject` names the file when known. */
export class RpmFileError extends ComposeMatchError {
  override name = 'RpmFileError' as const;
  declare readonly code: RpmFileErrorCode;

  constructor(code: RpmFileErrorCode, message: string, options: ComposeMatchErrorOptions = {}) {
    super(code, message, 'input', options);
  }
}
