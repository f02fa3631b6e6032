/**
 * The HTTP(S) {@link Fetcher}, over undici. The only module that imports undici.
 *
 * One keep-alive `Agent` for every request; one `timeout` bounding how long a request may receive
 * nothing, retries included, and a retry budget for the whole fetcher (`attempt-clock.ts`); bounded
 * retries with jittered backoff for GETs that failed on 5xx, 429 (honouring `Retry-After` up to a
 * cap) or a dropped connection; a body that breaks off resumed with `Range` (`range-resume.ts`); redirects followed by hand, only within the same origin (or http → https on
 * the same host), never downgraded; a per-request body limit checked against `Content-Length` and
 * while streaming; a concurrency limit; counters of requests and bytes.
 *
 * The policies live beside it: `retry-policy.ts` (what is retried, how long to wait),
 * `redirect-policy.ts` (which redirects are followed), `http-errors.ts` (failures → FetchError
 * codes), `semaphore.ts` (the concurrency limit).
 */
import { Agent, request, type Dispatcher } from 'undici';
import { version } from '../version.js';
import { FetchError } from './errors.js';
import type { FetchRequestOptions, FetchStats, FetchedStream, Fetcher, PostBody } from './fetcher.js';
import { HttpStatus, checkUrl, mapError, tooLarge } from './http-errors.js';
import { allowedRedirect } from './redirect-policy.js';
import { attemptClock, type AttemptClock, type RetryBudget } from './attempt-clock.js';
import { resumeHeaders, resumeIdentity, resumedAs } from './range-resume.js';
import { defaultSleep, type RetryPolicy } from './retry-policy.js';
import { semaphore } from './semaphore.js';

export { allowedRedirect } from './redirect-policy.js';
export { parseRetryAfter } from './retry-policy.js';

/** Where the project lives, for the User-Agent. */
const projectUrl = 'https://github.com/compose-match/compose-match';

/** Options of {@link createHttpFetcher}. */
export interface HttpFetcherOptions {
  /** Your own undici dispatcher (a `ProxyAgent`, a `MockAgent`); default: one keep-alive `Agent`. */
  dispatcher?: Dispatcher | undefined;
  /** TCP + TLS connect timeout, ms (default 15 000). */
  connectTimeout?: number | undefined;
  /**
   * Longest a request may receive nothing, ms, retries included (default 30 000): a stalled server
   * fails after this long, with the URL and what was waited for. Sets the defaults of the two below.
   */
  timeout?: number | undefined;
  /** Time to the response headers of one attempt, ms (default and cap: `timeout`). */
  headersTimeout?: number | undefined;
  /** Longest silence while reading a body, ms (default `timeout`). */
  bodyTimeout?: number | undefined;
  /**
   * Time the whole fetcher (one command) may spend in failed attempts and retry waits, ms
   * (default 4 × `timeout`); once spent, failures are reported at once.
   */
  retryBudget?: number | undefined;
  /** Retries after the first attempt (default 3). */
  retries?: number | undefined;
  /** First backoff delay, ms; doubled each retry, with jitter (default 500). */
  retryDelay?: number | undefined;
  /** Longest wait for one retry, including `Retry-After`, ms (default 30 000). */
  maxRetryDelay?: number | undefined;
  /** Redirects followed per request (default 5). */
  maxRedirects?: number | undefined;
  /** Body limit when the request does not set one, bytes (default 2 GiB). */
  maxBytes?: number | undefined;
  /** Requests in flight at once (default 6). */
  concurrency?: number | undefined;
  /** Extra request headers. */
  headers?: Record<string, string> | undefined;
  /** Injectable for tests: waits `ms` (default: a timer that `signal` cancels). */
  sleep?: ((ms: number, signal?: AbortSignal) => Promise<void>) | undefined;
  /** Injectable for tests: a number in [0, 1) for jitter (default `Math.random`). */
  random?: (() => number) | undefined;
}

/** An HTTP fetcher; `close()` releases its connections (only those of its own Agent). */
export interface HttpFetcher extends Fetcher {
  close(): Promise<void>;
}

/** The `User-Agent` compose-match sends. */
export const userAgent = `compose-match/${version} (+${projectUrl})`;

/** One 2xx response, after redirects. */
type Response = {
  url: string;
  body: AsyncIterable<Uint8Array> & { destroy(error?: Error): void };
  size: number | undefined;
  lastModified: Date | undefined;
  status: number;
  headers: Record<string, string>;
};

/** Creates an HTTP(S) fetcher. */
export function createHttpFetcher(options: HttpFetcherOptions = {}): HttpFetcher {
  const own = options.dispatcher === undefined;
  const timeout = options.timeout ?? 30_000;
  const dispatcher =
    options.dispatcher ??
    new Agent({
      keepAliveTimeout: 10_000,
      connect: { timeout: Math.min(options.connectTimeout ?? 15_000, timeout) },
      headersTimeout: options.headersTimeout ?? timeout,
      bodyTimeout: options.bodyTimeout ?? timeout,
    });
  const budget: RetryBudget = { left: options.retryBudget ?? 4 * timeout };
  const retryPolicy: RetryPolicy = {
    retries: options.retries ?? 3,
    retryDelay: options.retryDelay ?? 500,
    maxRetryDelay: options.maxRetryDelay ?? 30_000,
    random: options.random ?? Math.random,
  };
  const maxRedirects = options.maxRedirects ?? 5;
  const defaultMaxBytes = options.maxBytes ?? 2 * 1024 ** 3;
  const sleep = options.sleep ?? defaultSleep;
  const limiter = semaphore(options.concurrency ?? 6);
  const counters: FetchStats = { requests: 0, bytes: 0 };
  const headers = { 'user-agent': userAgent, ...options.headers };

  /** One response with a 2xx status, after redirects; the caller must consume or dump its body. */
  async function respond(
    url: string,
    opts: FetchRequestOptions,
    maxBytes: number,
    headersTimeout: number,
    post?: PostBody,
  ): Promise<Response> {
    const signal = opts.signal;
    let current = checkUrl(url);
    let sent: Record<string, string> = { ...headers, ...lower(opts.headers) };
    if (post !== undefined) sent = { ...sent, 'content-type': post.contentType };
    for (let redirects = 0; ;) {
      counters.requests++;
      const response = await request(current.href, {
        method: post === undefined ? 'GET' : 'POST',
        ...(post === undefined ? {} : { body: post.data }),
        dispatcher,
        headers: sent,
        signal,
        headersTimeout: undiciDelay(Math.min(headersTimeout, options.headersTimeout ?? headersTimeout)),
        bodyTimeout: undiciDelay(options.bodyTimeout ?? timeout),
      } as Parameters<typeof request>[1]);
      const status = response.statusCode;
      if (status >= 300 && status < 400 && status !== 304) {
        await response.body.dump().catch(() => undefined);
        const location = header(response.headers, 'location');
        if (location === undefined) {
          throw new FetchError('ERR_HTTP_STATUS', `${status} without a Location from ${current.href}`, {
            subject: url,
            status,
          });
        }
        if (post !== undefined) {
          throw new FetchError(
            'ERR_REDIRECT_REFUSED',
            `${current.href} answered a POST with ${status} to ${location}; a POST is never redirected (point at the final URL)`,
            { subject: url, status },
          );
        }
        const next = new URL(location, current);
        const anyHost =
          opts.redirect === 'any-host' && (next.protocol === 'https:' || next.protocol === 'http:');
        if (!anyHost && !allowedRedirect(current, next)) {
          throw new FetchError(
            'ERR_REDIRECT_REFUSED',
            `${current.href} redirects to ${next.href}; only redirects within ${current.origin} (or to https on the same host) are followed`,
            { subject: url, status },
          );
        }
        if (++redirects > maxRedirects) {
          throw new FetchError('ERR_TOO_MANY_REDIRECTS', `More than ${maxRedirects} redirects from ${url}`, {
            subject: url,
            status,
          });
        }
        // Credentials are for the origin that asked for them, never for the host a blob moved to.
        if (next.origin !== current.origin) sent = withoutAuthorization(sent);
        current = next;
        continue;
      }
      const passed = opts.passStatuses?.includes(status) === true;
      if (!passed && (status < 200 || status >= 300)) {
        await response.body.dump().catch(() => undefined);
        const retryAfter = header(response.headers, 'retry-after');
        throw new HttpStatus(status, current.href, url, retryAfter);
      }
      const length = header(response.headers, 'content-length');
      const size = length !== undefined && /^[0-9]+$/.test(length) ? Number(length) : undefined;
      if (size !== undefined && size > maxBytes) {
        response.body.destroy();
        throw tooLarge(url, maxBytes, size);
      }
      const modified = header(response.headers, 'last-modified');
      const lastModified = modified === undefined ? undefined : new Date(modified);
      return {
        url: current.href,
        body: response.body as AsyncIterable<Uint8Array> & { destroy(error?: Error): void },
        size,
        lastModified:
          lastModified !== undefined && !Number.isNaN(lastModified.getTime()) ? lastModified : undefined,
        status,
        headers: flatten(response.headers),
      };
    }
  }

  /** The retry clock of one request (its silence deadline, and the fetcher's shared budget). */
  const clockFor = (url: string, signal: AbortSignal | undefined) =>
    attemptClock(url, signal, { timeout, policy: retryPolicy, budget, sleep });

  /** The first 2xx response for `url`, retried on transient failures while the clock allows. */
  async function firstResponse(
    url: string,
    opts: FetchRequestOptions,
    maxBytes: number,
    clock: AttemptClock,
    post?: PostBody,
  ) {
    for (;;) {
      try {
        return await respond(url, opts, maxBytes, clock.remaining(), post);
      } catch (error) {
        await clock.retryOrThrow(error);
      }
    }
  }

  /**
   * The body of `first`, chunk by chunk. When the connection drops or stalls mid-way, the rest is
   * asked for with `Range` (see range-resume.ts) and the body goes on where it broke off; a server
   * that answers the whole resource again is skipped ahead when it is provably the same resource.
   * Otherwise `restart` (when given: `get` can drop what it collected) starts over, or the failure
   * is reported, as the network failure it is.
   */
  async function* resumingBody(
    url: string,
    opts: FetchRequestOptions,
    maxBytes: number,
    first: Response,
    clock: AttemptClock,
    restart?: () => void,
  ): AsyncGenerator<Uint8Array> {
    const immutable = opts.immutable === true;
    const identity = resumeIdentity(first.headers, first.size);
    let response = first;
    let received = 0;
    let skip = 0;
    // Only bytes past the furthest point reached are progress: a server that sends the same start
    // and stalls again, however often, is still a stalled server.
    let furthest = 0;
    for (;;) {
      try {
        for await (const chunk of response.body) {
          counters.bytes += chunk.byteLength;
          let bytes = chunk;
          if (skip > 0) {
            const dropped = Math.min(skip, bytes.byteLength);
            skip -= dropped;
            bytes = bytes.subarray(dropped);
            if (bytes.byteLength === 0) continue;
          }
          received += bytes.byteLength;
          if (received > maxBytes) throw tooLarge(url, maxBytes);
          if (received > furthest) {
            furthest = received;
            clock.progress();
          }
          yield bytes;
        }
        if (skip > 0 || (identity.total !== undefined && received !== identity.total)) {
          throw Object.assign(new Error(`body ended after ${received} of ${identity.total} bytes`), {
            code: 'UND_ERR_SOCKET',
          });
        }
        return;
      } catch (error) {
        response.body.destroy();
        if (error instanceof FetchError) throw error;
        await clock.retryOrThrow(error);
        const range = resumeHeaders(identity, received, immutable);
        // Without Range, only a provably identical file (or a `get` that can start over) helps.
        const identifiable = identity.validator !== undefined || immutable;
        if (range === null && restart === undefined && !identifiable) {
          throw mapError(error, url, opts.signal, timeout);
        }
        const again = await firstResponse(
          url,
          range === null ? opts : { ...opts, headers: { ...opts.headers, ...range } },
          maxBytes,
          clock,
        );
        const continues = resumedAs(identity, received, immutable, again.status, again.headers);
        response = again;
        if (continues === 'same') skip = received;
        if (continues === 'changed') {
          if (restart === undefined) {
            again.body.destroy();
            throw new FetchError(
              'ERR_NETWORK',
              `The body of ${url} broke off after ${received} bytes and cannot be resumed: the server answered ${again.status}${again.headers['content-range'] === undefined ? '' : ` (${again.headers['content-range']})`} to a Range request, not the rest of the same file`,
              { subject: url, cause: error, status: again.status },
            );
          }
          restart();
          received = 0;
          skip = 0;
          if (again.status === 206) {
            // A tail of something else: ask for the whole resource once more.
            again.body.destroy();
            response = await firstResponse(url, opts, maxBytes, clock);
          }
        }
      }
    }
  }

  async function get(url: string, request: FetchRequestOptions = {}): Promise<Uint8Array> {
    const maxBytes = request.maxBytes ?? defaultMaxBytes;
    return limiter(async () => {
      const clock = clockFor(url, request.signal);
      const first = await firstResponse(url, request, maxBytes, clock);
      let parts: Uint8Array[] = [];
      try {
        for await (const chunk of resumingBody(url, request, maxBytes, first, clock, () => (parts = []))) {
          parts.push(chunk);
        }
      } catch (error) {
        throw mapError(error, url, request.signal, timeout);
      }
      return new Uint8Array(Buffer.concat(parts));
    });
  }

  /**
   * A POST (Koji's XML-RPC): retried like a GET on transient failures (the callers' calls are
   * reads), never redirected, and never resumed with Range (a POST's answer is not a file).
   */
  async function post(url: string, body: PostBody, request: FetchRequestOptions = {}): Promise<Uint8Array> {
    const maxBytes = request.maxBytes ?? defaultMaxBytes;
    return limiter(async () => {
      const clock = clockFor(url, request.signal);
      const response = await firstResponse(url, request, maxBytes, clock, body);
      const parts: Uint8Array[] = [];
      let total = 0;
      try {
        for await (const chunk of response.body) {
          total += chunk.byteLength;
          counters.bytes += chunk.byteLength;
          if (total > maxBytes) {
            response.body.destroy();
            throw tooLarge(url, maxBytes);
          }
          parts.push(chunk);
        }
      } catch (error) {
        throw mapError(error, url, request.signal, timeout);
      }
      return new Uint8Array(Buffer.concat(parts));
    });
  }

  async function open(url: string, request: FetchRequestOptions = {}): Promise<FetchedStream> {
    const maxBytes = request.maxBytes ?? defaultMaxBytes;
    const release = await limiter.acquire();
    const clock = clockFor(url, request.signal);
    let response: Response;
    try {
      response = await firstResponse(url, request, maxBytes, clock);
    } catch (error) {
      release();
      throw error;
    }
    const first = response;
    // Once bytes have been handed out, a break can only be mended by resuming at the same byte.
    async function* body(): AsyncIterable<Uint8Array> {
      try {
        yield* resumingBody(url, request, maxBytes, first, clock);
      } catch (error) {
        throw mapError(error, url, request.signal, timeout);
      } finally {
        release();
      }
    }
    return {
      url: response.url,
      body: body(),
      size: response.size,
      lastModified: response.lastModified,
      status: response.status,
      headers: response.headers,
    };
  }

  return {
    get,
    open,
    post,
    stats: () => ({ ...counters }),
    close: async () => {
      if (own) await dispatcher.close();
    },
  };
}

/**
 * `ms` as a delay for undici's timers, which fire up to 1 s late above 1 s (`lib/util/timers.js`:
 * a 1 s resolution, ticking every 499 ms), so that a timeout fires within the time it promises.
 */
function undiciDelay(ms: number): number {
  return ms > 1000 ? Math.max(1000, ms - 1000) : ms;
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function lower(extra: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(extra ?? {})) out[name.toLowerCase()] = value;
  return out;
}

function withoutAuthorization(sent: Record<string, string>): Record<string, string> {
  const { authorization: _dropped, ...rest } = sent;
  return rest;
}

function flatten(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
