/**
 * Step 1 of the plan, the first rule of `fetch`: a requested name is wanted at the EVR of the base's
 * build of the same source package (`kernel-devel` ← the base's `kernel-core`). This file decides
 * *which* build that is (its candidate NEVRAs and source package) and says why not when the base
 * has none; finding the base's build of a source package is base-families.ts's job.
 */
import type { BasePackage } from '../../base/base-image.js';
import { formatNevra } from '../../rpm/nevra.js';
import type { Nevra } from '../../rpm/types.js';
import type { PrimaryPackage } from '../../rpmmd/primary-types.js';
import { FetchPlanError } from '../errors.js';
import { sourceName, type BaseFamilies, type BaseFamily } from './base-families.js';
import type { NameLookup } from './name-lookup.js';
import { candidateArches, dedupe, nevraOf } from './nevras.js';
import type { PlanBase, WantReason } from './types.js';

/** A build the planner will look for: its candidate NEVRAs (one per possible arch) and source package. */
export interface WantedBuild {
  name: string;
  candidates: Nevra[];
  sourcerpm: string | null;
}

/**
 * The build of `name` the base needs: from the base package itself when installed, else from the
 * base's build of the source package the sources say `name` comes from.
 *
 * @throws {@link FetchPlanError} `ERR_FETCH_UNKNOWN_PACKAGE`, `ERR_FETCH_NO_FAMILY`,
 * `ERR_FETCH_AMBIGUOUS_FAMILY`.
 */
export async function wantedForName(
  name: string,
  base: PlanBase,
  families: BaseFamilies,
  names: NameLookup,
  { confirm = true }: { confirm?: boolean } = {},
): Promise<{ wanted: WantedBuild; family: BasePackage }> {
  const own = families.installed(name);
  const ownSource = own === undefined ? null : await families.sourceOf(own);
  const listed = (await names.find(name)).filter((p) => p.sourcerpm !== null);
  // A base package is its own family; but when no repo lists its exact build (a Koji-only kernel
  // on a package-only base), its source package is learnt as for any other name, so Koji can be asked.
  if (own !== undefined && (ownSource !== null || listed.length === 0 || !confirm)) {
    return { wanted: { name, candidates: [nevraOf(own)], sourcerpm: ownSource }, family: own };
  }
  if (listed.length === 0) {
    throw new FetchPlanError(
      'ERR_FETCH_UNKNOWN_PACKAGE',
      `No source lists a package named '${name}', so the base build it must match is unknown` +
        (names.anyFailed ? ' (some sources failed; see the report)' : ''),
      { subject: name, sourceFailed: names.anyFailed },
    );
  }
  const srpmNames = [...new Set(listed.map((p) => sourceName(p.sourcerpm!)))];
  const likely = [...new Set(listed.map((p) => p.sourcerpm!))];
  const found: BaseFamily[] = [];
  for (const srpmName of srpmNames) found.push(...(await families.family(srpmName, likely, confirm)));
  if (found.length === 0) throw noFamily(name, srpmNames, families, names.anyFailed);
  if (found.length > 1) {
    throw new FetchPlanError(
      'ERR_FETCH_AMBIGUOUS_FAMILY',
      `The base holds more than one build that '${name}' could match: ${found
        .map((f) => `${f.sourcerpm} (${formatNevra(f.member)})`)
        .join(', ')}`,
      { subject: name },
    );
  }
  const { member, sourcerpm } = found[0]!;
  return { wanted: buildOf(name, sourcerpm, member, base, listed), family: member };
}

/**
 * The NEVRAs of `name` from `sourcerpm`: those the sources list (their EVR and arch are the truth),
 * else the member's EVR in each candidate arch (Koji has no metadata, and subpackages share the
 * source package's EVR there).
 */
function buildOf(
  name: string,
  sourcerpm: string,
  member: BasePackage,
  base: PlanBase,
  listed: readonly PrimaryPackage[],
): WantedBuild {
  const arches = candidateArches(base, member.arch);
  const exact = listed.filter((p) => p.sourcerpm === sourcerpm && arches.includes(p.arch));
  const candidates: Nevra[] =
    exact.length > 0
      ? dedupe(exact.map((p) => nevraOf(p)))
      : arches.map((arch) => ({
          name,
          epoch: member.epoch,
          version: member.version,
          release: member.release,
          arch,
        }));
  candidates.sort((a, b) => arches.indexOf(a.arch) - arches.indexOf(b.arch));
  return { name, candidates, sourcerpm };
}

function noFamily(
  name: string,
  srpmNames: readonly string[],
  families: BaseFamilies,
  sourceFailed: boolean,
): FetchPlanError {
  const all = families.familyNames();
  // Name the base's source packages that share the first word ('kernel-…' for kernel-devel):
  // only to help the reader, never to decide.
  const stem = name.split('-')[0]!;
  const near = all.filter((s) => s.startsWith(stem));
  const has =
    all.length === 0
      ? 'the base lists no packages'
      : near.length > 0
        ? `the base has ${near.join(', ')}`
        : `the base has ${all.length} others (compose-match inspect lists them)`;
  return new FetchPlanError(
    'ERR_FETCH_NO_FAMILY',
    `'${name}' is built from ${srpmNames.join(' or ')}, but the base has no package built from ${srpmNames.length > 1 ? 'them' : 'it'}; ${has}`,
    { subject: name, sourceFailed },
  );
}

/** A build on the plan's queue: what to look for, and why it is wanted. */
export interface WantedItem {
  wanted: WantedBuild;
  reason: WantReason;
  /** The target's source package was assumed (no metadata names it): not found means unresolved. */
  assumed: boolean;
  /** The base package whose build fixed the EVR, when one did (a requested or by-name build). */
  family?: BasePackage | undefined;
}
