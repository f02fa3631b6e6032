/**
 * When a failed GET is tried again and after how long: 5xx and 429 answers (honouring
 * `Retry-After` up to a cap) and dropped or timed-out connections, with jittered exponential
 * backoff. Everything else (a 404, a refused redirect, a body over the limit) fails at once.
 */
import { FetchError } from './errors.js';
import { HttpStatus, errorCode } from './http-errors.js';

/** The knobs of {@link retryWait}. */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  retries: number;
  /** First backoff delay, ms; doubled each retry, with jitter. */
  retryDelay: number;
  /** Longest wait for one retry, including `Retry-After`, ms. */
  maxRetryDelay: number;
  /** A number in [0, 1) for jitter. */
  random: () => number;
}

const retryableCodes = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
]);

/** How long to wait before retry number `tries + 1`, or `null` when `error` is not retried. */
export function retryWait(error: unknown, tries: number, policy: RetryPolicy): number | null {
  if (tries >= policy.retries) return null;
  const { retryDelay, maxRetryDelay, random } = policy;
  const backoff = Math.min(maxRetryDelay, retryDelay * 2 ** tries * (0.5 + random()));
  if (error instanceof HttpStatus) {
    if (error.status !== 429 && error.status < 500) return null;
    const after = parseRetryAfter(error.retryAfter);
    return after === null ? backoff : Math.min(maxRetryDelay, Math.max(after, backoff));
  }
  if (error instanceof FetchError) return null;
  const code = errorCode(error);
  return code !== undefined && retryableCodes.has(code) ? backoff : null;
}

/** `Retry-After` as ms: delta-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | null {
  if (value === undefined) return null;
  if (/^\s*[0-9]+\s*$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** Waits `ms`; rejects when `signal` aborts. */
export function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
