/**
 * `rpm:provides` / `rpm:requires` entries, for each path. The fast path reads a whole list at once
 * with interned values (millions of entries in Fedora's metadata, most of them repeats); the tag
 * walk gets one `rpm:entry` at a time with decoded values. Interning only shares equal strings, so
 * both give equal entries.
 */
import { A, type Attributes } from './attributes.js';
import { startsWith } from './bytes.js';
import type { EntryCache } from './entry-cache.js';
import type { PrimaryDependency } from '../primary-types.js';

// Own constants, not imported: see bytes.ts.
const LT = 0x3c;
const SLASH = 0x2f;
const GT = 0x3e;
const DQUOTE = 0x22;
const ENTRY_OPEN = Buffer.from('<rpm:entry ', 'latin1');
const NAME_ONLY = Buffer.from('name="', 'latin1');

/**
 * The entries of the list `open`…`close` within the package [from, end): empty when the package has
 * no such list, null to decline (anything but self-closed `rpm:entry` tags with a name). Entries
 * whose tag bytes were read before are the same object (see {@link EntryCache}).
 */
export function dependencyList(
  buf: Buffer,
  from: number,
  end: number,
  open: Buffer,
  close: Buffer,
  attrs: Attributes,
  cache: EntryCache,
  /** The package's name: an entry of the same name gets this string, not a copy of it. */
  owner: string,
  /** An `'exact-provides'` read: only the `=` entries not named after `owner` are returned. */
  exact: boolean,
): PrimaryDependency[] | null {
  // Collected in the cache's scratch list, returned as an exact-size copy: a list grown by push()
  // keeps up to twice its length in spare capacity, for as long as the package is held.
  const out = cache.scratch;
  out.length = 0;
  // Searched within the package only: a package without this list must not cost a search to the
  // end of the chunk (that made reading with deps quadratic in the chunk size).
  const found = buf.subarray(from, end).indexOf(open);
  if (found === -1) return exact ? NO_ENTRIES : [];
  const start = from + found;
  const stop = buf.indexOf(close, start);
  if (stop === -1 || stop > end) return null;
  let q = start + open.length;
  if (exact) return exactProvides(buf, q, stop, attrs, out, owner);
  for (;;) {
    q = buf.indexOf(LT, q);
    if (q === stop) return out.slice();
    if (!startsWith(buf, q, ENTRY_OPEN)) return null;
    const at = q + ENTRY_OPEN.length;
    const seen = cache.find(buf, at, stop);
    if (seen !== undefined) {
      out.push(seen);
      q = cache.end + 1;
      continue;
    }
    const gt = attrs.collect(buf, at, stop);
    if (gt === -1 || buf[gt - 1] !== SLASH) return null;
    const entry = internedEntry(attrs, owner);
    if (entry === null) return null;
    if (cache.end === gt) cache.keep(buf, at, entry);
    out.push(entry);
    q = gt + 1;
  }
}

/**
 * {@link dependencyList} for `'exact-provides'`: every entry is still checked as the full read
 * checks it (the tag walk would refuse the same lists), but only the `=` ones not named after the
 * package become objects, compared on their bytes first: most provides are the package's own name
 * and libraries, and cost no string here. No entry cache: the ones kept rarely repeat.
 */
function exactProvides(
  buf: Buffer,
  from: number,
  stop: number,
  attrs: Attributes,
  out: PrimaryDependency[],
  owner: string,
): PrimaryDependency[] | null {
  let q = from;
  for (;;) {
    q = buf.indexOf(LT, q);
    if (q === stop) return out.length === 0 ? NO_ENTRIES : out.slice();
    if (!startsWith(buf, q, ENTRY_OPEN)) return null;
    const at = q + ENTRY_OPEN.length;
    if (startsWith(buf, at, NAME_ONLY)) {
      // `name="…"/>`, an unversioned entry (libraries, most provides): one search, no walk.
      const quote = buf.indexOf(DQUOTE, at + NAME_ONLY.length);
      if (quote !== -1 && quote + 2 < stop && buf[quote + 1] === SLASH && buf[quote + 2] === GT) {
        q = quote + 3;
        continue;
      }
    }
    const gt = attrs.collect(buf, at, stop);
    if (gt === -1 || buf[gt - 1] !== SLASH || !attrs.has(A.name)) return null;
    if (attrs.valueIs(A.flags, 'EQ') && !attrs.valueIs(A.name, owner, true))
      out.push(internedEntry(attrs, owner)!);
    q = gt + 1;
  }
}

/** An exact read's empty list, shared (frozen: lists are read-only). */
export const NO_ENTRIES: PrimaryDependency[] = Object.freeze([]) as unknown as PrimaryDependency[];

/** Whether a full read's provide is one an `'exact-provides'` read returns (the tag walk's filter). */
export function isExactProvide(entry: PrimaryDependency, owner: string): boolean {
  return entry.flags === 'EQ' && entry.name !== owner && !entry.name.startsWith(`${owner}(`);
}

/**
 * The `rpm:entry` whose attributes were just collected, values interned; null without a name. A
 * package's provide of its own name (each package has one) shares the package's name string.
 */
function internedEntry(attrs: Attributes, owner: string): PrimaryDependency | null {
  const name = attrs.valueIs(A.name, owner) ? owner : attrs.interned(A.name);
  if (name === null) return null;
  return {
    name,
    flags: attrs.interned(A.flags),
    epoch: attrs.interned(A.epoch),
    version: attrs.interned(A.ver),
    release: attrs.interned(A.rel),
    pre: attrs.raw(A.pre) === '1',
  };
}

/** The `rpm:entry` whose attributes were just collected, or null when it has no name. */
export function dependencyEntry(attrs: Attributes): PrimaryDependency | null {
  const name = attrs.decoded(A.name);
  if (name === null) return null;
  return {
    name,
    flags: attrs.decoded(A.flags),
    epoch: attrs.decoded(A.epoch),
    version: attrs.decoded(A.ver),
    release: attrs.decoded(A.rel),
    pre: attrs.raw(A.pre) === '1',
  };
}
