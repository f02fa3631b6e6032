import { ComposeMatchError, type ComposeMatchErrorOptions, type ErrorCategory } from '../errors.js';

/**
 * Stable codes of {@link OciError}.
 *
 * - `ERR_OCI_TOO_LARGE`: a manifest, index or config is larger than the bound for its kind.
 * - `ERR_OCI_BAD_JSON`: a manifest, index or config is not JSON or not the shape the spec names.
 * - `ERR_OCI_MEDIA_TYPE`: a document or layer has a media type this reader does not handle.
 */
export type OciErrorCode = 'ERR_OCI_TOO_LARGE' | 'ERR_OCI_BAD_JSON' | 'ERR_OCI_MEDIA_TYPE';

/** An OCI image document could not be read. `subject` is the file, URL or digest involved. */
export class OciError extends ComposeMatchError {
  override name = 'OciError' as const;
  declare readonly code: OciErrorCode;

  constructor(
    code: OciErrorCode,
    message: string,
    options: ComposeMatchErrorOptions & { category?: ErrorCategory } = {},
  ) {
    super(code, message, options.category ?? 'input', options);
  }
}
