/**
 * Which build an exact pin asks for when neither the base nor the plan holds the name: the pinned
 * EVR of the package named, from the source package the metadata lists for that EVR. Koji has no
 * metadata, so when no repo lists that EVR the source package is derived, in this order: the
 * requiring build's own (pins are nearly always between subpackages of one build, `%{version}-%{release}`),
 * the base's build of the name's family, else the family name at the pinned V-R. A derived guess
 * is only a place to look: the download checks the file's header NEVRA.
 */
import { isKnownArch } from '../../rpm/arches.js';
import { compareEvr } from '../../rpm/evr.js';
import type { Nevra } from '../../rpm/types.js';
import { sourceName, type BaseFamilies } from './base-families.js';
import { candidateArches } from './nevras.js';
import type { NameLookup } from './name-lookup.js';
import type { ExactPin } from './requirements.js';
import type { PlanBase, PlannedBuild } from './types.js';
import type { WantedBuild } from './wanted.js';

/** The build to queue for a pin, and whether its source package was derived rather than listed. */
export interface PinTarget {
  wanted: WantedBuild;
  /** No metadata names the package at all: when the chain does not find it, the pin is unresolved. */
  assumed: boolean;
}

/** The build a pin asks for, or null when the pin gives no release and no base build fixes one. */
export async function resolvePinTarget(
  pin: ExactPin,
  by: PlannedBuild,
  base: PlanBase,
  families: BaseFamilies,
  names: NameLookup,
): Promise<PinTarget | null> {
  const arches = pin.isa
    ? candidateArches(base, by.nevra.arch === 'noarch' ? null : by.nevra.arch).filter((a) => a !== 'noarch')
    : candidateArches(base, by.nevra.arch);
  const evrMatches = (p: Nevra): boolean =>
    arches.includes(p.arch) &&
    compareEvr({ ...p, release: pin.evr.release === null ? null : p.release }, pin.evr) === 0;
  const exact = await names.find(pin.name, (p) => p.sourcerpm !== null && evrMatches(p));
  if (exact.length > 0) {
    const candidates = exact.map((p) => ({
      name: p.name,
      epoch: p.epoch === 0 ? null : p.epoch,
      version: p.version,
      release: p.release,
      arch: p.arch,
    }));
    candidates.sort((a, b) => arches.indexOf(a.arch) - arches.indexOf(b.arch));
    return { wanted: { name: pin.name, candidates, sourcerpm: exact[0]!.sourcerpm }, assumed: false };
  }
  // No listed build has that EVR: only an exact pin (with a release) names a build Koji can serve.
  if (pin.evr.release === null) return null;
  const release = pin.evr.release;
  const candidates = arches.map((arch) => ({
    name: pin.name,
    epoch: pin.evr.epoch === 0 ? null : pin.evr.epoch,
    version: pin.evr.version,
    release,
    arch,
  }));
  const listed = await names.find(pin.name, (p) => p.sourcerpm !== null);
  const families_ = [...new Set(listed.map((p) => sourceName(p.sourcerpm!)))];
  const own = by.sourcerpm;
  if (listed.length === 0 || (own !== null && families_.includes(sourceName(own)))) {
    return { wanted: { name: pin.name, candidates, sourcerpm: own }, assumed: listed.length === 0 };
  }
  for (const family of families_) {
    const inBase = await families.family(family, []);
    if (inBase.length === 1)
      return { wanted: { name: pin.name, candidates, sourcerpm: inBase[0]!.sourcerpm }, assumed: false };
  }
  const sourcerpm = `${families_[0]!}-${pin.evr.version}-${release}.src.rpm`;
  return { wanted: { name: pin.name, candidates, sourcerpm }, assumed: false };
}

/**
 * A pin on a capability rather than a package name (Fedora's kernel-devel-matched requires
 * `kernel-devel-uname-r = 6.11.4-301.fc41.x86_64`), as a pin on the package that provides it: the
 * sources' metadata names the provider; a `.<arch>` the uname-r appends to the release is dropped.
 * `held` when the base (or the plan) already has a provider: the pin is its build's, dnf checks it.
 */
export async function pinnedPackage(
  pin: ExactPin,
  base: readonly Nevra[],
  planned: ReadonlyMap<string, Nevra>,
  names: NameLookup,
): Promise<ExactPin | 'held'> {
  if (base.some((p) => p.name === pin.name) || planned.has(pin.name)) return pin;
  if ((await names.find(pin.name)).length > 0) return pin;
  const providers = await names.providers(pin.name);
  if (providers.length === 0) return pin;
  if (providers.some((n) => base.some((p) => p.name === n) || planned.has(n))) return 'held';
  const release = pin.evr.release;
  const arch = release === null ? null : /\.([a-z0-9_]+)$/.exec(release)?.[1];
  const bare =
    arch !== undefined && arch !== null && isKnownArch(arch) ? release!.slice(0, -arch.length - 1) : release;
  return { ...pin, name: providers[0]!, evr: { ...pin.evr, release: bare } };
}
