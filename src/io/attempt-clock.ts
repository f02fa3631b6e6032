/**
 * How long one request may go on failing, and how much retrying a whole fetcher (one command) may
 * do. A request that receives nothing for `timeout` ms fails, retries included: a stalled server
 * costs one `timeout`, not `timeout` per attempt plus backoff. Every byte received restarts that
 * clock, so a large blob that keeps arriving is never cut. Across the fetcher, the time spent in
 * failed attempts and retry waits is capped by `budget` ms; once it is spent, failures are
 * reported at once, so a command against a flaky or stalled host ends in bounded time.
 */
import { FetchError } from './errors.js';
import { mapError } from './http-errors.js';
import { retryWait, type RetryPolicy } from './retry-policy.js';

/** The fetcher-wide part: the retry budget, shared by every request. */
export interface RetryBudget {
  /** Time left for failed attempts and waits, ms. */
  left: number;
}

/** What {@link attemptClock} needs from its fetcher. */
export interface AttemptClockOptions {
  /** Longest silence, ms, retries included. */
  timeout: number;
  policy: RetryPolicy;
  budget: RetryBudget;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
}

/** The retry state of one request. */
export interface AttemptClock {
  /** Ms left before this request has been silent for `timeout` (at least 1). */
  remaining(): number;
  /** New bytes arrived: the silence clock and the attempt count restart. */
  progress(): void;
  /**
   * After a failed attempt: waits and returns when it may be tried again, else throws the failure
   * as a FetchError (saying how many attempts were made when there were several).
   */
  retryOrThrow(error: unknown): Promise<void>;
}

/** Starts the clock of one request for `url`. */
export function attemptClock(
  url: string,
  signal: AbortSignal | undefined,
  options: AttemptClockOptions,
): AttemptClock {
  const now = options.now ?? Date.now;
  const { timeout, policy, budget, sleep } = options;
  let quietSince = now();
  let attemptStart = quietSince;
  let tries = 0;
  return {
    remaining: () => Math.max(1, quietSince + timeout - now()),
    // New bytes mean the server is working: neither the silence nor the attempts so far count
    // against a body that later breaks off and is resumed.
    progress: () => {
      quietSince = now();
      attemptStart = quietSince;
      tries = 0;
    },
    async retryOrThrow(error) {
      const failedAt = now();
      budget.left -= failedAt - attemptStart;
      const mapped = mapError(error, url, signal, timeout);
      const wait = retryWait(error, tries, policy);
      // A retry must fit before the silence deadline and within what the command may still spend.
      const fits =
        wait !== null && failedAt + wait < quietSince + timeout && wait < budget.left && !signal?.aborted;
      if (!fits) throw tries === 0 ? mapped : withAttempts(mapped, tries + 1);
      tries++;
      budget.left -= wait;
      try {
        await sleep(wait, signal);
      } catch (cause) {
        throw new FetchError('ERR_ABORTED', `Aborted while waiting to retry ${url}`, { subject: url, cause });
      }
      attemptStart = now();
    },
  };
}

function withAttempts(error: FetchError, attempts: number): FetchError {
  return new FetchError(error.code, `${error.message} (gave up after ${attempts} attempts)`, {
    subject: error.subject,
    status: error.status,
    cause: error.cause,
  });
}
