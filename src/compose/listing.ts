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

/**
 * The entries of an Apache index page for the directory `baseUrl` (ending in `/`).
 *
 * Sort links (`?C=N;O=D`) and the parent link are skipped. A link that leaves the directory (another
 * host or scheme, `../`, `javascript:`, an absolute path elsewhere, a deeper path) makes the whole
 * listing an error (`ERR_LISTING_HOSTILE`): a listing that is not what Apache writes is not trusted
 * in part. Dates (`YYYY-MM-DD HH:MM`, or Apache 2.2's `DD-Mon-YYYY HH:MM`) are read as UTC.
 *
 * @example
 * ```ts
 * const entries = parseListing(html, 'https://kojipkgs.fedoraproject.org/compose/updates/');
 * entries.filter((e) => e.isDirectory).map((e) => e.name);
 * ```
 */
export function parseListing(html: string, baseUrl: string): DirectoryEntry[] {
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
  const seen = new Set<string>();
  for (const match of html.matchAll(anchor)) {
    const raw = decodeHtml(match[1] ?? match[2] ?? match[3] ?? '');
    if (raw.startsWith('?') || raw === '' || raw.startsWith('#')) continue;
    const hostile = (why: string) =>
      new ComposeError(
        'ERR_LISTING_HOSTILE',
        `The listing of ${base.href} links to '${raw}' (${why}); a directory listing only links to its own entries`,
        { subject: base.href },
      );
    if (/^\s*(javascript|data|vbscript):/i.test(raw)) throw hostile('a script URL');
    let target: URL;
    try {
      target = new URL(raw, base);
    } catch {
      throw hostile('not a URL');
    }
    if (
      target.href === parent ||
      (target.pathname === new URL(parent).pathname && target.origin === base.origin)
    )
      continue;
    if (target.origin !== base.origin) throw hostile('another host or scheme');
    if (target.search !== '' || target.hash !== '') throw hostile('a query or fragment');
    if (!target.pathname.startsWith(base.pathname)) throw hostile('outside the directory');
    const rest = target.pathname.slice(base.pathname.length);
    const isDirectory = rest.endsWith('/');
    const encoded = isDirectory ? rest.slice(0, -1) : rest;
    if (encoded === '' || encoded.includes('/')) throw hostile('not a direct child');
    let name: string;
    try {
      name = decodeURIComponent(encoded);
    } catch (cause) {
      throw new ComposeError(
        'ERR_LISTING_INVALID',
        `Bad percent-encoding in '${raw}' in the listing of ${base.href}`,
        {
          subject: base.href,
          cause,
        },
      );
    }
    if (name === '.' || name === '..' || name.includes('/') || name.includes('\0'))
      throw hostile('a path, not a name');
    if (seen.has(name)) continue;
    seen.add(name);
    const tail = html.slice(match.index + match[0].length, lineEnd(html, match.index + match[0].length));
    entries.push({ name, url: target.href, isDirectory, modified: dateIn(tail) });
  }
  return entries;
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
