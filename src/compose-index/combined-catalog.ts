/**
 * One {@link ComposeCatalog} over the live compose root and a compose index, so the strategies run
 * over composes Bodhi has pruned as well as retained ones. A compose both know is one compose, read
 * from the live root (retained); a compose only the index knows is read from its record. When the
 * live root cannot be listed (offline), the index alone answers and a note says so.
 */
import type { ComposeCatalog, ComposeEntry } from '../compose/catalog.js';
import { compareComposeIds } from '../compose/compose-id.js';
import type { ReleaseTree } from '../compose/release-tree.js';

/** A catalog that also says which of its composes are still on the live root. */
export interface CombinedCatalog extends ComposeCatalog {
  /** Whether the compose is on the live root (false: known only from the index, pruned). */
  isRetained(entry: ComposeEntry): boolean;
}

/**
 * Combine the live catalog with an index catalog.
 *
 * @example
 * ```ts
 * const catalog = combineCatalogs(createComposeCatalog(fetcher, root), createIndexCatalog(index));
 * ```
 */
export function combineCatalogs(
  live: ComposeCatalog,
  recorded: ComposeCatalog & Required<Pick<ComposeCatalog, 'releaseTree'>>,
): CombinedCatalog {
  const retained = new Set<string>();
  const notes: string[] = [];
  const pick = (entry: ComposeEntry): ComposeCatalog => (retained.has(entry.id.id) ? live : recorded);
  return {
    rootUrl: live.rootUrl,
    list: async () => {
      const fromIndex = await recorded.list();
      let fromLive: ComposeEntry[] = [];
      try {
        fromLive = await live.list();
      } catch (e) {
        // The index's records suffice for exactness; the report says the live root was not read.
        notes.push(
          `the compose root ${live.rootUrl} could not be listed (${(e as Error).message}); matched over the index alone`,
        );
      }
      const byId = new Map<string, ComposeEntry>();
      for (const e of fromIndex) byId.set(e.id.id, { ...e, retained: false });
      for (const e of fromLive) {
        retained.add(e.id.id);
        byId.set(e.id.id, e);
      }
      return [...byId.values()].sort((a, b) => compareComposeIds(a.id, b.id));
    },
    status: (entry) => pick(entry).status(entry),
    repomd: (entry, arch) => pick(entry).repomd(entry, arch),
    packages: (entry, arch) => pick(entry).packages(entry, arch),
    releaseTree: async (release, arch): Promise<ReleaseTree> => {
      // The live GA tree first; the index's recorded GA set when it cannot be read (offline, moved).
      if (live.releaseTree !== undefined) {
        try {
          return await live.releaseTree(release, arch);
        } catch {
          // Fall through to the recorded GA set, whose error names the index update to run.
        }
      }
      return recorded.releaseTree(release, arch);
    },
    // Only the index reconstructs; the live root has no such states.
    ...(recorded.reconstructed === undefined ? {} : { reconstructed: recorded.reconstructed.bind(recorded) }),
    ...(recorded.reconstructedPool === undefined
      ? {}
      : { reconstructedPool: recorded.reconstructedPool.bind(recorded) }),
    notes: () => [...(live.notes?.() ?? []), ...(recorded.notes?.() ?? []), ...notes],
    isRetained: (entry) => retained.has(entry.id.id),
  };
}
