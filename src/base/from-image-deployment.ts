/**
 * Base image of an image-deployed host (`container-image-reference` in `rpm-ostree status --json`):
 * the status records only the image's reference, digest and version, so the repos and packages come
 * from the host's repo — the original commit (see image-deployment-commit.ts) when it carries
 * rpm-ostree's metadata, else the deployment's own rpm database beside the repo
 * (`/ostree/deploy/<os>/deploy/<checksum>.<serial>/`). A derived image's commit describes the image
 * it was built FROM: then the compose is matched by the commit's repos and the packages are the
 * deployment's.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Fetcher } from '../io/fetcher.js';
import { OstreeError } from '../ostree/errors.js';
import { openOstreeRepo } from '../ostree/repo.js';
import type { BaseImage, BasePackage } from './base-image.js';
import { readCommitMetadata } from './commit-metadata.js';
import { recordedLabels } from './image-labels.js';
import { BaseImageError } from './errors.js';
import { readRootBase } from './from-root.js';
import { findOriginalCommit, mergeCommitImage, type MergeCommitImage } from './image-deployment-commit.js';
import { optionalString } from './json-metadata.js';
import type { StatusDeployment } from './status-deployment.js';

/** The host repo given with `--ostree-repo`. */
export interface HostRepo {
  /** As the user gave it (for messages). */
  label: string;
  /** Its URL (`file://…/`). */
  url: string;
  /** Its local directory, when it is one (the deployments sit beside it). */
  dir: string | null;
}

/** Reads the base of image deployment `index` of the status at `location`. */
export async function readImageDeploymentBase(
  dep: StatusDeployment,
  index: number,
  location: string,
  repoGiven: HostRepo | undefined,
  fetcher: Fetcher,
  notes: string[],
): Promise<BaseImage> {
  const reference = optionalString(dep['container-image-reference'])!;
  const checksum = optionalString(dep['checksum']);
  if (repoGiven === undefined) {
    throw new BaseImageError(
      'ERR_BASE_NEEDS_OSTREE_REPO',
      `Deployment ${index} of ${location} is the container image ${reference}, whose status records no repos or packages; ` +
        'give the host repo it was deployed into beside --status: --ostree-repo /ostree/repo',
      { subject: location, category: 'usage' },
    );
  }
  if (checksum === null || !/^[0-9a-f]{64}$/.test(checksum)) {
    throw new BaseImageError('ERR_BASE_BAD_JSON', `${location} deployment ${index}: no checksum`, {
      subject: location,
    });
  }
  const repo = await openOstreeRepo(repoGiven.url, fetcher);
  try {
    await repo.readCommit(checksum);
  } catch (error) {
    if (!(error instanceof OstreeError && error.code === 'ERR_OSTREE_OBJECT_MISSING')) throw error;
    throw new BaseImageError(
      'ERR_BASE_WRONG_REPO',
      `Deployment ${index} of ${location} is commit ${checksum}, which is not in ${repoGiven.label}: ` +
        'is the status from another host? Give the repo of the host the status was taken on',
      { subject: repoGiven.label, cause: error },
    );
  }
  // A client-layered image deployment: base-checksum is the merge commit, checksum the layering.
  const mergeChecksum = optionalString(dep['base-checksum']) ?? checksum;
  const merge = await repo.readCommit(mergeChecksum);
  const meta = (dep['base-commit-meta'] ?? {}) as Record<string, unknown>;
  const image = mergeCommitImage(merge, meta, `${repoGiven.label} commit ${mergeChecksum}`);
  const found = await findOriginalCommit(repo, merge, image, notes);
  let repos: BaseImage['repos'] = [];
  let packages: BasePackage[] = [];
  let version = optionalString(dep['version']);
  let arch: string | null = null;
  let commitTime: number | null = null;
  if (found !== null) {
    const detached = await repo.readDetachedMetadata(found.checksum);
    const fields = readCommitMetadata(found.commit.metadata, detached, `commit ${found.checksum}`);
    notes.push(
      `original commit ${found.checksum} (${found.via}) of merge commit ${mergeChecksum}`,
      ...fields.notes,
    );
    repos = fields.repos;
    packages = fields.packages;
    version ??= fields.version;
    arch = fields.arch;
    commitTime = found.commit.timestamp;
    const label = image.config?.config?.Labels?.['ostree.commit'];
    if (typeof label === 'string' && label !== found.checksum)
      notes.push(`the image's ostree.commit label names ${label}, not the commit found (${found.checksum})`);
    if (repos.length === 0 && packages.length === 0)
      notes.push(`commit ${found.checksum} has no rpm-ostree metadata (build-chunked-oci, F43+ style)`);
  }
  const derived = derivedLayers(image);
  if (packages.length === 0 || derived > 0) {
    const db = await deploymentRpmdb(
      dep,
      checksum,
      repoGiven,
      index,
      location,
      reference,
      derived > 0 && packages.length > 0,
    );
    if (db !== null) {
      if (derived > 0 && packages.length > 0)
        notes.push(
          `a derived image (${derived} layer(s) after ostree.final-diffid): the commit describes the image it was built FROM`,
        );
      notes.push(...db.notes);
      packages = db.packages;
      arch ??= db.arch;
      version ??= db.version;
    }
  }
  return {
    source: { kind: 'status', location, ref: null, deployment: index },
    commit: found?.checksum ?? null,
    version,
    arch,
    commitTime,
    repos,
    packages,
    notes,
    image: imageOrigin(reference, dep, image, found !== null),
  };
}

/**
 * What the status alone says of image deployment `index`, for `inspect` without the host repo: the
 * image reference, its digest and the version; repos and packages are in the repo, so a note says
 * how to get them rather than refusing to show what is known.
 */
export function imageDeploymentFromStatus(
  dep: StatusDeployment,
  index: number,
  location: string,
  notes: string[],
): BaseImage {
  const reference = optionalString(dep['container-image-reference'])!;
  const checksum = optionalString(dep['checksum']);
  notes.push(
    `deployment ${index} is the container image ${reference}` +
      (checksum === null ? '' : ` (deployed commit ${checksum})`) +
      ': the status records only its reference, digest and version; its repos and packages are in the host repo ' +
      '— give it beside --status: --ostree-repo /ostree/repo',
  );
  return {
    source: { kind: 'status', location, ref: null, deployment: index },
    commit: null,
    version: optionalString(dep['version']),
    arch: null,
    commitTime: null,
    repos: [],
    packages: [],
    notes,
    image: {
      reference,
      manifestDigest: optionalString(dep['container-image-reference-digest']) ?? '',
      indexDigest: null,
      labels: {},
      created: null,
      commitLayer: null,
      rpmdbLayer: null,
      bytesRead: 0,
    },
  };
}

/** The deployment's rpm database, read as a filesystem tree; null when there is no need and none. */
async function deploymentRpmdb(
  dep: StatusDeployment,
  checksum: string,
  repo: HostRepo,
  index: number,
  location: string,
  reference: string,
  optional: boolean,
): Promise<BaseImage | null> {
  const osname = optionalString(dep['osname']);
  const serial = typeof dep['serial'] === 'number' ? dep['serial'] : 0;
  const rel = `ostree/deploy/${osname ?? '<os>'}/deploy/${checksum}.${serial}`;
  const command = dep['booted'] === true ? 'rpm -qa > pkglist' : `rpm -qa --root /${rel} > pkglist`;
  const dir =
    repo.dir === null || osname === null
      ? null
      : join(repo.dir, '..', 'deploy', osname, 'deploy', `${checksum}.${serial}`);
  if (dir !== null && (await isDirectory(dir))) {
    const base = await readRootBase(dir, `/${rel}`);
    return { ...base, notes: [`the deployment's tree /${rel}:`, ...base.notes] };
  }
  if (optional) return null;
  throw new BaseImageError(
    'ERR_BASE_CONTAINER_IMAGE',
    `Deployment ${index} of ${location} (${reference}) has no commit with rpm-ostree metadata in ${repo.label}, ` +
      `and its rpm database (/${rel}/usr/share/rpm) is not beside that repo; ` +
      `on the host, list its packages with \`${command}\` and run compose-match match --pkglist pkglist`,
    { subject: location },
  );
}

/** How many layers come after the one `ostree.final-diffid` names (0 when it is absent). */
function derivedLayers(image: MergeCommitImage): number {
  const labels = image.config?.config?.Labels ?? {};
  const final = labels['ostree.final-diffid'];
  const diffIds = image.config?.rootfs?.diff_ids;
  if (typeof final !== 'string' || !Array.isArray(diffIds)) return 0;
  const at = diffIds.indexOf(final);
  return at === -1 ? 0 : diffIds.length - 1 - at;
}

function imageOrigin(
  reference: string,
  dep: StatusDeployment,
  image: MergeCommitImage,
  commitFound: boolean,
): NonNullable<BaseImage['image']> {
  const labels = recordedLabels(image.config?.config?.Labels ?? {});
  const created = image.config?.created;
  return {
    reference,
    manifestDigest: optionalString(dep['container-image-reference-digest']) ?? image.manifestDigest ?? '',
    indexDigest: null,
    labels,
    created: typeof created === 'string' ? created : null,
    commitLayer: commitFound ? 0 : null,
    rpmdbLayer: null,
    // Nothing of the image is read: the host repo already holds what is needed.
    bytesRead: 0,
  };
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
