/**
 * One key per NEVRA for the sources' indexes. primary.xml always writes an epoch (`epoch="0"`) while
 * a base's rpmdb leaves it unset, and rpm treats both alike, so the key does too.
 */
import type { Nevra } from '../../rpm/types.js';

/** `name-epoch:version-release.arch`, with an unset epoch written as 0. */
export function nevraKey(p: Nevra): string {
  return `${p.name}-${p.epoch ?? 0}:${p.version}-${p.release}.${p.arch}`;
}
