import { ComposeMatchError, type ComposeMatchErrorOptions, type ErrorCategory } from '../errors.js';

/**
 * Stable codes of {@link OstreeError}.
 *
 * - `ERR_OSTREE_NOT_A_REPO`: no readable `config` with a `[core] mode` at the location.
 * - `ERR_OSTREE_BAD_REF`: a ref name that OSTree would not accept.
 * - `ERR_OSTREE_BAD_CHECKSUM`: a commit checksum that is not 64 lowercase hex digits.
 * - `ERR_OSTREE_REF_NOT_FOUND`: no `refs/heads/…`, `refs/remotes/…` or summary entry for the ref.
 * - `ERR_OSTREE_OBJECT_MISSING`: the commit object is not in the repo.
 * - `ERR_OSTREE_CHECKSUM_MISMATCH`: an object's SHA-256 is not its name.
 * - `ERR_OSTREE_BAD_OBJECT`: an object decodes but breaks OSTree's rules (a 31-byte checksum, say).
 */
export type OstreeErrorCode =
  | 'ERR_OSTREE_NOT_A_REPO'
  | 'ERR_OSTREE_BAD_REF'
  | 'ERR_OSTREE_BAD_CHECKSUM'
  | 'ERR_OSTREE_REF_NOT_FOUND'
  | 'ERR_OSTREE_OBJECT_MISSING'
  | 'ERR_OSTREE_CHECKSUM_MISMATCH'
  | 'ERR_OSTREE_BAD_OBJECT';

/** Reading an OSTree repository or object failed. `subject` is the URL, ref or checksum involved. */
export class OstreeError extends ComposeMatchError {
  override name = 'OstreeError' as const;
  declare readonly code: OstreeErrorCode;

  constructor(
    code: OstreeErrorCode,
    message: string,
    options: ComposeMatchErrorOptions & { category?: ErrorCategory } = {},
  ) {
    super(code, message, options.category ?? 'input', options);
  }
}
