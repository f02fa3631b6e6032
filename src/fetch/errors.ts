import { ComposeMatchError, type ComposeMatchErrorOptions } from '../errors.js';

/**
 * Stable codes of {@link RpmFetchError}.
 *
 * - `ERR_FETCH_BAD_SOURCERPM`: a SOURCERPM value is not `<name>-<version>-<release>.src.rpm`.
 */
export type RpmFetchErrorCode = 'ERR_FETCH_BAD_SOURCERPM';

/** `compose-match fetch` cannot go on; `subject` is the value, file or URL at fault. Category `input`. */
export class RpmFetchError extends ComposeMatchError {
  override name = 'RpmFetchError' as const;
  declare readonly code: RpmFetchErrorCode;

  constructor(code: RpmFetchErrorCode, message: string, options: ComposeMatchErrorOptions = {}) {
    super(code, message, 'input', options);
  }
}
