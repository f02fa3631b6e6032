/**
 * The first rule of `fetch`: a requested name is wanted at the EVR of the base's build of the same
 * source package (`kernel-devel` ← the base's `kernel-core`, both from `kernel-<v>-<r>.src.rpm`).
 * A base read from an rpm database records each package's SOURCERPM; for a package-only base the
 * sources' primary.xml says it (the entry with the base package's exact NEVRA). Nothing is guessed
 * from names.
 */
import type { BasePackage } from '../base/base-image.js';
import { compareNevra } from '../rpm/nevra-order.js';
import { formatNevra } from '../rpm/nevra.js';
import type { Nevra } from '../rpm/types.js';
import type { PrimaryPackage } from '../rpmmd/primary-types.js';
import { FetchPlanError } from './errors.js';
import { parseSourceRpm } from './koji-paths.js';
import type { NameLookup } from './plan-names.js';
import type { PlanBase } from './plan-types.js';

/** A build the planner will look for: its candidate NEVRAs (one per possible arch) and source package. */
export interface WantedBuild {
  name: string;
  candidates: Nevra[];
  sourcerpm: string | null;
}

/** The base's build of a source package: which base package showed it and its SOURCERPM. */
export interface BaseFamily {
  member: BasePackage;
  sourcerpm: string;
}

/** Same package, epoch 0 and none being equal (rpm's view). */
export function sameNevra(a: Nevra, b: Nevra): boolean {
  return compareNevra(a, b) === 0;
}

/** The arches a build for this base may have: the member's, the base's, `noarch`, in that order. */
export function candidateArches(base: PlanBase, first: string | null): string[] {
  return [...new Set([first, base.arch, 'noarch'].filter((a): a is string => a !== null))];
}

/**
 * Asks the sources whether `nevra` exists as a build of `sourcerpm` (Koji answers by its directory
 * named after the source package): how a package-only base's build that no repo lists any more is
 * tied to its source package by a source's answer, not by its name.
 */
export type ConfirmSource = (nevra: Nevra, sourcerpm: string) => Promise<boolean>;

/** Source packages of base packages, resolved on demand. */
export class BaseFamilies {
  readonly #base: PlanBase;
  readonly #names: NameLookup;
  readonly #confirm: ConfirmSource;
  readonly #resolved = new Map<BasePackage, Promise<string | null>>();

  constructor(base: PlanBase, names: NameLookup, confirm: ConfirmSource = async () => false) {
    this.#base = base;
    this.#names = names;
    this.#confirm = confirm;
  }

  /** The base package called `name`, if installed (the first by NEVRA order when several are). */
  installed(name: string): BasePackage | undefined {
    return this.#base.packages.find((p) => p.name === name);
  }

  /** SOURCERPM of a base package: recorded, else from the first source listing its exact NEVRA. */
  sourceOf(pkg: BasePackage): Promise<string | null> {
    if (pkg.sourcerpm !== undefined) return Promise.resolve(pkg.sourcerpm);
    let result = this.#resolved.get(pkg);
    if (result === undefined) {
      result = this.#names
        .find(pkg.name, (p) => p.sourcerpm !== null && sameNevra(p, pkg))
        .then((hits) => hits[0]?.sourcerpm ?? null);
      this.#resolved.set(pkg, result);
    }
    return result;
  }

  /**
   * The base's build of source package `srpmName`, or null. `likely` are source RPM file names the
   * sources list for the requested name: base packages of those V-Rs are resolved first, so a
   * package-only base usually needs one lookup, not one per installed package. `confirm` asks the
   * chain about base packages no repo lists (see {@link ConfirmSource}) when nothing else matched.
   */
  async family(srpmName: string, likely: readonly string[], confirm = true): Promise<BaseFamily[]> {
    const vrs = new Set(likely.map((s) => `${parseSourceRpm(s).version}-${parseSourceRpm(s).release}`));
    const first = this.#base.packages.filter((p) => vrs.has(`${p.version}-${p.release}`));
    const rest = this.#base.packages.filter((p) => !vrs.has(`${p.version}-${p.release}`));
    const found = new Map<string, BaseFamily>();
    const recorded = this.#base.packages.every((p) => p.sourcerpm !== undefined);
    for (const group of [first, rest]) {
      for (const member of group) {
        const sourcerpm = await this.sourceOf(member);
        if (sourcerpm === null || sourceName(sourcerpm) !== srpmName) continue;
        if (!found.has(sourcerpm)) found.set(sourcerpm, { member, sourcerpm });
        // Without recorded SOURCERPMs every check is a lookup: one hit is the answer. With them,
        // checking all is free and finds a base holding two builds of the family.
        if (!recorded) return [...found.values()];
      }
      if (found.size > 0) return [...found.values()];
    }
    return confirm ? this.#confirmed(srpmName) : [];
  }

  /**
   * No repo lists the base's build of `srpmName` (a Koji-only kernel on a package-only base): ask
   * the sources whether a base package whose SOURCERPM no repo knows is a build of
   * `<srpmName>-<its V>-<its R>.src.rpm`. Only such packages are asked, one V-R at a time.
   */
  async #confirmed(srpmName: string): Promise<BaseFamily[]> {
    const tried = new Set<string>();
    for (const member of this.#base.packages) {
      if (member.sourcerpm !== undefined || (await this.sourceOf(member)) !== null) continue;
      const sourcerpm = `${srpmName}-${member.version}-${member.release}.src.rpm`;
      const key = `${member.name}\u0000${sourcerpm}`;
      if (tried.has(key)) continue;
      tried.add(key);
      if (await this.#confirm(member, sourcerpm)) return [{ member, sourcerpm }];
    }
    return [];
  }

  /**
   * For an error that says what the base has: its source package names when recorded, else its
   * package names (a package-only base).
   */
  familyNames(): string[] {
    const out = new Set<string>();
    for (const p of this.#base.packages) {
      out.add(typeof p.sourcerpm === 'string' ? sourceName(p.sourcerpm) : p.name);
    }
    return [...out].sort();
  }
}

/** `kernel` of `kernel-6.11.4-301.fc41.src.rpm`. */
export function sourceName(sourcerpm: string): string {
  return parseSourceRpm(sourcerpm).name;
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

function nevraOf(p: Nevra): Nevra {
  return {
    name: p.name,
    epoch: p.epoch === 0 ? null : p.epoch,
    version: p.version,
    release: p.release,
    arch: p.arch,
  };
}

function dedupe(list: Nevra[]): Nevra[] {
  return list.filter((n, i) => list.findIndex((m) => sameNevra(m, n) && m.arch === n.arch) === i);
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
