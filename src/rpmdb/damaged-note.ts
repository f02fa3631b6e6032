/** The note a base carries for a database header rpm skips (see header-digest.ts). */
import type { DamagedHeader } from './read-rpmdb.js';

/** One line per skipped header: which row, what it claims to be, which digest failed. */
export function damagedHeaderNote(d: DamagedHeader): string {
  return (
    `skipped rpm database header h#${d.hnum} (${d.nevra}): its ${d.algorithm.toUpperCase()} header digest ` +
    `${d.recorded} does not match ${d.computed}, so rpm -qa does not list it either`
  );
}
