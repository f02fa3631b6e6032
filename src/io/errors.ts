import { ComposeMatchError, type ComposeMatchErrorOptions } from '../errors.js';

/** Stable codes of {@link FetchError}. */
export type FetchErrorCode =
  | 'ERR_NOT_FOUND'
  | 'ERR_HTTP_STATUS'
  | 'ERR_NETWORK'
  | 'ERR_TIMEOUT'
  | 'ERR_ABORTED'
  | 'ERR_BODY_TOO_LARGE'
  | 'ERR_REDIRECT_REFUSED'
  | 'ERR_TOO_MANY_REDIRECTS'
  | 'ERR_BAD_ENCODING'
  | 'ERR_BAD_URL'
  | 'ERR_CACHE';

/** Reading a URL or file failed. `subject` is the URL. */
export class FetchError extends ComposeMatchError {
  override name = 'FetchError' as const;
  declare readonly code: FetchErrorCode;
  /** HTTP status, when the server answered. */
  readonly status: number | undefined;

  constructor(
    code: FetchErrorCode,
    message: string,
    options: ComposeMatchErrorOptions & { status?: number | undefined } = {},
  ) {
    // A missing local file or a malformed URL is the user's input; the rest is network trouble.
    const local = options.subject?.startsWith('file:') === true || code === 'ERR_BAD_URL';
    super(code, message, local ? 'input' : 'network', options);
    this.status = options.status;
  }
}
