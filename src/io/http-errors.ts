/**
 * Turning what undici throws, and non-2xx answers, into {@link FetchError}s with stable codes:
 * 404/410 → `ERR_NOT_FOUND`, other statuses → `ERR_HTTP_STATUS`, timeouts → `ERR_TIMEOUT`, an
 * abort → `ERR_ABORTED`, the rest → `ERR_NETWORK`.
 */
import { FetchError } from './errors.js';

/** What was being waited for when each timeout fired, for the message. */
const timeoutWaits = new Map([
  ['UND_ERR_CONNECT_TIMEOUT', 'a connection'],
  ['UND_ERR_HEADERS_TIMEOUT', 'the response headers'],
  ['UND_ERR_BODY_TIMEOUT', 'more of the body'],
  ['ETIMEDOUT', 'a connection'],
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

/**
 * `error` as a FetchError naming `url` (the URL asked for; a redirect's target is in the message).
 * `timeout` (ms), when given, is quoted in a timeout's message.
 */
export function mapError(
  error: unknown,
  url: string,
  signal: AbortSignal | undefined,
  timeout?: number,
): FetchError {
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
  const waited = code === undefined ? undefined : timeoutWaits.get(code);
  if (waited !== undefined) {
    const within = timeout === undefined ? '' : ` within ${formatSeconds(timeout)}`;
    return new FetchError(
      'ERR_TIMEOUT',
      `Timed out waiting for ${waited} of ${url}: nothing arrived${within}`,
      {
        subject: url,
        cause: error,
      },
    );
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

/** `ms` as seconds for a message: `30 s`, `0.2 s`. */
export function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(ms < 1000 ? 1 : 0))} s`;
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
