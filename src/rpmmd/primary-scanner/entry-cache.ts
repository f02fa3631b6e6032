/**
 * Repeated `rpm:entry` tags, read once. Most entries of a primary.xml repeat byte for byte across
 * packages (`/bin/sh`, `libc.so.6(GLIBC_2.34)(64bit)`, `glibc >= 2.34`, …): an entry seen twice is
 * kept by the bytes of its tag, and later copies of those bytes get the same (read-only) object,
 * instead of an attribute walk, five interned strings and a new object each. That is most of the
 * time and of the memory spent reading with dependencies (bench/primary).
 *
 * Two tables, so that the many entries that occur once (a package's own name and libraries) can
 * neither cost memory nor push out the ones that repeat:
 * - sightings: the hash of each tag, direct-mapped, 4 bytes a slot; a tag whose hash is there
 *   already is seen for the second time and kept;
 * - kept entries: open addressing from the hash to the tag's bytes (copied into one arena buffer,
 *   no string or object per key) and its entry. Nothing kept is dropped: it grows with the distinct
 *   repeated tags, which are each an object of the result anyway (at most a few MB on Fedora's
 *   metadata, where replacing them in a small table had made half the entries duplicates).
 */
import type { PrimaryDependency } from '../primary-types.js';

// Own constants, not imported: see bytes.ts.
const GT = 0x3e;
const DQUOTE = 0x22;
const SQUOTE = 0x27;

/** Sighting slots (a power of two): 1 MB. */
const SEEN_SLOTS = 1 << 18;
/** Longer tags are not kept (rare, and each would hold a long key). */
const MAX_TAG = 256;

export class EntryCache {
  private readonly seen = new Int32Array(SEEN_SLOTS);
  /** Open addressing: 1 + the index of a kept entry, 0 for an empty slot; at most half full. */
  private table = new Int32Array(1 << 12);
  /** Per kept entry: its tag's hash, and where its bytes are in {@link arena}. */
  private keptHash = new Int32Array(1 << 11);
  private keptStart = new Int32Array(1 << 11);
  private keptLength = new Uint16Array(1 << 11);
  private readonly kept: PrimaryDependency[] = [];
  private arena = Buffer.alloc(1 << 16);
  private arenaUsed = 0;
  /** Set by {@link find}: the empty slot for the tag looked up when it is to be kept, else -1. */
  private slot = -1;
  private hash = 0;
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
    const n = i + 1 - from;
    const table = this.table;
    const mask = table.length - 1;
    let slot = (h ^ (h >>> 15)) & mask;
    for (;;) {
      const ref = table[slot]!;
      if (ref === 0) break;
      const k = ref - 1;
      if (this.keptHash[k] === h && this.keptLength[k] === n && this.sameBytes(k, buf, from, n))
        return this.kept[k];
      slot = (slot + 1) & mask;
    }
    const sighting = (h ^ (h >>> 13)) & (SEEN_SLOTS - 1);
    if (this.seen[sighting] !== h) {
      // First sighting (or its slot was taken since): remember the hash, keep nothing yet.
      this.seen[sighting] = h;
      return undefined;
    }
    this.slot = slot;
    this.hash = h;
    return undefined;
  }

  /** Keeps `entry` for the tag last passed to {@link find}, when that one is worth keeping. */
  keep(buf: Buffer, from: number, entry: PrimaryDependency): void {
    const slot = this.slot;
    if (slot === -1) return;
    this.slot = -1;
    const n = this.end + 1 - from;
    const k = this.kept.length;
    if (k === this.keptHash.length) this.growKept();
    if (this.arenaUsed + n > this.arena.length) {
      const arena = Buffer.alloc(Math.max(this.arena.length * 2, this.arenaUsed + n));
      this.arena.copy(arena, 0, 0, this.arenaUsed);
      this.arena = arena;
    }
    buf.copy(this.arena, this.arenaUsed, from, from + n);
    this.keptHash[k] = this.hash;
    this.keptStart[k] = this.arenaUsed;
    this.keptLength[k] = n;
    this.arenaUsed += n;
    this.kept.push(entry);
    this.table[slot] = k + 1;
    if (this.kept.length * 2 > this.table.length) this.rehash();
  }

  private sameBytes(k: number, buf: Buffer, from: number, n: number): boolean {
    const arena = this.arena;
    const start = this.keptStart[k]!;
    for (let j = 0; j < n; j++) if (arena[start + j] !== buf[from + j]) return false;
    return true;
  }

  private growKept(): void {
    const size = this.keptHash.length * 2;
    const hash = new Int32Array(size);
    const start = new Int32Array(size);
    const length = new Uint16Array(size);
    hash.set(this.keptHash);
    start.set(this.keptStart);
    length.set(this.keptLength);
    this.keptHash = hash;
    this.keptStart = start;
    this.keptLength = length;
  }

  /** Doubles the table, placing every kept entry again. */
  private rehash(): void {
    const table = new Int32Array(this.table.length * 2);
    const mask = table.length - 1;
    for (let k = 0; k < this.kept.length; k++) {
      const h = this.keptHash[k]!;
      let slot = (h ^ (h >>> 15)) & mask;
      while (table[slot] !== 0) slot = (slot + 1) & mask;
      table[slot] = k + 1;
    }
    this.table = table;
  }
}
