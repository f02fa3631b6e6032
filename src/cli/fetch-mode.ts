/**
 * Whether `fetch` runs in host mode (a persistent repo and a `.repo` in /etc/yum.repos.d, installed
 * by name with rpm-ostree) or container mode (files in a directory, installed with dnf) when neither
 * `--host` nor `--container` is given. Host mode writes to the running system, so it is the default
 * only when the base *is* the running system: its `rpm-ostree status`, or the system repo. An
 * `--ostree-repo` URL, or an archive repo on a build machine, is someone else's tree: writing this
 * machine's /etc/yum.repos.d for it would be wrong (and fails without root).
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BaseSource } from '../base/source.js';

/** Where the running system's OSTree repo is (`/ostree` is a link to `/sysroot/ostree` on a host). */
const systemRepos = new Set(['/ostree/repo', '/sysroot/ostree/repo']);

/** The mode `fetch` takes for `source` when the command line does not say. */
export function defaultFetchMode(source: BaseSource, cwd: string): 'host' | 'container' {
  if (source.kind === 'status') return 'host';
  if (source.kind === 'ostree' && isSystemRepo(source.repo, cwd)) return 'host';
  return 'container';
}

/** True for `/ostree/repo` (or `/sysroot/ostree/repo`) as a path or a `file://` URL; never for a remote URL. */
export function isSystemRepo(repo: string, cwd: string): boolean {
  let path: string;
  if (repo.startsWith('file:')) {
    try {
      path = fileURLToPath(repo);
    } catch {
      return false;
    }
  } else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(repo)) {
    return false;
  } else {
    path = resolve(cwd, repo);
  }
  return systemRepos.has(resolve(path));
}
