/**
 * Apache directory listings (FACTS.md §6): the `<pre>` FancyIndexing form kojipkgs serves and the
 * HTMLTable form. Names come from `href` only (percent-decoded), never from the link text, which
 * Apache truncates and HTML-escapes.
 */
import type { DirectoryEntry } from '../io/fetcher.js';
import { ComposeError } from './errors.js';

const isoDate = /(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})/;
const apacheDate = /(\d{2})-(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)-(\d{4}) (\d{2}):(\d{2})/;
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A link of a listing that is not an entry of the listed directory, and why. */
export interface ListingLink {
  href: string;
  why: string;
}

/** What {@link readListing} found: the entries, and the links it did not take. */
export interface Listing {
  entries: DirectoryEntry[];
  /** Links outside the directory (a site header, another host, `../`, a script URL): never followed. */
  ignored: ListingLink[];
  /** Links into the directory whose name could not be a safe entry (a path, `..`, a control character). */
  refused: ListingLink[];
}

/**
 * The entries of an Apache index page for the directory `baseUrl` (ending in `/`), and the links
 * that were not taken.
 *
 * Sort links (`?C=N;O=D`) and the parent link (however spelt) are skipped. Real listings carry
 * other links too (a site header or footer, a stray absolute URL): a link that leaves the
 * directory (another host or scheme, `../`, `javascript:`, an absolute path elsewhere, a deeper
 * path, a query) is ignored, never followed, and returned in `ignored`. A link into the directory
 * whose decoded name would carry `/`, `..` or a control character into a URL or a `.repo` is
 * refused as an entry (`refused`); the rest of the listing stands. Dates (`YYYY-MM-DD HH:MM`, or
 * Apache 2.2's `DD-Mon-YYYY HH:MM`) are read as UTC. A page whose every link leads elsewhere is not
 * a listing of this directory: `ERR_LISTING_INVALID`.
 *
 * Linear in the page size (one pass over the tags, each byte looked at a bounded number of
 * times), so a hostile or broken page (one 10 MB line, thousands of unclosed `<a `) cannot stall
 * a command. Tags are read as HTML's tokenizer reads them: an unclosed quote or tag runs to the
 * end of the page, so nothing after it is a link.
 */
export function readListing(html: string, baseUrl: string): Listing {
  let base: URL;
  try {
    base = new URL(baseUrl);
  } catch (cause) {
    throw new ComposeError('ERR_LISTING_INVALID', `Not a URL: ${baseUrl}`, { subject: baseUrl, cause });
  }
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  base.search = '';
  base.hash = '';
  const parent = new URL('../', base).href;
  const entries: DirectoryEntry[] = [];
  const ignored: ListingLink[] = [];
  const refused: ListingLink[] = [];
  const seen = new Set<string>();
  const links = anchors(html);
  const nextNewline = nextFinder(html, '\n');
  const nextRowEnd = nextFinder(html, '</tr>');
  for (const [i, link] of links.entries()) {
    const raw = decodeHtml(link.href);
    if (raw.startsWith('?') || raw === '' || raw.startsWith('#')) continue;
    const ignore = (why: string): void => void ignored.push({ href: raw, why });
    if (/^\s*(javascript|data|vbscript):/i.test(raw)) {
      ignore('a script URL');
      continue;
    }
    let target: URL;
    try {
      target = new URL(raw, base);
    } catch {
      ignore('not a URL');
      continue;
    }
    if (
      target.href === parent ||
      (target.pathname === new URL(parent).pathname && target.origin === base.origin)
    )
      continue;
    const away =
      target.origin !== base.origin
        ? 'another host or scheme'
        : target.search !== '' || target.hash !== ''
          ? 'a query or fragment'
          : !target.pathname.startsWith(base.pathname)
            ? 'outside the directory'
            : null;
    if (away !== null) {
      ignore(away);
      continue;
    }
    const rest = target.pathname.slice(base.pathname.length);
    const isDirectory = rest.endsWith('/');
    const encoded = isDirectory ? rest.slice(0, -1) : rest;
    if (encoded === '' || encoded.includes('/')) {
      ignore('not a direct child');
      continue;
    }
    let name: string;
    try {
      name = decodeURIComponent(encoded);
    } catch {
      refused.push({ href: raw, why: 'bad percent-encoding' });
      continue;
    }
    if (name === '.' || name === '..' || name.includes('/') || /[\u0000-\u001f\u007f]/.test(name)) {
      refused.push({ href: raw, why: 'a path or a control character, not a name' });
      continue;
    }
    if (seen.has(name)) continue;
    seen.add(name);
    // The rest of the entry: to the end of its line (`<pre>`) or table row, and never into the
    // next link, whose date it would be.
    const end = Math.min(nextNewline(link.end), nextRowEnd(link.end), links[i + 1]?.start ?? html.length);
    const tail = html.slice(link.end, end);
    entries.push({ name, url: target.href, isDirectory, modified: dateIn(tail) });
  }
  if (entries.length === 0 && refused.length === 0 && ignored.length > 0)
    throw new ComposeError(
      'ERR_LISTING_INVALID',
      `The page at ${base.href} is not a listing of that directory: none of its ${ignored.length} links names an entry of it`,
      { subject: base.href },
    );
  return { entries, ignored, refused };
}

/**
 * The entries of an Apache index page for the directory `baseUrl` ({@link readListing} without
 * the links it did not take).
 *
 * @example
 * ```ts
 * const entries = parseListing(html, 'https://kojipkgs.fedoraproject.org/compose/updates/');
 * entries.filter((e) => e.isDirectory).map((e) => e.name);
 * ```
 */
export function parseListing(html: string, baseUrl: string): DirectoryEntry[] {
  return readListing(html, baseUrl).entries;
}

/** One sentence on the links a listing had beside its entries, for a report note; `null` when none. */
export function listingNote(listing: Listing, url: string): string | null {
  const parts: string[] = [];
  if (listing.ignored.length > 0)
    parts.push(
      `${listing.ignored.length} link${listing.ignored.length === 1 ? '' : 's'} outside the directory ignored (not followed)`,
    );
  if (listing.refused.length > 0)
    parts.push(
      `${listing.refused.length} entr${listing.refused.length === 1 ? 'y' : 'ies'} refused for an unsafe name (${listing.refused
        .slice(0, 3)
        .map((l) => JSON.stringify(l.href))
        .join(', ')})`,
    );
  return parts.length === 0 ? null : `The listing of ${url}: ${parts.join('; ')}.`;
}

/** An `<a …>` start tag with an `href`: where it starts and ends, and the raw attribute value. */
interface Anchor {
  start: number;
  end: number;
  href: string;
}

/** The `<a …>` start tags of `html` that carry an `href`, in order, in one pass. */
function anchors(html: string): Anchor[] {
  const found: Anchor[] = [];
  const opener = /<a\s/gi;
  for (let match = opener.exec(html); match !== null; match = opener.exec(html)) {
    const tag = readAttributes(html, match.index + 2);
    if (tag === null) break;
    if (tag.href !== undefined) found.push({ start: match.index, end: tag.end, href: tag.href });
    // The next tag starts after this one: no byte is read as part of two tags.
    opener.lastIndex = tag.end;
  }
  return found;
}

const space = /[\t\n\f\r ]/;

/**
 * The attributes of a start tag from `at` (just after its name) to its `>`, as HTML's tokenizer
 * reads them (names end at space, `/`, `=` or `>`; values are quoted or run to space or `>`); the
 * first `href` wins. Null when the tag, or a quoted value, is not closed before the page ends.
 */
function readAttributes(html: string, at: number): { end: number; href: string | undefined } | null {
  let href: string | undefined;
  let i = at;
  const skipSpace = () => {
    while (i < html.length && space.test(html[i]!)) i++;
  };
  for (;;) {
    while (i < html.length && (space.test(html[i]!) || html[i] === '/')) i++;
    if (i >= html.length) return null;
    if (html[i] === '>') return { end: i + 1, href };
    const nameStart = i;
    i++;
    while (i < html.length && !space.test(html[i]!) && !'/=>'.includes(html[i]!)) i++;
    const name = html.slice(nameStart, i).toLowerCase();
    skipSpace();
    if (html[i] !== '=') continue;
    i++;
    skipSpace();
    let value: string;
    const quote = html[i];
    if (quote === '"' || quote === "'") {
      const close = html.indexOf(quote, i + 1);
      if (close === -1) return null;
      value = html.slice(i + 1, close);
      i = close + 1;
    } else {
      const valueStart = i;
      while (i < html.length && !space.test(html[i]!) && html[i] !== '>') i++;
      value = html.slice(valueStart, i);
    }
    if (name === 'href' && href === undefined) href = value;
  }
}

/**
 * `from ↦` the index of the first `needle` at or after `from` (or the page's length), for `from`s
 * that never decrease: each search starts past the previous hit, so all of them together read the
 * page once.
 */
function nextFinder(html: string, needle: string): (from: number) => number {
  let hit = -1;
  return (from) => {
    if (hit < from) {
      const found = html.indexOf(needle, from);
      hit = found === -1 ? html.length : found;
    }
    return hit;
  };
}

/** `text` with its tags replaced by a space, as `/<[^>]*>/g` would, in one pass. */
function withoutTags(text: string): string {
  let out = '';
  let i = 0;
  for (;;) {
    const open = text.indexOf('<', i);
    const close = open === -1 ? -1 : text.indexOf('>', open + 1);
    // No `>` after this `<` means none after any later `<` either: the rest is text.
    if (close === -1) return out + text.slice(i);
    out += `${text.slice(i, open)} `;
    i = close + 1;
  }
}

function dateIn(text: string): Date | null {
  const plain = withoutTags(text);
  const iso = isoDate.exec(plain);
  if (iso !== null) {
    const [, y, mo, d, h, mi] = iso.map(Number) as [number, number, number, number, number, number];
    return checked(Date.UTC(y, mo - 1, d, h, mi), mo, d);
  }
  const old = apacheDate.exec(plain);
  if (old !== null) {
    const mo = months.indexOf(old[2]!) + 1;
    const d = Number(old[1]);
    return checked(Date.UTC(Number(old[3]), mo - 1, d, Number(old[4]), Number(old[5])), mo, d);
  }
  return null;
}

function checked(time: number, month: number, day: number): Date | null {
  const date = new Date(time);
  return date.getUTCMonth() + 1 === month && date.getUTCDate() === day ? date : null;
}

function decodeHtml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref.startsWith('#x')
        ? Number.parseInt(ref.slice(2), 16)
        : Number.parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '\uFFFD';
    }
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[ref]!;
  });
}
