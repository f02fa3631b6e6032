/**
 * The source package of each base package, which fixes the EVR of everything `fetch` wants
 * (`kernel-devel` ← the base's `kernel-core`, both from `kernel-<v>-<r>.src.rpm`). A base read from
 * an rpm database records each package's SOURCERPM; for a package-only base the sources'
 * primary.xml says it (the entry with the base package's exact NEVRA). Nothing is guessed from names.
 */
import type { BasePackage } from '../../base/base-image.js';
import { formatNevra } from '../../rpm/nevra.js';
import type { Nevra } from '../../rpm/types.js';
import { parseSourceRpm } from '../koji-paths.js';
import type { NameLookup } from './name-lookup.js';
import { nevraOf, sameNevra } from './nevras.js';
import type { InferredSource, PlanBase } from './types.js';

/** The base's build of a source package: which base package showed it and its SOURCERPM. */
export interface BaseFamily {
  member: BasePackage;
  sourcerpm: string;
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
  readonly #inferred = new Map<BasePackage, InferredSource>();

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
   * How the source package of `pkg` was inferred, when {@link family} took it from another build
   * (no source lists its own, and no source confirmed it); undefined otherwise.
   */
  inferredFor(pkg: BasePackage): InferredSource | undefined {
    return this.#inferred.get(pkg);
  }

  /**
   * The source package of a base package no source lists at its exact build (superseded and
   * pruned everywhere): a binary package does not change source package between builds of a
   * release, so any listed build of the same name and arch names it, at the base package's own
   * V-R. Null when no source lists the name at that arch.
   */
  async #inferredSource(pkg: BasePackage): Promise<InferredSource | null> {
    const other = await this.#names.first(pkg.name, (p) => p.sourcerpm !== null && p.arch === pkg.arch);
    const from = other?.packages[0];
    if (other === null || from === undefined) return null;
    const sourcerpm = `${sourceName(from.sourcerpm!)}-${pkg.version}-${pkg.release}.src.rpm`;
    return { package: formatNevra(pkg), sourcerpm, from: formatNevra(nevraOf(from)), source: other.source };
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
    const confirmed = confirm ? await this.#confirmed(srpmName) : [];
    return confirmed.length > 0 ? confirmed : this.#byInference(srpmName);
  }

  /** Base packages no source lists or confirms, of `srpmName` by {@link #inferredSource}: the first. */
  async #byInference(srpmName: string): Promise<BaseFamily[]> {
    for (const member of await this.#unlisted()) {
      const how = await this.#inferredSource(member);
      if (how === null || sourceName(how.sourcerpm) !== srpmName) continue;
      this.#inferred.set(member, how);
      return [{ member, sourcerpm: how.sourcerpm }];
    }
    return [];
  }

  /** Base packages without a recorded SOURCERPM that no source lists at their exact build. */
  async #unlisted(): Promise<BasePackage[]> {
    const out: BasePackage[] = [];
    for (const member of this.#base.packages) {
      if (member.sourcerpm === undefined && (await this.sourceOf(member)) === null) out.push(member);
    }
    return out;
  }

  /**
   * No repo lists the base's build of `srpmName` (a Koji-only kernel on a package-only base): ask
   * the sources whether a base package whose SOURCERPM no repo knows is a build of
   * `<srpmName>-<its V>-<its R>.src.rpm`. Only such packages are asked, one V-R at a time.
   */
  async #confirmed(srpmName: string): Promise<BaseFamily[]> {
    const tried = new Set<string>();
    for (const member of await this.#unlisted()) {
      // Another build of the same name names another source package: not worth a Koji request.
      const how = await this.#inferredSource(member);
      if (how !== null && sourceName(how.sourcerpm) !== srpmName) continue;
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
