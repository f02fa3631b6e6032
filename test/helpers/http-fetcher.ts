/**
 * Test-only HTTP pieces: a static file server on 127.0.0.1 (node:http) and a minimal Fetcher over
 * the global fetch. The project's real HTTP adapter lives in src/io/; these only let the OSTree
 * tests read a repo over HTTP without depending on it.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';
import { FetchError } from '../../src/io/errors.js';
import type { FetchStats, Fetcher } from '../../src/io/fetcher.js';

/** Serves `root` read-only; 404 for anything missing. Resolves to its base URL and a close(). */
export async function serveDirectory(root: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    void (async () => {
      const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
      const file = join(root, path);
      try {
        const info = await stat(file);
        if (!info.isFile() || path.includes('..')) throw new Error('not a file');
        res.writeHead(200, { 'content-length': info.size });
        createReadStream(file).pipe(res);
      } catch {
        res.writeHead(404).end('not found');
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A minimal Fetcher over global fetch (404 → ERR_NOT_FOUND). */
export function createTestHttpFetcher(): Fetcher {
  const counters: FetchStats = { requests: 0, bytes: 0 };
  async function get(url: string): Promise<Uint8Array> {
    counters.requests++;
    const response = await fetch(url);
    if (response.status === 404)
      throw new FetchError('ERR_NOT_FOUND', `Not found: ${url}`, { subject: url, status: 404 });
    if (!response.ok) {
      throw new FetchError('ERR_HTTP_STATUS', `HTTP ${response.status}: ${url}`, {
        subject: url,
        status: response.status,
      });
    }
    const bytes = new Uint8Array(await response.arrayBuffer());
    counters.bytes += bytes.length;
    return bytes;
  }
  return {
    get,
    async open(url) {
      const bytes = await get(url);
      return {
        url,
        body: (async function* () {
          yield bytes;
        })(),
        size: bytes.length,
      };
    },
    stats: () => ({ ...counters }),
  };
}
