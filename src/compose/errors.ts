import { ComposeMatchError, type ComposeMatchErrorOptions } from '../errors.js';

/** Stable codes of {@link ComposeError}. */
export type ComposeErrorCode =
  /** A directory listing that cannot be read as one. */
  | 'ERR_LISTING_INVALID'
  /** `COMPOSE_ID` does not name the directory it is in. */
  | 'ERR_COMPOSE_ID_MISMATCH'
  /** `STATUS` holds something that is not a pungi status. */
  | 'ERR_COMPOSE_STATUS'
  /** composeinfo.json / rpms.json do not have the productmd shape. */
  | 'ERR_COMPOSE_METADATA'
  /** The compose has no repo for the arch, or its repomd.xml has no primary record. */
  | 'ERR_COMPOSE_NO_REPO'
  /** A nightly compose's composeinfo.json names no variant with a repository for the arch. */
  | 'ERR_COMPOSE_NO_VARIANT'
  /** An rpms.json NEVRA key that is not `name-epoch:version-release.arch`. */
  | 'ERR_COMPOSE_NEVRA'
  /** No release root holds the GA tree `<N>/Everything/<arch>/os/` (every URL tried answered 404). */
  | 'ERR_RELEASE_TREE_NOT_FOUND';

/** Reading a compose root or a compose failed. `subject` is the URL involved. */
export class ComposeError extends ComposeMatchError {
  override name = 'ComposeError' as const;
  declare readonly code: ComposeErrorCode;

  constructor(code: ComposeErrorCode, message: string, options: ComposeMatchErrorOptions = {}) {
    super(code, message, 'input', options);
  }
}
