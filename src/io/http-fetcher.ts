/**
 * The HTTP(S) {@link Fetcher}, over undici. The only module that imports undici.
 *
 * One keep-alive `Agent` for every request; connect, headers and body timeouts; bounded retries
 * with jittered backoff for GETs that failed on 5xx, 429 (honouring `Retry-After` up to a cap) or a
 * dropped connection; redirects followed by hand, only within the same origin (or http → https on
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
import { defaultSleep, retryWait, type RetryPolicy } from './retry-policy.js';
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
  /** Time to the response headers, ms (default 30 000). */
  headersTimeout?: number | undefined;
  /** Longest silence while reading a body, ms (default 30 000). */
  bodyTimeout?: number | undefined;
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

/** Creates an HTTP(S) fetcher. */
export function createHttpFetcher(options: HttpFetcherOptions = {}): HttpFetcher {
  const own = options.dispatcher === undefined;
  const dispatcher =
    options.dispatcher ??
    new Agent({
      keepAliveTimeout: 10_000,
      connect: { timeout: options.connectTimeout ?? 15_000 },
      headersTimeout: options.headersTimeout ?? 30_000,
      bodyTimeout: options.bodyTimeout ?? 30_000,
    });
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
  async function respond(url: string, opts: FetchRequestOptions, maxBytes: number, post?: PostBody) {
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
        headersTimeout: options.headersTimeout,
        bodyTimeout: options.bodyTimeout,
      } as Parameters<typeof request>[1]);
      const status = response.statusCode;
      if (status >= 300 && status < 400 && status !== 304) {
        await response.body.dump().catch(() => undefined);
        const location = header(response.headers, 'location');
        if (post !== undefined) {
          throw new FetchError(
            'ERR_REDIRECT_REFUSED',
            `${current.href} answered a POST with ${status} to ${location ?? 'nowhere'}; a POST is never redirected (point at the final URL)`,
            { subject: url, status },
          );
        }
        if (location === undefined) {
          throw new FetchError('ERR_HTTP_STATUS', `${status} without a Location from ${current.href}`, {
            subject: url,
            status,
          });
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

  /** Runs `attempt` with retries on transient failures; maps every failure to a FetchError. */
  async function withRetries<T>(
    url: string,
    signal: AbortSignal | undefined,
    attempt: () => Promise<T>,
  ): Promise<T> {
    for (let tries = 0; ; tries++) {
      try {
        return await attempt();
      } catch (error) {
        const mapped = mapError(error, url, signal);
        const wait = retryWait(error, tries, retryPolicy);
        if (wait === null) throw mapped;
        try {
          await sleep(wait, signal);
        } catch (cause) {
          throw new FetchError('ERR_ABORTED', `Aborted while waiting to retry ${url}`, {
            subject: url,
            cause,
          });
        }
      }
    }
  }

  async function get(url: string, request: FetchRequestOptions = {}, post?: PostBody): Promise<Uint8Array> {
    const maxBytes = request.maxBytes ?? defaultMaxBytes;
    return limiter(() =>
      withRetries(url, request.signal, async () => {
        const response = await respond(url, request, maxBytes, post);
        const parts: Uint8Array[] = [];
        let total = 0;
        for await (const chunk of response.body) {
          total += chunk.byteLength;
          counters.bytes += chunk.byteLength;
          if (total > maxBytes) {
            response.body.destroy();
            throw tooLarge(url, maxBytes);
          }
          parts.push(chunk);
        }
        if (response.size !== undefined && total !== response.size) {
          throw Object.assign(new Error(`body ended after ${total} of ${response.size} bytes`), {
            code: 'UND_ERR_SOCKET',
          });
        }
        return new Uint8Array(Buffer.concat(parts));
      }),
    );
  }

  async function open(url: string, request: FetchRequestOptions = {}): Promise<FetchedStream> {
    const maxBytes = request.maxBytes ?? defaultMaxBytes;
    const release = await limiter.acquire();
    let response: Awaited<ReturnType<typeof respond>>;
    try {
      response = await withRetries(url, request.signal, () => respond(url, request, maxBytes));
    } catch (error) {
      release();
      throw error;
    }
    // Once bytes have been handed out, a failure cannot be retried transparently: it is reported.
    async function* body(): AsyncIterable<Uint8Array> {
      let total = 0;
      try {
        for await (const chunk of response.body) {
          total += chunk.byteLength;
          counters.bytes += chunk.byteLength;
          if (total > maxBytes) throw tooLarge(url, maxBytes);
          yield chunk;
        }
      } catch (error) {
        throw mapError(error, url, request.signal);
      } finally {
        response.body.destroy();
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
    get: (url, request) => get(url, request),
    open,
    post: (url, body, request) => get(url, request, body),
    stats: () => ({ ...counters }),
    close: async () => {
      if (own) await dispatcher.close();
    },
  };
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
