/** The Apache test server: kojipkgs-like listings, 301 for a directory without slash, stop by pid. */
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { startApache } from '../helpers/apache.js';
import { testWithTools } from '../helpers/tools.js';
import { worldRoot } from '../helpers/world.js';

const withApache = testWithTools({ command: 'apache2' });

/** Names linked from a listing (skip sort links and the parent). */
function names(html: string): string[] {
  return [...html.matchAll(/<a href="([^"]+)">/g)]
    .map((m) => m[1]!)
    .filter((h) => !h.startsWith('?') && !h.startsWith('/'))
    .sort();
}

withApache.serial('serves the world like kojipkgs and stops by its pid', async (t) => {
  const apache = await startApache({ root: join(worldRoot, 'kojipkgs') });
  const port = Number(new URL(apache.url).port);
  try {
    const redirect = await fetch(`${apache.url}compose/updates`, { redirect: 'manual' });
    t.is(redirect.status, 301);
    t.regex(redirect.headers.get('location') ?? '', /\/compose\/updates\/$/);
    const listing = await fetch(`${apache.url}compose/updates/`);
    t.is(listing.status, 200);
    t.is(listing.headers.get('etag'), null, 'FileETag None');
    const html = await listing.text();
    t.regex(html, /<pre>/);
    const captured = readFileSync(join(worldRoot, 'listings/compose/updates/index.html'), 'latin1');
    t.deepEqual(names(html), names(captured));
    const id = await fetch(`${apache.url}compose/updates/f32-updates/COMPOSE_ID`);
    t.is(
      await id.text(),
      readFileSync(join(worldRoot, 'kojipkgs/compose/updates/f32-updates/COMPOSE_ID'), 'utf8'),
    );
    t.truthy(id.headers.get('last-modified'));
    t.is((await fetch(`${apache.url}compose/updates/nope/`)).status, 404);
  } finally {
    await apache.close();
  }
  t.throws(() => process.kill(apache.pid, 0), undefined, 'the main process is gone');
  const refused = await new Promise<boolean>((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(false)));
    s.once('error', () => resolve(true));
  });
  t.true(refused, 'nothing listens any more');
});

withApache.serial('the HTMLTable variant lists the same names in a table', async (t) => {
  const apache = await startApache({ root: join(worldRoot, 'kojipkgs'), table: true });
  try {
    const html = await (await fetch(apache.url)).text();
    t.regex(html, /<table>/);
    t.deepEqual(names(html), names(readFileSync(join(worldRoot, 'listings-table/index.html'), 'latin1')));
  } finally {
    await apache.close();
  }
});
