import test from 'ava';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { startWorldServer, type WorldServer } from '../../scripts/world-server.js';
import { worldRoot } from '../helpers/world.js';

let server: WorldServer;
test.before(async () => {
  server = await startWorldServer();
});
test.after.always(async () => {
  await server.close();
});

/** A raw GET, so the path reaches the server exactly as written (fetch would normalise `..`). */
function rawGet(path: string): Promise<{ status: number; body: string; location: string | undefined }> {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('latin1');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, location: res.headers.location }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('a directory without trailing slash is a 301 to the slash form', async (t) => {
  const r = await rawGet('/compose/updates');
  t.is(r.status, 301);
  t.is(r.location, `${server.url}compose/updates/`);
});

test('directory URLs serve the listings captured from Apache', async (t) => {
  for (const path of [
    '',
    'compose/updates/',
    'compose/updates/f32-updates/compose/Everything/x86_64/os/Packages/t/',
  ]) {
    const r = await rawGet(`/${path}`);
    t.is(r.status, 200, path);
    t.is(r.body, readFileSync(join(worldRoot, 'listings', path, 'index.html'), 'latin1'), path);
  }
  const sorted = await rawGet('/compose/updates/?C=M;O=A');
  t.is(sorted.status, 200);
});

test('the table form is served when asked for and captured', async (t) => {
  const table = await startWorldServer({ table: true });
  try {
    const body = await (await fetch(table.url)).text();
    t.is(body, readFileSync(join(worldRoot, 'listings-table/index.html'), 'latin1'));
  } finally {
    await table.close();
  }
});

test('files are served byte for byte, through koji-tag symlinks and percent-encoded names', async (t) => {
  const id = await rawGet('/compose/updates/f32-updates/COMPOSE_ID');
  t.is(id.status, 200);
  t.is(id.body, readFileSync(join(worldRoot, 'kojipkgs/compose/updates/f32-updates/COMPOSE_ID'), 'latin1'));
  const caret = 'compose/updates/Fedora-32-updates-20200803.0/compose/Everything/x86_64/os/Packages/t/';
  const res = await fetch(`${server.url}${caret}toolbox-0.0.99%5e20200801.git3b8e1f2-1.fc32.x86_64.rpm`);
  t.is(res.status, 200);
  const bytes = Buffer.from(await res.arrayBuffer());
  t.true(
    bytes.equals(
      readFileSync(
        join(worldRoot, 'kojipkgs', caret, 'toolbox-0.0.99^20200801.git3b8e1f2-1.fc32.x86_64.rpm'),
      ),
    ),
  );
  t.is(res.headers.get('content-length'), String(bytes.length));
});

test('missing paths are 404; nothing outside the tree is reachable', async (t) => {
  t.is((await rawGet('/compose/updates/Fedora-32-updates-20200730.0/')).status, 404, 'pruned');
  t.is((await rawGet('/compose/updates/COMPOSE_ID/')).status, 404);
  for (const path of [
    '/../package.json',
    '/compose/../../package.json',
    '/..%2f..%2fpackage.json',
    '/%2e%2e/truth.json',
    '/a%00b',
    '/%zz',
  ]) {
    const r = await rawGet(path);
    t.true(r.status === 404 || r.status === 400, `${path} -> ${r.status}`);
    t.false(r.body.includes('"name"'), path);
  }
});

test('tree serves another directory of the world, files only', async (t) => {
  const repo = await startWorldServer({ tree: 'ostree/repo' });
  t.teardown(() => repo.close());
  const config = await fetch(`${repo.url}config`);
  t.is(config.status, 200);
  t.is(await config.text(), readFileSync(join(worldRoot, 'ostree', 'repo', 'config'), 'utf8'));
  // The kojipkgs listings must not leak into another tree.
  t.is((await fetch(repo.url)).status, 404);
  t.is((await fetch(`${repo.url}refs/heads/`)).status, 404);
  t.is((await fetch(`${repo.url}compose/updates/`)).status, 404);
});
