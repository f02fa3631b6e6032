/**
 * Step 2 of the plan, the closure: what one fetched build brings in. Its exact pins
 * (`Requires: X = V-R`) that the base or the plan does not already hold, each at the pinned EVR; and
 * its by-name requirements whose source package the base holds a build of, at that build's EVR
 * (only that build installs beside the base). What the base contradicts is a conflict, what no
 * source names is unresolved; the rest is queued. Read from the file's own header, so the closure
 * is what rpm will check, not what some repo's metadata says.
 */
import type { BasePackage } from '../../base/base-image.js';
import { formatNevra } from '../../rpm/nevra.js';
import { satisfies } from '../../rpm/range.js';
import type { Evr, Nevra } from '../../rpm/types.js';
import { headerProvides, headerRequires } from '../../rpmfile/header-deps.js';
import { FetchPlanError } from '../errors.js';
import { readRpmFileHeaders } from '../local-repo/rpm-file-headers.js';
import type { BaseFamilies } from './base-families.js';
import type { NameLookup } from './name-lookup.js';
import { pinnedPackage, resolvePinTarget } from './pin-target.js';
import { exactPins, namedRequirements, type ExactPin, type NamedRequirement } from './requirements.js';
import type { DownloadedFile, PinConflict, PlanBase, PlannedBuild, UnresolvedPin } from './types.js';
import { wantedForName, type WantedBuild, type WantedItem } from './wanted.js';

/** What one fetched build added to the plan. */
export interface ClosureStep {
  /** Builds to look for next, in the order the header states them (pins first). */
  next: WantedItem[];
  conflicts: PinConflict[];
  unresolved: UnresolvedPin[];
}

/**
 * The builds `build` requires that the plan must add. `planned` (name → the build the plan holds
 * for it) is updated as each is queued, so a later requirement of the same header sees it.
 */
export async function closureOf(
  build: PlannedBuild & { file: DownloadedFile },
  base: PlanBase,
  families: BaseFamilies,
  names: NameLookup,
  planned: Map<string, Nevra>,
): Promise<ClosureStep> {
  const step: ClosureStep = { next: [], conflicts: [], unresolved: [] };
  const { layout } = await readRpmFileHeaders(build.file.path);
  const requires = headerRequires(layout.header);
  const provides = headerProvides(layout.header);
  const by = formatNevra(build.nevra);
  for (const stated of exactPins(requires, provides)) {
    const pin = await pinnedPackage(stated, base.packages, planned, names);
    if (pin === 'held') continue;
    const holder = holderOf(pin, base.packages, planned);
    if (holder !== null) {
      if (!pinHolds(pin, holder))
        step.conflicts.push({ by, requirement: pin.text, holder: formatNevra(holder) });
      continue;
    }
    const target = await resolvePinTarget(pin, build, base, families, names);
    if (target === null) {
      step.unresolved.push({ by, requirement: pin.text });
      continue;
    }
    planned.set(pin.name, target.wanted.candidates[0]!);
    step.next.push({ ...target, reason: { kind: 'pinned', by, requirement: pin.text } });
  }
  for (const req of namedRequirements(requires, provides)) {
    const wanted = await familyBuildFor(req, base, families, names, planned);
    if (wanted === 'conflict') {
      const holder = base.packages.find((p) => p.name === req.name)!;
      step.conflicts.push({ by, requirement: req.text, holder: formatNevra(holder) });
      continue;
    }
    if (wanted === null) continue;
    planned.set(req.name, wanted.wanted.candidates[0]!);
    const reason = { kind: 'required', by, requirement: req.text } as const;
    step.next.push({ ...wanted, reason, assumed: false });
  }
  return step;
}

/**
 * The build a by-name requirement must be: the base's build of the name's source package, when
 * the base holds one (metadata only: a Koji-only build is not searched for a mere requirement).
 * `null` when the name is the base's or planned already, or no base build of its family exists;
 * `conflict` when the base's own package does not satisfy the range.
 */
async function familyBuildFor(
  req: NamedRequirement,
  base: PlanBase,
  families: BaseFamilies,
  names: NameLookup,
  planned: ReadonlyMap<string, Nevra>,
): Promise<{ wanted: WantedBuild; family: BasePackage } | 'conflict' | null> {
  const range = { name: req.name, flags: req.flags, evr: req.evr === '' ? null : req.evr };
  const installed = base.packages.filter((p) => p.name === req.name);
  if (installed.length > 0) {
    return installed.some((p) => satisfies({ name: req.name, flags: 'EQ', evr: p }, range))
      ? null
      : 'conflict';
  }
  if (planned.has(req.name)) return null;
  try {
    const found = await wantedForName(req.name, base, families, names, { confirm: false });
    // Only a build the requirement accepts is worth fetching; otherwise dnf reports the clash.
    return satisfies({ name: req.name, flags: 'EQ', evr: found.wanted.candidates[0]! }, range) ? found : null;
  } catch (error) {
    if (error instanceof FetchPlanError) return null;
    throw error;
  }
}

/** A base package or an already planned build of the pinned name (the ISA-suffixed arch when asked). */
function holderOf(pin: ExactPin, base: readonly Nevra[], planned: ReadonlyMap<string, Nevra>): Nevra | null {
  const installed = base.filter((p) => p.name === pin.name && (!pin.isa || p.arch !== 'noarch'));
  return installed.find((p) => pinHolds(pin, p)) ?? installed[0] ?? planned.get(pin.name) ?? null;
}

/** rpm's own test: does `name = EVR` of the holder satisfy `name = pin`? (No release: any release.) */
function pinHolds(pin: ExactPin, holder: Evr): boolean {
  return satisfies(
    { name: pin.name, flags: 'EQ', evr: holder },
    { name: pin.name, flags: 'EQ', evr: pin.evr },
  );
}
