import test from 'ava';
import { mkdirSync, mkdtempSync, writeFileSync, symlinkSync, chmodSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseListing } from '../../src/compose/listing.js';
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

test('hostile hrefs make the whole listing an error', (t) => {
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
    const error = t.throws(() => parseListing(pre(href), base), undefined, href);
    t.true(error instanceof ComposeError, href);
    t.is((error as ComposeError).code, 'ERR_LISTING_HOSTILE', href);
  }
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
