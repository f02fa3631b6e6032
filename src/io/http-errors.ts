/**
 * Turning what undici throws, and non-2xx answers, into {@link FetchError}s with stable codes:
 * 404/410 → `ERR_NOT_FOUND`, other statuses → `ERR_HTTP_STATUS`, timeouts → `ERR_TIMEOUT`, an
 * abort → `ERR_ABORTED`, the rest → `ERR_NETWORK`.
 */
import { FetchError } from './errors.js';

const timeoutCodes = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
]);

/** A non-2xx answer, before it becomes a FetchError (kept apart so retries can read it). */
export class HttpStatus extends Error {
  constructor(
    readonly status: number,
    readonly finalUrl: string,
    readonly url: string,
    readonly retryAfter: string | undefined,
  ) {
    super(`HTTP ${status} from ${finalUrl}`);
  }
}

/** `error` as a FetchError naming `url` (the URL asked for; a redirect's target is in the message). */
export function mapError(error: unknown, url: string, signal: AbortSignal | undefined): FetchError {
  if (error instanceof FetchError) return error;
  if (error instanceof HttpStatus) {
    const code = error.status === 404 || error.status === 410 ? 'ERR_NOT_FOUND' : 'ERR_HTTP_STATUS';
    return new FetchError(code, `HTTP ${error.status} for ${error.finalUrl}`, {
      subject: url,
      status: error.status,
    });
  }
  if (signal?.aborted === true || (error instanceof Error && error.name === 'AbortError')) {
    return new FetchError('ERR_ABORTED', `Aborted: ${url}`, { subject: url, cause: error });
  }
  const code = errorCode(error);
  const detail = error instanceof Error ? error.message : String(error);
  if (code !== undefined && timeoutCodes.has(code)) {
    return new FetchError('ERR_TIMEOUT', `Timed out reading ${url} (${detail})`, {
      subject: url,
      cause: error,
    });
  }
  return new FetchError(
    'ERR_NETWORK',
    `Cannot read ${url}: ${detail}${code === undefined ? '' : ` [${code}]`}`,
    {
      subject: url,
      cause: error,
    },
  );
}

/** The first string `code` on the error or its causes (undici wraps socket errors). */
export function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = current.cause;
  }
  return undefined;
}

/** `ERR_BODY_TOO_LARGE`, with the announced size when there was one. */
export function tooLarge(url: string, maxBytes: number, size?: number): FetchError {
  return new FetchError(
    'ERR_BODY_TOO_LARGE',
    `${url} is ${size === undefined ? 'larger than' : `${size} bytes, more than`} the limit of ${maxBytes} bytes`,
    { subject: url },
  );
}

/** The URL as a URL object, when it is http(s). */
export function checkUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (cause) {
    throw new FetchError('ERR_BAD_URL', `Not a URL: ${url}`, { subject: url, cause });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new FetchError('ERR_BAD_URL', `Not an http(s) URL: ${url}`, { subject: url });
  }
  return parsed;
}
