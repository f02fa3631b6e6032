/**
 * The HTTP fetcher against real local servers that misbehave: one that accepts and never answers,
 * one that sends headers and stalls the body, one that drops a body mid-way once (resumed with
 * Range), and ones that cannot resume (no Range, a changed file).
 */
import test from 'ava';
import { createHash } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { FetchError } from '../../src/io/errors.js';
import type { FetchedStream } from '../../src/io/fetcher.js';
import { createHttpFetcher } from '../../src/io/http-fetcher.js';
import { runCli } from '../helpers/run-cli.js';

/** A TCP server that accepts connections and never writes a byte. */
async function stalledServer() {
  const sockets = new Set<Socket>();
  const server = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('data', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    connections: () => sockets.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

type Handler = (req: IncomingMessage, res: ServerResponse, hit: number) => void;

async function httpServer(handler: Handler) {
  let hits = 0;
  const seen: IncomingMessage['headers'][] = [];
  const server = createHttpServer((req, res) => {
    seen.push(req.headers);
    handler(req, res, ++hits);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/blob`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** 600 KB of deterministic, incompressible-looking bytes. */
const body = (() => {
  const parts: Buffer[] = [];
  for (let i = 0; parts.length * 32 < 600_000; i++)
    parts.push(createHash('sha256').update(String(i)).digest());
  return Buffer.concat(parts);
})();

/** Serves `body` honouring `Range`/`If-Range` like Apache; the first answer breaks off at `cut`. */
function rangeServer(options: { cut: number; etag?: () => string; ranges?: boolean }): Handler {
  return (req, res, hit) => {
    const etag = (options.etag ?? (() => '"v1"'))();
    res.setHeader('etag', etag);
    res.setHeader('accept-ranges', options.ranges === false ? 'none' : 'bytes');
    const range = /^bytes=([0-9]+)-$/.exec(req.headers.range ?? '');
    const ifRange = req.headers['if-range'];
    if (options.ranges !== false && range !== null && (ifRange === undefined || ifRange === etag)) {
      const start = Number(range[1]);
      res.writeHead(206, {
        'content-length': body.length - start,
        'content-range': `bytes ${start}-${body.length - 1}/${body.length}`,
      });
      res.end(body.subarray(start));
      return;
    }
    res.writeHead(200, { 'content-length': body.length });
    if (hit === 1) {
      res.write(body.subarray(0, options.cut), () => setTimeout(() => req.socket.destroy(), 20));
      return;
    }
    res.end(body);
  };
}

async function drain(stream: FetchedStream): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const chunk of stream.body) parts.push(chunk);
  return Buffer.concat(parts);
}

test('a server that accepts and never answers fails within the timeout, retries included, naming the URL and the headers', async (t) => {
  const server = await stalledServer();
  // Four attempts of 1 s each plus backoff would take over 7 s: the timeout bounds them all.
  const fetcher = createHttpFetcher({ timeout: 1000, retries: 3 });
  try {
    const started = performance.now();
    const error = await t.throwsAsync(() => fetcher.get(server.url));
    const elapsed = performance.now() - started;
    t.true(error instanceof FetchError);
    t.is((error as FetchError).code, 'ERR_TIMEOUT');
    t.regex(error!.message, /response headers/);
    t.true(error!.message.includes(server.url), error!.message);
    t.true(elapsed < 3000, `gave up after ${Math.round(elapsed)} ms`);
  } finally {
    await fetcher.close();
    await server.close();
  }
});

test('headers then a stalled body fail within the timeout, naming the body', async (t) => {
  const server = await httpServer((_req, res) => {
    res.writeHead(200, { 'content-length': 1000 });
    res.write('x'.repeat(10));
  });
  const fetcher = createHttpFetcher({ timeout: 1000, retries: 3 });
  try {
    const started = performance.now();
    for (const read of [() => fetcher.get(server.url), async () => drain(await fetcher.open(server.url))]) {
      const error = await t.throwsAsync(read);
      t.is((error as FetchError).code, 'ERR_TIMEOUT', error!.message);
      t.regex(error!.message, /more of the body/);
      t.true(error!.message.includes(server.url));
    }
    const elapsed = performance.now() - started;
    t.true(elapsed < 6000, `two reads gave up after ${Math.round(elapsed)} ms`);
  } finally {
    await fetcher.close();
    await server.close();
  }
});

test('the retries of a whole fetcher are bounded by its budget', async (t) => {
  let hits = 0;
  const server = await httpServer((req) => {
    hits++;
    req.socket.destroy();
  });
  const waits: number[] = [];
  const fetcher = createHttpFetcher({
    timeout: 60_000,
    retryBudget: 5_000,
    retries: 3,
    retryDelay: 500,
    random: () => 0.5,
    sleep: async (ms) => {
      waits.push(ms);
    },
  });
  try {
    for (let i = 0; i < 10; i++) {
      const error = await t.throwsAsync(() => fetcher.get(server.url));
      t.is((error as FetchError).code, 'ERR_NETWORK');
    }
    // Without the budget: 10 × 4 attempts. With it: 500+1000+2000, then 500, then 500+… until 5 s.
    t.true(hits < 20, `${hits} attempts`);
    t.true(waits.reduce((a, b) => a + b, 0) <= 5_000, waits.join(' '));
    const before = hits;
    await t.throwsAsync(() => fetcher.get(server.url));
    t.is(hits - before, 1, 'once spent, a failure is reported at once');
  } finally {
    await fetcher.close();
    await server.close();
  }
});

test('--timeout reaches the fetcher: composes against a stalled server gives up in time, exit 1', async (t) => {
  const server = await stalledServer();
  try {
    const started = performance.now();
    const run = await runCli(['composes', '--no-cache', '--timeout', '1', '--compose-root', server.url]);
    const elapsed = performance.now() - started;
    t.is(run.code, 1, run.stderr);
    t.regex(
      run.stderr,
      /Timed out waiting for the response headers of http:\/\/127\.0\.0\.1:[0-9]+\/: nothing arrived within 1 s \[ERR_TIMEOUT\]/,
    );
    t.true(elapsed < 3000, `gave up after ${Math.round(elapsed)} ms`);
    t.is((await runCli(['composes', '--timeout', '0', '--compose-root', server.url])).code, 2);
  } finally {
    await server.close();
  }
});

test('a body dropped mid-way is resumed with Range and If-Range (get and open)', async (t) => {
  for (const read of ['get', 'open'] as const) {
    const server = await httpServer(rangeServer({ cut: 200_000 }));
    const fetcher = createHttpFetcher({ retryDelay: 1 });
    try {
      const got =
        read === 'get'
          ? Buffer.from(await fetcher.get(server.url))
          : await drain(await fetcher.open(server.url));
      t.true(got.equals(body), `${read}: ${got.length} bytes`);
      t.is(server.seen.length, 2, read);
      const resumedAt = Number(/^bytes=([0-9]+)-$/.exec(server.seen[1]!.range ?? '')?.[1]);
      t.true(resumedAt > 0 && resumedAt <= 200_000, `${read}: resumed at ${server.seen[1]!.range}`);
      t.is(server.seen[1]!['if-range'], '"v1"');
      // Only the missing tail came the second time.
      t.true(fetcher.stats().bytes < body.length + 200_001, String(fetcher.stats().bytes));
    } finally {
      await fetcher.close();
      await server.close();
    }
  }
});

test('a server without ranges: open skips ahead over the same file; a changed file fails cleanly as a network error', async (t) => {
  const same = await httpServer(rangeServer({ cut: 100_000, ranges: false }));
  const fetcher = createHttpFetcher({ retryDelay: 1 });
  try {
    t.true((await drain(await fetcher.open(same.url))).equals(body));
    t.is(same.seen[1]!.range, undefined, 'Accept-Ranges: none: no Range sent');
  } finally {
    await same.close();
  }
  let version = 0;
  const changing = await httpServer(rangeServer({ cut: 100_000, etag: () => `"v${++version}"` }));
  try {
    const error = await t.throwsAsync(async () => drain(await fetcher.open(changing.url)));
    t.true(error instanceof FetchError, String(error));
    t.is((error as FetchError).code, 'ERR_NETWORK');
    t.regex(error!.message, /broke off after [0-9]+ bytes and cannot be resumed: the server answered 200/);
    // get() had handed nothing out yet: it starts over on the new file instead.
    version = 0;
    const again = await httpServer(rangeServer({ cut: 100_000, etag: () => `"v${++version}"` }));
    try {
      t.true(Buffer.from(await fetcher.get(again.url)).equals(body));
    } finally {
      await again.close();
    }
  } finally {
    await fetcher.close();
    await changing.close();
  }
});
