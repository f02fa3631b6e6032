/**
 * {@link ComposeCatalog} over a {@link Fetcher}: the compose root's listing, and one cached
 * {@link ComposeHandle} per compose.
 */
import { FetchError } from '../io/errors.js';
import { fetchText, type DirectoryEntry, type Fetcher } from '../io/fetcher.js';
import type { Nevra } from '../rpm/types.js';
import type { Repomd } from '../rpmmd/repomd-types.js';
import type { ComposeCatalog, ComposeEntry, ComposeId, ComposeStatus } from './catalog.js';
import { openCompose, type ComposeHandle } from './compose-handle.js';
import { compareComposeIds, parseComposeId, parseNightlyComposeId } from './compose-id.js';
import { listingNote, readListing } from './listing.js';
import { defaultReleaseRoots, readReleaseTree, type ReleaseTree } from './release-tree.js';
import { readVariantRepo, type VariantRepo } from './variant-repo.js';

/** Options of {@link createComposeCatalog}. */
export interface ComposeCatalogOptions {
  /** The variant whose repos are read (default `Everything`). */
  variant?: string | undefined;
  /**
   * Roots holding GA release trees `<N>/Everything/<arch>/os/`, tried in order (a URL or a
   * `file://` directory). Default: Fedora's, per arch ({@link defaultReleaseRoots}).
   */
  releaseRoots?: readonly string[] | undefined;
  /** Abort every request. */
  signal?: AbortSignal | undefined;
}

/** A {@link ComposeCatalog} that also hands out the underlying handles. */
export interface FetcherComposeCatalog extends ComposeCatalog {
  /** The handle of a listed compose (cached). */
  handle(entry: ComposeEntry): ComposeHandle;
}

/**
 * Reads the composes under `rootUrl` (kojipkgs `compose/updates/` or a mirror of its layout, over
 * HTTP or on disk). Listings, STATUS, repomd.xml and package lists are fetched once and kept.
 *
 * @example
 * ```ts
 * const catalog = createComposeCatalog(createFetcher(), 'https://kojipkgs.fedoraproject.org/compose/updates/');
 * for (const entry of await catalog.list()) console.log(entry.id.id, await catalog.status(entry));
 * ```
 */
export function createComposeCatalog(
  fetcher: Fetcher,
  rootUrl: string,
  options: ComposeCatalogOptions = {},
): FetcherComposeCatalog {
  const root = rootUrl.endsWith('/') ? rootUrl : `${rootUrl}/`;
  const handles = new Map<string, ComposeHandle>();
  const notes = new Set<string>();
  let rootEntries: Promise<DirectoryEntry[]> | undefined;

  /** The root's entries, read once for both kinds of compose. */
  const entries = (): Promise<DirectoryEntry[]> => {
    rootEntries ??= readRoot();
    rootEntries.catch(() => (rootEntries = undefined));
    return rootEntries;
  };

  /** The directories of the root whose names `parse` reads as compose IDs, sorted. */
  const composesBy = async (parse: (name: string) => ComposeId | null): Promise<ComposeEntry[]> => {
    const composes: ComposeEntry[] = [];
    for (const entry of await entries()) {
      if (!entry.isDirectory) continue;
      const id = parse(entry.name);
      if (id !== null) composes.push({ id, url: entry.url, modified: entry.modified });
    }
    return composes.sort((a, b) => compareComposeIds(a.id, b.id));
  };

  const list = (): Promise<ComposeEntry[]> => composesBy(parseComposeId);
  const nightlies = (): Promise<ComposeEntry[]> => composesBy(parseNightlyComposeId);

  /** The root's entries: listed natively (a local mirror) or from its index page. */
  const readRoot = async (): Promise<DirectoryEntry[]> => {
    try {
      const native = (await fetcher.list?.(root, { signal: options.signal })) ?? null;
      if (native !== null) return native;
      const listing = readListing(
        await fetchText(fetcher, root, { signal: options.signal, maxBytes: 64 * 1024 * 1024 }),
        root,
      );
      const note = listingNote(listing, root);
      if (note !== null) notes.add(note);
      return listing.entries;
    } catch (error) {
      // The one place that knows this URL was meant as a compose root: say so, keep the code.
      if (error instanceof FetchError && error.code === 'ERR_NOT_FOUND') {
        throw new FetchError(
          error.code,
          `No compose root at ${root} (${error.message}); expected a directory of updates composes, like https://kojipkgs.fedoraproject.org/compose/updates/, a nightly compose family like https://kojipkgs.fedoraproject.org/compose/iot/, or a mirror of one`,
          { subject: error.subject, status: error.status, cause: error },
        );
      }
      throw error;
    }
  };

  const handle = (entry: ComposeEntry): ComposeHandle => {
    let found = handles.get(entry.url);
    if (found === undefined) {
      found = openCompose(fetcher, entry.url, { variant: options.variant, signal: options.signal });
      handles.set(entry.url, found);
    }
    return found;
  };

  const trees = new Map<string, Promise<ReleaseTree>>();
  const releaseTree = (release: string, arch: string): Promise<ReleaseTree> => {
    const key = `${release}\0${arch}`;
    let tree = trees.get(key);
    if (tree === undefined) {
      const roots = options.releaseRoots ?? defaultReleaseRoots(arch);
      tree = readReleaseTree(fetcher, roots, release, arch, options.signal);
      tree.catch(() => trees.delete(key));
      trees.set(key, tree);
    }
    return tree;
  };

  const variantRepos = new Map<string, Promise<VariantRepo>>();
  const variantRepo = (entry: ComposeEntry, arch: string): Promise<VariantRepo> => {
    const key = `${entry.url}\0${arch}`;
    let repo = variantRepos.get(key);
    if (repo === undefined) {
      repo = readVariantRepo(fetcher, handle(entry), arch, options.signal);
      repo.catch(() => variantRepos.delete(key));
      variantRepos.set(key, repo);
    }
    return repo;
  };

  return {
    rootUrl: root,
    nightlies,
    variantRepo,
    releaseTree,
    notes: () => [...notes],
    list,
    handle,
    status: (entry): Promise<ComposeStatus> => handle(entry).status(),
    repomd: (entry, arch): Promise<Repomd> => handle(entry).repomd(arch),
    packages: (entry, arch): Promise<Nevra[]> => handle(entry).packages(arch),
  };
}
