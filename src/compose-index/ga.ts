/**
 * Where a release's GA package set is read from: a release tree `<release-root>/<N>/Everything/<arch>/os/`
 * when given, else the GA compose on kojipkgs beside the updates composes,
 * `<compose-root>/../<N>/Fedora-<N>-<date>.<respin>/compose/Everything/<arch>/os/` (the newest
 * FINISHED one). Only Fedora has GA trees there (FACTS.md §12); other releases record none.
 */
import { openCompose } from '../compose/compose-handle.js';
import { FetchError } from '../io/errors.js';
import type { Fetcher } from '../io/fetcher.js';
import { listDirectory } from './listing.js';

/** The GA repo URL of a release/arch and what to call it, or null when there is none. */
export async function findGaRepo(
  fetcher: Fetcher,
  composeRoot: string,
  releaseRoot: string | undefined,
  short: string,
  version: string,
  arch: string,
): Promise<{ source: string; repoUrl: string } | null> {
  if (short !== 'Fedora') return null;
  if (releaseRoot !== undefined) {
    const root = releaseRoot.endsWith('/') ? releaseRoot : `${releaseRoot}/`;
    const repoUrl = `${root}${encodeURIComponent(version)}/Everything/${encodeURIComponent(arch)}/os/`;
    return { source: repoUrl, repoUrl };
  }
  const dir = new URL(`../${encodeURIComponent(version)}/`, composeRoot).href;
  let entries;
  try {
    entries = await listDirectory(fetcher, dir);
  } catch (error) {
    if (error instanceof FetchError && error.code === 'ERR_NOT_FOUND') return null;
    throw error;
  }
  const pattern = new RegExp(`^${short}-${version.replace(/\./g, '\\.')}-([0-9]{8})\\.([0-9]+)$`);
  const candidates = entries
    .filter((e) => e.isDirectory && pattern.test(e.name))
    .sort((a, b) => (a.name < b.name ? 1 : -1));
  for (const entry of candidates) {
    const handle = openCompose(fetcher, entry.url);
    const status = await handle.status().catch(() => null);
    if (status === 'FINISHED' || status === 'FINISHED_INCOMPLETE')
      return { source: entry.name, repoUrl: handle.repoUrl(arch) };
  }
  return null;
}
