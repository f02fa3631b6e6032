/**
 * `planFetch`: the builds a base needs for the requested names, fetched. First each name at the
 * base's EVR (plan-family.ts); then, for every file fetched, its exact pins (plan-pins.ts) that the
 * base does not already satisfy, each at the pinned EVR, until nothing new is pinned. Every build is
 * located through the chain and downloaded once; a source that fails on download is recorded and
 * the chain goes on after it.
 */
import { isComposeMatchError } from '../errors.js';
import { FetchPlanError } from './errors.js';
import { isKnownArch } from '../rpm/arches.js';
import { formatNevra } from '../rpm/nevra.js';
import { satisfies } from '../rpm/range.js';
import type { Evr, Nevra } from '../rpm/types.js';
import { headerProvides, headerRequires } from '../rpmfile/header-deps.js';
import type { BuildSource, BuildSourceRef, LocatedBuild, SourceAnswer } from './build-source.js';
import { readRpmFileHeaders } from './local-repo/rpm-file-headers.js';
import { BaseFamilies, wantedForName, type WantedBuild } from './plan-family.js';
import { NameLookup } from './plan-names.js';
import { exactPins, namedRequirements, type ExactPin, type NamedRequirement } from './plan-pins.js';
import { resolvePinTarget } from './plan-pin-target.js';
import type {
  FetchPlan,
  PinConflict,
  PlanFetchOptions,
  PlannedBuild,
  PlanOutcome,
  UnresolvedPin,
  WantReason,
} from './plan-types.js';

interface QueueItem {
  wanted: WantedBuild;
  reason: WantReason;
  /** The target's source package was assumed (no metadata names it): not found means unresolved. */
  assumed: boolean;
}

/**
 * Plans and fetches the builds for `options.names`.
 *
 * @throws {@link FetchPlanError} when a requested name has no build in the base to match (before
 * anything is downloaded); download errors that are not ComposeMatchErrors propagate.
 */
export async function planFetch(options: PlanFetchOptions): Promise<FetchPlan> {
  const names = new NameLookup(options.sources);
  const families = new BaseFamilies(options.base, names, async (nevra, sourcerpm) => {
    const { located } = await options.locate(nevra, sourcerpm, options.sources);
    return located !== null && located.sourcerpm === sourcerpm;
  });
  const queue: QueueItem[] = [];
  // Every requested name is resolved before any download: a bad name is bad input, found early.
  for (const name of [...new Set(options.names)]) {
    const { wanted, family } = await wantedForName(name, options.base, families, names);
    queue.push({ wanted, reason: { kind: 'requested', name, family: formatNevra(family) }, assumed: false });
  }
  const builds: PlannedBuild[] = [];
  const conflicts: PinConflict[] = [];
  const unresolved: UnresolvedPin[] = [];
  const planned = new Map<string, Nevra>(queue.map((q) => [q.wanted.name, q.wanted.candidates[0]!]));
  for (let item = queue.shift(); item !== undefined; item = queue.shift()) {
    const build = await fetchOne(item, options);
    if (build.status === 'missing' && item.assumed && item.reason.kind === 'pinned') {
      unresolved.push({ by: item.reason.by, requirement: item.reason.requirement });
      planned.delete(item.wanted.name);
      continue;
    }
    builds.push(build);
    if (build.file === null) continue;
    planned.set(build.nevra.name, build.nevra);
    const { layout } = await readRpmFileHeaders(build.file.path);
    const by = formatNevra(build.nevra);
    for (const stated of exactPins(headerRequires(layout.header), headerProvides(layout.header))) {
      const pin = await onPackage(stated, options.base.packages, planned, names);
      if (pin === 'held') continue;
      const holder = holderOf(pin, options.base.packages, planned);
      if (holder !== null) {
        if (!pinHolds(pin, holder))
          conflicts.push({ by, requirement: pin.text, holder: formatNevra(holder) });
        continue;
      }
      const target = await resolvePinTarget(pin, build, options.base, families, names);
      if (target === null) {
        unresolved.push({ by, requirement: pin.text });
        continue;
      }
      planned.set(pin.name, target.wanted.candidates[0]!);
      queue.push({ ...target, reason: { kind: 'pinned', by, requirement: pin.text } });
    }
    for (const req of namedRequirements(headerRequires(layout.header), headerProvides(layout.header))) {
      const wanted = await familyBuildFor(req, options, families, names, planned);
      if (wanted === 'conflict') {
        const holder = options.base.packages.find((p) => p.name === req.name)!;
        conflicts.push({ by, requirement: req.text, holder: formatNevra(holder) });
        continue;
      }
      if (wanted === null) continue;
      planned.set(req.name, wanted.candidates[0]!);
      queue.push({ wanted, reason: { kind: 'required', by, requirement: req.text }, assumed: false });
    }
  }
  const failedLookups = names.failures;
  return {
    outcome: outcomeOf(builds, conflicts, failedLookups),
    builds,
    conflicts,
    unresolved,
    failedLookups,
  };
}

/**
 * The build a by-name requirement must be: the base's build of the name's source package, when
 * the base holds one (metadata only: a Koji-only build is not searched for a mere requirement).
 * `null` when the name is the base's or planned already, or no base build of its family exists;
 * `conflict` when the base's own package does not satisfy the range.
 */
async function familyBuildFor(
  req: NamedRequirement,
  options: PlanFetchOptions,
  families: BaseFamilies,
  names: NameLookup,
  planned: ReadonlyMap<string, Nevra>,
): Promise<WantedBuild | 'conflict' | null> {
  const range = { name: req.name, flags: req.flags, evr: req.evr === '' ? null : req.evr };
  const installed = options.base.packages.filter((p) => p.name === req.name);
  if (installed.length > 0) {
    return installed.some((p) => satisfies({ name: req.name, flags: 'EQ', evr: p }, range))
      ? null
      : 'conflict';
  }
  if (planned.has(req.name)) return null;
  try {
    const { wanted } = await wantedForName(req.name, options.base, families, names, { confirm: false });
    // Only a build the requirement accepts is worth fetching; otherwise dnf reports the clash.
    return satisfies({ name: req.name, flags: 'EQ', evr: wanted.candidates[0]! }, range) ? wanted : null;
  } catch (error) {
    if (error instanceof FetchPlanError) return null;
    throw error;
  }
}

/**
 * A pin on a capability rather than a package name (Fedora's kernel-devel-matched requires
 * `kernel-devel-uname-r = 6.11.4-301.fc41.x86_64`), as a pin on the package that provides it: the
 * sources' metadata names the provider; a `.<arch>` the uname-r appends to the release is dropped.
 * `held` when the base (or the plan) already has a provider: the pin is its build's, dnf checks it.
 */
async function onPackage(
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

/** Looks each candidate up through the chain and downloads the first usable copy. */
async function fetchOne(item: QueueItem, options: PlanFetchOptions): Promise<PlannedBuild> {
  const { wanted, reason } = item;
  const answers: SourceAnswer[] = [];
  let unsigned: LocatedBuild | null = null;
  for (const nevra of wanted.candidates) {
    let rest: readonly BuildSource[] = options.sources;
    while (rest.length > 0) {
      const chain = await options.locate(nevra, wanted.sourcerpm, rest);
      answers.push(...chain.answers);
      const located = chain.located;
      if (located === null) break;
      rest = rest.slice(rest.findIndex((s) => sameRef(s.ref, located.source)) + 1);
      if (!located.signed && options.allowUnsigned !== true) {
        unsigned ??= located;
        continue;
      }
      try {
        const file = await options.download(located);
        return { nevra, sourcerpm: located.sourcerpm, reason, status: 'fetched', located, answers, file };
      } catch (error) {
        if (!isComposeMatchError(error)) throw error;
        // The source held it but its copy is unusable (checksum, truncation, NEVRA): say so, go on.
        const failed = { code: error.code, message: error.message };
        const at = answers.findLastIndex((a) => sameRef(a.source, located.source) && a.status === 'found');
        const answer: SourceAnswer = { source: located.source, status: 'failed', error: failed };
        if (at < 0) answers.push(answer);
        else answers[at] = answer;
      }
    }
  }
  const nevra = unsigned?.nevra ?? wanted.candidates[0]!;
  const status = unsigned === null ? 'missing' : 'unsigned';
  return { nevra, sourcerpm: wanted.sourcerpm, reason, status, located: unsigned, answers, file: null };
}

function sameRef(a: BuildSourceRef, b: BuildSourceRef): boolean {
  return a.kind === b.kind && a.name === b.name && a.url === b.url;
}

function outcomeOf(
  builds: readonly PlannedBuild[],
  conflicts: readonly PinConflict[],
  failedLookups: readonly SourceAnswer[],
): PlanOutcome {
  const short = builds.filter((b) => b.status !== 'fetched');
  if (short.length === 0 && conflicts.length === 0) return 'complete';
  const failed = failedLookups.length > 0 || short.some((b) => b.answers.some((a) => a.status === 'failed'));
  return short.length > 0 && failed ? 'incomplete' : 'missing';
}
