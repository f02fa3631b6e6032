/**
 * What a Koji tag held at an instant, and how it changed.
 *
 * A state is read once with `listTaggedRPMS(tag, event=E, latest=…)`; the later states of a time
 * window come from the window's `tag_listing` history (each tagging and untagging) applied as
 * deltas, so the tag is never listed whole again. A change only tells which build of which package
 * was tagged or untagged, so the package's rpms after it are asked for that one package at that
 * event (`listTaggedRPMS(…, package=P, event=e)`), all of a batch in one `system.multicall`. Every
 * such answer is about a past event and never changes, so it is cached as immutable.
 */
import type { KojiHubClient } from './hub-client.js';
import { faultError } from './hub-client.js';
import {
  isPast,
  lastEventBefore,
  parseTagHistory,
  parseTaggedRpms,
  tagHistoryCall,
  taggedRpmsCall,
  type KojiBuild,
  type KojiEvent,
  type KojiRpm,
  type TaggedRpms,
} from './queries.js';

/** The builds of one source package in a tag, with their rpms. */
export interface PackageHolding {
  builds: KojiBuild[];
  rpms: KojiRpm[];
}

/** A tag at one event: per source package, what it held. */
export interface TagState {
  tag: string;
  event: KojiEvent;
  /** `latest`: only each package's newest-tagged build; else every tagged build (a pool). */
  latest: boolean;
  packages: ReadonlyMap<string, PackageHolding>;
}

/** One tagging or untagging in a tag's history. */
export interface TagChange {
  event: KojiEvent;
  kind: 'tag' | 'untag';
  packageName: string;
  nvr: string;
  buildId: number;
}

/** Multicall batches stay this small, so one answer stays a few MB. */
const batchSize = 200;

/** The state of `tag` at `event`, listed whole (one call). */
export async function readTagState(
  hub: KojiHubClient,
  tag: string,
  event: KojiEvent,
  arches: readonly string[],
  latest: boolean,
): Promise<TagState> {
  const call = taggedRpmsCall(tag, { event: event.id, latest, arches });
  const value = await hub.call(call.method, call.params, call.keywords, true);
  return { tag, event, latest, packages: group(parseTaggedRpms(hub, value)) };
}

/** The state of `tag` at the last event before `ts`. */
export async function readTagStateBefore(
  hub: KojiHubClient,
  tag: string,
  ts: number,
  arches: readonly string[],
  latest: boolean,
): Promise<TagState> {
  return readTagState(hub, tag, await lastEventBefore(hub, ts), arches, latest);
}

/** Every tagging and untagging of `tag` strictly between `after` and `before`, oldest first. */
export async function readTagChanges(
  hub: KojiHubClient,
  tag: string,
  after: number,
  before: number,
): Promise<TagChange[]> {
  const call = tagHistoryCall(tag, after, before);
  const rows = parseTagHistory(hub, await hub.call(call.method, [], call.keywords, isPast(hub, before)));
  const changes: TagChange[] = [];
  const within = (ts: number | null): ts is number => ts !== null && ts > after && ts < before;
  for (const r of rows) {
    const base = { packageName: r.packageName, nvr: r.nvr, buildId: r.buildId };
    if (within(r.createTs))
      changes.push({ ...base, kind: 'tag', event: { id: r.createEvent, ts: r.createTs } });
    if (r.revokeEvent !== null && within(r.revokeTs))
      changes.push({ ...base, kind: 'untag', event: { id: r.revokeEvent, ts: r.revokeTs } });
  }
  return changes.sort((a, b) => a.event.id - b.event.id || a.buildId - b.buildId);
}

/**
 * The states after each change, from `start` on: one per distinct event, oldest first. Each change
 * asks what its package held at its event (one multicall per batch of changes).
 */
export async function applyChanges(
  hub: KojiHubClient,
  start: TagState,
  changes: readonly TagChange[],
  arches: readonly string[],
): Promise<TagState[]> {
  const pending = changes.filter((c) => c.event.id > start.event.id);
  // One question per (event, package): two changes of a package at one event have one answer.
  const asked = new Map<string, TagChange>();
  for (const c of pending) asked.set(`${c.event.id} ${c.packageName}`, c);
  const questions = [...asked.values()];
  const answers = await readHoldings(hub, start.tag, questions, arches, start.latest);
  const states: TagState[] = [];
  let current = new Map(start.packages);
  let at: KojiEvent | null = null;
  for (const c of questions) {
    if (at !== null && c.event.id !== at.id) {
      states.push({ ...start, event: at, packages: current });
      current = new Map(current);
    }
    at = c.event;
    const held = answers.get(`${c.event.id} ${c.packageName}`) ?? null;
    if (held === null) current.delete(c.packageName);
    else current.set(c.packageName, held);
  }
  if (at !== null) states.push({ ...start, event: at, packages: current });
  return states;
}

/** One question of {@link readHoldings}: what `packageName` held in the tag at `event`. */
export interface HoldingQuestion {
  event: KojiEvent;
  packageName: string;
}

/**
 * What each package held in `tag` at its event (`null`: nothing), keyed `"<event id> <package>"`;
 * asked in `system.multicall` batches of {@link batchSize}, every answer immutable.
 */
export async function readHoldings(
  hub: KojiHubClient,
  tag: string,
  questions: readonly HoldingQuestion[],
  arches: readonly string[],
  latest: boolean,
): Promise<Map<string, PackageHolding | null>> {
  const answers = new Map<string, PackageHolding | null>();
  for (let i = 0; i < questions.length; i += batchSize) {
    const batch = questions.slice(i, i + batchSize);
    const results = await hub.multicall(
      batch.map((c) =>
        taggedRpmsCall(tag, { event: c.event.id, latest, packageName: c.packageName, arches }),
      ),
      true,
    );
    results.forEach((r, j) => {
      const c = batch[j]!;
      if (!r.ok) throw faultError(hub.hubUrl, 'listTaggedRPMS', r.fault);
      const held = group(parseTaggedRpms(hub, r.value)).get(c.packageName);
      answers.set(`${c.event.id} ${c.packageName}`, held ?? null);
    });
  }
  return answers;
}

/** Groups a listing by source package. */
function group(listing: TaggedRpms): Map<string, PackageHolding> {
  const byBuild = new Map<number, KojiBuild>(listing.builds.map((b) => [b.buildId, b]));
  const out = new Map<string, PackageHolding>();
  for (const b of listing.builds) {
    const held = out.get(b.packageName) ?? { builds: [], rpms: [] };
    held.builds.push(b);
    out.set(b.packageName, held);
  }
  for (const rpm of listing.rpms) {
    const build = byBuild.get(rpm.buildId);
    if (build === undefined) continue;
    out.get(build.packageName)!.rpms.push(rpm);
  }
  return out;
}

/** Every rpm of a state. */
export function stateRpms(state: TagState): KojiRpm[] {
  return [...state.packages.values()].flatMap((h) => h.rpms);
}
