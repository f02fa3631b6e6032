/**
 * A strict GVariant reader (GLib's gvariant-specification-1.0, "Serialisation").
 *
 * GLib is lenient with data that is not in normal form: a short fixed-size value, a bad framing
 * offset or a wrong boolean byte reads as a default value. We are strict instead: anything that is
 * not exactly what GLib's serialiser writes throws a {@link GVariantError}, because the bytes we read
 * (OSTree commits) are content-addressed and always written by GLib in normal form, so a deviation
 * means corruption or an attack, and a silently defaulted timestamp would give a wrong answer.
 *
 * Safety: every read is bounds-checked against the container it belongs to; work is linear in the
 * data size per nesting level (sibling elements never overlap); element counts come from the data
 * size, never from a claimed count; nesting (including type strings inside variants) is capped.
 */
import { GVariantError } from './errors.js';
import {
  DEFAULT_MAX_DEPTH,
  alignUp,
  parseGVariantType,
  parseGVariantTypeList,
  type GVariantType,
} from './type.js';

/** Options of {@link decodeGVariant}. */
export interface DecodeOptions {
  /** Numbers are big-endian (default: little-endian). Framing offsets are always little-endian. */
  bigEndian?: boolean | undefined;
  /** Container levels allowed, variants included (default 64). */
  maxDepth?: number | undefined;
  /**
   * Leave every `v` undecoded as a {@link RawVariant} (`{ type, data }`), so numbers inside can be
   * read later with a byte order chosen from the rest of the data (default false).
   */
  rawVariants?: boolean | undefined;
}

/** A decoded `v`: the child's type string and value. */
export interface GVariantVariant {
  /** The child's type string. */
  type: string;
  /** The decoded child. */
  value: unknown;
}

/** A `v` whose child was left undecoded (see {@link decodeVardictRaw}). */
export interface RawVariant {
  /** The child's type string. */
  type: string;
  /** The child's serialised bytes (a view, not a copy). */
  data: Uint8Array;
}

/**
 * Decodes serialised GVariant `data` of type `type`.
 *
 * Values: `b` → boolean; `y n q i u h d` → number; `x t` → bigint; `s o g` → string;
 * `v` → `{ type, value }`; `m…` → `null` or the value (so `mms` cannot tell Nothing from Just
 * Nothing); `ay` → `Uint8Array` (a copy); other arrays and tuples → arrays; `a{…}` → `Map` (on a
 * duplicate key the first entry wins, as in `g_variant_lookup`); a lone dict entry → `[key, value]`.
 *
 * @example
 * ```ts
 * const meta = decodeGVariant('a{sv}', bytes, { bigEndian: true }) as Map<string, GVariantVariant>;
 * ```
 * @throws {@link GVariantError} on a bad type string or on data not in normal form.
 */
export function decodeGVariant(type: string | GVariantType, data: Uint8Array, options: DecodeOptions = {}) {
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  const parsed = typeof type === 'string' ? parseGVariantType(type, maxDepth) : type;
  const decoder = new Decoder(data, options.bigEndian === true, maxDepth, options.rawVariants === true);
  return decoder.value(parsed, 0, data.byteLength, 0);
}

/**
 * Decodes an `a{sv}` without decoding the values: each key maps to its child's type and bytes
 * (on a duplicate key the first entry wins).
 * Nothing in this step depends on byte order, so a caller can look at the keys (and at
 * byte-order-free values such as booleans and strings) before choosing how to read the numbers.
 */
export function decodeVardictRaw(
  data: Uint8Array,
  options: Pick<DecodeOptions, 'maxDepth'> = {},
): Map<string, RawVariant> {
  return decodeGVariant('a{sv}', data, { maxDepth: options.maxDepth, rawVariants: true }) as Map<
    string,
    RawVariant
  >;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
// Type strings are ASCII; any other byte decodes to a character the type parser rejects.
const latin1 = new TextDecoder('latin1');

class Decoder {
  private readonly view: DataView;
  private readonly littleEndian: boolean;

  constructor(
    private readonly data: Uint8Array,
    bigEndian: boolean,
    private readonly maxDepth: number,
    // Leave `v` children undecoded (DecodeOptions.rawVariants).
    private readonly rawVariants: boolean,
  ) {
    this.view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    this.littleEndian = !bigEndian;
  }

  /** Decodes `[start, end)` as `type`; `depth` counts the containers around it. */
  value(type: GVariantType, start: number, end: number, depth: number): unknown {
    if (type.fixedSize !== 0 && end - start !== type.fixedSize) {
      throw this.error('ERR_GVARIANT_SIZE', type, start, `${end - start} bytes, expected ${type.fixedSize}`);
    }
    if (type.kind !== 'basic' && depth + 1 > this.maxDepth) {
      throw this.error('ERR_GVARIANT_TOO_DEEP', type, start, `nesting deeper than ${this.maxDepth}`);
    }
    switch (type.kind) {
      case 'basic':
        return this.basic(type, start, end);
      case 'variant':
        return this.variant(type, start, end, depth);
      case 'maybe':
        return this.maybe(type, start, end, depth);
      case 'array':
        return this.array(type, start, end, depth);
      case 'tuple':
        return this.tuple(type, type.members, start, end, depth);
      case 'dict-entry':
        return this.tuple(type, [type.key, type.value], start, end, depth);
    }
  }

  private basic(type: GVariantType & { kind: 'basic' }, start: number, end: number): unknown {
    const v = this.view;
    const le = this.littleEndian;
    switch (type.code) {
      case 'b': {
        const byte = this.data[start];
        if (byte !== 0 && byte !== 1) {
          throw this.error('ERR_GVARIANT_BOOLEAN', type, start, `boolean byte ${byte}, expected 0 or 1`);
        }
        return byte === 1;
      }
      case 'y':
        return v.getUint8(start);
      case 'n':
        return v.getInt16(start, le);
      case 'q':
        return v.getUint16(start, le);
      case 'i':
      case 'h':
        return v.getInt32(start, le);
      case 'u':
        return v.getUint32(start, le);
      case 'x':
        return v.getBigInt64(start, le);
      case 't':
        return v.getBigUint64(start, le);
      case 'd':
        return v.getFloat64(start, le);
      case 's':
      case 'o':
      case 'g':
        return this.string(type, start, end);
    }
  }

  private string(type: GVariantType & { kind: 'basic' }, start: number, end: number): string {
    if (end <= start || this.data[end - 1] !== 0) {
      throw this.error('ERR_GVARIANT_STRING', type, start, 'string without its terminating NUL');
    }
    const bytes = this.data.subarray(start, end - 1);
    if (bytes.includes(0)) throw this.error('ERR_GVARIANT_STRING', type, start, 'NUL inside a string');
    let text: string;
    try {
      text = utf8.decode(bytes);
    } catch (cause) {
      throw this.error('ERR_GVARIANT_STRING', type, start, 'string is not valid UTF-8', cause);
    }
    if (type.code === 'o' && !isObjectPath(text)) {
      throw this.error('ERR_GVARIANT_STRING', type, start, `'${text.slice(0, 64)}' is not an object path`);
    }
    if (type.code === 'g' && !this.isSignature(text)) {
      throw this.error('ERR_GVARIANT_STRING', type, start, `'${text.slice(0, 64)}' is not a signature`);
    }
    return text;
  }

  private isSignature(text: string): boolean {
    // GLib: only D-Bus type characters (no maybes), then a sequence of complete types.
    if (!/^[ybnqiuxthdvasog(){}]*$/.test(text)) return false;
    try {
      parseGVariantTypeList(text, this.maxDepth);
      return true;
    } catch {
      return false;
    }
  }

  private variant(type: GVariantType, start: number, end: number, depth: number): unknown {
    // Child bytes, a NUL, then the child's type string: split at the last NUL.
    const sep = this.data.subarray(start, end).lastIndexOf(0);
    if (sep < 0) throw this.error('ERR_GVARIANT_VARIANT', type, start, 'variant without a type string');
    const typeBytes = this.data.subarray(start + sep + 1, end);
    const typeText = latin1.decode(typeBytes);
    let child: GVariantType;
    try {
      child = parseGVariantType(typeText, this.maxDepth - depth - 1);
    } catch (cause) {
      const tooDeep = cause instanceof GVariantError && cause.code === 'ERR_GVARIANT_TOO_DEEP';
      throw this.error(
        tooDeep ? 'ERR_GVARIANT_TOO_DEEP' : 'ERR_GVARIANT_VARIANT',
        type,
        start,
        `bad child type '${typeText.slice(0, 64)}'`,
        cause,
      );
    }
    if (this.rawVariants) {
      return { type: child.text, data: this.data.subarray(start, start + sep) } satisfies RawVariant;
    }
    return { type: child.text, value: this.value(child, start, start + sep, depth + 1) };
  }

  private maybe(type: GVariantType & { kind: 'maybe' }, start: number, end: number, depth: number): unknown {
    if (end === start) return null;
    const element = type.element;
    if (element.fixedSize !== 0) return this.value(element, start, end, depth + 1);
    if (this.data[end - 1] !== 0) {
      throw this.error('ERR_GVARIANT_MAYBE', type, start, 'Just value without its trailing zero byte');
    }
    return this.value(element, start, end - 1, depth + 1);
  }

  private array(type: GVariantType & { kind: 'array' }, start: number, end: number, depth: number): unknown {
    const element = type.element;
    const size = end - start;
    if (element.fixedSize !== 0) {
      if (size % element.fixedSize !== 0) {
        throw this.error(
          'ERR_GVARIANT_SIZE',
          type,
          start,
          `${size} bytes is not a multiple of the element size ${element.fixedSize}`,
        );
      }
      if (element.kind === 'basic' && element.code === 'y') return this.data.slice(start, end);
      const count = size / element.fixedSize;
      const items = element.kind === 'dict-entry' ? null : new Array<unknown>(count);
      const map = items === null ? new Map<unknown, unknown>() : null;
      for (let i = 0; i < count; i++) {
        const s = start + i * element.fixedSize;
        const item = this.value(element, s, s + element.fixedSize, depth + 1);
        if (items !== null) items[i] = item;
        else addEntry(map!, item as [unknown, unknown]);
      }
      return items ?? map;
    }
    if (size === 0) return element.kind === 'dict-entry' ? new Map() : [];
    const width = offsetWidth(size);
    if (size < width) throw this.error('ERR_GVARIANT_SIZE', type, start, 'too small for its framing offset');
    const framesStart = this.readOffset(end - width, width, type, start);
    if (framesStart > size - width || (size - framesStart) % width !== 0) {
      throw this.error('ERR_GVARIANT_OFFSET', type, start, `last framing offset ${framesStart} is invalid`);
    }
    const count = (size - framesStart) / width;
    const items: unknown[] | null = element.kind === 'dict-entry' ? null : [];
    const map = items === null ? new Map<unknown, unknown>() : null;
    let pos = 0;
    for (let i = 0; i < count; i++) {
      const s = this.skipPadding(pos, element.alignment, start, framesStart, type);
      const e = this.readOffset(start + framesStart + i * width, width, type, start);
      if (e < s || e > framesStart) {
        throw this.error(
          'ERR_GVARIANT_OFFSET',
          type,
          start,
          `element ${i} ends at ${e}, outside ${s}..${framesStart}`,
        );
      }
      const item = this.value(element, start + s, start + e, depth + 1);
      if (items !== null) items.push(item);
      else addEntry(map!, item as [unknown, unknown]);
      pos = e;
    }
    return items ?? map;
  }

  private tuple(
    type: GVariantType,
    members: readonly GVariantType[],
    start: number,
    end: number,
    depth: number,
  ): unknown {
    const size = end - start;
    // One framing offset per variable-size member, except the last member.
    let frames = 0;
    for (let i = 0; i < members.length - 1; i++) if (members[i]!.fixedSize === 0) frames++;
    const width = frames === 0 ? 0 : offsetWidth(size);
    const framesStart = size - frames * width;
    if (framesStart < 0)
      throw this.error('ERR_GVARIANT_SIZE', type, start, 'too small for its framing offsets');
    const out: unknown[] = [];
    let pos = 0;
    let frame = 0;
    for (let i = 0; i < members.length; i++) {
      const member = members[i]!;
      const s = this.skipPadding(pos, member.alignment, start, framesStart, type);
      let e: number;
      if (member.fixedSize !== 0) e = s + member.fixedSize;
      else if (i === members.length - 1) e = framesStart;
      else e = this.readOffset(end - ++frame * width, width, type, start);
      if (e < s || e > framesStart) {
        throw this.error(
          'ERR_GVARIANT_OFFSET',
          type,
          start,
          `member ${i} ends at ${e}, outside ${s}..${framesStart}`,
        );
      }
      out.push(this.value(member, start + s, start + e, depth + 1));
      pos = e;
    }
    if (type.fixedSize !== 0) {
      // Fixed-size tuples (and `()`) end with zero padding up to their size.
      this.checkZero(pos, size, start, type);
    } else if (pos !== framesStart) {
      throw this.error(
        'ERR_GVARIANT_PADDING',
        type,
        start,
        `${framesStart - pos} stray bytes before the framing offsets`,
      );
    }
    return out;
  }

  /** Aligns `pos` (relative to `base`) and checks that the skipped bytes are zero. */
  private skipPadding(
    pos: number,
    alignment: number,
    base: number,
    limit: number,
    type: GVariantType,
  ): number {
    const aligned = alignUp(pos, alignment);
    if (aligned > limit)
      throw this.error('ERR_GVARIANT_OFFSET', type, base, `padding runs past byte ${limit}`);
    this.checkZero(pos, aligned, base, type);
    return aligned;
  }

  private checkZero(from: number, to: number, base: number, type: GVariantType): void {
    if (base + to > this.data.byteLength)
      throw this.error('ERR_GVARIANT_SIZE', type, base, 'padding runs past the end');
    for (let i = from; i < to; i++) {
      if (this.data[base + i] !== 0)
        throw this.error('ERR_GVARIANT_PADDING', type, base, `non-zero padding at byte ${i}`);
    }
  }

  /** Reads a little-endian framing offset of `width` bytes at absolute position `at`. */
  private readOffset(at: number, width: number, type: GVariantType, start: number): number {
    if (at < 0 || at + width > this.data.byteLength)
      throw this.error('ERR_GVARIANT_OFFSET', type, start, 'framing offset out of range');
    switch (width) {
      case 1:
        return this.view.getUint8(at);
      case 2:
        return this.view.getUint16(at, true);
      case 4:
        return this.view.getUint32(at, true);
      default: {
        const big = this.view.getBigUint64(at, true);
        // Any offset beyond the data is invalid anyway; clamp so the caller's range check fails.
        return big > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(big);
      }
    }
  }

  private error(
    code: GVariantError['code'],
    type: GVariantType,
    offset: number,
    detail: string,
    cause?: unknown,
  ): GVariantError {
    const subject = type.text.length > 64 ? `${type.text.slice(0, 64)}…` : type.text;
    return new GVariantError(code, `Malformed GVariant '${subject}' at byte ${offset}: ${detail}`, {
      subject,
      offset,
      cause,
    });
  }
}

/** Width of the framing offsets of a container of `size` bytes (1, 2, 4 or 8). */
export function offsetWidth(size: number): 1 | 2 | 4 | 8 {
  if (size <= 0xff) return 1;
  if (size <= 0xffff) return 2;
  if (size <= 0xffffffff) return 4;
  return 8;
}

function addEntry(map: Map<unknown, unknown>, [key, value]: [unknown, unknown]): void {
  if (!map.has(key)) map.set(key, value);
}

/** D-Bus object path: `/` or `/`-separated non-empty segments of `[A-Za-z0-9_]`. */
function isObjectPath(text: string): boolean {
  return /^\/$|^(\/[A-Za-z0-9_]+)+$/.test(text);
}
