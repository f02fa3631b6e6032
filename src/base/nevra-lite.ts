/**
 * Minimal NEVRA parsing and ordering for package lists.
 *
 * Temporary: `src/rpm/` (being written in parallel) will own `parseNevra` and `compareEvr`; this
 * private copy keeps the base readers working until it lands, and will be replaced by it.
 */
import type { Nevra } from '../rpm/types.js';

/** Parses `name-[E:]V-R.A`, `E:name-V-R.A` or `name-V-R.A.rpm`; `null` when it is not a NEVRA. */
export function parseNevraLite(text: string): Nevra | null {
  let s = text.trim();
  if (s.endsWith('.rpm')) s = s.slice(0, -4);
  let epoch: number | null = null;
  const lead = /^(\d+):(.*)$/.exec(s);
  if (lead !== null) {
    epoch = Number(lead[1]);
    s = lead[2]!;
  }
  const dot = s.lastIndexOf('.');
  if (dot <= 0) return null;
  const arch = s.slice(dot + 1);
  const nvr = s.slice(0, dot);
  const r = nvr.lastIndexOf('-');
  if (r <= 0) return null;
  const release = nvr.slice(r + 1);
  const nv = nvr.slice(0, r);
  const v = nv.lastIndexOf('-');
  if (v <= 0) return null;
  let version = nv.slice(v + 1);
  const name = nv.slice(0, v);
  const mid = /^(\d+):(.*)$/.exec(version);
  if (mid !== null) {
    if (epoch !== null) return null;
    epoch = Number(mid[1]);
    version = mid[2]!;
  }
  if ([name, version, release, arch].some((f) => f === '' || /\s/.test(f))) return null;
  return { name, epoch: normaliseEpoch(epoch), version, release, arch };
}

/** Epoch 0 and no epoch compare equal in rpm; we store both as `null` so sources agree. */
export function normaliseEpoch(epoch: number | null): number | null {
  return epoch === null || epoch === 0 ? null : epoch;
}

/** rpm's segment comparison (rpmio/rpmvercmp.cc, FACTS.md §8). */
export function vercmpLite(a: string, b: string): -1 | 0 | 1 {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  const isAlnum = (c: string | undefined) => c !== undefined && /[A-Za-z0-9]/.test(c);
  for (;;) {
    while (i < a.length && !isAlnum(a[i]) && a[i] !== '~' && a[i] !== '^') i++;
    while (j < b.length && !isAlnum(b[j]) && b[j] !== '~' && b[j] !== '^') j++;
    if (a[i] === '~' || b[j] === '~') {
      if (a[i] !== '~') return 1;
      if (b[j] !== '~') return -1;
      i++;
      j++;
      continue;
    }
    if (a[i] === '^' || b[j] === '^') {
      if (i >= a.length) return -1;
      if (j >= b.length) return 1;
      if (a[i] !== '^') return 1;
      if (b[j] !== '^') return -1;
      i++;
      j++;
      continue;
    }
    if (i >= a.length || j >= b.length) break;
    const numeric = /\d/.test(a[i]!);
    const re = numeric ? /^\d+/ : /^[A-Za-z]+/;
    const sa = re.exec(a.slice(i))![0];
    const sb = re.exec(b.slice(j))?.[0];
    if (sb === undefined) return numeric ? 1 : -1;
    i += sa.length;
    j += sb.length;
    if (numeric) {
      const na = sa.replace(/^0+/, '');
      const nb = sb.replace(/^0+/, '');
      if (na.length !== nb.length) return na.length > nb.length ? 1 : -1;
      if (na !== nb) return na > nb ? 1 : -1;
    } else if (sa !== sb) {
      return sa > sb ? 1 : -1;
    }
  }
  if (i >= a.length && j >= b.length) return 0;
  return i >= a.length ? -1 : 1;
}

/** Orders packages by name, then EVR, then arch. */
export function compareNevraLite(a: Nevra, b: Nevra): number {
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  const e = (a.epoch ?? 0) - (b.epoch ?? 0);
  if (e !== 0) return e < 0 ? -1 : 1;
  const v = vercmpLite(a.version, b.version);
  if (v !== 0) return v;
  const r = vercmpLite(a.release, b.release);
  if (r !== 0) return r;
  return a.arch === b.arch ? 0 : a.arch < b.arch ? -1 : 1;
}
