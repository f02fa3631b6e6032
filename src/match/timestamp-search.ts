/**
 * Finds the compose whose repomd.xml largest timestamp equals a recorded one, with few requests.
 *
 * Composes of one series sorted by (date, respin) have increasing repo timestamps, and a compose
 * starts (its ID carries the local start date) before its repo is stamped. So:
 * 1. only composes dated up to the timestamp's UTC day + 1 can match (local time may run ahead);
 * 2. the window of composes dated from the day before to the day after is binary-searched first:
 *    in practice a handful of composes, 1–3 repomd.xml requests;
 * 3. if the timestamp is older than the whole window (a compose that ran for days), the search
 *    gallops back from the window (1, 2, 4, … composes) and binary-searches the bracket found;
 * 4. if the timestamp falls inside the window but no compose carries it, the rest of the window
 *    is swept, in case the ordering assumption failed there (still only repomd.xml).
 * A compose without repodata is stepped over (the nearest readable neighbour in the range is used).
 */
import type { ComposeEntry } from '../compose/catalog.js';
import { dayOfEpochSeconds, dayOfYyyymmdd } from './dates.js';
import type { Prober } from './prober.js';

/** `sorted`: one series, ascending by (date, respin). Returns the index of the match or `null`. */
export async function searchTimestamp(
  sorted: readonly ComposeEntry[],
  timestamp: number,
  prober: Prober,
): Promise<number | null> {
  const day = dayOfEpochSeconds(timestamp);
  const dayOf = (i: number): number => dayOfYyyymmdd(sorted[i]!.id.date) ?? Number.NaN;
  let end = sorted.length; // exclusive: composes dated after day + 1 cannot carry this timestamp
  while (end > 0 && dayOf(end - 1) > day + 1) end--;
  if (end === 0) return null;
  let start = end; // window [start, end): dated day - 1 .. day + 1
  while (start > 0 && dayOf(start - 1) >= day - 1) start--;

  const ts = (i: number): Promise<number | null> => prober.repoTimestamp(sorted[i]!);

  // Binary search in [lo, hi] (inclusive); tells whether the timestamp lies below everything probed.
  const search = async (lo: number, hi: number): Promise<{ found: number | null; below: boolean }> => {
    const first = lo;
    while (lo <= hi) {
      const probe = await readableNear(lo, hi, (lo + hi) >> 1);
      if (probe === null) break;
      const [i, t] = probe;
      if (t === timestamp) return { found: i, below: false };
      if (t < timestamp) lo = i + 1;
      else hi = i - 1;
    }
    return { found: null, below: hi < first };
  };
  // The readable compose nearest to `mid` within [lo, hi], alternating right and left.
  const readableNear = async (lo: number, hi: number, mid: number): Promise<[number, number] | null> => {
    for (let d = 0; mid - d >= lo || mid + d <= hi; d++) {
      for (const i of d === 0 ? [mid] : [mid + d, mid - d]) {
        if (i < lo || i > hi) continue;
        const t = await ts(i);
        if (t !== null) return [i, t];
      }
    }
    return null;
  };

  if (start < end) {
    const inWindow = await search(start, end - 1);
    if (inWindow.found !== null) return inWindow.found;
    if (!inWindow.below) return sweep(start, end);
  }
  // Older than the window: gallop back from its start, then search the bracket.
  let upper = start - 1; // highest index that may still match
  for (let step = 1; upper >= 0; step *= 2) {
    const lower = Math.max(0, start - step);
    const probe = await readableNear(lower, upper, lower);
    if (probe === null) {
      if (lower === 0) return null;
      upper = lower - 1;
      continue;
    }
    const [i, t] = probe;
    if (t === timestamp) return i;
    if (t < timestamp) return (await search(i + 1, upper)).found;
    if (lower === 0) return null;
    upper = i - 1;
  }
  return null;

  // Probes the window composes not yet probed, nearest to the timestamp's day first.
  async function sweep(from: number, to: number): Promise<number | null> {
    const order = [...Array(to - from).keys()]
      .map((k) => from + k)
      .sort((a, b) => Math.abs(dayOf(a) - day) - Math.abs(dayOf(b) - day) || b - a);
    for (const i of order) if ((await ts(i)) === timestamp) return i;
    return null;
  }
}
