/**
 * A read-only client of a Koji hub's XML-RPC API, over the {@link Fetcher} (no HTTP stack of its
 * own). Anonymous by construction: it sends no session parameters (`session-id`, `session-key`),
 * no cookies and no `Authorization`, and calls only query methods.
 *
 * Every answer is bounded in bytes (`maxBytes`, checked by the fetcher while reading) and in time
 * (`timeoutMs` per HTTP request). Faults become {@link KojiError} `ERR_KOJI_FAULT` with the hub's
 * `faultCode` and `faultString`; inside `system.multicall` each call's fault is returned, not thrown.
 */
import { FetchError } from '../io/errors.js';
import type { Fetcher } from '../io/fetcher.js';
import { KojiError } from './errors.js';
import {
  XmlRpcSyntaxError,
  asFault,
  decodeResponse,
  encodeCall,
  type KojiKeywords,
  type XmlRpcFault,
  type XmlRpcValue,
} from './xmlrpc.js';

/**
 * A `<fault>` or a multicall entry's `faultCode` member, searched for in the bytes (a listing is tens
 * of MB: no string of it is made just to look).
 */
const faultMarkers = [Buffer.from('<fault>'), Buffer.from('<name>faultCode</name>')];

function holdsFault(body: Uint8Array): boolean {
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  return faultMarkers.some((m) => bytes.includes(m));
}

/** Fedora's hub. */
export const defaultKojiHub = 'https://koji.fedoraproject.org/kojihub';

/** Options of {@link KojiHubClient}. */
export interface KojiHubClientOptions {
  /** The hub's XML-RPC URL (default {@link defaultKojiHub}). */
  hubUrl?: string | undefined;
  /** Must support {@link Fetcher.post} (an HTTP fetcher does). */
  fetcher: Fetcher;
  /** Largest answer accepted, bytes (default 512 MiB: a whole `f<N>-updates` listing is ~100 MB). */
  maxBytes?: number | undefined;
  /** Longest wait for one HTTP request, ms (default 120 000). */
  timeoutMs?: number | undefined;
  signal?: AbortSignal | undefined;
  /** Clock for "is this in the past" (default `Date.now`), seconds since the epoch. */
  now?: (() => number) | undefined;
}

/** One call of a batch. */
export interface KojiCall {
  method: string;
  params?: readonly XmlRpcValue[];
  keywords?: KojiKeywords;
}

/** One result of `system.multicall`. */
export type KojiCallResult = { ok: true; value: XmlRpcValue } | { ok: false; fault: XmlRpcFault };

/** Calls and bytes since the client was made, for a report. */
export interface KojiStats {
  /** HTTP requests (a multicall is one). */
  requests: number;
  /** Method calls, counting each inside a multicall. */
  calls: number;
}

/** A read-only Koji hub client. */
export class KojiHubClient {
  readonly hubUrl: string;
  readonly #fetcher: Fetcher;
  readonly #maxBytes: number;
  readonly #timeoutMs: number;
  readonly #signal: AbortSignal | undefined;
  readonly #counters: KojiStats = { requests: 0, calls: 0 };
  readonly now: () => number;

  constructor(options: KojiHubClientOptions) {
    this.hubUrl = options.hubUrl ?? defaultKojiHub;
    if (!/^https?:\/\//.test(this.hubUrl))
      throw new KojiError('ERR_KOJI_RESPONSE', `A Koji hub is an http(s) URL, not '${this.hubUrl}'`, {
        subject: this.hubUrl,
      });
    this.#fetcher = options.fetcher;
    this.#maxBytes = options.maxBytes ?? 512 * 1024 ** 2;
    this.#timeoutMs = options.timeoutMs ?? 120_000;
    this.#signal = options.signal;
    this.now = options.now ?? (() => Date.now() / 1000);
  }

  stats(): KojiStats {
    return { ...this.#counters };
  }

  /**
   * Calls one method; `immutable` lets a caching fetcher answer from disk (only for answers about
   * the past, which never change).
   */
  async call(
    method: string,
    params: readonly XmlRpcValue[] = [],
    keywords?: KojiKeywords,
    immutable = false,
  ) {
    this.#counters.calls++;
    const answer = await this.#send(method, encodeCall(method, params, keywords), immutable);
    if (!answer.ok) throw faultError(this.hubUrl, method, answer.fault);
    return answer.value;
  }

  /** Runs `calls` in one `system.multicall` request; each result is its value or its fault. */
  async multicall(calls: readonly KojiCall[], immutable = false): Promise<KojiCallResult[]> {
    if (calls.length === 0) return [];
    this.#counters.calls += calls.length;
    const list: XmlRpcValue[] = calls.map((c) => ({
      methodName: c.method,
      params: encodeParams(c.params ?? [], c.keywords),
    }));
    const answer = await this.#send('system.multicall', encodeCall('system.multicall', [list]), immutable);
    if (!answer.ok) throw faultError(this.hubUrl, 'system.multicall', answer.fault);
    const results = answer.value;
    if (!Array.isArray(results) || results.length !== calls.length)
      throw this.#shape('system.multicall', `${calls.length} results`);
    return results.map((r) => {
      // A success is the value wrapped in a one-element array; a failure, a fault struct.
      if (Array.isArray(r) && r.length === 1) return { ok: true, value: r[0]! };
      try {
        return { ok: false, fault: asFault(r) };
      } catch {
        throw this.#shape('system.multicall', 'a [value] or a fault per call');
      }
    });
  }

  /** A {@link KojiError} for an answer that is XML-RPC but not koji's shape. */
  shapeError(method: string, expected: string, cause?: unknown): KojiError {
    return this.#shape(method, expected, cause);
  }

  #shape(method: string, expected: string, cause?: unknown): KojiError {
    return new KojiError(
      'ERR_KOJI_RESPONSE',
      `${this.hubUrl} answered ${method} with something other than ${expected}`,
      { subject: `${this.hubUrl} ${method}`, cause },
    );
  }

  async #send(method: string, xml: string, immutable: boolean) {
    const post = this.#fetcher.post;
    if (post === undefined)
      throw new KojiError('ERR_KOJI_RESPONSE', `The fetcher cannot POST, so it cannot reach ${this.hubUrl}`, {
        subject: this.hubUrl,
      });
    const timeout = AbortSignal.timeout(this.#timeoutMs);
    const signal = this.#signal === undefined ? timeout : AbortSignal.any([this.#signal, timeout]);
    this.#counters.requests++;
    let bytes: Uint8Array;
    try {
      bytes = await post.call(
        this.#fetcher,
        this.hubUrl,
        // No cookies, no credentials: the body is the call and nothing else.
        { contentType: 'text/xml', data: new TextEncoder().encode(xml) },
        {
          signal,
          maxBytes: this.#maxBytes,
          immutable,
          // A fault (inside a multicall too) may not hold tomorrow: only clean answers are kept.
          cacheable: (body) => !holdsFault(body),
          headers: { accept: 'text/xml' },
        },
      );
    } catch (error) {
      if (timeout.aborted && this.#signal?.aborted !== true)
        throw new KojiError(
          'ERR_KOJI_TIMEOUT',
          `${this.hubUrl} did not answer ${method} within ${this.#timeoutMs / 1000} s`,
          { subject: `${this.hubUrl} ${method}`, cause: error },
        );
      if (error instanceof FetchError) throw error;
      throw error;
    }
    try {
      // The bytes, not a string of them: the decoder copies each value's text out, so nothing keeps
      // a listing's whole answer alive (and it checks the bytes are UTF-8).
      return decodeResponse(bytes);
    } catch (cause) {
      if (cause instanceof XmlRpcSyntaxError)
        throw this.#shape(method, `an XML-RPC methodResponse (${(cause as Error).message})`, cause);
      throw cause;
    }
  }
}

/** `params` of one multicall entry: positional, then koji's `__starstar` keywords. */
function encodeParams(params: readonly XmlRpcValue[], keywords: KojiKeywords | undefined): XmlRpcValue[] {
  const kw = Object.entries(keywords ?? {}).filter((e): e is [string, XmlRpcValue] => e[1] !== undefined);
  return kw.length === 0 ? [...params] : [...params, { ...Object.fromEntries(kw), __starstar: true }];
}

/** `ERR_KOJI_FAULT` for one call's fault. */
export function faultError(hubUrl: string, method: string, fault: XmlRpcFault): KojiError {
  return new KojiError(
    'ERR_KOJI_FAULT',
    `${hubUrl} refused ${method}: fault ${fault.faultCode}: ${fault.faultString}`,
    { subject: `${hubUrl} ${method}`, faultCode: fault.faultCode, faultString: fault.faultString },
  );
}
