/**
 * Where Fedora CoreOS's pool repo is (FACTS §12): a Koji dist-repo of the `coreos-pool` tag,
 * `<root><arch>/` under `repos-dist/coreos-pool/latest/`, with `repodata/` and its signed RPMs in
 * `Packages/<first letter, lowercased>/` (koji's `dist_repo_move` links each rpm there, one signed
 * copy per NEVRA). It holds what the tag holds now: a build Koji untags leaves it at the next
 * regeneration. `fetch` and the durable `.repo` of a `pool` answer both read it.
 */

/** Fedora's pool dist-repo root (`latest` is the newest regeneration). */
export const defaultPoolRoot = 'https://kojipkgs.fedoraproject.org/repos-dist/coreos-pool/latest/';

/** The pool repo directory for `arch` under `root` (a URL ending in `/`). */
export function poolRepoUrl(root: string, arch: string): string {
  return `${root.endsWith('/') ? root : `${root}/`}${encodeURIComponent(arch)}/`;
}
