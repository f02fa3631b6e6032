/**
 * The chain of build sources for a base, in the order FACTS §12 gives: the base's own compose
 * (when matched and retained), the live `updates` and GA repos (small metadata), the FCOS pool
 * dist-repo, the updates-archive (~40 MB of metadata, so last of the repos), then Koji
 * `packages/` (located from the base's Koji answer when it has one). Every root has Fedora's
 * public URL as default and may be a `file://` URL of a tree on disk laid out the same way.
 */
import { defaultReleaseRoots, releaseTreeUrl } from '../../compose/release-tree.js';
import type { Fetcher } from '../../io/fetcher.js';
import type { Nevra } from '../../rpm/types.js';
import type { BuildSource, BuildSourceKind, BuildSourceRef } from '../build-source.js';
import { defaultPoolRoot, poolRepoUrl } from '../../koji/pool-repo.js';
import { createKojiSource, defaultKojiRoot, type KojiSourceOptions } from './koji-source.js';
import { createRepoSource } from './repo-source.js';

/** Fedora's public roots of each source (FACTS §12). */
export const defaultFetchRoots = {
  /** `<root><release>/Everything/<arch>/`: the live stable updates repo. */
  updates: 'https://dl.fedoraproject.org/pub/fedora/linux/updates/',
  /** `<root><arch>/`: Fedora CoreOS's pool dist-repo. */
  pool: defaultPoolRoot,
  /** `<root><release>/<arch>/`: every build that left `updates`, flat. */
  archive: 'https://fedoraproject-updates-archive.fedoraproject.org/fedora/',
  /** `<root><srpm-name>/<v>/<r>/<arch>/<nvra>.rpm`. */
  koji: defaultKojiRoot,
} as const;

/** Options of {@link createSourceChain}. */
export interface SourceChainOptions {
  fetcher: Fetcher;
  /** Fedora release (`41`). */
  release: string;
  /** Base architecture (`x86_64`). */
  arch: string;
  updatesRoot?: string | undefined;
  /** GA release root (`<root><N>/Everything/<arch>/os/`); default Fedora's live tree. */
  releaseRoot?: string | undefined;
  poolRoot?: string | undefined;
  archiveRoot?: string | undefined;
  kojiRoot?: string | undefined;
  /**
   * The base's compose, found by matching: resolves to its repo URL, or null when no retained
   * compose matched (the source then holds nothing). Omit to leave the compose out.
   */
  compose?: { ref: BuildSourceRef; repoUrl: () => Promise<string | null> } | undefined;
  /** Sources to leave out. */
  skip?: ReadonlySet<BuildSourceKind> | undefined;
  /** The base's Koji answer, for the Koji source (see {@link KojiSourceOptions.answer}). */
  kojiAnswer?: KojiSourceOptions['answer'];
}

/** The sources in chain order. */
export function createSourceChain(options: SourceChainOptions): BuildSource[] {
  const { fetcher, release, arch } = options;
  const skip = options.skip ?? new Set();
  const dir = (root: string): string => (root.endsWith('/') ? root : `${root}/`);
  const rel = encodeURIComponent(release);
  const a = encodeURIComponent(arch);
  const repo = (kind: BuildSourceKind, name: string, url: string, immutable = false): BuildSource =>
    createRepoSource({ ref: { kind, name, url }, fetcher, immutable });
  const out: BuildSource[] = [];
  if (options.compose !== undefined && !skip.has('compose'))
    out.push(lazySource(options.compose.ref, options.compose.repoUrl, fetcher));
  if (!skip.has('updates'))
    out.push(
      repo(
        'updates',
        'updates',
        `${dir(options.updatesRoot ?? defaultFetchRoots.updates)}${rel}/Everything/${a}/`,
      ),
    );
  if (!skip.has('ga')) {
    const root = options.releaseRoot ?? defaultReleaseRoots(arch)[0]!;
    out.push(repo('ga', 'fedora', releaseTreeUrl(root, release, arch), true));
  }
  if (!skip.has('pool'))
    out.push(repo('pool', 'coreos-pool', poolRepoUrl(options.poolRoot ?? defaultFetchRoots.pool, arch)));
  if (!skip.has('archive'))
    out.push(
      repo(
        'archive',
        'updates-archive',
        `${dir(options.archiveRoot ?? defaultFetchRoots.archive)}${rel}/${a}/`,
      ),
    );
  if (!skip.has('koji'))
    out.push(
      createKojiSource({
        root: dir(options.kojiRoot ?? defaultFetchRoots.koji),
        fetcher,
        answer: options.kojiAnswer,
      }),
    );
  return out;
}

/**
 * A repo source whose URL is known only after matching. The match runs on the first lookup, once;
 * when it throws, every lookup rethrows it, so the chain records the compose as a failed source
 * and goes on, as for any other source.
 */
function lazySource(
  ref: BuildSourceRef,
  repoUrl: () => Promise<string | null>,
  fetcher: Fetcher,
): BuildSource {
  let inner: Promise<BuildSource | null> | null = null;
  const get = (): Promise<BuildSource | null> =>
    (inner ??= repoUrl().then((url) =>
      url === null ? null : createRepoSource({ ref: { ...ref, url }, fetcher, immutable: true }),
    ));
  return {
    ref,
    async locate(nevra: Nevra, sourcerpm: string | null) {
      const source = await get();
      return source === null ? null : source.locate(nevra, sourcerpm);
    },
    async packagesNamed(name: string) {
      const source = await get();
      return source === null ? [] : source.packagesNamed(name);
    },
  };
}
