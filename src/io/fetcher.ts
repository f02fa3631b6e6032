/**
 * The one door to the outside world. Everything that reads a URL or a file (OSTree repos, compose
 * listings, repodata) goes through a {@link Fetcher}, so tests and users can plug in a local
 * directory, a mirror, a proxy dispatcher or an in-memory fake.
 *
 * URLs are absolute strings: `https://…`, `http://…` or `file://…`. A missing resource (HTTP 404 or
 * ENOENT) is a {@link FetchError} with code `ERR_NOT_FOUND`; use {@link fetchOptional} when absence
 * is expected (a detached `.commitmeta`, say).
 */
import { FetchError } from './errors.js';

/** Per-request options. */
export interface FetchRequestOptions {
  /** Abort the request. */
  signal?: AbortSignal | undefined;
  /** Refuse bodies larger than this many bytes (`ERR_BODY_TOO_LARGE`). */
  maxBytes?: number | undefined;
  /**
   * The caller knows this resource never changes (a file inside a finished compose, a
   * content-addressed repodata file), so a caching fetcher may answer it from disk.
   */
  immutable?: boolean | undefined;
  /**
   * With `immutable`: a caching fetcher stores the answer only when this says yes (an RPC answer
   * that is an error, like an XML-RPC fault, must not be kept forever).
   */
  cacheable?: ((body: Uint8Array) => boolean) | undefined;
  /** Extra request headers (`Accept`, `Authorization`); HTTP only, never logged. */
  headers?: Record<string, string> | undefined;
  /**
   * Statuses answered as a response (with `status` and `headers`) instead of thrown, so a caller
   * can read a `401`'s `WWW-Authenticate` challenge. HTTP only.
   */
  passStatuses?: readonly number[] | undefined;
  /**
   * `'any-host'` follows a redirect to any http(s) host and drops `Authorization` on the way, as a
   * registry's blob redirect to a CDN needs; default: the fetcher's same-origin rule. HTTP only.
   */
  redirect?: 'same-origin' | 'any-host' | undefined;
}

/** One entry of a directory listing (an Apache index page, or a local directory). */
export interface DirectoryEntry {
  /** The entry's name, percent-decoded, without a trailing `/`. */
  name: string;
  /** Absolute URL of the entry (directories end in `/`). */
  url: string;
  /** True for directories (and symlinks to directories). */
  isDirectory: boolean;
  /** Modification time shown by the listing, when shown. */
  modified: Date | null;
}

/** A response whose body is read as a stream. */
export interface FetchedStream {
  /** The final URL (after redirects). */
  url: string;
  /** The body, chunk by chunk; read it once. */
  body: AsyncIterable<Uint8Array>;
  /** Size announced by the server (Content-Length) or the file system, when known. */
  size?: number | undefined;
  /** Last modification time, when known. */
  lastModified?: Date | undefined;
  /** HTTP status (HTTP fetchers only). */
  status?: number | undefined;
  /** Response headers, lower-cased names (HTTP fetchers only). */
  headers?: Record<string, string> | undefined;
}

/** Counters a report can show. */
export interface FetchStats {
  /** Requests sent (or files opened). */
  requests: number;
  /** Body bytes received. */
  bytes: number;
}

/** Reads resources by URL. */
export interface Fetcher {
  /** The whole body as bytes. */
  get(url: string, options?: FetchRequestOptions): Promise<Uint8Array>;
  /** The body as a stream, for large files. */
  open(url: string, options?: FetchRequestOptions): Promise<FetchedStream>;
  /** Requests and bytes so far. */
  stats(): FetchStats;
  /**
   * Lists a directory URL (ending in `/`) natively, when the fetcher can (a local mirror reads the
   * directory itself). Resolves to `null` when this URL has no native listing; then (and for
   * fetchers without `list`) callers fetch and parse the index page.
   */
  list?(dirUrl: string, options?: FetchRequestOptions): Promise<DirectoryEntry[] | null>;
  /**
   * Sends `body` with POST and resolves to the whole response body, for RPC endpoints (Koji's
   * XML-RPC hub). HTTP only; never redirected (a POST body is not re-sent elsewhere) and retried
   * only on the statuses a GET is, so use it for read-only calls. With `immutable`, a caching
   * fetcher may answer from disk, keyed by the URL and the body.
   */
  post?(url: string, body: PostBody, options?: FetchRequestOptions): Promise<Uint8Array>;
}

/** A POST body and its media type. */
export interface PostBody {
  contentType: string;
  data: Uint8Array;
}

/** {@link Fetcher.get}, but `null` when the resource does not exist. */
export async function fetchOptional(
  fetcher: Fetcher,
  url: string,
  options?: FetchRequestOptions,
): Promise<Uint8Array | null> {
  try {
    return await fetcher.get(url, options);
  } catch (error) {
    if (error instanceof FetchError && error.code === 'ERR_NOT_FOUND') return null;
    throw error;
  }
}

/** {@link Fetcher.get} decoded as UTF-8 (invalid bytes are an error, not U+FFFD). */
export async function fetchText(
  fetcher: Fetcher,
  url: string,
  options?: FetchRequestOptions,
): Promise<string> {
  const bytes = await fetcher.get(url, options);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (cause) {
    throw new FetchError('ERR_BAD_ENCODING', `Not valid UTF-8: ${url}`, { subject: url, cause });
  }
}
