import { ComposeMatchError, type ComposeMatchErrorOptions, type ErrorCategory } from '../errors.js';

/**
 * Stable codes of {@link ImageBaseError}.
 *
 * - `ERR_IMAGE_ESCAPE`: a symlink on the way to the rpm database climbs above the image root.
 * - `ERR_IMAGE_SYMLINK_LOOP`: more than 40 symlinks on the way to the rpm database.
 * - `ERR_IMAGE_COMMIT_MISMATCH`: the `ostree.commit` label names another commit than layer 0 holds.
 * - `ERR_IMAGE_NO_DATA`: neither the commit nor an rpm database in the layers identifies a compose.
 * - `ERR_IMAGE_BAD_HARDLINK`: a tar hardlink names an entry its layer does not hold before it.
 */
export type ImageBaseErrorCode =
  | 'ERR_IMAGE_ESCAPE'
  | 'ERR_IMAGE_SYMLINK_LOOP'
  | 'ERR_IMAGE_COMMIT_MISMATCH'
  | 'ERR_IMAGE_NO_DATA'
  | 'ERR_IMAGE_BAD_HARDLINK';

/** A base could not be read from a container image. `subject` is the reference, layer or path. */
export class ImageBaseError extends ComposeMatchError {
  override name = 'ImageBaseError' as const;
  declare readonly code: ImageBaseErrorCode;

  constructor(
    code: ImageBaseErrorCode,
    message: string,
    options: ComposeMatchErrorOptions & { category?: ErrorCategory } = {},
  ) {
    super(code, message, options.category ?? 'input', options);
  }
}
