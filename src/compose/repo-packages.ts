/**
 * The binary packages of one rpm-md repo, read from its primary.xml: shared by the compose handle
 * (an updates compose without rpms.json), the GA release tree and the compose index.
 */
import type { Fetcher } from '../io/fetcher.js';
import { compareNevra } from '../rpm/nevra-order.js';
import type { Nevra } from '../rpm/types.js';
import { collectPrimary, expectedFromRecord, type ExpectedDigests } from '../rpmmd/read-primary.js';
import { findRecord } from '../rpmmd/repomd.js';
import type { Repomd } from '../rpmmd/repomd-types.js';
import { ComposeError } from './errors.js';

/** A binary package of a repo with its `rpm:sourcerpm` (`null` when the package names none). */
export type RepoPackage = Nevra & { sourcerpm: string | null };

/**
 * Streams primary.xml (verified against `expected`, the repomd record's digests) and returns its
 * binary packages in file order, source packages left out, epoch 0 given as `null` (rpm compares
 * them equal; base images are normalised the same way). Fetched as immutable: repodata file names
 * carry their checksum, and the content is verified.
 */
export async function readPrimaryPackages(
  fetcher: Fetcher,
  primaryUrl: string,
  expected: ExpectedDigests,
  signal?: AbortSignal,
): Promise<RepoPackage[]> {
  const stream = await fetcher.open(primaryUrl, { signal, immutable: true });
  const found = await collectPrimary(stream.body, { filename: primaryUrl, expected });
  return found
    .filter((p) => p.arch !== 'src' && p.arch !== 'nosrc')
    .map(({ name, epoch, version, release, arch, sourcerpm }) => ({
      name,
      epoch: epoch === 0 ? null : epoch,
      version,
      release,
      arch,
      sourcerpm,
    }));
}

/**
 * The binary packages of the repo at `repoUrl` (ending in `/`) whose repomd.xml is `repomd`,
 * sorted by name, EVR and arch ({@link readPrimaryPackages} without the source RPMs).
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
  const found = await readPrimaryPackages(
    fetcher,
    new URL(record.location, repoUrl).href,
    expectedFromRecord(record),
    signal,
  );
  return found
    .map(({ name, epoch, version, release, arch }) => ({ name, epoch, version, release, arch }))
    .sort(compareNevra);
}
