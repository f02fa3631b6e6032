/**
 * A {@link Fetcher} over the local file system: `file://` URLs (use `pathToFileURL` for paths).
 * It serves a host's `/ostree/repo`, a mirror on disk, or the bundled fixtures. Directory URLs
 * are listed from the directory itself ({@link Fetcher.list}), so a mirror needs no index pages.
 */
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { FetchError } from './errors.js';
import type { DirectoryEntry, FetchRequestOptions, FetchStats, FetchedStream, Fetcher } from './fetcher.js';

/** Creates a fetcher for `file://` URLs. */
export function createFileFetcher(): Fetcher {
  const counters: FetchStats = { requests: 0, bytes: 0 };

  async function get(url: string, options: FetchRequestOptions = {}): Promise<Uint8Array> {
    const path = toPath(url);
    counters.requests++;
    const info = await statOrThrow(path, url);
    checkSize(info.size, url, options.maxBytes);
    try {
      const data = await readFile(path, { signal: options.signal });
      counters.bytes += data.byteLength;
      return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    } catch (cause) {
      throw fsError(cause, url);
    }
  }

  async function open(url: string, options: FetchRequestOptions = {}): Promise<FetchedStream> {
    const path = toPath(url);
    counters.requests++;
    const info = await statOrThrow(path, url);
    checkSize(info.size, url, options.maxBytes);
    const stream = createReadStream(path, { signal: options.signal });
    async function* body(): AsyncIterable<Uint8Array> {
      try {
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          counters.bytes += chunk.byteLength;
          yield chunk;
        }
      } catch (cause) {
        throw fsError(cause, url);
      }
    }
    return { url, body: body(), size: info.size, lastModified: info.mtime };
  }

  async function list(dirUrl: string): Promise<DirectoryEntry[]> {
    const path = toPath(dirUrl);
    counters.requests++;
    let names: string[];
    try {
      names = await readdir(path);
    } catch (cause) {
      throw fsError(cause, dirUrl);
    }
    const entries: DirectoryEntry[] = [];
    for (const name of names.sort()) {
      // stat, not lstat: koji-tag symlinks to compose directories list as directories, as in Apache.
      const info = await stat(join(path, name)).catch(() => null);
      if (info === null) continue;
      const isDirectory = info.isDirectory();
      const url = pathToFileURL(join(path, name)).href + (isDirectory ? '/' : '');
      entries.push({ name, url, isDirectory, modified: info.mtime });
    }
    return entries;
  }

  return { get, open, list, stats: () => ({ ...counters }) };
}

function toPath(url: string): string {
  try {
    return fileURLToPath(url);
  } catch (cause) {
    throw new FetchError('ERR_BAD_URL', `Not a file:// URL: ${url}`, { subject: url, cause });
  }
}

async function statOrThrow(path: string, url: string) {
  try {
    const info = await stat(path);
    if (info.isDirectory()) {
      throw new FetchError('ERR_NOT_FOUND', `Is a directory, not a file: ${url}`, { subject: url });
    }
    return info;
  } catch (cause) {
    throw fsError(cause, url);
  }
}

function checkSize(size: number, url: string, maxBytes: number | undefined): void {
  if (maxBytes !== undefined && size > maxBytes) {
    throw new FetchError(
      'ERR_BODY_TOO_LARGE',
      `${url} is ${size} bytes, more than the limit of ${maxBytes}`,
      {
        subject: url,
      },
    );
  }
}

function fsError(cause: unknown, url: string): FetchError {
  if (cause instanceof FetchError) return cause;
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return new FetchError('ERR_NOT_FOUND', `No such file: ${url}`, { subject: url, cause });
  }
  if (code === 'ABORT_ERR') return new FetchError('ERR_ABORTED', `Aborted: ${url}`, { subject: url, cause });
  return new FetchError('ERR_NETWORK', `Cannot read ${url}: ${String(cause)}`, { subject: url, cause });
}
