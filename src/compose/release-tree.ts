/**
 * The frozen GA repo of a release, `<root><N>/Everything/<arch>/os/`: the packages a base holds
 * that no updates compose carries must be there at the base's EVR. Fedora publishes the primary
 * arches and the secondary ones (ppc64le, s390x) under different trees, and moves a release to the
 * archive host at end of life, so the default is a list of roots tried in order.
 */
import { FetchError } from '../io/errors.js';
import { fetchText, type Fetcher } from '../io/fetcher.js';
import type { Nevra } from '../rpm/types.js';
import { parseRepomd } from '../rpmmd/repomd.js';
import { ComposeError } from './errors.js';
import { readRepoPackages } from './repo-packages.js';

/** The GA tree as read: where, its repomd's largest timestamp, and its binary packages. */
export interface ReleaseTree {
  /** The `os/` directory read, ending in `/`. */
  url: string;
  /** The largest `<timestamp>` of its repomd.xml: what rpm-ostree records for the `fedora` repo. */
  repoTimestamp: number;
  /** Binary packages, sorted (see `readRepoPackages`). */
  packages: Nevra[];
}

const secondaryArches: ReadonlySet<string> = new Set(['ppc64le', 's390x']);

/**
 * Fedora's release roots for an arch, in the order tried: the live tree on dl.fedoraproject.org
 * (`pub/fedora/linux/releases/` for x86_64 and aarch64, `pub/fedora-secondary/releases/` for
 * ppc64le and s390x), then the same path on the archive host, where end-of-life releases go.
 */
export function defaultReleaseRoots(arch: string): string[] {
  const path = secondaryArches.has(arch) ? 'fedora-secondary/releases/' : 'fedora/linux/releases/';
  return [
    `https://dl.fedoraproject.org/pub/${path}`,
    `https://archives.fedoraproject.org/pub/archive/${path}`,
  ];
}

/** The `os/` URL of a release tree under a root. */
export function releaseTreeUrl(root: string, release: string, arch: string): string {
  const r = root.endsWith('/') ? root : `${root}/`;
  return `${r}${encodeURIComponent(release)}/Everything/${encodeURIComponent(arch)}/os/`;
}

/**
 * Reads the GA tree of `release` for `arch` from the first root that has it (a 404 moves on to
 * the next root; any other failure is thrown). repomd.xml is small; primary.xml is verified and
 * fetched as immutable (its name carries its checksum), so a caching fetcher keeps it.
 */
export async function readReleaseTree(
  fetcher: Fetcher,
  roots: readonly string[],
  release: string,
  arch: string,
  signal?: AbortSignal,
): Promise<ReleaseTree> {
  const tried: string[] = [];
  for (const root of roots) {
    const url = releaseTreeUrl(root, release, arch);
    const repomdUrl = `${url}repodata/repomd.xml`;
    let text: string;
    try {
      text = await fetchText(fetcher, repomdUrl, { signal, maxBytes: 16 * 1024 * 1024 });
    } catch (error) {
      if (error instanceof FetchError && error.code === 'ERR_NOT_FOUND') {
        tried.push(repomdUrl);
        continue;
      }
      throw error;
    }
    const repomd = parseRepomd(text, repomdUrl);
    const packages = await readRepoPackages(fetcher, url, repomd, signal);
    return { url, repoTimestamp: repomd.largestTimestamp, packages };
  }
  throw new ComposeError(
    'ERR_RELEASE_TREE_NOT_FOUND',
    `No GA tree of Fedora ${release} for ${arch}: ${tried.join(', ')} ${tried.length === 1 ? 'is' : 'are'} missing; pass --release-root with the directory that holds <N>/Everything/<arch>/os/`,
    { subject: tried[0] },
  );
}
