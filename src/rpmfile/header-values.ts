/**
 * Typed accessors over a parsed {@link RpmHeader}. Absent tags are `null`; a tag with another type
 * than asked is an `ERR_RPM_HEADER_TAG_TYPE` error, not a guess.
 */
import { RpmHeaderError } from './errors.js';
import type { RpmHeader, RpmIndexEntry } from './header.js';
import { RpmTagType } from './tags.js';

// rpm does not promise UTF-8 in headers; replace bad bytes rather than fail a whole database.
const decoder = new TextDecoder('utf-8', { fatal: false });

/** The tag's value as one string (STRING, or the first of an I18NSTRING / STRING_ARRAY), or null. */
export function headerString(header: RpmHeader, tag: number): string | null {
  const entry = header.entries.get(tag);
  if (entry === undefined) return null;
  expect(header, entry, [RpmTagType.STRING, RpmTagType.I18NSTRING, RpmTagType.STRING_ARRAY], 'a string');
  return strings(header, entry, 1)[0]!;
}

/** The tag's value as strings (STRING_ARRAY, I18NSTRING, or a STRING as one element), or null. */
export function headerStringArray(header: RpmHeader, tag: number): string[] | null {
  const entry = header.entries.get(tag);
  if (entry === undefined) return null;
  expect(header, entry, [RpmTagType.STRING, RpmTagType.I18NSTRING, RpmTagType.STRING_ARRAY], 'strings');
  return strings(header, entry, entry.count);
}

/** The tag's INT32 values (unsigned, as rpm's `%{TAG}` prints them), or null. */
export function headerInt32Array(header: RpmHeader, tag: number): number[] | null {
  const entry = header.entries.get(tag);
  if (entry === undefined) return null;
  expect(header, entry, [RpmTagType.INT32], 'INT32 values');
  const view = new DataView(header.data.buffer, header.data.byteOffset + entry.offset, entry.length);
  const out: number[] = [];
  for (let i = 0; i < entry.count; i++) out.push(view.getUint32(i * 4));
  return out;
}

/** The tag's single INT32 value, or null; more than one value is a type error. */
export function headerInt32(header: RpmHeader, tag: number): number | null {
  const values = headerInt32Array(header, tag);
  if (values === null) return null;
  if (values.length !== 1) {
    throw new RpmHeaderError(
      'ERR_RPM_HEADER_TAG_TYPE',
      `Tag ${tag} holds ${values.length} INT32 values, expected one`,
      {
        subject: `tag ${tag}`,
        offset: header.dataOffset + header.entries.get(tag)!.offset,
      },
    );
  }
  return values[0]!;
}

/** The tag's raw bytes (BIN, or any type's stored bytes), or null. A view: copy to keep it. */
export function headerBytes(header: RpmHeader, tag: number): Uint8Array | null {
  const entry = header.entries.get(tag);
  if (entry === undefined) return null;
  return header.data.subarray(entry.offset, entry.offset + entry.length);
}

function strings(header: RpmHeader, entry: RpmIndexEntry, count: number): string[] {
  const out: string[] = [];
  let pos = entry.offset;
  for (let i = 0; i < count; i++) {
    // parseHeader checked every NUL lies inside the store.
    const nul = header.data.indexOf(0, pos);
    out.push(decoder.decode(header.data.subarray(pos, nul)));
    pos = nul + 1;
  }
  return out;
}

function expect(header: RpmHeader, entry: RpmIndexEntry, types: readonly number[], what: string): void {
  if (!types.includes(entry.type)) {
    throw new RpmHeaderError(
      'ERR_RPM_HEADER_TAG_TYPE',
      `Tag ${entry.tag} has data type ${entry.type}, expected ${what}`,
      {
        subject: `tag ${entry.tag}`,
        offset: header.dataOffset + entry.offset,
      },
    );
  }
}
