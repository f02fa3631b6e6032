import { ComposeMatchError, type ComposeMatchErrorOptions } from '../errors.js';

/**
 * Stable codes of {@link RpmFetchError}.
 *
 * - `ERR_FETCH_BAD_SOURCERPM`: a SOURCERPM value is not `<name>-<version>-<release>.src.rpm`.
 * - `ERR_FETCH_NO_PRIMARY`: a source's repomd.xml lists no `primary` record.
 * - `ERR_FETCH_NO_SOURCERPM`: Koji was asked for a build without its SOURCERPM (its directory's name).
 * - `ERR_FETCH_NO_CHECKSUM`: the repo states no `<checksum>` for the file, so it cannot be verified.
 * - `ERR_FETCH_CHECKSUM_MISMATCH`: the downloaded file is not the one the repo's `<checksum>` names.
 * - `ERR_FETCH_DIGEST_MISMATCH`: the file's header or payload digest differs from the one it records
 *   (a damaged or truncated download, or a sigcache header of another build).
 * - `ERR_FETCH_TRUNCATED`: the file ends before its headers do, or before the size announced for it.
 * - `ERR_FETCH_HEADER_TOO_LARGE`: a header of the file is larger than the bound (a corrupt or hostile file).
 * - `ERR_FETCH_NEVRA_MISMATCH`: the file's header names another NEVRA than its file name and the lookup.
 * - `ERR_FETCH_BAD_RPM`: the file is not a well-formed RPM (bad lead or header; the cause says where).
 * - `ERR_FETCH_UNSIGNED`: only an unsigned copy exists and `allowUnsigned` was not given.
 */
export type RpmFetchErrorCode =
  | 'ERR_FETCH_BAD_SOURCERPM'
  | 'ERR_FETCH_NO_PRIMARY'
  | 'ERR_FETCH_NO_SOURCERPM'
  | 'ERR_FETCH_NO_CHECKSUM'
  | 'ERR_FETCH_CHECKSUM_MISMATCH'
  | 'ERR_FETCH_DIGEST_MISMATCH'
  | 'ERR_FETCH_TRUNCATED'
  | 'ERR_FETCH_HEADER_TOO_LARGE'
  | 'ERR_FETCH_NEVRA_MISMATCH'
  | 'ERR_FETCH_BAD_RPM'
  | 'ERR_FETCH_UNSIGNED';

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
