/**
 * What a base image needs from an OSTree commit's metadata (inline and detached), decoded with
 * the byte order chosen by {@link chooseByteOrder}.
 */
import type { RawVariant } from '../gvariant/decode.js';
import { decodeGVariant } from '../gvariant/decode.js';
import type { Nevra } from '../rpm/types.js';
import type { BaseRepo } from './base-image.js';
import { chooseByteOrder, REPOS_KEY as REPOS } from './byte-order.js';
import { majorityArch, nevrasFromRows } from './packages.js';
import { repairTimestamp } from './timestamps.js';

/** Fields read from commit metadata. */
export interface CommitMetadataFields {
  /** `version`, when present. */
  version: string | null;
  /** `coreos-assembler.basearch`, else the packages' majority arch. */
  arch: string | null;
  /** `rpmostree.rpmmd-repos` (inline, else detached), timestamps repaired. */
  repos: BaseRepo[];
  /** `rpmostree.rpmdb.pkglist`, sorted. */
  packages: Nevra[];
  /** `rpmostree.clientlayer` is true. */
  clientLayer: boolean;
  /** What was repaired, assumed or ignored. */
  notes: string[];
}

type Meta = Map<string, RawVariant>;

/**
 * Reads version, arch, repos and packages from inline (and optional detached) metadata. Entries of
 * an unexpected type are ignored with a note; `subject` names the commit in notes and errors.
 */
export function readCommitMetadata(
  inline: Meta,
  detached: Meta | null,
  subject: string,
): CommitMetadataFields {
  const notes: string[] = [];
  // Strings and string arrays read the same in either byte order.
  const version = stringEntry(inline, 'version', notes);
  const rows = entry(inline, 'rpmostree.rpmdb.pkglist', 'a(sssss)', notes) as string[][] | undefined;
  const packages = rows === undefined ? [] : nevrasFromRows(rows, `${subject} rpmostree.rpmdb.pkglist`);
  const basearch = stringEntry(inline, 'coreos-assembler.basearch', notes);
  const arch = basearch ?? majorityArch(packages);
  if (basearch === null && arch !== null) notes.push(`arch ${arch} taken from the package list`);

  const inlineOrder = chooseByteOrder(inline, arch);
  let repos: BaseRepo[] = [];
  if (inline.has(REPOS)) {
    repos = readRepos(inline, inlineOrder.bigEndian, 'inline', inlineOrder.reason, notes);
  } else if (detached?.has(REPOS) === true) {
    const order = chooseByteOrder(detached, arch);
    repos = readRepos(detached, order.bigEndian, 'detached', order.reason, notes);
  } else {
    notes.push(
      `${subject} records no ${REPOS} (repo-metadata disabled?): only packages can identify the compose`,
    );
  }
  return { version, arch, repos, packages, clientLayer: inlineOrder.clientLayer, notes };
}

function readRepos(
  meta: Meta,
  bigEndian: boolean,
  where: string,
  reason: string,
  notes: string[],
): BaseRepo[] {
  const raw = meta.get(REPOS)!;
  if (raw.type !== 'aa{sv}') {
    notes.push(`${REPOS} (${where}) has type ${raw.type}, expected aa{sv}: ignored`);
    return [];
  }
  const order = bigEndian ? 'big-endian' : 'little-endian';
  notes.push(`${REPOS} (${where} metadata) read as ${order}: ${reason}`);
  const dicts = decodeGVariant('aa{sv}', raw.data, { bigEndian }) as Map<
    string,
    { type: string; value: unknown }
  >[];
  const repos: BaseRepo[] = [];
  for (const dict of dicts) {
    const id = dict.get('id');
    const ts = dict.get('timestamp');
    if (id?.type !== 's' || ts?.type !== 't') {
      notes.push(`${REPOS} (${where}): an entry without id (s) and timestamp (t) was ignored`);
      continue;
    }
    const value = ts.value as bigint;
    const name = id.value as string;
    const repaired = repairTimestamp(value);
    if (repaired === null) {
      notes.push(`repo ${name}: timestamp ${value} is not a plausible date in either byte order: ignored`);
      continue;
    }
    // `swapped` is relative to host (little-endian) order; an entry that needed swapping back was
    // plausible only in the other order than the dict's, and that plausible reading is trusted.
    const swapped = bigEndian !== repaired.swapped;
    repos.push({ id: name, timestamp: repaired.timestamp, swapped });
    if (repaired.swapped) {
      notes.push(
        `repo ${name}: timestamp is plausible only in the other byte order; read as ${repaired.timestamp}`,
      );
    } else if (swapped) {
      notes.push(`repo ${name}: timestamp ${value} was stored big-endian (byte-swapped) and repaired`);
    }
  }
  return repos;
}

function entry(meta: Meta, key: string, type: string, notes: string[]): unknown {
  const raw = meta.get(key);
  if (raw === undefined) return undefined;
  if (raw.type !== type) {
    notes.push(`metadata ${key} has type ${raw.type}, expected ${type}: ignored`);
    return undefined;
  }
  return decodeGVariant(type, raw.data);
}

function stringEntry(meta: Meta, key: string, notes: string[]): string | null {
  return (entry(meta, key, 's', notes) as string | undefined) ?? null;
}
