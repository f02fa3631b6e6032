/**
 * Repeated `rpm:entry` tags, read once. Most entries of a primary.xml repeat byte for byte across
 * packages (`/bin/sh`, `libc.so.6(GLIBC_2.34)(64bit)`, `glibc >= 2.34`, …): an entry seen twice is
 * kept by the bytes of its tag, and later copies of those bytes get the same (read-only) object,
 * instead of an attribute walk, five interned strings and a new object each. That is most of the
 * time and of the memory spent reading with dependencies (bench/primary).
 *
 * A direct-mapped table: each tag hashes to one slot, and a different tag there replaces it. A
 * slot first holds only the hash; the tag's bytes are copied to a string (to compare the next ones
 * against) only when the same hash comes again, so the many entries that occur once (a package's
 * own name and libraries) cost one hash pass and no string.
 */
import { latin1 } from './bytes.js';
import type { PrimaryDependency } from '../primary-types.js';

// Own constants, not imported: see bytes.ts.
const GT = 0x3e;
const DQUOTE = 0x22;
const SQUOTE = 0x27;

/** Slots (a power of two): about 1 MB of keys and entries once full. */
const SLOTS = 1 << 14;
/** Longer tags are not kept (rare, and each would hold a long key). */
const MAX_TAG = 256;

export class EntryCache {
  private readonly hashes = new Int32Array(SLOTS);
  private readonly keys: (string | undefined)[] = new Array<string | undefined>(SLOTS).fill(undefined);
  private readonly entries: (PrimaryDependency | undefined)[] = new Array<PrimaryDependency | undefined>(
    SLOTS,
  ).fill(undefined);
  /** Set by {@link find}: the slot of the tag looked up, or -1 when it is not to be kept. */
  private slot = -1;
  /** A list to collect one package's entries in, reused (see dependencyList). */
  readonly scratch: PrimaryDependency[] = [];
  /** Set by {@link find}: the tag's end ('>') when it was found, else -1. */
  end = -1;

  /**
   * The entry for the tag whose attributes start at `from` (after `<rpm:entry `), when the same
   * bytes were read before; else undefined (then call {@link keep} with the entry read the slow way).
   * Sets {@link end} to the tag's '>' (quoted values may hold one), or -1 when not in [from, stop).
   */
  find(buf: Buffer, from: number, stop: number): PrimaryDependency | undefined {
    let h = 0x811c9dc5;
    let quote = 0;
    let i = from;
    const limit = Math.min(stop, from + MAX_TAG);
    for (; i < limit; i++) {
      const c = buf[i]!;
      h = Math.imul(h ^ c, 0x01000193);
      if (quote !== 0) {
        if (c === quote) quote = 0;
      } else if (c === GT) break;
      else if (c === DQUOTE || c === SQUOTE) quote = c;
    }
    this.slot = -1;
    this.end = -1;
    if (i >= limit) return undefined;
    this.end = i;
    const slot = (h ^ (h >>> 15)) & (SLOTS - 1);
    if (this.hashes[slot] !== h) {
      // First sighting of this hash here: remember it, keep nothing yet.
      this.hashes[slot] = h;
      this.keys[slot] = undefined;
      this.entries[slot] = undefined;
      return undefined;
    }
    const key = this.keys[slot];
    const n = i + 1 - from;
    if (key !== undefined && key.length === n) {
      let same = true;
      for (let k = 0; k < n; k++) {
        if (key.charCodeAt(k) !== buf[from + k]) {
          same = false;
          break;
        }
      }
      if (same) return this.entries[slot];
    }
    // Second sighting of the hash (or a collision): keep this tag.
    this.slot = slot;
    return undefined;
  }

  /** Keeps `entry` for the tag last passed to {@link find}, when that one is worth keeping. */
  keep(buf: Buffer, from: number, entry: PrimaryDependency): void {
    const slot = this.slot;
    if (slot === -1) return;
    this.keys[slot] = latin1(buf, from, this.end + 1);
    this.entries[slot] = entry;
    this.slot = -1;
  }
}
