/**
 * GVariant type strings (GLib's gvariant-specification-1.0, "Types"): parsing into a tree that
 * knows each type's alignment and fixed size, which is all the serialisation format needs.
 */
import { GVariantError } from './errors.js';

/** Basic (non-container) type codes. `h` is a D-Bus handle (an int32 index). */
export type GVariantBasicCode = 'b' | 'y' | 'n' | 'q' | 'i' | 'u' | 'x' | 't' | 'h' | 'd' | 's' | 'o' | 'g';

/** Fields every parsed type has. */
export interface GVariantTypeCommon {
  /** The canonical type string of this node. */
  text: string;
  /** Alignment in bytes (1, 2, 4 or 8). */
  alignment: number;
  /** Size in bytes when every value of the type has the same size; 0 for variable-size types. */
  fixedSize: number;
  /** Container levels inside this type (a basic type is 0, `as` is 1, `a{sv}` is 2). */
  depth: number;
}

/** A parsed, definite GVariant type. */
export type GVariantType =
  | (GVariantTypeCommon & { kind: 'basic'; code: GVariantBasicCode })
  | (GVariantTypeCommon & { kind: 'variant' })
  | (GVariantTypeCommon & { kind: 'array'; element: GVariantType })
  | (GVariantTypeCommon & { kind: 'maybe'; element: GVariantType })
  | (GVariantTypeCommon & { kind: 'tuple'; members: GVariantType[] })
  | (GVariantTypeCommon & { kind: 'dict-entry'; key: GVariantType; value: GVariantType });

/** Container nesting allowed by default (GLib allows 128; real OSTree data needs fewer than 10). */
export const DEFAULT_MAX_DEPTH = 64;

/** Longest type string accepted (GLib's own limit is far higher; ours bounds the work per variant). */
const MAX_TYPE_LENGTH = 65_535;

const BASIC: Record<GVariantBasicCode, { alignment: number; fixedSize: number }> = {
  b: { alignment: 1, fixedSize: 1 },
  y: { alignment: 1, fixedSize: 1 },
  n: { alignment: 2, fixedSize: 2 },
  q: { alignment: 2, fixedSize: 2 },
  i: { alignment: 4, fixedSize: 4 },
  u: { alignment: 4, fixedSize: 4 },
  h: { alignment: 4, fixedSize: 4 },
  x: { alignment: 8, fixedSize: 8 },
  t: { alignment: 8, fixedSize: 8 },
  d: { alignment: 8, fixedSize: 8 },
  s: { alignment: 1, fixedSize: 0 },
  o: { alignment: 1, fixedSize: 0 },
  g: { alignment: 1, fixedSize: 0 },
};

/** True for a basic type code (the only types allowed as dictionary keys). */
export function isBasicCode(c: string): c is GVariantBasicCode {
  return Object.hasOwn(BASIC, c);
}

const cache = new Map<string, GVariantType>();

/**
 * Parses one complete, definite GVariant type string (`a{sv}`, `(a{sv}aya(say)sstayay)`, …).
 *
 * @param maxDepth - container levels allowed; deeper types throw `ERR_GVARIANT_TOO_DEEP`.
 * @throws {@link GVariantError} `ERR_GVARIANT_TYPE` for anything that is not exactly one type.
 */
export function parseGVariantType(text: string, maxDepth: number = DEFAULT_MAX_DEPTH): GVariantType {
  const cached = cache.get(text);
  if (cached !== undefined) {
    if (cached.depth > maxDepth) throw tooDeep(text, maxDepth);
    return cached;
  }
  if (text.length > MAX_TYPE_LENGTH) {
    throw new GVariantError('ERR_GVARIANT_TYPE', `GVariant type string is ${text.length} characters long`, {
      subject: text.slice(0, 64),
    });
  }
  const parser = { text, pos: 0, maxDepth };
  const type = parseAt(parser, 0);
  if (parser.pos !== text.length) throw badType(text, parser.pos, 'one complete type');
  // Only short, common types are worth remembering; a hostile variant must not grow the cache.
  if (text.length <= 64 && cache.size < 512) cache.set(text, type);
  return type;
}

/**
 * Scans a sequence of complete types (a D-Bus style signature such as `a{sv}s`) and returns them.
 * Used to validate `g` values.
 */
export function parseGVariantTypeList(text: string, maxDepth: number = DEFAULT_MAX_DEPTH): GVariantType[] {
  const parser = { text, pos: 0, maxDepth };
  const types: GVariantType[] = [];
  while (parser.pos < text.length) types.push(parseAt(parser, 0));
  return types;
}

interface Parser {
  text: string;
  pos: number;
  maxDepth: number;
}

function parseAt(p: Parser, depth: number): GVariantType {
  const start = p.pos;
  const c = p.text[p.pos];
  if (c === undefined) throw badType(p.text, p.pos, 'a type');
  p.pos++;
  if (isBasicCode(c)) return { kind: 'basic', code: c, text: c, depth: 0, ...BASIC[c] };
  if (c === 'v') return { kind: 'variant', text: 'v', alignment: 8, fixedSize: 0, depth: 0 };
  if (depth + 1 > p.maxDepth) throw tooDeep(p.text, p.maxDepth);
  if (c === 'a' || c === 'm') {
    const element = parseAt(p, depth + 1);
    const common = { text: p.text.slice(start, p.pos), alignment: element.alignment, fixedSize: 0 };
    return c === 'a'
      ? { kind: 'array', element, ...common, depth: element.depth + 1 }
      : { kind: 'maybe', element, ...common, depth: element.depth + 1 };
  }
  if (c === '(') {
    const members: GVariantType[] = [];
    while (p.text[p.pos] !== ')') {
      if (p.pos >= p.text.length) throw badType(p.text, p.pos, "')'");
      members.push(parseAt(p, depth + 1));
    }
    p.pos++;
    const layout = tupleLayout(members);
    const depthInside = Math.max(0, ...members.map((m) => m.depth));
    return { kind: 'tuple', members, text: p.text.slice(start, p.pos), ...layout, depth: depthInside + 1 };
  }
  if (c === '{') {
    const keyChar = p.text[p.pos];
    if (keyChar === undefined || !isBasicCode(keyChar)) throw badType(p.text, p.pos, 'a basic key type');
    const key = parseAt(p, depth + 1);
    const value = parseAt(p, depth + 1);
    if (p.text[p.pos] !== '}') throw badType(p.text, p.pos, "'}'");
    p.pos++;
    const layout = tupleLayout([key, value]);
    return {
      kind: 'dict-entry',
      key,
      value,
      text: p.text.slice(start, p.pos),
      ...layout,
      depth: Math.max(key.depth, value.depth) + 1,
    };
  }
  throw badType(p.text, start, 'a type code');
}

/** Alignment and fixed size of a tuple or dict entry (spec: "Tuples", fixed-size rounding, `()` is 1). */
function tupleLayout(members: readonly GVariantType[]): { alignment: number; fixedSize: number } {
  let alignment = 1;
  let size = 0;
  let fixed = true;
  for (const m of members) {
    alignment = Math.max(alignment, m.alignment);
    if (m.fixedSize === 0) fixed = false;
    size = alignUp(size, m.alignment) + m.fixedSize;
  }
  if (!fixed) return { alignment, fixedSize: 0 };
  if (members.length === 0) return { alignment, fixedSize: 1 };
  return { alignment, fixedSize: alignUp(size, alignment) };
}

/** Rounds `n` up to a multiple of `alignment` (a power of two). */
export function alignUp(n: number, alignment: number): number {
  return n + ((alignment - (n % alignment)) % alignment);
}

function badType(text: string, pos: number, expected: string): GVariantError {
  return new GVariantError(
    'ERR_GVARIANT_TYPE',
    `Invalid GVariant type string '${text.slice(0, 64)}': expected ${expected} at position ${pos}`,
    { subject: text.slice(0, 64) },
  );
}

function tooDeep(text: string, maxDepth: number): GVariantError {
  return new GVariantError(
    'ERR_GVARIANT_TOO_DEEP',
    `GVariant type '${text.slice(0, 64)}' nests containers deeper than the limit of ${maxDepth}`,
    { subject: text.slice(0, 64) },
  );
}
