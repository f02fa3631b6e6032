/**
 * Fedora's public roots of the durable sources (FACTS §12), and the repo URL each gives for a
 * release and arch. Every root may be replaced by a mirror or a directory on disk (`file://…/`):
 * `--pool-root`, `--archive-root` and `--koji-root` of `compose-match fetch`.
 */
import type { Fetcher } from '../../io/fetcher.js';
import type { BuildSource } from '../build-source.js';
import { createRepoSource } from './repo-source.js';

/** The FCOS pool dist-repo: `<root><arch>/` is a yum repo with many versions per package. */
export const defaultPoolRoot = 'https://kojipkgs.fedoraproject.org/repos-dist/coreos-pool/latest/';

/** Fedora's updates-archive: `<root><release>/<arch>/` is a flat yum repo of every build that left `updates`. */
export const defaultArchiveRoot = 'https://fedoraproject-updates-archive.fedoraproject.org/fedora/';

const slash = (url: string) => (url.endsWith('/') ? url : `${url}/`);

/** The FCOS pool for `arch` as a source (`kind: 'pool'`, named `coreos-pool`). */
export function createPoolSource(
  arch: string,
  fetcher: Fetcher,
  root: string = defaultPoolRoot,
): BuildSource {
  return createRepoSource({
    ref: { kind: 'pool', name: 'coreos-pool', url: `${slash(root)}${arch}/` },
    fetcher,
  });
}

/** The updates-archive of `release` and `arch` as a source (`kind: 'archive'`, named `updates-archive`). */
export function createArchiveSource(
  release: string | number,
  arch: string,
  fetcher: Fetcher,
  root: string = defaultArchiveRoot,
): BuildSource {
  return createRepoSource({
    ref: { kind: 'archive', name: 'updates-archive', url: `${slash(root)}${release}/${arch}/` },
    fetcher,
  });
}
