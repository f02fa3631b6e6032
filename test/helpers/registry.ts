/**
 * A real registry for tests: Debian's `docker-registry` on 127.0.0.1, behind a small Node front
 * that demands a Bearer token (its own token endpoint, optionally with Basic credentials) and
 * redirects blob GETs to a second origin on 127.0.0.2, which records the Authorization headers it
 * receives. Images are pushed with `skopeo copy` from OCI layouts built with `umoci`.
 */
import { execFile, spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestRegistry {
  /** `127.0.0.1:PORT` of the front. */
  host: string;
  /** Authorization headers seen by the blob origin (must stay empty). */
  blobAuthorizations: string[];
  /** Blob requests the blob origin served. */
  blobRequests: number;
  /** Response body bytes the registry sent through the front and the blob origin (benches compare clients by it). */
  bytesServed: number;
  /** Rewrites a blob body on the blob origin (a tampering CDN), by digest. */
  tamper: Map<string, (body: Buffer) => Buffer>;
  /**
   * Cuts a blob's next answer on the blob origin after this many body bytes (the connection is
   * destroyed, as an overloaded CDN drops it), once, by digest.
   */
  cut: Map<string, number>;
  /** `Range` headers the blob origin was sent. */
  blobRanges: string[];
  /** Whether a 401 carries a challenge. */
  challenge: boolean;
  /** The blob origin drops `Range` headers (a CDN that ignores ranges answers 200 with the whole blob). */
  ignoreRange: boolean;
  close(): Promise<void>;
}

function listen(server: Server, host: string): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, host, () => resolve((server.address() as AddressInfo).port)),
  );
}

function forward(
  port: number,
  req: IncomingMessage,
  res: ServerResponse,
  count: (bytes: number) => void,
  transform?: (b: Buffer) => Buffer,
  cutAt?: number,
): void {
  const upstream = request(
    {
      host: '127.0.0.1',
      port,
      path: req.url,
      method: req.method,
      headers: withoutAuthorization(req.headers),
    },
    (up) => {
      up.on('data', (c: Buffer) => count(c.byteLength));
      if (cutAt !== undefined) {
        res.writeHead(up.statusCode ?? 502, up.headers);
        let sent = 0;
        up.on('data', (c: Buffer) => {
          if (sent >= cutAt) return;
          const part = c.subarray(0, cutAt - sent);
          sent += part.byteLength;
          res.write(part, () => {
            if (sent >= cutAt) setTimeout(() => req.socket.destroy(), 20);
          });
        });
        return;
      }
      if (transform === undefined) {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
        return;
      }
      const parts: Buffer[] = [];
      up.on('data', (c: Buffer) => parts.push(c));
      up.on('end', () => {
        const body = transform(Buffer.concat(parts));
        res.writeHead(up.statusCode ?? 502, { ...up.headers, 'content-length': String(body.length) });
        res.end(body);
      });
    },
  );
  req.pipe(upstream);
}

function withoutAuthorization(headers: IncomingMessage['headers']): IncomingMessage['headers'] {
  const { authorization: _dropped, ...rest } = headers;
  return rest;
}

async function freePort(): Promise<number> {
  const s = createServer();
  const port = await listen(s, '127.0.0.1');
  await new Promise((r) => s.close(r));
  return port;
}

async function waitUp(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const r = request({ host: '127.0.0.1', port, path: '/v2/' }, (res) => {
        res.resume();
        resolve(true);
      });
      r.on('error', () => resolve(false));
      r.end();
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('docker-registry did not start');
}

/** Starts the registry; `credentials` makes the token endpoint demand Basic `user:pass`. */
export async function startRegistry(credentials?: {
  username: string;
  password: string;
}): Promise<TestRegistry> {
  const dir = await mkdtemp(join(tmpdir(), 'cm-registry-'));
  const port = await freePort();
  await writeFile(
    join(dir, 'config.yml'),
    `version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: ${dir}/data\nhttp:\n  addr: 127.0.0.1:${port}\n`,
  );
  const child: ChildProcess = spawn('docker-registry', ['serve', join(dir, 'config.yml')], {
    stdio: 'ignore',
  });
  await waitUp(port);
  const token = 'test-token-' + Math.random().toString(36).slice(2);
  const state: TestRegistry = {
    host: '',
    blobAuthorizations: [],
    blobRequests: 0,
    bytesServed: 0,
    tamper: new Map(),
    cut: new Map(),
    blobRanges: [],
    challenge: true,
    ignoreRange: false,
    close: async () => undefined,
  };
  const served = (n: number): void => {
    state.bytesServed += n;
  };
  const blobs = createServer((req, res) => {
    state.blobRequests++;
    if (req.headers.authorization !== undefined) state.blobAuthorizations.push(req.headers.authorization);
    if (req.headers.range !== undefined) state.blobRanges.push(req.headers.range);
    if (state.ignoreRange) delete req.headers.range;
    const digest = /\/blobs\/(sha256:[0-9a-f]{64})$/.exec(req.url ?? '')?.[1];
    const cutAt = digest === undefined ? undefined : state.cut.get(digest);
    if (digest !== undefined) state.cut.delete(digest);
    forward(port, req, res, served, digest === undefined ? undefined : state.tamper.get(digest), cutAt);
  });
  const blobPort = await listen(blobs, '127.0.0.2');
  const basic =
    credentials === undefined
      ? undefined
      : `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
  const front = createServer((req, res) => {
    const url = req.url ?? '/';
    if (url.startsWith('/token')) {
      if (basic !== undefined && req.headers.authorization !== basic) {
        res.writeHead(401).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: token }));
      return;
    }
    // skopeo pushes through the same front and token flow.
    if (req.headers.authorization !== `Bearer ${token}`) {
      const headers: Record<string, string> = {};
      if (state.challenge) {
        headers['www-authenticate'] = `Bearer realm="http://${state.host}/token",service="test-registry"`;
      }
      res.writeHead(401, headers).end();
      return;
    }
    if (req.method === 'GET' && /\/blobs\/sha256:/.test(url)) {
      res.writeHead(307, { location: `http://127.0.0.2:${blobPort}${url}` }).end();
      return;
    }
    forward(port, req, res, served);
  });
  const frontPort = await listen(front, '127.0.0.1');
  state.host = `127.0.0.1:${frontPort}`;
  state.close = async () => {
    child.kill();
    await Promise.all([front, blobs].map((s) => new Promise((r) => s.close(r))));
  };
  return state;
}

/** Builds a small OCI layout with umoci: one layer holding `files`. Returns `oci:DIR:TAG`. */
export async function buildLayout(files: Record<string, string>, tag = 'test'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cm-layout-'));
  const layout = join(dir, 'layout');
  execFileSync('umoci', ['init', '--layout', layout]);
  execFileSync('umoci', ['new', '--image', `${layout}:${tag}`]);
  const rootfs = join(dir, 'rootfs');
  execFileSync('mkdir', ['-p', rootfs]);
  for (const [name, content] of Object.entries(files)) {
    execFileSync('mkdir', ['-p', join(rootfs, name, '..')]);
    await writeFile(join(rootfs, name), content);
  }
  // An ordinary user cannot chown what it inserts: umoci's rootless mode records ownership instead.
  const rootless = process.geteuid?.() === 0 ? [] : ['--rootless'];
  execFileSync('umoci', ['insert', ...rootless, '--image', `${layout}:${tag}`, rootfs, '/']);
  return `oci:${layout}:${tag}`;
}

/**
 * `skopeo copy` into the registry (through the front's token flow). Asynchronous on purpose: the
 * token front and the blob origin are servers in this process, and a synchronous child would block
 * the event loop they answer on (a deadlock).
 */
export async function push(source: string, dest: string, creds?: string): Promise<void> {
  const args = ['copy', '--quiet', '--dest-tls-verify=false'];
  if (creds !== undefined) args.push('--dest-creds', creds);
  await execFileAsync('skopeo', [...args, source, dest]);
}

/** `skopeo inspect --raw` of a reference (asynchronous, as {@link push}). */
export async function inspectRaw(reference: string, creds?: string): Promise<string> {
  const args = ['inspect', '--raw', '--tls-verify=false'];
  if (creds !== undefined) args.push('--creds', creds);
  return (await execFileAsync('skopeo', [...args, reference], { encoding: 'utf8' })).stdout;
}
