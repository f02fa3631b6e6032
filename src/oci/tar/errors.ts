import { ComposeMatchError, type ComposeMatchErrorOptions } from '../../errors.js';

/**
 * Stable codes of {@link TarError}.
 *
 * - `ERR_TAR_TRUNCATED`: the stream ended inside a header or an entry's body.
 * - `ERR_TAR_BAD_HEADER`: a header's checksum, size field or PAX record is malformed.
 * - `ERR_TAR_HEADER_TOO_LARGE`: a GNU long name/link or a PAX header is over its bound.
 * - `ERR_TAR_BAD_PATH`: an entry path has a `..` component.
 * - `ERR_TAR_COMPRESSION`: the layer's bytes do not start as its media type says, or do not decode.
 */
export type TarErrorCode =
  | 'ERR_TAR_TRUNCATED'
  | 'ERR_TAR_BAD_HEADER'
  | 'ERR_TAR_HEADER_TOO_LARGE'
  | 'ERR_TAR_BAD_PATH'
  | 'ERR_TAR_COMPRESSION';

/** A tar stream could not be read. `subject` is the layer (digest or file) and, when known, the entry. */
export class TarError extends ComposeMatchError {
  override name = 'TarError' as const;
  declare readonly code: TarErrorCode;

  constructor(code: TarErrorCode, message: string, options: ComposeMatchErrorOptions = {}) {
    super(code, message, 'input', options);
  }
}
