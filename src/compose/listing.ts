/**
 * Apache directory listings (FACTS.md §6): the `<pre>` FancyIndexing form kojipkgs serves and the
 * HTMLTable form. Names come from `href` only (percent-decoded), never from the link text, which
 * Apache truncates and HTML-escapes.
 */
import type { DirectoryEntry } from '../io/fetcher.js';
import { ComposeError } from './errors.js';

const anchor = /<a\s[^>]*?href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))[^>]*>/gi;
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
  for (const match of html.matchAll(anchor)) {
    const raw = decodeHtml(match[1] ?? match[2] ?? match[3] ?? '');
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
    const tail = html.slice(match.index + match[0].length, lineEnd(html, match.index + match[0].length));
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

/** The rest of the entry: to the end of the line (`<pre>`) or of the table row. */
function lineEnd(html: string, from: number): number {
  const newline = html.indexOf('\n', from);
  const row = html.indexOf('</tr>', from);
  const candidates = [newline, row].filter((i) => i !== -1);
  return candidates.length === 0 ? html.length : Math.min(...candidates);
}

function dateIn(text: string): Date | null {
  const plain = text.replace(/<[^>]*>/g, ' ');
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
