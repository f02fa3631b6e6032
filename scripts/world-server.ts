/**
 * A small static server for unit tests: serves `fixtures/world/kojipkgs/` like kojipkgs' Apache, using
 * the listings captured from a real Apache (`fixtures/world/listings/`) for directory URLs. With
 * `tree` it serves another directory of the world instead (`ostree/repo`), files only.
 *
 * - `/dir` (a directory, no trailing slash) → 301 to `/dir/`, as mod_dir does;
 * - `/dir/` → the captured listing for that URL path (the koji-tag symlinks have their own);
 * - files → their bytes, following symlinks that stay inside the tree;
 * - anything else (missing, outside the tree, malformed) → 404 (400 for a malformed escape).
 */
import { createReadStream, existsSync, realpathSync, statSync } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Options for {@link startWorldServer}. */
export interface WorldServerOptions {
  /** The world directory (holding `kojipkgs/` and `listings/`). Default: the repo's `fixtures/world`. */
  root?: string;
  /** Serve the HTMLTable listings (`listings-table/`) where captured, instead of the `<pre>` form. */
  table?: boolean;
  /**
   * The directory of the world to serve, relative to `root` (default `kojipkgs`). The captured
   * listings describe `kojipkgs/` only, so for any other tree directory URLs are 404.
   */
  tree?: string;
}

/** A running world server. */
export interface WorldServer {
  /** `http://127.0.0.1:PORT/` (kojipkgs' root, composes under `compose/updates/`; or the `tree`). */
  url: string;
  /** Stops the server. */
  close(): Promise<void>;
}

/** The repository's `fixtures/world`, found from this file (source or compiled under dist/). */
export function defaultWorldRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'fixtures', 'world'))) {
      return join(dir, 'fixtures', 'world');
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('fixtures/world not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

const types: Record<string, string> = {
  '.xml': 'text/xml',
  '.json': 'application/json',
  '.html': 'text/html',
  '.gz': 'application/x-gzip',
  '.bz2': 'application/x-bzip2',
  '.xz': 'application/x-xz',
  '.zst': 'application/zstd',
  '.rpm': 'application/x-rpm',
  '.log': 'text/plain',
};

/** Decodes a URL path into segments; null when malformed or when a segment would climb out. */
function segments(pathname: string): string[] | null {
  const out: string[] = [];
  for (const raw of pathname.split('/')) {
    let seg: string;
    try {
      seg = decodeURIComponent(raw);
    } catch {
      return null;
    }
    if (seg === '' || seg === '.') continue;
    if (seg === '..' || seg.includes('/') || seg.includes('\\') || seg.includes('\0')) return null;
    out.push(seg);
  }
  return out;
}

/** Starts the server on 127.0.0.1 with an ephemeral port. */
export async function startWorldServer(options: WorldServerOptions = {}): Promise<WorldServer> {
  const world = options.root ?? defaultWorldRoot();
  const treeName = options.tree ?? 'kojipkgs';
  const tree = realpathSync(join(world, treeName));
  const hasListings = treeName === 'kojipkgs';
  const listings = join(world, 'listings');
  const tables = join(world, 'listings-table');
  if (!statSync(tree).isDirectory()) throw new Error(`${tree} is not a directory`);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const send = (status: number, body = '', headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'Content-Type': 'text/html; charset=iso-8859-1', ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, '', { Allow: 'GET, HEAD' });
    const url = new URL(req.url ?? '/', 'http://localhost');
    const segs = segments(url.pathname);
    if (segs === null) return send(400, '<h1>Bad Request</h1>\n');
    const notFound = () => send(404, '<h1>Not Found</h1>\n');

    let real: string;
    try {
      real = await realpath(join(tree, ...segs));
    } catch {
      return notFound();
    }
    if (real !== tree && !real.startsWith(tree + sep)) return notFound();
    const info = await stat(real);
    const rel = segs.join('/');
    if (info.isDirectory()) {
      if (!url.pathname.endsWith('/')) {
        // Absolute, as Apache's mod_dir sends it.
        const location = `http://${req.headers.host ?? '127.0.0.1'}${url.pathname}/${url.search}`;
        return send(301, '<h1>Moved Permanently</h1>\n', { Location: location });
      }
      const candidates = !hasListings
        ? []
        : [...(options.table ? [join(tables, rel, 'index.html')] : []), join(listings, rel, 'index.html')];
      for (const file of candidates) {
        try {
          const body = await readFile(file);
          res.writeHead(200, {
            'Content-Type': 'text/html;charset=UTF-8',
            'Content-Length': String(body.length),
          });
          res.end(req.method === 'HEAD' ? undefined : body);
          return;
        } catch {
          // try the next form
        }
      }
      return notFound();
    }
    if (!info.isFile() || url.pathname.endsWith('/')) return notFound();
    res.writeHead(200, {
      'Content-Type': types[extname(real)] ?? 'application/octet-stream',
      'Content-Length': String(info.size),
      'Last-Modified': info.mtime.toUTCString(),
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(real).pipe(res);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
