/**
 * `planFetch`, the planner of `compose-match fetch`. It runs the README's steps in this order:
 *
 * 1. the wanted build per requested name (wanted.ts), all of them before any download, so a name
 *    the base has no build to match is bad input found before anything is written;
 * 2. then, queue order, each wanted build is located in the chain and downloaded (fetch-build.ts):
 *    located first because the chain's order is the preference (own compose, live repos, pool,
 *    archive, Koji), downloaded at once because only the file's header says what it pins;
 * 3. the closure (closure.ts): each fetched file's exact pins and by-name requirements that the
 *    base does not hold join the queue, until nothing new is pinned;
 * 4. a build found nowhere gets what each source holds of its name (nowhere.ts), for the report.
 *
 * The local repo over the downloaded files (step 5) is the caller's: `writeLocalRepo`, after the
 * plan, so a plan that fetched nothing writes nothing.
 */
import { formatNevra } from '../../rpm/nevra.js';
import type { Nevra } from '../../rpm/types.js';
import type { SourceAnswer } from '../build-source.js';
import { BaseFamilies } from './base-families.js';
import { closureOf } from './closure.js';
import { fetchBuild } from './fetch-build.js';
import { NameLookup } from './name-lookup.js';
import { withHoldings } from './nowhere.js';
import type {
  InferredSource,
  FetchPlan,
  PinConflict,
  PlanFetchOptions,
  PlannedBuild,
  PlanOutcome,
  UnresolvedPin,
} from './types.js';
import { wantedForName, type WantedItem } from './wanted.js';

/**
 * Plans and fetches the builds for `options.names`.
 *
 * @throws {@link FetchPlanError} when a requested name has no build in the base to match (before
 * anything is downloaded); download errors that are not ComposeMatchErrors propagate.
 */
export async function planFetch(options: PlanFetchOptions): Promise<FetchPlan> {
  // What the sources' metadata says by name, and the base packages' source packages: asked on
  // demand and memoised, shared by every step.
  const names = new NameLookup(options.sources);
  const families = new BaseFamilies(options.base, names, async (nevra, sourcerpm) => {
    const { located } = await options.locate(nevra, sourcerpm, options.sources);
    return located !== null && located.sourcerpm === sourcerpm;
  });

  const queue = await requestedBuilds(options, families, names);
  const planned = new Map<string, Nevra>(queue.map((q) => [q.wanted.name, q.wanted.candidates[0]!]));
  const builds: PlannedBuild[] = [];
  const conflicts: PinConflict[] = [];
  const unresolved: UnresolvedPin[] = [];
  const inferred: InferredSource[] = [];
  for (let item = queue.shift(); item !== undefined; item = queue.shift()) {
    const build = await fetchBuild(item, options);
    if (build.status === 'missing' && item.assumed && item.reason.kind === 'pinned') {
      // A pin whose package only the pin itself suggested: not a missing build, an unknown name.
      unresolved.push({ by: item.reason.by, requirement: item.reason.requirement });
      planned.delete(item.wanted.name);
      continue;
    }
    if (item.family !== undefined) {
      const how = families.inferredFor(item.family);
      if (how !== undefined && !inferred.some((i) => i.package === how.package)) inferred.push(how);
    }
    // Nowhere: say what each source holds instead, so the reader sees what is gone.
    builds.push(build.status === 'missing' ? { ...build, answers: await withHoldings(build, names) } : build);
    if (build.file === null) continue;
    planned.set(build.nevra.name, build.nevra);
    const step = await closureOf({ ...build, file: build.file }, options.base, families, names, planned);
    queue.push(...step.next);
    conflicts.push(...step.conflicts);
    unresolved.push(...step.unresolved);
  }

  const failedLookups = names.failures;
  return {
    outcome: outcomeOf(builds, conflicts, failedLookups),
    builds,
    conflicts,
    unresolved,
    failedLookups,
    inferred,
  };
}

/** Step 1: the wanted build of every requested name, each once, in the order given. */
async function requestedBuilds(
  options: PlanFetchOptions,
  families: BaseFamilies,
  names: NameLookup,
): Promise<WantedItem[]> {
  const out: WantedItem[] = [];
  for (const name of [...new Set(options.names)]) {
    const { wanted, family } = await wantedForName(name, options.base, families, names);
    const reason = { kind: 'requested', name, family: formatNevra(family) } as const;
    out.push({ wanted, reason, assumed: false, family });
  }
  return out;
}

/** The exit the CLI gives: nowhere is only "missing" (3) when every source could be asked. */
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
