import { ComposeMatchError, type ComposeMatchErrorOptions, type ErrorCategory } from '../errors.js';

/** Stable codes of {@link RepoFileError}. */
export type RepoFileErrorCode =
  /** A repo id given by the caller has characters outside `[A-Za-z0-9._:-]`. */
  | 'ERR_REPO_ID_INVALID'
  /** A value would carry a line break or control character into the `.repo`. */
  | 'ERR_UNSAFE_VALUE'
  /** A URL is not http, https or file, or is not a URL. */
  | 'ERR_UNSAFE_URL'
  /** Writing the file failed; the old file (if any) is untouched. */
  | 'ERR_WRITE_FAILED';

const categories: Record<RepoFileErrorCode, ErrorCategory> = {
  ERR_REPO_ID_INVALID: 'usage',
  ERR_UNSAFE_VALUE: 'input',
  ERR_UNSAFE_URL: 'input',
  ERR_WRITE_FAILED: 'input',
};

/** Rendering or writing a `.repo` failed. `subject` is the id, key, URL or file involved. */
export class RepoFileError extends ComposeMatchError {
  override name = 'RepoFileError' as const;
  declare readonly code: RepoFileErrorCode;

  constructor(code: RepoFileErrorCode, message: string, options: ComposeMatchErrorOptions = {}) {
    super(code, message, categories[code], options);
  }
}
