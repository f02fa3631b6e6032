/** EVR helpers for the report: rpm's ordering, and the display rpm-ostree uses (no `0:` epoch). */
import { compareEvr, formatEvr as formatRpmEvr } from '../rpm/evr.js';
import type { Evr } from '../rpm/types.js';

export { compareEvr };

/** `[E:]V-R` with a zero epoch left out, so `0:1.0-1` and `1.0-1` read the same in drift lists. */
export function formatEvr(evr: Evr): string {
  return formatRpmEvr(evr.epoch === 0 ? { ...evr, epoch: null } : evr);
}
