// TEMPORARY until the rpm module lands on main: replaced by imports from src/rpm.
import type { Evr } from '../rpm/types.js';

function segments(s: string): string[] {
  return s.match(/~|\^|[0-9]+|[A-Za-z]+/g) ?? [];
}

function vercmp(a: string, b: string): -1 | 0 | 1 {
  if (a === b) return 0;
  const x = segments(a);
  const y = segments(b);
  for (let i = 0; ; i++) {
    const p = x[i];
    const q = y[i];
    if (p === '~' || q === '~') {
      if (p !== q) return p === '~' ? -1 : 1;
      continue;
    }
    if (p === '^' || q === '^') {
      if (p === undefined) return -1;
      if (q === undefined) return 1;
      if (p !== q) return p === '^' ? -1 : 1;
      continue;
    }
    if (p === undefined || q === undefined) return p === q ? 0 : p === undefined ? -1 : 1;
    const pn = /^[0-9]/.test(p);
    const qn = /^[0-9]/.test(q);
    if (pn !== qn) return pn ? 1 : -1;
    if (pn) {
      const pp = p.replace(/^0+/, '');
      const qq = q.replace(/^0+/, '');
      if (pp.length !== qq.length) return pp.length < qq.length ? -1 : 1;
      if (pp !== qq) return pp < qq ? -1 : 1;
    } else if (p !== q) return p < q ? -1 : 1;
  }
}

export function compareEvr(a: Evr, b: Evr): -1 | 0 | 1 {
  const e = (a.epoch ?? 0) - (b.epoch ?? 0);
  if (e !== 0) return e < 0 ? -1 : 1;
  const v = vercmp(a.version, b.version);
  if (v !== 0) return v;
  if (a.release === b.release) return 0;
  if (a.release === null) return -1;
  if (b.release === null) return 1;
  return vercmp(a.release, b.release);
}

export function formatEvr(e: Evr): string {
  return `${e.epoch === null || e.epoch === 0 ? '' : `${e.epoch}:`}${e.version}${e.release === null ? '' : `-${e.release}`}`;
}
