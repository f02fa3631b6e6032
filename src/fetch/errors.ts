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

/**
 * Stable codes of {@link FetchPlanError} (the planner of `compose-match fetch`).
 *
 * - `ERR_FETCH_UNKNOWN_PACKAGE`: no source lists a package of the requested name, so its source
 *   package (and with it the base build it must match) is unknown.
 * - `ERR_FETCH_NO_FAMILY`: the base has no package built from the requested package's source package.
 * - `ERR_FETCH_AMBIGUOUS_FAMILY`: the base holds packages from two builds of that source package.
 */
export type FetchPlanErrorCode =
  'ERR_FETCH_UNKNOWN_PACKAGE' | 'ERR_FETCH_NO_FAMILY' | 'ERR_FETCH_AMBIGUOUS_FAMILY';

/**
 * A requested name cannot be tied to a build of the base; `subject` is the name. Category `input`
 * (exit 2), or `network` when a source that failed might have answered.
 */
export class FetchPlanError extends ComposeMatchError {
  override name = 'FetchPlanError' as const;
  declare readonly code: FetchPlanErrorCode;

  constructor(
    code: FetchPlanErrorCode,
    message: string,
    options: ComposeMatchErrorOptions & { sourceFailed?: boolean } = {},
  ) {
    super(code, message, options.sourceFailed === true ? 'network' : 'input', options);
  }
}
