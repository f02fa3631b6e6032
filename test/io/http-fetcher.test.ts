import test from 'ava';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MockAgent } from 'undici';
import { createHttpFetcher, parseRetryAfter, allowedRedirect, userAgent } from '../../src/io/http-fetcher.js';
import { FetchError } from '../../src/io/errors.js';
import { version } from '../../src/version.js';

type Handler = (req: IncomingMessage, res: ServerResponse, hit: number) => void;

/** A local server whose behaviour per path is given by `routes`; counts hits per path. */
async function serve(routes: Record<string, Handler>) {
  const hits = new Map<string, number>();
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    const hit = (hits.get(path) ?? 0) + 1;
    hits.set(path, hit);
    const route = routes[path];
    if (route === undefined) {
      res.statusCode = 404;
      res.end('nope');
    } else route(req, res, hit);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits: (path: string) => hits.get(path) ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const noSleep = { sleep: async () => undefined, random: () => 0.5 };

async function fails(
  t: import('ava').ExecutionContext,
  run: () => Promise<unknown>,
  code: FetchError['code'],
) {
  const error = await t.throwsAsync(run);
  t.true(error instanceof FetchError, String(error));
  t.is((error as FetchError).code, code, (error as Error).message);
  return error as FetchError;
}

test('GET with User-Agent, Last-Modified and counters', async (t) => {
  let agent = '';
  const server = await serve({
    '/a': (req, res) => {
      agent = req.headers['user-agent'] ?? '';
      res.setHeader('last-modified', 'Mon, 17 Aug 2020 12:34:00 GMT');
      res.end('hello');
    },
  });
  const fetcher = createHttpFetcher(noSleep);
  try {
    t.is(Buffer.from(await fetcher.get(`${server.url}/a`)).toString(), 'hello');
    const stream = await fetcher.open(`${server.url}/a`);
    t.is(stream.lastModified?.toISOString(), '2020-08-17T12:34:00.000Z');
    const parts: Uint8Array[] = [];
    for await (const c of stream.body) parts.push(c);
    t.is(Buffer.concat(parts).toString(), 'hello');
    t.is(agent, userAgent);
    t.true(agent.startsWith(`compose-match/${version} (+https://`));
    t.deepEqual(fetcher.stats(), { requests: 2, bytes: 10 });
  } finally {
    await fetcher.close();
    await server.close();
  }
});

test('500 is retried a bounded number of times, then ERR_HTTP_STATUS; a later 200 wins', async (t) => {
  const server = await serve({
    '/always': (_q, res) => {
      res.statusCode = 500;
      res.end('boom');
    },
    '/once': (_q, res, hit) => {
      res.statusCode = hit === 1 ? 503 : 200;
      res.end(hit === 1 ? 'later' : 'ok');
    },
  });
  const waits: number[] = [];
  const fetcher = createHttpFetcher({
    retries: 2,
    retryDelay: 100,
    random: () => 0.5,
    sleep: async (ms) => void waits.push(ms),
  });
  try {
    const error = await fails(t, () => fetcher.get(`${server.url}/always`), 'ERR_HTTP_STATUS');
    t.is(error.status, 500);
    t.is(server.hits('/always'), 3);
    t.deepEqual(waits, [100, 200]); // backoff doubles; jitter 0.5 → ×1
    t.is(Buffer.from(await fetcher.get(`${server.url}/once`)).toString(), 'ok');
  } finally {
    await fetcher.close();
    await server.close();
  }
});

test('429 honours Retry-After within the cap; 404 is ERR_NOT_FOUND and not retried', async (t) => {
  const server = await serve({
    '/busy': (_q, res, hit) => {
      res.statusCode = hit === 1 ? 429 : 200;
      if (hit === 1) res.setHeader('retry-after', '120');
      res.end('x');
    },
  });
  const waits: number[] = [];
  const fetcher = createHttpFetcher({
    maxRetryDelay: 5000,
    random: () => 0.5,
    sleep: async (ms) => void waits.push(ms),
  });
  try {
    await fetcher.get(`${server.url}/busy`);
    t.deepEqual(waits, [5000]);
    await fails(t, () => fetcher.get(`${server.url}/missing`), 'ERR_NOT_FOUND');
    t.is(server.hits('/missing'), 1);
  } finally {
    await fetcher.close();
    await server.close();
  }
});

test('connection resets are retried, then ERR_NETWORK', async (t) => {
  const server = await serve({
    '/reset': (req) => req.socket.destroy(),
    '/flaky': (req, res, hit) => (hit === 1 ? req.socket.destroy() : res.end('fine')),
  });
  const fetcher = createHttpFetcher({ retries: 2, ...noSleep });
  try {
    await fails(t, () => fetcher.get(`${server.url}/reset`), 'ERR_NETWORK');
    t.is(server.hits('/reset'), 3);
    t.is(Buffer.from(await fetcher.get(`${server.url}/flaky`)).toString(), 'fine');
  } finally {
    await fetcher.close();
    await server.close();
  }
});

test('a server that stalls: ERR_TIMEOUT (headers and body)', async (t) => {
  const server = await serve({
    '/silent': () => undefined,
    '/slow-body': (_q, res) => {
      res.setHeader('content-length', '100');
      res.write('partial');
    },
  });
  const fetcher = createHttpFetcher({ headersTimeout: 200, bodyTimeout: 200, retries: 1, ...noSleep });
  try {
    await fails(t, () => fetcher.get(`${server.url}/silent`), 'ERR_TIMEOUT');
    await fails(t, () => fetcher.get(`${server.url}/slow-body`), 'ERR_TIMEOUT');
  } finally {
    await fetcher.close();
    await server.close();
  }
});

test('redirects: same origin followed, another host refused, loops capped', async (t) => {
  const other = await serve({ '/x': (_q, res) => res.end('elsewhere') });
  const server = await serve({
    '/dir': (_q, res) => {
      res.statusCode = 301;
      res.setHeader('location', '/dir/');
      res.end();
    },
    '/dir/': (_q, res) => res.end('listing'),
    '/away': (_q, res) => {
      res.statusCode = 302;
      res.setHeader('location', `${other.url}/x`);
      res.end();
    },
    '/loop': (_q, res) => {
      res.statusCode = 302;
      res.setHeader('location', '/loop');
      res.end();
    },
  });
  const fetcher = createHttpFetcher({ maxRedirects: 3, ...noSleep });
  try {
    const stream = await fetcher.open(`${server.url}/dir`);
    t.is(stream.url, `${server.url}/dir/`);
    for await (const _ of stream.body);
    await fails(t, () => fetcher.get(`${server.url}/away`), 'ERR_REDIRECT_REFUSED');
    t.is(other.hits('/x'), 0);
    await fails(t, () => fetcher.get(`${server.url}/loop`), 'ERR_TOO_MANY_REDIRECTS');
  } finally {
    await fetcher.close();
    await server.close();
    await other.close();
  }
});

test('redirect policy: http → https on the same host only; never a downgrade', (t) => {
  const u = (s: string) => new URL(s);
  t.true(allowedRedirect(u('http://k.org/a'), u('https://k.org/a/')));
  t.false(allowedRedirect(u('https://k.org/a'), u('http://k.org/a/')));
  t.false(allowedRedirect(u('http://k.org/a'), u('https://evil.org/a/')));
  t.false(allowedRedirect(u('http://k.org/a'), u('file:///etc/passwd')));
  t.is(parseRetryAfter('7'), 7000);
  t.is(parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT')), 10_000);
  t.is(parseRetryAfter('soon'), null);
});

test('more than the size limit: ERR_BODY_TOO_LARGE, announced or streamed', async (t) => {
  const big = Buffer.alloc(64 * 1024, 0x61);
  const server = await serve({
    '/announced': (_q, res) => {
      res.setHeader('content-length', String(big.length));
      res.end(big);
    },
    '/chunked': (_q, res) => {
      res.write(big.subarray(0, 32 * 1024));
      res.end(big.subarray(32 * 1024));
    },
  });
  const fetcher = createHttpFetcher(noSleep);
  try {
    await fails(t, () => fetcher.get(`${server.url}/announced`, { maxBytes: 1000 }), 'ERR_BODY_TOO_LARGE');
    await fails(t, () => fetcher.get(`${server.url}/chunked`, { maxBytes: 1000 }), 'ERR_BODY_TOO_LARGE');
    const stream = await fetcher.open(`${server.url}/chunked`, { maxBytes: 40_000 });
    await fails(
      t,
      async () => {
        for await (const _ of stream.body);
      },
      'ERR_BODY_TOO_LARGE',
    );
  } finally {
    await fetcher.close();
    await server.close();
  }
});

test('an aborted request is ERR_ABORTED', async (t) => {
  const server = await serve({ '/silent': () => undefined });
  const fetcher = createHttpFetcher(noSleep);
  try {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await fails(t, () => fetcher.get(`${server.url}/silent`, { signal: controller.signal }), 'ERR_ABORTED');
  } finally {
    await fetcher.close();
    await server.close();
  }
});

test('a caller-supplied dispatcher (MockAgent) is used', async (t) => {
  const agent = new MockAgent();
  agent.disableNetConnect();
  agent
    .get('https://kojipkgs.example.org')
    .intercept({ path: '/compose/updates/STATUS' })
    .reply(200, 'FINISHED');
  const fetcher = createHttpFetcher({ dispatcher: agent, ...noSleep });
  t.is(
    Buffer.from(await fetcher.get('https://kojipkgs.example.org/compose/updates/STATUS')).toString(),
    'FINISHED',
  );
  await agent.close();
});

test('the concurrency limit holds', async (t) => {
  let inFlight = 0;
  let peak = 0;
  const server = await serve(
    Object.fromEntries(
      Array.from({ length: 8 }, (_, i) => [
        `/${i}`,
        (_q: IncomingMessage, res: ServerResponse) => {
          inFlight++;
          peak = Math.max(peak, inFlight);
          setTimeout(() => {
            inFlight--;
            res.end('x');
          }, 30);
        },
      ]),
    ),
  );
  const fetcher = createHttpFetcher({ concurrency: 2, ...noSleep });
  try {
    await Promise.all(Array.from({ length: 8 }, (_, i) => fetcher.get(`${server.url}/${i}`)));
    t.is(peak, 2);
  } finally {
    await fetcher.close();
    await server.close();
  }
});
