import { ComposeMatchError, type ComposeMatchErrorOptions, type ErrorCategory } from '../errors.js';

/** Stable codes of {@link MatchError}. */
export type MatchErrorCode =
  /** Neither `--release`, the commit version nor the packages' `.fcNN` tags give a release, and the listing holds several. */
  | 'ERR_RELEASE_UNKNOWN'
  /** An option has a value the matcher cannot use. */
  | 'ERR_MATCH_OPTION'
  /** The caller's signal aborted the search. */
  | 'ERR_ABORTED';

const categories: Record<MatchErrorCode, ErrorCategory> = {
  ERR_RELEASE_UNKNOWN: 'input',
  ERR_MATCH_OPTION: 'usage',
  ERR_ABORTED: 'internal',
};

/** The matcher could not decide what to look for, or was aborted. `subject` names the field. */
export class MatchError extends ComposeMatchError {
  override name = 'MatchError' as const;
  declare readonly code: MatchErrorCode;

  constructor(code: MatchErrorCode, message: string, options: ComposeMatchErrorOptions = {}) {
    super(code, message, categories[code], options);
  }
}
