/**
 * Where a reconstructed record is taken: Bodhi pushes are not visible in Koji as such, but a push
 * moves many builds into the tag within minutes, and the next push comes hours later. So the tag
 * changes are cut into pushes wherever two consecutive changes are at least {@link pushGapSeconds}
 * apart, and also at each UTC midnight (so a tag that changes all day long still gets a record a
 * day). The state after a push's last change is what a compose started after it gathered.
 */
import type { KojiEvent } from '../koji/queries.js';
import type { TagChange } from '../koji/tag-state.js';

/** A quiet half hour between two changes separates two pushes. */
export const pushGapSeconds = 1800;

/** One push: its changes, oldest first, and the event after its last change. */
export interface Push {
  changes: TagChange[];
  end: KojiEvent;
}

/** Cuts changes (sorted by event) into pushes; deterministic for the same changes. */
export function groupPushes(changes: readonly TagChange[]): Push[] {
  const pushes: Push[] = [];
  let current: TagChange[] = [];
  const day = (ts: number) => Math.floor(ts / 86_400);
  for (const c of changes) {
    const last = current.at(-1);
    if (
      last !== undefined &&
      (c.event.ts - last.event.ts >= pushGapSeconds || day(c.event.ts) !== day(last.event.ts))
    ) {
      pushes.push({ changes: current, end: last.event });
      current = [];
    }
    current.push(c);
  }
  const last = current.at(-1);
  if (last !== undefined) pushes.push({ changes: current, end: last.event });
  return pushes;
}
