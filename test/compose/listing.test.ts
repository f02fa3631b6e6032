import test from 'ava';
import {
  readFileSync,
  mkdirSync,
  mkdtempSync,
  writeFileSync,
  symlinkSync,
  chmodSync,
  utimesSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listingNote, parseListing, readListing } from '../../src/compose/listing.js';
import { ComposeError } from '../../src/compose/errors.js';
import { startApache } from '../helpers/apache.js';
import { testWithTools } from '../helpers/tools.js';

/** A compose root like kojipkgs': compose dirs, koji-tag symlinks, a stray file, awkward names. */
function makeRoot(): { root: string; names: string[] } {
  const top = mkdtempSync(join(tmpdir(), 'scan-listing-'));
  chmodSync(top, 0o755);
  const root = join(top, 'compose', 'updates');
  mkdirSync(root, { recursive: true });
  const dirs = [
    'Fedora-32-updates-20200817.0',
    'Fedora-32-updates-testing-20200817.1',
    'Fedora-EPEL-10.0-updates-20250102.0',
    'odd name ^&%',
  ];
  for (const d of dirs) {
    mkdirSync(join(root, d));
    utimesSync(join(root, d), new Date('2020-08-17T12:34:00Z'), new Date('2020-08-17T12:34:00Z'));
  }
  symlinkSync('Fedora-32-updates-20200817.0', join(root, 'f32-updates'));
  writeFileSync(join(root, 'README.txt'), 'hello');
  return { root: top, names: [...dirs, 'f32-updates', 'README.txt'] };
}

for (const table of [false, true]) {
  testWithTools({ command: 'apache2' })(
    `a real Apache listing (${table ? 'HTMLTable' : '<pre> FancyIndexing'})`,
    async (t) => {
      const { root, names } = makeRoot();
      const apache = await startApache({ root, table });
      try {
        const base = `${apache.url}compose/updates/`;
        const html = await (await fetch(base)).text();
        t.regex(html, table ? /<table>/ : /<pre>/);
        const entries = parseListing(html, base);
        t.deepEqual(entries.map((e) => e.name).sort(), [...names].sort());
        const byName = new Map(entries.map((e) => [e.name, e]));
        t.true(byName.get('Fedora-32-updates-20200817.0')!.isDirectory);
        t.true(byName.get('f32-updates')!.isDirectory);
        t.false(byName.get('README.txt')!.isDirectory);
        t.is(byName.get('odd name ^&%')!.url, `${base}odd%20name%20%5e&%25/`);
        // The date Apache shows, in the server's zone (the test Apache runs with TZ=UTC).
        const shown = byName.get('Fedora-32-updates-20200817.0')!.modified!;
        t.is(shown.toISOString(), '2020-08-17T12:34:00.000Z');
        // The parent link and sort links are not entries.
        t.false(entries.some((e) => e.name === 'compose' || e.name.startsWith('?')));
      } finally {
        await apache.close();
      }
    },
  );
}

const pre = (href: string) =>
  `<pre><a href="?C=N;O=D">Name</a><hr><a href="/compose/">Parent Directory</a>
<a href="ok/">ok/</a> 2020-08-17 12:34 -
<a href="${href}">x</a> 2020-08-17 12:34 -
</pre>`;

test('links that leave the directory are ignored, never followed, and returned; the entries stand', (t) => {
  const base = 'https://kojipkgs.example.org/compose/updates/';
  for (const href of [
    'https://evil.example.org/Fedora-32-updates-20200817.0/',
    '//evil.example.org/x/',
    '../../etc/',
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    '/etc/passwd',
    'a/b/',
    'http://kojipkgs.example.org/compose/updates/x/', // a downgrade is another origin
    'x/?q=1',
    '%2e%2e/%2e%2e/etc/',
  ]) {
    const listing = readListing(pre(href), base);
    t.deepEqual(
      listing.entries.map((e) => e.name),
      ['ok'],
      href,
    );
    t.is(listing.ignored.length, 1, href);
    t.is(listing.ignored[0]!.href, href);
    t.deepEqual(listing.refused, [], href);
    t.regex(listingNote(listing, base)!, /1 link outside the directory ignored/);
  }
});

test('an entry whose name would carry a control character, a slash or .. is refused alone', (t) => {
  const base = 'https://kojipkgs.example.org/compose/updates/';
  for (const href of ['bad%0aname/', 'a%2fb/', '%2e%2e%2f/', 'tab%09/']) {
    const listing = readListing(pre(href), base);
    t.deepEqual(
      listing.entries.map((e) => e.name),
      ['ok'],
      href,
    );
    t.is(listing.refused.length, 1, href);
    t.regex(listingNote(listing, base)!, /1 entry refused for an unsafe name/, href);
  }
});

test('a page whose every link leads elsewhere is not a listing of the directory', (t) => {
  const error = t.throws(
    () =>
      parseListing(
        '<html><a href="https://fedoraproject.org/">Fedora</a> <a href="/">home</a></html>',
        'https://kojipkgs.example.org/compose/updates/',
      ),
    { instanceOf: ComposeError },
  );
  t.is((error as ComposeError).code, 'ERR_LISTING_INVALID');
  t.deepEqual(
    parseListing('<pre><a href="/compose/">Parent Directory</a></pre>', 'https://k.example/compose/updates/'),
    [],
  );
});

test('the world listings in both Apache forms give the same entries; a site header and footer only add a note', (t) => {
  const base = 'https://kojipkgs.example.org/compose/updates/';
  const pre = readFileSync(
    new URL('../../../fixtures/world/listings/compose/updates/index.html', import.meta.url),
    'utf8',
  );
  const table = readFileSync(
    new URL('../../../fixtures/world/listings-table/compose/updates/index.html', import.meta.url),
    'utf8',
  );
  const names = (html: string) => parseListing(html, base).map((e) => [e.name, e.isDirectory]);
  t.true(names(pre).length > 10);
  t.deepEqual(names(table), names(pre));
  const decorated = pre
    .replace(
      '<body>',
      '<body><div class="site"><a href="https://fedoraproject.org/">Fedora</a> <a href="/">kojipkgs</a></div>',
    )
    .replace(
      '</body>',
      '<p><a href="https://pagure.io/fedora-infrastructure/issues">Report a problem</a></p></body>',
    );
  t.not(decorated, pre);
  const listing = readListing(decorated, base);
  t.deepEqual(
    listing.entries.map((e) => [e.name, e.isDirectory]),
    names(pre),
  );
  t.is(listing.ignored.length, 3);
});

test('names from href, percent-decoded; link text is ignored', (t) => {
  const entries = parseListing(
    `<pre><a href="/compose/">Parent Directory</a>
<a href="foo%5ebar-1.0/">something else entirely</a> 17-Aug-2020 12:34 -
<a href="a&amp;b.txt">a&amp;b.txt</a> 2021-02-03 04:05 12K
</pre>`,
    'https://k.example.org/compose/updates',
  );
  t.deepEqual(
    entries.map((e) => [e.name, e.isDirectory, e.modified?.toISOString() ?? null]),
    [
      ['foo^bar-1.0', true, '2020-08-17T12:34:00.000Z'],
      ['a&b.txt', false, '2021-02-03T04:05:00.000Z'],
    ],
  );
});
