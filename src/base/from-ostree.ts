/** Base image from an OSTree repository (archive or bare, local or HTTP) at a ref or commit. */
import type { Fetcher } from '../io/fetcher.js';
import { checkChecksum } from '../ostree/checksum.js';
import { OstreeError } from '../ostree/errors.js';
import { openOstreeRepo } from '../ostree/repo.js';
import type { BaseImage } from './base-image.js';
import { readClientLayer } from './byte-order.js';
import { readCommitMetadata } from './commit-metadata.js';
import { BaseImageError } from './errors.js';
import type { OstreeBaseSource } from './source.js';

/** Reads the base image recorded in an OSTree commit. */
export async function readOstreeBase(
  source: OstreeBaseSource,
  repoUrl: string,
  fetcher: Fetcher,
): Promise<BaseImage> {
  if ((source.ref === undefined) === (source.commit === undefined)) {
    throw new BaseImageError(
      'ERR_BASE_BAD_SOURCE',
      'An OSTree base source needs exactly one of ref or commit',
      {
        subject: source.repo,
        category: 'usage',
      },
    );
  }
  const repo = await openOstreeRepo(repoUrl, fetcher);
  const notes: string[] = [];
  let checksum =
    source.commit !== undefined
      ? checkChecksum(source.commit)
      : (await repo.resolveRef(source.ref!)).checksum;
  let commit = await repo.readCommit(checksum);
  if (readClientLayer(commit.metadata)) {
    // A client layer's repos and packages are those of the layering, not of the base image: the
    // base (its parent) is what rpm-ostree locks and what the compose must match.
    if (commit.parent === null) {
      notes.push(`commit ${checksum} is a client layer without a parent: read as is (host byte order)`);
    } else {
      try {
        const parent = await repo.readCommit(commit.parent);
        notes.push(
          `commit ${checksum} is a client layer (rpmostree.clientlayer); using its base commit ${commit.parent}`,
        );
        checksum = commit.parent;
        commit = parent;
      } catch (error) {
        if (!(error instanceof OstreeError && error.code === 'ERR_OSTREE_OBJECT_MISSING')) throw error;
        notes.push(
          `commit ${checksum} is a client layer whose base ${commit.parent} is not in the repo: read as is`,
        );
      }
    }
  }
  const detached = await repo.readDetachedMetadata(checksum);
  const fields = readCommitMetadata(commit.metadata, detached, `commit ${checksum}`);
  notes.push(...fields.notes);
  if (fields.repos.length === 0 && fields.packages.length === 0) {
    throw new BaseImageError(
      'ERR_BASE_NO_DATA',
      `Commit ${checksum} in ${repo.url} records neither rpm-md repos nor a package list (not an rpm-ostree compose?)`,
      { subject: checksum },
    );
  }
  return {
    source: { kind: 'ostree', location: source.repo, ref: source.ref ?? null, deployment: null },
    commit: checksum,
    version: fields.version,
    arch: fields.arch,
    commitTime: commit.timestamp,
    repos: fields.repos,
    packages: fields.packages,
    notes,
  };
}
