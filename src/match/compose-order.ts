/** Ordering of compose entries: by date and respin, or by distance from a day. */
import type { ComposeEntry } from '../compose/catalog.js';
import { dayOfYyyymmdd } from './dates.js';

/** Ascending by date, then respin, then ID (a total, deterministic order). */
export function byDate(a: ComposeEntry, b: ComposeEntry): number {
  return cmp(a.id.date, b.id.date) || a.id.respin - b.id.respin || cmp(a.id.id, b.id.id);
}

/** Nearest to `day` first; equally near, the later first; `day` null means newest first. */
export function nearestFirst(entries: readonly ComposeEntry[], day: number | null): ComposeEntry[] {
  const distance = (e: ComposeEntry): number =>
    day === null ? 0 : Math.abs((dayOfYyyymmdd(e.id.date) ?? Number.POSITIVE_INFINITY) - day);
  return [...entries].sort((a, b) => distance(a) - distance(b) || byDate(b, a));
}

/** Days between a compose's date and `day` (0 when there is no day to measure from). */
export function daysFrom(entry: ComposeEntry, day: number | null): number {
  if (day === null) return 0;
  return Math.abs((dayOfYyyymmdd(entry.id.date) ?? Number.POSITIVE_INFINITY) - day);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
