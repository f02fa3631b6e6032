/**
 * A seeded, deterministic generator of version strings and pairs for the differential test against
 * rpm and for the benchmark. Pairs are mostly near-misses (one string mutated into the other), since
 * random unrelated strings almost always differ in their first segment.
 */
import type { Evr } from '../../src/rpm/types.js';
import { prng as createRandom } from './prng.js';

type Random = () => number;

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

const LETTERS = [...'abcgprxyzABRZ'];
const SEPARATORS = ['.', '.', '.', '_', '+', '..', '%', '{', '}', '-', ':'];
// Whole code points only (python cannot encode a lone surrogate); 1, 2, 3 and 4 UTF-8 bytes.
const NON_ASCII = ['é', 'ÿ', 'α', 'β', '€', '中', '😀'];

interface Alphabet {
  /** Separators allowed; EVR parts exclude '-' and ':', which split an EVR. */
  separators: readonly string[];
}

const RAW: Alphabet = { separators: SEPARATORS };
const PART: Alphabet = { separators: SEPARATORS.filter((s) => s !== '-' && s !== ':') };

function digits(random: Random): string {
  const roll = random();
  const length = roll < 0.05 ? 15 + Math.floor(random() * 15) : 1 + Math.floor(random() * 3);
  let text = roll > 0.85 ? '0'.repeat(1 + Math.floor(random() * 2)) : '';
  for (let i = 0; i < length; i++) text += String(Math.floor(random() * 10));
  return text;
}

function letters(random: Random): string {
  let text = '';
  const length = 1 + Math.floor(random() * 3);
  for (let i = 0; i < length; i++) text += pick(random, LETTERS);
  return text;
}

function token(random: Random, alphabet: Alphabet): string {
  const roll = random();
  if (roll < 0.38) return digits(random);
  if (roll < 0.55) return letters(random);
  if (roll < 0.8) return pick(random, alphabet.separators);
  if (roll < 0.87) return '~';
  if (roll < 0.94) return '^';
  return pick(random, NON_ASCII);
}

function tokens(random: Random, alphabet: Alphabet, min: number): string[] {
  const count = min + Math.floor(random() * 6);
  return Array.from({ length: count }, () => token(random, alphabet));
}

/** Changes one to three places: a token replaced, inserted, dropped, re-cased, zero-padded, or a ~/^ tail. */
function mutate(random: Random, source: readonly string[], alphabet: Alphabet): string[] {
  const out = [...source];
  const times = 1 + Math.floor(random() * 3);
  for (let n = 0; n < times; n++) {
    const at = Math.floor(random() * (out.length + 1));
    const roll = random();
    if (roll < 0.2 && at < out.length) out[at] = token(random, alphabet);
    else if (roll < 0.4) out.splice(at, 0, token(random, alphabet));
    else if (roll < 0.5 && at < out.length) out.splice(at, 1);
    else if (roll < 0.6 && at < out.length) {
      const t = out[at] ?? '';
      out[at] = t === t.toLowerCase() ? t.toUpperCase() : t.toLowerCase();
    } else if (roll < 0.7 && at < out.length && /^[0-9]+$/.test(out[at] ?? '')) out[at] = `0${out[at]}`;
    else if (roll < 0.8) out.push(pick(random, ['~', '^']), letters(random));
    else if (roll < 0.9) out.push(pick(random, alphabet.separators), digits(random));
    else if (at < out.length) out[at] = pick(random, NON_ASCII);
  }
  return out;
}

function pairOf(random: Random, alphabet: Alphabet, min: number): [string, string] {
  const a = tokens(random, alphabet, min);
  const b = random() < 0.75 ? mutate(random, a, alphabet) : tokens(random, alphabet, min);
  return [a.join(''), b.join('')];
}

/** `count` pairs of raw version strings (may be empty, may hold any separator, ~, ^, non-ASCII). */
export function generateVersionPairs(seed: number, count: number): [string, string][] {
  const random = createRandom(seed);
  return Array.from({ length: count }, () => pairOf(random, RAW, 0));
}

/** A generated EVR: its parts as rpm's labelCompare takes them, and the `[E:]V[-R]` string. */
export interface GeneratedEvr {
  /** The epoch as written (may have leading zeros), or `null`. */
  epoch: string | null;
  version: string;
  release: string | null;
  text: string;
  evr: Evr;
}

function evrOf(random: Random, version: string, release: string | null): GeneratedEvr {
  const roll = random();
  const epoch =
    roll < 0.4
      ? null
      : roll < 0.6
        ? '0'
        : roll < 0.7
          ? `0${Math.floor(random() * 3)}`
          : String(Math.floor(random() * 3));
  const text = `${epoch === null ? '' : `${epoch}:`}${version}${release === null ? '' : `-${release}`}`;
  return {
    epoch,
    version,
    release,
    text,
    evr: { epoch: epoch === null ? null : Number(epoch), version, release },
  };
}

/** `count` pairs of EVRs with epochs (some missing, some zero-padded) and releases (some missing). */
export function generateEvrPairs(seed: number, count: number): [GeneratedEvr, GeneratedEvr][] {
  const random = createRandom(seed);
  const nonEmpty = (s: string): string => (s === '' ? '0' : s);
  return Array.from({ length: count }, () => {
    const [va, vb] =
      random() < 0.6 ? pairOf(random, PART, 1) : ((v) => [v, v])(tokens(random, PART, 1).join(''));
    const [ra, rb] = pairOf(random, PART, 1);
    const hasRelease = (): boolean => random() < 0.8;
    return [
      evrOf(random, nonEmpty(va), hasRelease() ? nonEmpty(ra) : null),
      evrOf(random, nonEmpty(vb), hasRelease() ? nonEmpty(rb) : null),
    ];
  });
}

/** A generated dependency range; `flags` null is unversioned. */
export interface GeneratedRange {
  flags: 'EQ' | 'LT' | 'LE' | 'GT' | 'GE' | null;
  evr: string | null;
}

/** `count` pairs of ranges over a small version space, so equal versions and missing parts are common. */
export function generateRangePairs(seed: number, count: number): [GeneratedRange, GeneratedRange][] {
  const random = createRandom(seed);
  const flags = [null, 'EQ', 'LT', 'LE', 'GT', 'GE'] as const;
  const epochs = [null, null, '0', '1', '2'];
  const versions = ['1.0', '1.0', '1.1', '2', '1.0~rc1', '1.0^git1', '01.0'];
  const releases = [null, null, '1', '2', '1.fc32', '1~pre'];
  const range = (): GeneratedRange => {
    if (random() < 0.05) return { flags: pick(random, flags), evr: null };
    const epoch = pick(random, epochs);
    const release = pick(random, releases);
    const evr = `${epoch === null ? '' : `${epoch}:`}${pick(random, versions)}${release === null ? '' : `-${release}`}`;
    return { flags: random() < 0.05 ? null : pick(random, flags.slice(1)), evr };
  };
  return Array.from({ length: count }, () => [range(), range()]);
}
