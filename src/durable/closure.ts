/**
 * {@link layeringClosure}: which snapshot builds a `.repo` must list so that layering NAME… resolves
 * at the snapshot's builds (issue 22 part 3, `match --for`).
 *
 * Why not the whole snapshot: libdnf (rpm-ostree's resolver) resolves each `includepkgs` entry with
 * a query of its own on every run, so a 25,000-build snapshot makes every rpm-ostree command take
 * minutes (docs/compose-index.md has the figures). Only two kinds of build matter for layering NAME:
 *
 * - what the base lock already forces needs no entry: rpm-ostree locks every base package
 *   (SOLVER_LOCK, FACTS §10), so a requirement a base package satisfies is answered by the base,
 *   whatever the repos hold;
 * - the rest is the dependency closure of NAME within snapshot ∪ GA with dnf's choice (the best EVR
 *   of each name and arch), stopping at base packages. Its snapshot builds are the entries; its GA
 *   builds are walked through (they may require snapshot builds) but need no entry, since the
 *   system's own `fedora` repo serves them, as it does for the whole-snapshot file.
 *
 * Every provider of a requirement is taken (not only the one libsolv would pick): a longer list is
 * still correct, a shorter one could let a live build in.
 */
import { satisfies, type Dependency } from '../rpm/range.js';
import { compareEvr } from '../rpm/evr.js';
import type { Nevra } from '../rpm/types.js';
import type { PrimaryDependency } from '../rpmmd/primary-types.js';
import { evrText, nevraText } from './nevra-text.js';

/** A build with the dependencies its repo's primary.xml states. */
export interface BuildWithDeps extends Nevra {
  provides: readonly PrimaryDependency[];
  requires: readonly PrimaryDependency[];
}

/** What {@link layeringClosure} is given. */
export interface ClosureInput {
  /** The names to layer (`match --for`). */
  names: readonly string[];
  /** The snapshot's builds, with their dependencies where a source stated them. */
  snapshot: readonly BuildWithDeps[];
  /** The GA tree's packages with their dependencies. */
  ga: readonly BuildWithDeps[];
  /** The base's packages: locked, so whatever they provide needs no repo. */
  base: readonly Nevra[];
  /** The arch being layered for (its packages and `noarch` are candidates). */
  arch: string;
}

/** What layering the names needs from the snapshot. */
export interface Closure {
  /** Snapshot builds (full NEVRA text) the names need and the base does not hold, sorted. */
  builds: string[];
  /** Names asked for that no candidate carries (neither the snapshot nor GA). */
  unknownNames: string[];
  /** Names asked for that the base already holds (nothing to layer for them). */
  inBase: string[];
  /**
   * Requirements no candidate or base package was seen to provide, as `requirer: capability`:
   * file paths (primary.xml lists only some files), rich dependencies, or a gap in the metadata.
   * The solver answers them from the enabled repos; they are reported, not guessed.
   */
  unresolved: string[];
}

/** Walks the closure; pure, deterministic (sorted output). */
export function layeringClosure(input: ClosureInput): Closure {
  const candidates = choose(input.snapshot, input.ga, input.arch);
  const snapshotKeys = new Set(input.snapshot.map(nevraText));
  const baseKeys = new Set(input.base.map(nevraText));
  const baseNames = new Set(input.base.map((p) => `${p.name}.${p.arch}`));
  // What the locked base provides: its packages' own provides where the metadata states them.
  const byKey = new Map<string, BuildWithDeps>();
  for (const p of [...input.ga, ...input.snapshot]) byKey.set(nevraText(p), p);
  const baseProvides = new Provides();
  for (const p of input.base)
    baseProvides.add(byKey.get(nevraText(p)) ?? { ...p, provides: [], requires: [] });
  const candidateProvides = new Provides();
  for (const p of candidates) if (!baseNames.has(`${p.name}.${p.arch}`)) candidateProvides.add(p);

  const wanted = new Set<string>();
  const unresolved = new Set<string>();
  const unknownNames: string[] = [];
  const inBase: string[] = [];
  const queue: BuildWithDeps[] = [];
  const visit = (p: BuildWithDeps): void => {
    const key = nevraText(p);
    if (wanted.has(key) || baseKeys.has(key)) return;
    wanted.add(key);
    queue.push(p);
  };
  for (const name of [...new Set(input.names)].sort()) {
    if (input.base.some((p) => p.name === name)) {
      inBase.push(name);
      continue;
    }
    const named = candidates.filter((p) => p.name === name);
    if (named.length === 0) unknownNames.push(name);
    named.forEach(visit);
  }
  while (queue.length > 0) {
    const p = queue.shift()!;
    for (const r of p.requires) {
      if (r.name.startsWith('rpmlib(')) continue;
      const need = dependency(r);
      if (baseProvides.satisfy(need).length > 0) continue;
      const providers = candidateProvides.satisfy(need);
      if (providers.length === 0) unresolved.add(`${nevraText(p)}: ${r.name}`);
      providers.forEach(visit);
    }
  }
  return {
    builds: [...wanted].filter((k) => snapshotKeys.has(k)).sort(),
    unknownNames,
    inBase,
    unresolved: [...unresolved].sort(),
  };
}

/** dnf's choice over snapshot ∪ GA: the best EVR of each name and arch (the arch's own and noarch). */
function choose(
  snapshot: readonly BuildWithDeps[],
  ga: readonly BuildWithDeps[],
  arch: string,
): BuildWithDeps[] {
  const best = new Map<string, BuildWithDeps>();
  for (const p of [...ga, ...snapshot]) {
    if (p.arch !== arch && p.arch !== 'noarch') continue;
    const key = `${p.name}.${p.arch}`;
    const held = best.get(key);
    if (held === undefined || compareEvr(evrText(p), evrText(held)) > 0) best.set(key, p);
  }
  return [...best.values()];
}

/** A requirement as the range matcher takes it. */
function dependency(d: PrimaryDependency): Dependency {
  const evr =
    d.version === null
      ? null
      : `${d.epoch !== null && d.epoch !== '0' ? `${d.epoch}:` : ''}${d.version}${d.release === null ? '' : `-${d.release}`}`;
  return { name: d.name, flags: (d.flags ?? null) as Dependency['flags'], evr };
}

/** Capability name → who provides it (a package provides its own name at its EVR implicitly). */
class Provides {
  private readonly byName = new Map<string, { provide: Dependency; pkg: BuildWithDeps }[]>();

  add(pkg: BuildWithDeps): void {
    this.put({ name: pkg.name, flags: 'EQ', evr: evrText(pkg) }, pkg);
    for (const p of pkg.provides) this.put(dependency(p), pkg);
  }

  satisfy(need: Dependency): BuildWithDeps[] {
    const found = (this.byName.get(need.name) ?? [])
      .filter((e) => satisfies(e.provide, need))
      .map((e) => e.pkg);
    return [...new Set(found)];
  }

  private put(provide: Dependency, pkg: BuildWithDeps): void {
    const list = this.byName.get(provide.name);
    if (list === undefined) this.byName.set(provide.name, [{ provide, pkg }]);
    else list.push({ provide, pkg });
  }
}
