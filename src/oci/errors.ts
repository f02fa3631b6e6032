import { ComposeMatchError, type ComposeMatchErrorOptions, type ErrorCategory } from '../errors.js';

/**
 * Stable codes of {@link OciError}.
 *
 * - `ERR_OCI_TOO_LARGE`: a manifest, index or config is larger than the bound for its kind.
 * - `ERR_OCI_BAD_JSON`: a manifest, index or config is not JSON or not the shape the spec names.
 * - `ERR_OCI_MEDIA_TYPE`: a document or layer has a media type this reader does not handle.
 * - `ERR_OCI_DIGEST_MISMATCH`: a blob's bytes do not hash to its digest, or are not its declared size.
 * - `ERR_OCI_BAD_REFERENCE`: an image reference is not `oci:`, `oci-archive:` or `docker://` as documented (usage).
 * - `ERR_OCI_NOT_FOUND`: the layout has no such tag, or no such blob.
 * - `ERR_OCI_UNREADABLE`: a layout file or blob is there but is not a readable file (a directory,
 *   a symlink loop, no permission).
 * - `ERR_OCI_NO_ARCH`: an index has no manifest for the requested architecture.
 * - `ERR_OCI_ARCH_MISMATCH`: the config's `architecture` is not the one asked for (or not the one its index entry claims).
 */
export type OciErrorCode =
  | 'ERR_OCI_TOO_LARGE'
  | 'ERR_OCI_BAD_JSON'
  | 'ERR_OCI_MEDIA_TYPE'
  | 'ERR_OCI_DIGEST_MISMATCH'
  | 'ERR_OCI_BAD_REFERENCE'
  | 'ERR_OCI_NOT_FOUND'
  | 'ERR_OCI_UNREADABLE'
  | 'ERR_OCI_NO_ARCH'
  | 'ERR_OCI_ARCH_MISMATCH';

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
