/**
 * The listing reader against hostile pages: sizes a quadratic reader could not finish (one 10 MB
 * page, 20,000 entries on one line, 120,000 unclosed `<a ` or `<`), and 300 seeded mutations of
 * real Apache pages. Every page parses or is refused with one of our typed errors.
 */
import test from 'ava';
import { mkdirSync, mkdtempSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readListing } from '../../src/compose/listing.js';
import { ComposeMatchError } from '../../src/errors.js';
import { startApache } from '../helpers/apache.js';
import { prng } from '../helpers/prng.js';
import { testWithTools } from '../helpers/tools.js';

const base = 'https://kojipkgs.example/compose/updates/';
const CASES = 300;
const SEED = 2222;

/** One entry line as Apache's FancyIndexing writes it (FACTS §6). */
const line = (i: number) =>
  `<a href="Fedora-41-updates-2024${String(i).padStart(6, '0')}.0/">Fedora-41-updates-2024${String(i).padStart(6, '0')}.0/</a> 2024-03-01 12:34    -`;
const page = (n: number, sep: string) =>
  `<pre><a href="?C=N;O=D">Name</a><hr><a href="/compose/">Parent Directory</a>\n${Array.from({ length: n }, (_, i) => line(i)).join(sep)}\n</pre>`;

/** Seconds to read `html`, and its entry count. */
function timed(html: string): { ms: number; entries: number } {
  const started = performance.now();
  const entries = readListing(html, base).entries.length;
  return { ms: performance.now() - started, entries };
}

const hostile: Record<string, (n: number) => string> = {
  'entries on one line': (n) => page(n, ' '),
  'unclosed <a after an entry': (n) => page(1, '') + ' <a '.repeat(n * 6),
  'unclosed < after an entry': (n) => page(1, '') + ' <'.repeat(n * 6),
  'an unclosed quote after an entry': (n) => page(1, '') + '<a href="x' + ' <a href="y">'.repeat(n),
};

for (const [name, make] of Object.entries(hostile)) {
  test(`linear in the page size: ${name}`, (t) => {
    // Warm up, then 2,500 and 20,000 units: a quadratic reader takes 64 times longer on the larger.
    timed(make(500));
    const small = timed(make(2_500));
    const large = timed(make(20_000));
    t.true(large.entries >= 1);
    if (name === 'entries on one line') t.is(large.entries, 20_000);
    const ratio = large.ms / Math.max(small.ms, 5);
    t.true(
      ratio < 32,
      `${name}: ${small.ms.toFixed(0)} ms → ${large.ms.toFixed(0)} ms (×${ratio.toFixed(1)})`,
    );
    t.log(`${name}: 8× the page, ×${ratio.toFixed(1)} the time (${large.ms.toFixed(0)} ms)`);
  });
}

test('a 10 MB page parses, on lines and on one line', (t) => {
  for (const sep of ['\n', ' ']) {
    const html = page(105_000, sep);
    t.true(html.length > 10_000_000);
    const { entries, ms } = timed(html);
    t.is(entries, 105_000);
    t.log(`10 MB (${sep === '\n' ? 'lines' : 'one line'}): ${ms.toFixed(0)} ms`);
  }
});

test('a date belongs to its own entry, never to the link before it', (t) => {
  const html = '<pre><a href="a/">a/</a> <a href="b/">b/</a> 2024-03-01 12:34 -\n</pre>';
  const [a, b] = readListing(html, base).entries;
  t.is(a!.modified, null);
  t.is(b!.modified?.toISOString(), '2024-03-01T12:34:00.000Z');
});

/** Fragments that matter to the reader, spliced in at random. */
const pieces = [
  '<a ',
  '<a href="',
  'href=',
  '"',
  "'",
  '>',
  '<',
  '</tr>',
  '\n',
  '%',
  '%2f',
  '&#x',
  '&amp;',
  '../',
  '/',
  '?',
  '#',
  ' 2024-02-30 25:61 ',
  ' 17-Aug-2020 12:34 ',
  'javascript:',
  '\u0000',
];

function mutate(html: string, rand: () => number): string {
  let out = html;
  const rounds = 1 + Math.floor(rand() * 6);
  for (let r = 0; r < rounds; r++) {
    const at = Math.floor(rand() * out.length);
    const kind = rand();
    if (kind < 0.4) out = out.slice(0, at) + pieces[Math.floor(rand() * pieces.length)]! + out.slice(at);
    else if (kind < 0.6) out = out.slice(0, at) + out.slice(at + 1 + Math.floor(rand() * 20));
    else if (kind < 0.75) out = out.slice(0, at);
    else if (kind < 0.9) {
      const from = Math.floor(rand() * out.length);
      out = out.slice(0, at) + out.slice(from, from + Math.floor(rand() * 400)) + out.slice(at);
    } else out = out.slice(0, at) + String.fromCharCode(Math.floor(rand() * 0x3000)) + out.slice(at + 1);
  }
  return out;
}

testWithTools({ command: 'apache2' })(
  `${CASES} mutated real Apache listings: each parses or is a typed error, entries stay inside the directory`,
  async (t) => {
    const top = mkdtempSync(join(tmpdir(), 'cm-listing-fuzz-'));
    chmodSync(top, 0o755);
    const root = join(top, 'compose', 'updates');
    for (let i = 0; i < 30; i++)
      mkdirSync(join(root, `Fedora-41-updates-202403${String(i).padStart(2, '0')}.0`), { recursive: true });
    mkdirSync(join(root, 'odd name ^&%'));
    const seeds: string[] = [];
    for (const table of [false, true]) {
      const apache = await startApache({ root: top, table });
      try {
        seeds.push(await (await fetch(`${apache.url}compose/updates/`)).text());
      } finally {
        await apache.close();
      }
    }
    rmSync(top, { recursive: true, force: true });
    const rand = prng(SEED);
    let parsed = 0;
    let refused = 0;
    for (let i = 0; i < CASES; i++) {
      const html = mutate(seeds[i % seeds.length]!, rand);
      try {
        for (const entry of readListing(html, base).entries) {
          if (!entry.url.startsWith(base) || entry.name.includes('/') || entry.name === '..') {
            t.fail(`case ${i}: ${JSON.stringify(entry)}`);
          }
        }
        parsed++;
      } catch (error) {
        if (!(error instanceof ComposeMatchError) || !/^ERR_[A-Z_]+$/.test(error.code)) {
          t.fail(`case ${i}: ${String(error)}`);
          throw error;
        }
        refused++;
      }
    }
    t.is(parsed + refused, CASES);
    t.true(parsed > CASES / 2, `${parsed} parsed, ${refused} refused`);
  },
);
