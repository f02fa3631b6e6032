/** Ordering of compose entries: by date and respin, or by distance from a day. */
import type { ComposeEntry } from '../compose/catalog.js';
import { compareComposeIds } from '../compose/compose-id.js';
import { dayOfYyyymmdd } from './dates.js';

/** Ascending by date, then respin, then ID (a total, deterministic order). */
export function byDate(a: ComposeEntry, b: ComposeEntry): number {
  return compareComposeIds(a.id, b.id);
}

/** Nearest to `day` first; equally near, the later first; `day` null means newest first. */
export function nearestFirst(entries: readonly ComposeEntry[], day: number | null): ComposeEntry[] {
  return [...entries].sort((a, b) => daysFrom(a, day) - daysFrom(b, day) || byDate(b, a));
}

/** Days between a compose's date and `day` (0 when there is no day to measure from). */
export function daysFrom(entry: ComposeEntry, day: number | null): number {
  if (day === null) return 0;
  return Math.abs((dayOfYyyymmdd(entry.id.date) ?? Number.POSITIVE_INFINITY) - day);
}
