/**
 * Base image from a container image (`oci:`, `oci-archive:`, any {@link ImageSource}): the ostree
 * commit in layer 0 when it records rpm-ostree metadata, and the rpm database across the layers
 * when the commit is empty or absent (F43+ `build-chunked-oci`, chunkah) or later layers were
 * added (a derived image): then the top database wins and the layered packages are noted.
 */
import { hostGoArch } from '../oci/arch.js';
import type { ImageSource } from '../oci/image-source.js';
import { openImageSource, type OpenImageSourceOptions } from '../oci/open-image-source.js';
import { parseCommit, parseDetachedMetadata } from '../ostree/commit.js';
import { checkImageArch } from '../image/check-arch.js';
import { ImageBaseError } from '../image/errors.js';
import { readLayer0Commit } from '../image/layer0-commit.js';
import { readImageRpmdb } from '../image/layer-rpmdb.js';
import { damagedHeaderNote } from '../rpmdb/damaged-note.js';
import { compareNevra } from '../rpm/nevra-order.js';
import type { BaseImage, BasePackage } from './base-image.js';
import { readCommitMetadata } from './commit-metadata.js';
import { recordedLabels } from './image-labels.js';
import { majorityArch, normaliseEpoch } from './packages.js';

/**
 * Opens `reference` and reads its base; `arch` defaults to the host's. A relative `oci:` or
 * `oci-archive:` path resolves against `cwd`; `env` is where `docker://` looks for credentials.
 */
export async function readImageReferenceBase(
  reference: string,
  arch?: string,
  options: OpenImageSourceOptions = {},
): Promise<BaseImage> {
  const source = await openImageSource(reference, options);
  try {
    return await readImageBase(source, arch);
  } finally {
    await source.close();
  }
}

/** Reads the base of an opened image; `arch` (rpm or GOARCH name) defaults to the host's. */
export async function readImageBase(source: ImageSource, arch?: string): Promise<BaseImage> {
  const image = await source.resolve({ arch: arch ?? hostGoArch() });
  checkImageArch(image, arch ?? hostGoArch(), arch !== undefined);
  const labels = recordedLabels(image.config.config?.Labels ?? {});
  const notes: string[] = [];
  let bytesRead = 0;
  const layer0 = image.layers[0];
  const found = layer0 === undefined ? null : await readLayer0Commit(source, layer0);
  let version = labels['org.opencontainers.image.version'] ?? null;
  let versionFromLabel = version !== null;
  let commitArch: string | null = null;
  let repos: BaseImage['repos'] = [];
  let commitPackages: BasePackage[] = [];
  let commitTime: number | null = null;
  if (found !== null) {
    bytesRead += found.bytesRead;
    const label = labels['ostree.commit'];
    if (label !== undefined && label !== found.checksum) {
      throw new ImageBaseError(
        'ERR_IMAGE_COMMIT_MISMATCH',
        `the ostree.commit label names ${label} but layer 0 holds commit ${found.checksum}`,
        { subject: source.reference },
      );
    }
    const commit = parseCommit(found.commit, found.checksum);
    const detached =
      found.commitmeta === null ? null : parseDetachedMetadata(found.commitmeta, found.checksum);
    const fields = readCommitMetadata(commit.metadata, detached, `commit ${found.checksum}`);
    notes.push(...fields.notes);
    if (fields.version !== null) {
      version = fields.version;
      versionFromLabel = false;
    }
    commitArch = fields.arch;
    repos = fields.repos;
    commitPackages = fields.packages;
    commitTime = commit.timestamp;
  } else {
    notes.push('layer 0 holds no ostree commit (chunkah style?): packages come from the rpm database');
  }
  const derived = derivedLayers(image.config.rootfs.diff_ids, labels['ostree.final-diffid']);
  let packages: BasePackage[] = commitPackages;
  let rpmdbLayer: number | null = null;
  if (commitPackages.length === 0 || derived > 0) {
    const db = await readImageRpmdb(source, image.layers);
    if (db !== null) {
      bytesRead += db.bytesRead;
      rpmdbLayer = db.layer;
      packages = db.packages
        .map(({ sourcerpm, ...n }) => ({ ...n, epoch: normaliseEpoch(n.epoch), sourcerpm }))
        .sort(compareNevra);
      notes.push(
        `packages from the rpm database /${db.resolved} in layer ${db.layer}${db.wal ? ', with its -wal replayed' : ''}`,
      );
      for (const d of db.damaged) notes.push(damagedHeaderNote(d));
      if (commitPackages.length > 0) {
        const inCommit = new Set(commitPackages.map(key));
        const layered = packages.filter((p) => !inCommit.has(key(p))).map(key);
        if (layered.length > 0)
          notes.push(`layered on top of the commit's package list: ${layered.join(', ')}`);
      }
    }
  }
  if (repos.length === 0 && packages.length === 0) {
    throw new ImageBaseError(
      'ERR_IMAGE_NO_DATA',
      `${source.reference}: neither an ostree commit with rpm-ostree metadata nor an rpm database in its layers`,
      { subject: source.reference },
    );
  }
  const baseArch = commitArch ?? majorityArch(packages);
  const created = image.config.created ?? null;
  // An empty or absent commit dates nothing; the config's `created` is then the build's date.
  if (commitTime === null && created !== null) {
    const ms = Date.parse(created);
    if (Number.isFinite(ms)) {
      commitTime = Math.floor(ms / 1000);
      notes.push(`date from the image config's created (${created}): no ostree commit dates this image`);
    }
  }
  if (versionFromLabel) notes.push(`version ${version} from the org.opencontainers.image.version label`);
  return {
    source: { kind: 'image', location: source.reference, ref: null, deployment: null },
    commit: found?.checksum ?? null,
    version,
    arch: baseArch,
    commitTime,
    repos,
    packages,
    notes,
    image: {
      reference: source.reference,
      manifestDigest: image.manifestDigest,
      indexDigest: image.indexDigest,
      labels,
      created,
      commitLayer: found === null ? null : 0,
      rpmdbLayer,
      bytesRead,
    },
  };
}

function key(p: {
  name: string;
  epoch: number | null;
  version: string;
  release: string;
  arch: string;
}): string {
  return `${p.name}-${p.epoch !== null && p.epoch !== 0 ? `${p.epoch}:` : ''}${p.version}-${p.release}.${p.arch}`;
}

/** How many layers come after the one `ostree.final-diffid` names (0 when the label is absent). */
function derivedLayers(diffIds: string[], finalDiffId: string | undefined): number {
  if (finalDiffId === undefined) return 0;
  const at = diffIds.indexOf(finalDiffId);
  return at === -1 ? 0 : diffIds.length - 1 - at;
}
