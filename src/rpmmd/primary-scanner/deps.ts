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
const ENTRY_OPEN = Buffer.from('<rpm:entry ', 'latin1');

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
): PrimaryDependency[] | null {
  // Collected in the cache's scratch list, returned as an exact-size copy: a list grown by push()
  // keeps up to twice its length in spare capacity, for as long as the package is held.
  const out = cache.scratch;
  out.length = 0;
  // Searched within the package only: a package without this list must not cost a search to the
  // end of the chunk (that made reading with deps quadratic in the chunk size).
  const found = buf.subarray(from, end).indexOf(open);
  if (found === -1) return [];
  const start = from + found;
  const stop = buf.indexOf(close, start);
  if (stop === -1 || stop > end) return null;
  let q = start + open.length;
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
    const name = attrs.interned(A.name);
    if (name === null) return null;
    const entry: PrimaryDependency = {
      name,
      flags: attrs.interned(A.flags),
      epoch: attrs.interned(A.epoch),
      version: attrs.interned(A.ver),
      release: attrs.interned(A.rel),
      pre: attrs.raw(A.pre) === '1',
    };
    if (cache.end === gt) cache.keep(buf, at, entry);
    out.push(entry);
    q = gt + 1;
  }
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
