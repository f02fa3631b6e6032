import { ComposeMatchError, type ComposeMatchErrorOptions, type ErrorCategory } from '../errors.js';

/**
 * Stable codes of {@link BaseImageError}.
 *
 * - `ERR_BASE_BAD_SOURCE`: the base source object is incomplete or contradictory (usage).
 * - `ERR_BASE_BAD_JSON`: status or commitmeta JSON is not JSON or not the expected shape.
 * - `ERR_BASE_NO_DEPLOYMENT`: the status has no such deployment.
 * - `ERR_BASE_CONTAINER_IMAGE`: a container-image deployment records no rpm-md repos or packages.
 * - `ERR_BASE_NEEDS_OSTREE_REPO`: an image deployment was given without the host's repo (usage).
 * - `ERR_BASE_WRONG_REPO`: the deployment's commit is not in the repo given (another host's status?).
 * - `ERR_BASE_NO_DATA`: neither repos nor packages were recorded, so nothing identifies a compose.
 * - `ERR_BASE_BAD_PKGLIST`: a package list line or row is not a NEVRA.
 */
export type BaseImageErrorCode =
  | 'ERR_BASE_BAD_SOURCE'
  | 'ERR_BASE_BAD_JSON'
  | 'ERR_BASE_NO_DEPLOYMENT'
  | 'ERR_BASE_CONTAINER_IMAGE'
  | 'ERR_BASE_NEEDS_OSTREE_REPO'
  | 'ERR_BASE_WRONG_REPO'
  | 'ERR_BASE_NO_DATA'
  | 'ERR_BASE_BAD_PKGLIST';

/** A base image could not be read or normalised. `subject` is the file, URL or field involved. */
export class BaseImageError extends ComposeMatchError {
  override name = 'BaseImageError' as const;
  declare readonly code: BaseImageErrorCode;

  constructor(
    code: BaseImageErrorCode,
    message: string,
    options: ComposeMatchErrorOptions & { category?: ErrorCategory } = {},
  ) {
    super(code, message, options.category ?? 'input', options);
  }
}
