/**
 * The hub methods compose-match reads, with koji's return shapes (kojihub/kojihub.py) checked:
 * `getLastEvent`, `getEvent`, `listTaggedRPMS`, `queryHistory(tables=['tag_listing'])`.
 * Each has a `*Call` (for a multicall batch) and a parser of its answer.
 */
import { z } from 'zod';
import type { KojiCall, KojiHubClient } from './hub-client.js';
import type { XmlRpcValue } from './xmlrpc.js';

/** A Koji event: every change to the hub's data has one; ids grow with time. */
export interface KojiEvent {
  id: number;
  /** Seconds since the epoch, with microseconds. */
  ts: number;
}

const EventSchema = z.object({ id: z.number().int(), ts: z.number() });

/** One binary RPM of a tag listing. */
export interface KojiRpm {
  id: number;
  name: string;
  epoch: number | null;
  version: string;
  release: string;
  arch: string;
  buildId: number;
  /** Keys that signed it (empty when unsigned), from `rpmsigs=True`. */
  sigkeys: string[];
}

/** One build of a tag listing. */
export interface KojiBuild {
  buildId: number;
  /** The source package's name (`package_name`). */
  packageName: string;
  nvr: string;
  epoch: number | null;
  version: string;
  release: string;
}

/** `listTaggedRPMS` as it returns: `[rpms, builds]`. */
export interface TaggedRpms {
  rpms: KojiRpm[];
  builds: KojiBuild[];
}

const RpmRow = z.object({
  id: z.number().int(),
  name: z.string(),
  epoch: z.number().int().nullable(),
  version: z.string(),
  release: z.string(),
  arch: z.string(),
  build_id: z.number().int(),
  sigkey: z.string().nullable().optional(),
});
const BuildRow = z.object({
  build_id: z.number().int(),
  package_name: z.string(),
  nvr: z.string(),
  epoch: z.number().int().nullable(),
  version: z.string(),
  release: z.string(),
});
const TaggedSchema = z.tuple([z.array(RpmRow.passthrough()), z.array(BuildRow.passthrough())]);

/** One `tag_listing` row of `queryHistory`: a build's tagging and, once untagged, its untagging. */
export interface TagListingRow {
  buildId: number;
  /** The source package's name. */
  packageName: string;
  nvr: string;
  createEvent: number;
  createTs: number;
  revokeEvent: number | null;
  revokeTs: number | null;
}

const HistoryRow = z.object({
  build_id: z.number().int(),
  name: z.string(),
  version: z.string(),
  release: z.string(),
  epoch: z.number().int().nullable(),
  create_event: z.number().int(),
  create_ts: z.number(),
  revoke_event: z.number().int().nullable(),
  revoke_ts: z.number().nullable(),
});
const HistorySchema = z.object({ tag_listing: z.array(HistoryRow.passthrough()) }).passthrough();

/** Options of `listTaggedRPMS`. */
export interface TaggedRpmsQuery {
  event: number;
  /** Only the newest-tagged build of each package (what an updates compose carries). */
  latest: boolean;
  /** Only this source package. */
  packageName?: string | undefined;
  /** Binary arches to list (`noarch` is not implied). */
  arches: readonly string[];
}

/** `listTaggedRPMS(tag, event=…, latest=…, package=…, arch=[…], rpmsigs=True)`. */
export function taggedRpmsCall(tag: string, q: TaggedRpmsQuery): KojiCall {
  return {
    method: 'listTaggedRPMS',
    params: [tag],
    keywords: {
      event: q.event,
      latest: q.latest,
      package: q.packageName,
      arch: [...q.arches],
      rpmsigs: true,
    },
  };
}

/** Parses a `listTaggedRPMS` answer (one row per rpm and signature) into rpms with their keys. */
export function parseTaggedRpms(hub: KojiHubClient, value: XmlRpcValue): TaggedRpms {
  const parsed = TaggedSchema.safeParse(value);
  if (!parsed.success) throw hub.shapeError('listTaggedRPMS', '[rpms, builds]', parsed.error);
  const [rpmRows, buildRows] = parsed.data;
  const rpms = new Map<number, KojiRpm>();
  for (const r of rpmRows) {
    let rpm = rpms.get(r.id);
    if (rpm === undefined) {
      rpm = {
        id: r.id,
        name: r.name,
        epoch: r.epoch,
        version: r.version,
        release: r.release,
        arch: r.arch,
        buildId: r.build_id,
        sigkeys: [],
      };
      rpms.set(r.id, rpm);
    }
    // An unsigned rpm comes back once with sigkey None (a LEFT OUTER JOIN on rpmsigs).
    if (typeof r.sigkey === 'string' && r.sigkey !== '' && !rpm.sigkeys.includes(r.sigkey))
      rpm.sigkeys.push(r.sigkey);
  }
  for (const rpm of rpms.values()) rpm.sigkeys.sort();
  const builds = buildRows.map((b) => ({
    buildId: b.build_id,
    packageName: b.package_name,
    nvr: b.nvr,
    epoch: b.epoch,
    version: b.version,
    release: b.release,
  }));
  return { rpms: [...rpms.values()], builds };
}

/** `queryHistory(tables=['tag_listing'], tag=…, after=…, before=…)`. */
export function tagHistoryCall(tag: string, after: number, before: number): KojiCall {
  return { method: 'queryHistory', keywords: { tables: ['tag_listing'], tag, after, before } };
}

/** Parses a `queryHistory` answer's `tag_listing` rows. */
export function parseTagHistory(hub: KojiHubClient, value: XmlRpcValue): TagListingRow[] {
  const parsed = HistorySchema.safeParse(value);
  if (!parsed.success) throw hub.shapeError('queryHistory', '{tag_listing: [rows]}', parsed.error);
  return parsed.data.tag_listing.map((r) => ({
    buildId: r.build_id,
    packageName: r.name,
    nvr: `${r.name}-${r.version}-${r.release}`,
    createEvent: r.create_event,
    createTs: r.create_ts,
    revokeEvent: r.revoke_event,
    revokeTs: r.revoke_ts,
  }));
}

/** Parses a `getEvent` / `getLastEvent` answer. */
export function parseEvent(hub: KojiHubClient, method: string, value: XmlRpcValue): KojiEvent {
  const parsed = EventSchema.safeParse(value);
  if (!parsed.success) throw hub.shapeError(method, '{id, ts}', parsed.error);
  return parsed.data;
}

/** An answer about `before` is fixed once `before` is an hour in the past (no event is made in the past). */
export function isPast(hub: KojiHubClient, ts: number): boolean {
  return ts < hub.now() - 3600;
}

/**
 * The last event strictly before `before`. `getLastEvent` compares in the database's precision and
 * may return an event a few microseconds after `before` (its docstring says so): such an answer is
 * asked again just before that event, until one is earlier.
 */
export async function lastEventBefore(hub: KojiHubClient, before: number): Promise<KojiEvent> {
  let bound = before;
  for (let tries = 0; tries < 4; tries++) {
    const event = parseEvent(
      hub,
      'getLastEvent',
      await hub.call('getLastEvent', [], { before: bound }, isPast(hub, bound)),
    );
    if (event.ts < before) return event;
    bound = Math.min(bound, event.ts) - 1e-5 * 2 ** tries;
  }
  throw hub.shapeError('getLastEvent', `an event before ${before}`);
}

/** `getEvent(id)`. */
export async function getEvent(hub: KojiHubClient, id: number): Promise<KojiEvent> {
  return parseEvent(hub, 'getEvent', await hub.call('getEvent', [id], undefined, true));
}
