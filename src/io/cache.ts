/**
 * An opt-in on-disk cache for immutable resources (files inside a finished compose,
 * content-addressed repodata). Entries are keyed by URL (sha256 of the URL → file name), stored
 * with the sha256 of their content beside them, verified on every read (a corrupt entry is
 * dropped and fetched again), and written atomically (temp file + rename). Only requests marked
 * `immutable` are cached; everything else goes straight to the wrapped fetcher.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile, open as openFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { homedir } from 'node:os';
import type { FetchRequestOptions, FetchedStream, Fetcher, PostBody } from './fetcher.js';

/** The user's cache directory: `$XDG_CACHE_HOME/compose-match`, else `~/.cache/compose-match`. */
export function defaultCacheDir(env: Record<string, string | undefined>): string {
  const xdg = env['XDG_CACHE_HOME'];
  return join(
    xdg !== undefined && xdg.startsWith('/') ? xdg : join(env['HOME'] ?? homedir(), '.cache'),
    'compose-match',
  );
}

/** Counters of a caching fetcher. */
export interface CacheStats {
  hits: number;
  misses: number;
  /** Entries found corrupt and fetched again. */
  corrupt: number;
}

/** A fetcher with a disk cache in front of it. */
export interface CachingFetcher extends Fetcher {
  cacheStats(): CacheStats;
}

/** Wraps `fetcher` with a cache in `dir` (created on first write). */
export function withDiskCache(fetcher: Fetcher, dir: string): CachingFetcher {
  const counters: CacheStats = { hits: 0, misses: 0, corrupt: 0 };
  const paths = (url: string) => {
    const key = createHash('sha256').update(url).digest('hex');
    const data = join(dir, key.slice(0, 2), key);
    return { data, sum: `${data}.sha256` };
  };

  /** The entry's path when present and intact; a corrupt entry is removed. */
  async function lookup(url: string): Promise<string | null> {
    const { data, sum } = paths(url);
    let expected: string;
    try {
      expected = (await readFile(sum, 'utf8')).trim();
    } catch {
      return null;
    }
    try {
      const hash = createHash('sha256');
      for await (const chunk of createReadStream(data)) hash.update(chunk as Buffer);
      if (hash.digest('hex') === expected) return data;
    } catch {
      // unreadable: treat as corrupt
    }
    counters.corrupt++;
    await rm(data, { force: true });
    await rm(sum, { force: true });
    return null;
  }

  async function store(url: string, content: Uint8Array): Promise<void> {
    const { data, sum } = paths(url);
    const temp = tempName(data);
    try {
      await mkdir(dirname(data), { recursive: true });
      await writeFile(temp, content);
      await publish(temp, data, sum, createHash('sha256').update(content).digest('hex'));
    } catch {
      // A cache that cannot be written is no cache; the fetch itself succeeded.
      await rm(temp, { force: true });
    }
  }

  /** An intact entry within `maxBytes` (a larger one is fetched, so the limit error is the server's). */
  async function hit(
    url: string,
    maxBytes: number | undefined,
  ): Promise<{ path: string; size: number; mtime: Date } | null> {
    const path = await lookup(url);
    if (path === null) return null;
    const info = await stat(path);
    if (maxBytes !== undefined && info.size > maxBytes) return null;
    counters.hits++;
    return { path, size: info.size, mtime: info.mtime };
  }

  async function get(url: string, options: FetchRequestOptions = {}): Promise<Uint8Array> {
    if (options.immutable !== true) return fetcher.get(url, options);
    const cached = await hit(url, options.maxBytes);
    if (cached !== null) {
      const data = await readFile(cached.path);
      return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    }
    counters.misses++;
    const content = await fetcher.get(url, options);
    await store(url, content);
    return content;
  }

  async function open(url: string, options: FetchRequestOptions = {}): Promise<FetchedStream> {
    if (options.immutable !== true) return fetcher.open(url, options);
    const cached = await hit(url, options.maxBytes);
    if (cached !== null) {
      return {
        url,
        body: createReadStream(cached.path, { signal: options.signal }),
        size: cached.size,
        lastModified: cached.mtime,
      };
    }
    counters.misses++;
    const upstream = await fetcher.open(url, options);
    const { data, sum } = paths(url);
    // Streamed to a temp file as it is read; committed only when the whole body arrived.
    async function* body(): AsyncIterable<Uint8Array> {
      let file: Awaited<ReturnType<typeof openFile>> | null = null;
      let temp = '';
      const hash = createHash('sha256');
      try {
        await mkdir(dirname(data), { recursive: true });
        temp = tempName(data);
        file = await openFile(temp, 'w');
      } catch {
        file = null;
      }
      let complete = false;
      try {
        for await (const chunk of upstream.body) {
          hash.update(chunk);
          if (file !== null) await file.write(chunk).catch(() => ((file = null), undefined));
          yield chunk;
        }
        complete = true;
      } finally {
        const handle = file as Awaited<ReturnType<typeof openFile>> | null;
        await handle?.close().catch(() => undefined);
        if (complete && handle !== null) {
          try {
            await publish(temp, data, sum, hash.digest('hex'));
          } catch {
            await rm(temp, { force: true });
          }
        } else if (temp !== '') {
          await rm(temp, { force: true });
        }
      }
    }
    return { ...upstream, body: body() };
  }

  // An RPC answer about the past (a Koji tag at an old event) is immutable too: keyed by URL + body.
  async function post(url: string, body: PostBody, options: FetchRequestOptions = {}): Promise<Uint8Array> {
    if (fetcher.post === undefined) throw new TypeError(`The wrapped fetcher cannot POST to ${url}`);
    if (options.immutable !== true) return fetcher.post(url, body, options);
    const key = `POST ${url}\n${body.contentType}\n${createHash('sha256').update(body.data).digest('hex')}`;
    const cached = await hit(key, options.maxBytes);
    if (cached !== null) {
      const data = await readFile(cached.path);
      return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    }
    counters.misses++;
    const content = await fetcher.post(url, body, options);
    if (options.cacheable === undefined || options.cacheable(content)) await store(key, content);
    return content;
  }

  return {
    get,
    open,
    ...(fetcher.post === undefined ? {} : { post }),
    ...(fetcher.list === undefined ? {} : { list: fetcher.list.bind(fetcher) }),
    stats: () => fetcher.stats(),
    cacheStats: () => ({ ...counters }),
  };
}

/** A temporary name beside `path`, unique per writer. */
function tempName(path: string): string {
  return `${path}.${randomBytes(6).toString('hex')}.tmp`;
}

/** Moves a fully written `temp` into place as `data`, then writes its checksum: last, because an entry without it is not an entry. */
async function publish(temp: string, data: string, sum: string, digest: string): Promise<void> {
  await rename(temp, data);
  const tempSum = tempName(sum);
  await writeFile(tempSum, `${digest}\n`);
  await rename(tempSum, sum);
}
