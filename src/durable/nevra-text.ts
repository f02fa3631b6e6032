/**
 * Full NEVRA text as `includepkgs` takes it (`name-[E:]V-R.A`, FACTS §12): the epoch only when it
 * is set and not 0, as rpm's `%{NEVRA}` prints it, so a repo's `epoch="0"` and an index's unset
 * epoch give the same key.
 */
import type { Nevra } from '../rpm/types.js';

/** `[E:]V-R`, the epoch left out when unset or 0. */
export function evrText(p: Pick<Nevra, 'epoch' | 'version' | 'release'>): string {
  return `${p.epoch === null || p.epoch === 0 ? '' : `${p.epoch}:`}${p.version}-${p.release}`;
}

/** `name-[E:]V-R.A`, the epoch left out when unset or 0. */
export function nevraText(p: Nevra): string {
  return `${p.name}-${evrText(p)}.${p.arch}`;
}
