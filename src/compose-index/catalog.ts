/**
 * {@link ComposeCatalog} over a compose index: every usable recorded compose as a catalog entry,
 * its STATUS, a repomd with the recorded `<revision>` and largest timestamp (no `<data>` records:
 * the index keeps only what matching uses), and packages rebuilt from the delta chain. The matcher
 * can then run over composes Bodhi has pruned.
 */
import { ComposeError } from '../compose/errors.js';
import type { ReleaseTree } from '../compose/release-tree.js';
import type { ComposeCatalog, ComposeEntry, ComposeStatus, ReconstructedState } from '../compose/catalog.js';
import { compareComposeIds, parseComposeId } from '../compose/compose-id.js';
import type { Nevra } from '../rpm/types.js';
import type { Repomd } from '../rpmmd/repomd-types.js';
import { IndexError } from './errors.js';
import { fromTuple, tuplesOf, type IndexPackage } from './packages.js';
import type { ComposeIndex } from './read-index.js';
import { recordWindows } from './reconstructed-windows.js';
import type { ManifestCompose, ManifestStream } from './schema.js';

/** Options of {@link createIndexCatalog}. */
export interface IndexCatalogOptions {
  /** The root the entries' URLs are under (default: the compose root the index was built from). */
  rootUrl?: string | undefined;
  /** Leave out composes recorded before Bodhi confirmed them (default: include them). */
  confirmedOnly?: boolean | undefined;
}

/** A {@link ComposeCatalog} of recorded composes, with the source RPMs the index also keeps. */
export interface IndexCatalog extends ComposeCatalog {
  /** The packages of a recorded compose with their `sourcerpm`. */
  packagesWithSource(entry: ComposeEntry, arch: string): Promise<IndexPackage[]>;
  /** The recorded GA set of a release and arch as a release tree (always offered). */
  releaseTree(release: string, arch: string): Promise<ReleaseTree>;
  /** The recorded GA set of a compose's release and arch, or null when none was recorded. */
  gaPackages(entry: ComposeEntry, arch: string): Promise<IndexPackage[] | null>;
}

/**
 * The catalog of the composes recorded in `index`.
 *
 * @example
 * ```ts
 * const index = await openIndex(createFetcher(), 'https://example.org/compose-index/');
 * const catalog = createIndexCatalog(index);
 * for (const entry of await catalog.list()) console.log(entry.id.id, (await catalog.repomd(entry, 'x86_64')).largestTimestamp);
 * ```
 */
export function createIndexCatalog(index: ComposeIndex, options: IndexCatalogOptions = {}): IndexCatalog {
  const manifest = index.manifest;
  const rootUrl = (options.rootUrl ?? manifest.composeRoot).replace(/\/?$/, '/');
  const streamKey = (entry: ComposeEntry, arch: string) =>
    `${entry.id.short}-${entry.id.version}/${entry.id.series}/${arch}`;
  const find = (entry: ComposeEntry, arch: string): { stream: ManifestStream; compose: ManifestCompose } => {
    const stream = manifest.streams.find((s) => s.key === streamKey(entry, arch));
    const compose = stream?.composes.find((c) => c.id === entry.id.id && c.usable);
    if (stream === undefined || compose === undefined) {
      throw new IndexError(
        'ERR_INDEX_NO_RECORD',
        `The index at ${index.url} has no ${arch} record of ${entry.id.id}`,
        {
          subject: entry.id.id,
        },
      );
    }
    return { stream, compose };
  };
  const packagesWithSource = async (entry: ComposeEntry, arch: string): Promise<IndexPackage[]> => {
    const { stream } = find(entry, arch);
    return tuplesOf(await index.packageSet(stream.key, entry.id.id)).map(fromTuple);
  };
  // The reconstructed states of one stream, each with the window it was reconstructed in.
  const states = (key: string): ReconstructedState[] => {
    const stream = manifest.reconstructed?.find((s) => s.key === key);
    if (stream === undefined) return [];
    const windows = recordWindows(stream);
    return stream.records.map((r, i) => ({
      id: r.id,
      tag: stream.tag,
      hub: stream.hub,
      event: r.event,
      next: r.next,
      window: { since: windows[i]!.since, until: windows[i]!.until },
      packages: async () => tuplesOf(await index.reconstructedSet(stream.key, r.id)).map(fromTuple),
    }));
  };
  return {
    rootUrl,
    list: async () => {
      const seen = new Map<string, ComposeEntry>();
      for (const s of manifest.streams) {
        for (const c of s.composes) {
          if (!c.usable || (options.confirmedOnly === true && !c.confirmed) || seen.has(c.id)) continue;
          const id = parseComposeId(c.id);
          if (id !== null)
            seen.set(c.id, { id, url: `${rootUrl}${encodeURIComponent(c.id)}/`, modified: null });
        }
      }
      return [...seen.values()].sort((a, b) => compareComposeIds(a.id, b.id));
    },
    status: async (entry): Promise<ComposeStatus> => {
      for (const s of manifest.streams) {
        const c = s.composes.find((x) => x.id === entry.id.id);
        if (c !== undefined) return c.status;
      }
      throw new IndexError(
        'ERR_INDEX_NO_RECORD',
        `The index at ${index.url} has no record of ${entry.id.id}`,
        {
          subject: entry.id.id,
        },
      );
    },
    repomd: async (entry, arch): Promise<Repomd> => {
      const { compose } = find(entry, arch);
      return { revision: compose.revision, records: [], largestTimestamp: compose.timestamp ?? 0 };
    },
    packages: async (entry, arch): Promise<Nevra[]> =>
      (await packagesWithSource(entry, arch)).map(({ name, epoch, version, release, arch: a }) => ({
        name,
        epoch,
        version,
        release,
        arch: a,
      })),
    packagesWithSource,
    // The recorded GA set, so the whole-base rule works offline and after the tree moved.
    releaseTree: async (release, arch): Promise<ReleaseTree> => {
      const ga = await index.ga(`Fedora-${release}`, arch);
      if (ga === null)
        throw new ComposeError(
          'ERR_RELEASE_TREE_NOT_FOUND',
          `The index records no GA set of Fedora ${release} for ${arch}; run 'compose-match index update --release ${release} --arch ${arch}' with --release-root`,
          { subject: `Fedora-${release}/${arch}` },
        );
      return {
        url: ga.source,
        repoTimestamp: ga.repo.timestamp,
        packages: ga.packages.map(fromTuple).map(({ name, epoch, version, release: r, arch: a }) => ({
          name,
          epoch: epoch === 0 ? null : epoch,
          version,
          release: r,
          arch: a,
        })),
      };
    },
    reconstructed: async (release, series, arch) => states(`Fedora-${release}/${series}/${arch}`),
    reconstructedPool: async (tag, arch) => states(`${tag}/${arch}`),
    gaPackages: async (entry, arch) => {
      const ga = await index.ga(`${entry.id.short}-${entry.id.version}`, arch);
      return ga === null ? null : ga.packages.map(fromTuple);
    },
  };
}
