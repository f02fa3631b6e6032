/**
 * The binary packages of one rpm-md repo, read from its primary.xml: shared by the compose handle
 * (an updates compose without rpms.json) and the GA release tree.
 */
import type { Fetcher } from '../io/fetcher.js';
import type { Nevra } from '../rpm/types.js';
import { collectPrimary, expectedFromRecord } from '../rpmmd/read-primary.js';
import { findRecord } from '../rpmmd/repomd.js';
import type { Repomd } from '../rpmmd/repomd-types.js';
import { ComposeError } from './errors.js';

/**
 * Streams the primary.xml that `repomd` names (verified against its checksums) and returns its
 * binary packages, sorted, epoch 0 given as `null` (rpm compares them equal; base images are
 * normalised the same way). `repoUrl` is the repo directory (ending in `/`).
 */
export async function readRepoPackages(
  fetcher: Fetcher,
  repoUrl: string,
  repomd: Repomd,
  signal?: AbortSignal,
): Promise<Nevra[]> {
  const record = findRecord(repomd, 'primary');
  if (record === undefined) {
    throw new ComposeError('ERR_COMPOSE_NO_REPO', `${repoUrl}repodata/repomd.xml has no primary record`, {
      subject: `${repoUrl}repodata/repomd.xml`,
    });
  }
  const primaryUrl = new URL(record.location, repoUrl).href;
  // repodata file names carry their checksum, and the content is verified: safe to cache.
  const stream = await fetcher.open(primaryUrl, { signal, immutable: true });
  const found = await collectPrimary(stream.body, {
    filename: primaryUrl,
    expected: expectedFromRecord(record),
  });
  return found
    .filter((p) => p.arch !== 'src' && p.arch !== 'nosrc')
    .map(({ name, epoch, version, release, arch }) => ({
      name,
      epoch: epoch === 0 ? null : epoch,
      version,
      release,
      arch,
    }))
    .sort(compareNevra);
}

/** Name, arch, then EVR as text: a stable order for output, not rpm's version order. */
export function compareNevra(a: Nevra, b: Nevra): number {
  const ka = `${a.name}\0${a.arch}\0${a.epoch ?? 0}:${a.version}-${a.release}`;
  const kb = `${b.name}\0${b.arch}\0${b.epoch ?? 0}:${b.version}-${b.release}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
