/**
 * An RPM header blob reader, bounds-checked the way rpm's `lib/header.c` (`hdrblobVerifyInfo`,
 * `hdrblobInit`) checks one before any tag is read:
 *
 *   [magic 8e ad e8 01 00 00 00 00]   only in .rpm files, not in rpmdb `Packages` blobs
 *   il: uint32 BE                     number of index entries
 *   dl: uint32 BE                     length of the data store
 *   il × { tag, type, offset, count } each int32 BE
 *   dl bytes of data
 *
 * Every entry is validated here, once: known type, offset inside the store, alignment of integer
 * types, and the whole value (strings up to their NUL) inside the store. Accessors then read without
 * further checks beyond the type the caller expects.
 */
import { RpmHeaderError } from './errors.js';
import { RpmTagType, type RpmTagTypeValue } from './tags.js';

/** The 8 bytes in front of a header inside an .rpm file (magic, version 1, 4 reserved). */
const HEADER_MAGIC = [0x8e, 0xad, 0xe8, 0x01, 0x00, 0x00, 0x00, 0x00] as const;
/** rpm's `HEADER_TAGS_MAX`: more index entries than this is not a header. */
const MAX_TAGS = 0xffff;
/** rpm's `HEADER_DATA_MAX` (256 MiB). */
const MAX_DATA = 0x0fffffff;
/** Default bound on the whole header (intro + index + store). */
const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

/** Bytes per element of the fixed-size types; strings and BIN are handled apart. */
const typeSizes: Record<number, number> = {
  [RpmTagType.NULL]: 0,
  [RpmTagType.CHAR]: 1,
  [RpmTagType.INT8]: 1,
  [RpmTagType.INT16]: 2,
  [RpmTagType.INT32]: 4,
  [RpmTagType.INT64]: 8,
  [RpmTagType.BIN]: 1,
};

/** One index entry, validated against the data store. */
export interface RpmIndexEntry {
  /** Tag number (see `RpmTag`). */
  tag: number;
  /** Data type (see `RpmTagType`). */
  type: RpmTagTypeValue;
  /** Offset of the value inside the data store. */
  offset: number;
  /** Number of elements (bytes for BIN, strings for string arrays). */
  count: number;
  /** Bytes the value takes in the store (strings: NULs included). */
  length: number;
}

/** A parsed header: its validated index and its data store. */
export interface RpmHeader {
  /** Entries by tag. */
  entries: ReadonlyMap<number, RpmIndexEntry>;
  /** The data store (a view into the input bytes). */
  data: Uint8Array;
  /** Byte offset of the data store within the input, for error offsets. */
  dataOffset: number;
  /** Bytes the header took in the input, from `offset` (magic included): where what follows starts. */
  byteLength: number;
}

/** Options of {@link parseHeader}. */
export interface ParseHeaderOptions {
  /** The header starts with the 8-byte magic (headers in .rpm files); rpmdb blobs do not. Default false. */
  magic?: boolean | undefined;
  /** Where the header starts in `bytes`. Default 0. */
  offset?: number | undefined;
  /** Refuse headers larger than this (bytes, magic included). Default 64 MiB. */
  maxBytes?: number | undefined;
}

/**
 * Parses and validates an RPM header blob.
 *
 * @example
 * ```ts
 * const header = parseHeader(blob); // a `Packages.blob` from rpmdb.sqlite
 * headerNevra(header); // { name: 'bash', epoch: null, version: '5.2.26', release: '3.fc40', arch: 'x86_64' }
 * ```
 * @throws {@link RpmHeaderError} when the bytes are not a well-formed header.
 */
export function parseHeader(bytes: Uint8Array, options: ParseHeaderOptions = {}): RpmHeader {
  const start = options.offset ?? 0;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (!Number.isSafeInteger(start) || start < 0 || start > bytes.length) {
    throw new RpmHeaderError(
      'ERR_RPM_HEADER_BOUNDS',
      `Header offset ${start} is outside the ${bytes.length} bytes given`,
      {
        offset: start,
      },
    );
  }
  let pos = start;
  if (options.magic === true) {
    need(bytes, pos, 8, 'the header magic');
    for (let i = 0; i < HEADER_MAGIC.length; i++) {
      if (bytes[pos + i] !== HEADER_MAGIC[i]) {
        throw new RpmHeaderError(
          'ERR_RPM_HEADER_BAD_MAGIC',
          `No RPM header magic (8e ad e8 01) at byte ${pos}`,
          {
            offset: pos,
          },
        );
      }
    }
    pos += 8;
  }
  need(bytes, pos, 8, 'the index count and data length');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const il = view.getUint32(pos);
  const dl = view.getUint32(pos + 4);
  if (il < 1 || il > MAX_TAGS || dl > MAX_DATA) {
    throw new RpmHeaderError(
      'ERR_RPM_HEADER_TOO_LARGE',
      `Header at byte ${start} claims ${il} index entries and ${dl} data bytes (limits 1–${MAX_TAGS} and ${MAX_DATA})`,
      { offset: pos },
    );
  }
  const indexStart = pos + 8;
  const dataOffset = indexStart + il * 16;
  const end = dataOffset + dl;
  if (end - start > maxBytes) {
    throw new RpmHeaderError(
      'ERR_RPM_HEADER_TOO_LARGE',
      `Header at byte ${start} is ${end - start} bytes, over the limit of ${maxBytes}`,
      { offset: pos },
    );
  }
  need(bytes, indexStart, il * 16 + dl, `${il} index entries and ${dl} data bytes`);
  const data = bytes.subarray(dataOffset, end);
  const entries = new Map<number, RpmIndexEntry>();
  for (let i = 0; i < il; i++) {
    const at = indexStart + i * 16;
    const entry = readEntry(view, at, data, dataOffset);
    if (entries.has(entry.tag)) {
      throw boundsError(`Tag ${entry.tag} appears twice in the header index`, at);
    }
    entries.set(entry.tag, entry);
  }
  return { entries, data, dataOffset, byteLength: end - start };
}

function readEntry(view: DataView, at: number, data: Uint8Array, dataOffset: number): RpmIndexEntry {
  const tag = view.getUint32(at);
  const type = view.getUint32(at + 4);
  const offset = view.getUint32(at + 8);
  const count = view.getUint32(at + 12);
  if (type > RpmTagType.I18NSTRING) throw boundsError(`Tag ${tag} has unknown data type ${type}`, at + 4);
  // rpm refuses empty values and offsets outside the store, whatever the type.
  if (count < 1 || count > data.length || offset >= data.length) {
    throw boundsError(
      `Tag ${tag}: offset ${offset} and count ${count} do not fit a ${data.length}-byte data store`,
      at + 8,
    );
  }
  const size = typeSizes[type];
  let length: number;
  if (size === undefined) {
    if (type === RpmTagType.STRING && count !== 1) {
      throw boundsError(`Tag ${tag} is a STRING with count ${count} (must be 1)`, at + 12);
    }
    length = stringsLength(data, offset, count);
    if (length < 0) {
      throw boundsError(
        `Tag ${tag}: ${count} string(s) at offset ${offset} run past the data store`,
        dataOffset + offset,
      );
    }
  } else {
    // Integers are aligned to their size within the store (rpm's hdrchkAlign).
    if (size > 1 && offset % size !== 0) {
      throw boundsError(`Tag ${tag}: offset ${offset} is not aligned to ${size} bytes`, at + 8);
    }
    length = size * count;
    if (offset + length > data.length) {
      throw boundsError(
        `Tag ${tag}: ${count} × ${size} bytes at offset ${offset} run past the data store`,
        at + 12,
      );
    }
  }
  return { tag, type: type as RpmTagTypeValue, offset, count, length };
}

/** Bytes taken by `count` NUL-terminated strings from `offset`, or -1 when they run past the store. */
function stringsLength(data: Uint8Array, offset: number, count: number): number {
  let pos = offset;
  for (let i = 0; i < count; i++) {
    const nul = data.indexOf(0, pos);
    if (nul < 0) return -1;
    pos = nul + 1;
  }
  return pos - offset;
}

function need(bytes: Uint8Array, pos: number, length: number, what: string): void {
  if (pos + length > bytes.length) {
    throw new RpmHeaderError(
      'ERR_RPM_HEADER_TRUNCATED',
      `Header cut short: ${what} need ${length} bytes at byte ${pos}, only ${Math.max(0, bytes.length - pos)} left`,
      { offset: pos },
    );
  }
}

function boundsError(message: string, offset: number): RpmHeaderError {
  return new RpmHeaderError('ERR_RPM_HEADER_BOUNDS', message, { offset });
}
