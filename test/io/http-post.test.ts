import test from 'ava';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFetcher } from '../../src/io/create-fetcher.js';
import { createHttpFetcher } from '../../src/io/http-fetcher.js';

/** A server that echoes a POST body, redirects `/moved`, and fails `/flaky` once. */
async function server(): Promise<{ url: string; seen: IncomingMessage[]; close(): Promise<void> }> {
  const seen: IncomingMessage[] = [];
  let flaky = 0;
  const s = createServer((req, res) => {
    seen.push(req);
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      if (req.url === '/moved') return void res.writeHead(307, { location: '/echo' }).end();
      if (req.url === '/flaky' && flaky++ === 0) return void res.writeHead(503).end();
      res
        .writeHead(200, { 'content-type': 'text/plain' })
        .end(`${req.method} ${Buffer.concat(parts).toString()}`);
    });
  });
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () => new Promise<void>((resolve) => s.close(() => resolve())),
  };
}

const body = { contentType: 'text/xml', data: new TextEncoder().encode('<methodCall/>') };

test('post sends the body with its type, retries a 503, and never follows a redirect', async (t) => {
  const srv = await server();
  const fetcher = createHttpFetcher({ retryDelay: 1 });
  try {
    const answer = await fetcher.post!(`${srv.url}/echo`, body);
    t.is(new TextDecoder().decode(answer), 'POST <methodCall/>');
    t.is(srv.seen[0]!.headers['content-type'], 'text/xml');
    t.is(new TextDecoder().decode(await fetcher.post!(`${srv.url}/flaky`, body)), 'POST <methodCall/>');
    await t.throwsAsync(fetcher.post!(`${srv.url}/moved`, body), { code: 'ERR_REDIRECT_REFUSED' });
    t.false(srv.seen.some((r) => r.url === '/echo' && r !== srv.seen[0]));
    await t.throwsAsync(fetcher.post!(`${srv.url}/echo`, body, { maxBytes: 4 }), {
      code: 'ERR_BODY_TOO_LARGE',
    });
  } finally {
    await fetcher.close();
    await srv.close();
  }
});

test('a file: URL takes no POST', async (t) => {
  const fetcher = createFetcher();
  await t.throwsAsync(fetcher.post!('file:///tmp/x', body), { code: 'ERR_BAD_URL' });
});
