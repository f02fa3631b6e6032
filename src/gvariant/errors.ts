import { ComposeMatchError, type ComposeMatchErrorOptions } from '../errors.js';

/**
 * Stable codes of {@link GVariantError}.
 *
 * - `ERR_GVARIANT_TYPE`: the type string is not one complete definite GVariant type.
 * - `ERR_GVARIANT_TOO_DEEP`: more container levels than the limit (types and values, variants included).
 * - `ERR_GVARIANT_SIZE`: a fixed-size value has the wrong number of bytes, or a container is too small
 *   for its framing offsets.
 * - `ERR_GVARIANT_OFFSET`: a framing offset points outside its container or backwards.
 * - `ERR_GVARIANT_PADDING`: alignment padding is not zero, or bytes are left over (not normal form).
 * - `ERR_GVARIANT_STRING`: a string is not NUL-terminated, has an inner NUL, is not UTF-8, or is not a
 *   valid object path / signature.
 * - `ERR_GVARIANT_BOOLEAN`: a boolean byte other than 0 or 1.
 * - `ERR_GVARIANT_VARIANT`: a variant without a type-string separator or with a bad child type.
 * - `ERR_GVARIANT_MAYBE`: a `Just` of a variable-size type without its trailing zero byte.
 * - `ERR_GVARIANT_WRONG_TYPE`: a looked-up value has another type than the caller expected.
 */
export type GVariantErrorCode =
  | 'ERR_GVARIANT_TYPE'
  | 'ERR_GVARIANT_TOO_DEEP'
  | 'ERR_GVARIANT_SIZE'
  | 'ERR_GVARIANT_OFFSET'
  | 'ERR_GVARIANT_PADDING'
  | 'ERR_GVARIANT_STRING'
  | 'ERR_GVARIANT_BOOLEAN'
  | 'ERR_GVARIANT_VARIANT'
  | 'ERR_GVARIANT_MAYBE'
  | 'ERR_GVARIANT_WRONG_TYPE';

/**
 * GVariant data or a type string is malformed. `subject` is the GVariant type being read, or the file
 * or URL when a caller that knows it re-raised the error (`decodingIn`); {@link GVariantError.offset}
 * is the byte offset where the bad value started. Always category `input`: the bytes came from outside.
 */
export class GVariantError extends ComposeMatchError {
  override name = 'GVariantError' as const;
  declare readonly code: GVariantErrorCode;
  /** Byte offset (from the start of the decoded data) of the value that failed, when known. */
  readonly offset: number | undefined;

  constructor(
    code: GVariantErrorCode,
    message: string,
    options: ComposeMatchErrorOptions & { offset?: number | undefined } = {},
  ) {
    super(code, message, 'input', options);
    this.offset = options.offset;
  }
}

/**
 * Runs `decode`; a {@link GVariantError} it throws is re-raised naming `subject` (the file or URL the
 * bytes came from) in its message and subject, with the same code and offset.
 */
export function decodingIn<T>(subject: string, decode: () => T): T {
  try {
    return decode();
  } catch (error) {
    if (!(error instanceof GVariantError)) throw error;
    throw new GVariantError(error.code, `${subject}: ${error.message}`, {
      subject,
      offset: error.offset,
      cause: error,
    });
  }
}
