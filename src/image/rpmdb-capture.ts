/**
 * Keeps the rpm database's bytes during the metadata pass over an image's layers, so the layer
 * holding them need not be read a second time. ostree-ext writes a file's bytes once, as
 * `sysroot/ostree/repo/objects/xx/….file`, immediately followed by the hardlinks from its real
 * paths (bootc crates/ostree-ext tar/export.rs `write_chunk`: `append_content`, then
 * `append_content_hardlink` per path); a container build writes the database as a plain file at
 * its path. So only an object that starts like an SQLite database or WAL is held, and only until
 * the next entry other than a directory shows whether a `…/rpmdb.sqlite[-wal]` path links to it.
 */
import type { TarEntry } from '../oci/tar/reader.js';

/** Bytes held at once, over all kept files (rpmdb.sqlite of a full desktop is ~100 MiB). */
const MAX_HELD = 256 * 1024 * 1024;
/** Distinct database paths kept (usr/share/rpm, usr/lib/sysimage/rpm, var/lib/rpm, the base-db…). */
const MAX_PATHS = 16;
const OBJECT_FILE = /^sysroot\/ostree\/repo\/objects\/[0-9a-f]{2}\/[0-9a-f]{62}\.file$/;
const SQLITE_MAGIC = new TextEncoder().encode('SQLite format 3\0');

/** A database file's bytes as the metadata pass saw them, and the layer that wrote them. */
export interface Captured {
  layer: number;
  bytes: Uint8Array;
}

function isDatabasePath(path: string): boolean {
  return path.endsWith('/rpmdb.sqlite') || path.endsWith('/rpmdb.sqlite-wal');
}

/** SQLite's file header, or a WAL header (magic 0x377f0682 or 0x377f0683, big-endian). */
function looksLikeSqlite(head: Uint8Array): boolean {
  if (head.byteLength >= 16 && SQLITE_MAGIC.every((b, i) => head[i] === b)) return true;
  return (
    head.byteLength >= 4 &&
    head[0] === 0x37 &&
    head[1] === 0x7f &&
    head[2] === 0x06 &&
    (head[3] === 0x82 || head[3] === 0x83)
  );
}

/** The body into one buffer when its first bytes pass `keep`; else null (the rest is skipped by the tar reader). */
async function readIf(
  body: AsyncIterable<Uint8Array>,
  size: number,
  keep: (head: Uint8Array) => boolean,
): Promise<Uint8Array | null> {
  if (size === 0) return keep(new Uint8Array(0)) ? new Uint8Array(0) : null;
  // Parts are kept, not copied into one buffer, until the head has been checked: most objects
  // are not databases and are dropped after their first bytes.
  const parts: Uint8Array[] = [];
  let at = 0;
  let checked = false;
  for await (const part of body) {
    parts.push(part);
    at += part.byteLength;
    if (!checked && (at >= 16 || at === size)) {
      if (!keep(Buffer.concat(parts))) return null;
      checked = true;
    }
  }
  return new Uint8Array(Buffer.concat(parts, at));
}

/** Feeds on every entry of the metadata pass; {@link get} then answers for the resolved path. */
export class RpmdbCapture {
  readonly #byPath = new Map<string, Captured>();
  #pending: { path: string; bytes: Uint8Array } | null = null;

  /** Sees one entry of layer `layer` (call for every entry, in order). */
  async visit(entry: TarEntry, body: AsyncIterable<Uint8Array>, layer: number): Promise<void> {
    const held = this.#pending;
    this.#pending = null;
    if (entry.whiteout !== null) return;
    // A writer that adds each path's parent directories puts them between object and hardlink.
    if (entry.type === 'directory') {
      this.#pending = held;
      return;
    }
    if (entry.type === 'hardlink' && held !== null && entry.linkpath === held.path) {
      // Several paths may link to one object: keep it for the next hardlink too.
      this.#pending = held;
      if (isDatabasePath(entry.path)) this.#remember(entry.path, { layer, bytes: held.bytes });
      return;
    }
    if (entry.type !== 'file' || entry.size > MAX_HELD) return;
    if (isDatabasePath(entry.path)) {
      if (!this.#byPath.has(entry.path) && this.#byPath.size >= MAX_PATHS) return;
      const bytes = await readIf(body, entry.size, () => true);
      if (bytes !== null) this.#remember(entry.path, { layer, bytes });
    } else if (OBJECT_FILE.test(entry.path)) {
      const bytes = await readIf(body, entry.size, looksLikeSqlite);
      if (bytes !== null) this.#pending = { path: entry.path, bytes };
    }
  }

  /** The bytes the metadata pass kept for `path`, when the layer that last wrote it is `layer`. */
  get(path: string, layer: number): Uint8Array | null {
    const c = this.#byPath.get(path);
    return c !== undefined && c.layer === layer ? c.bytes : null;
  }

  #remember(path: string, captured: Captured): void {
    if (!this.#byPath.has(path) && this.#byPath.size >= MAX_PATHS) return;
    // One budget for everything kept (paths linking one object share its buffer): past it, the
    // second read of the layer fetches what was not kept.
    const kept = new Set([...this.#byPath].filter(([p]) => p !== path).map(([, c]) => c.bytes));
    kept.add(captured.bytes);
    let total = 0;
    for (const b of kept) total += b.byteLength;
    if (total <= MAX_HELD) this.#byPath.set(path, captured);
  }
}
