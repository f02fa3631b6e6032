/**
 * Repairing byte-swapped repo timestamps (FACTS.md §2): rpm-ostree stores compose-commit metadata
 * big-endian, and JSON surfaces (`rpm-ostree status --json`, legacy cosa `commitmeta.json`) print
 * those values read in host order, as signed or unsigned 64-bit integers.
 */

/** First plausible repo timestamp: 2000-01-01T00:00:00Z. */
export const MIN_PLAUSIBLE_EPOCH = 946684800;
/** Last plausible repo timestamp: 2100-01-01T00:00:00Z. */
export const MAX_PLAUSIBLE_EPOCH = 4102444800;

const U64 = 1n << 64n;

/** True when `t` (seconds) lies in 2000..2100. */
export function isPlausibleEpoch(t: bigint | number): boolean {
  const v = typeof t === 'number' ? t : Number(t);
  return Number.isInteger(v) && v >= MIN_PLAUSIBLE_EPOCH && v <= MAX_PLAUSIBLE_EPOCH;
}

/** Reverses the bytes of a 64-bit value (taken modulo 2^64, so signed input works). */
export function bswap64(value: bigint): bigint {
  let v = ((value % U64) + U64) % U64;
  let out = 0n;
  for (let i = 0; i < 8; i++) {
    out = (out << 8n) | (v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** A repaired timestamp. */
export interface RepairedTimestamp {
  /** True epoch seconds. */
  timestamp: number;
  /** The stored value had to be byte-swapped. */
  swapped: boolean;
}

/**
 * Interprets a stored 64-bit timestamp: as is when plausible, byte-swapped when only that is
 * plausible, `null` when neither is (the caller reports it instead of guessing).
 */
export function repairTimestamp(value: bigint): RepairedTimestamp | null {
  if (isPlausibleEpoch(value)) return { timestamp: Number(value), swapped: false };
  const swapped = bswap64(value);
  if (isPlausibleEpoch(swapped)) return { timestamp: Number(swapped), swapped: true };
  return null;
}

/**
 * {@link repairTimestamp} for a JSON number. `digits`, the integer as the file wrote it, is used when
 * known: a double beyond 2^53 is only the nearest one to what was written, so a value whose low bits
 * are not zero (no swapped timestamp) could otherwise round into a plausible one.
 */
export function repairJsonTimestamp(value: unknown, digits?: string): RepairedTimestamp | null {
  if (typeof value !== 'number' || !Number.isInteger(value)) return null;
  const exact = digits !== undefined && /^-?\d+$/.test(digits) ? BigInt(digits) : BigInt(value);
  return repairTimestamp(exact);
}
