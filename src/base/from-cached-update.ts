/**
 * Base image of the cached update in `rpm-ostree status --json` (`--deployment cached-update`), so
 * a wrapper can match the base a host is about to upgrade to before it reboots into it. For a
 * compose (ostree ref) deployment the update is a commit checksum, already pulled into the host
 * repo. For an image deployment it is only a manifest digest and a version — nothing of the new
 * image is in `/ostree/repo` until it is pulled (FACTS.md §11) — so the image is read from its
 * registry by that digest.
 */
import type { Fetcher } from '../io/fetcher.js';
import { openImageSource } from '../oci/open-image-source.js';
import type { BaseImage } from './base-image.js';
import { registryReferenceByDigest } from './container-image-reference.js';
import { BaseImageError } from './errors.js';
import type { HostRepo } from './from-image-deployment.js';
import { readImageBase } from './from-image.js';
import { readOstreeBase } from './from-ostree.js';
import { metaString } from './image-deployment-commit.js';
import { openOstreeRepo } from '../ostree/repo.js';
import { optionalString } from './json-metadata.js';
import { bootedIndex, type StatusDeployment } from './status-deployment.js';

/** What reading a cached update needs. */
export interface CachedUpdateOptions {
  repo?: HostRepo | undefined;
  fetcher: Fetcher;
  /** Architecture of the manifest to pick when the digest names an index; default the host's. */
  arch?: string | undefined;
}

const DIGEST = /^sha256:[0-9a-f]{64}$/;

/** The manifest digest of an image update, under the names rpm-ostree and ostree-ext use. */
function updateDigest(update: Record<string, unknown>): string | null {
  const meta = update['base-commit-meta'] as Record<string, unknown> | undefined | null;
  const candidates = [
    update['manifest-digest'],
    update['container-image-reference-digest'],
    meta !== null && typeof meta === 'object' ? meta['ostree.manifest-digest'] : undefined,
  ];
  for (const c of candidates) if (typeof c === 'string' && DIGEST.test(c)) return c;
  return null;
}

/**
 * The digest ostree-ext cached, offline, when it found the update: detached metadata of the
 * booted merge commit (`ostree-ext.cached.manifest-digest`, container/store.rs `cache_pending`).
 * Used when the status itself does not carry it; null without a host repo or such metadata.
 */
async function repoCachedDigest(
  booted: StatusDeployment | undefined,
  options: CachedUpdateOptions,
  notes: string[],
): Promise<string | null> {
  const merge = optionalString(booted?.['base-checksum']) ?? optionalString(booted?.['checksum']);
  if (options.repo === undefined || merge === null || !/^[0-9a-f]{64}$/.test(merge)) return null;
  const repo = await openOstreeRepo(options.repo.url, options.fetcher);
  const detached = await repo.readDetachedMetadata(merge);
  const digest = detached === null ? null : metaString(detached, 'ostree-ext.cached.manifest-digest');
  if (digest === null || !DIGEST.test(digest)) return null;
  notes.push(`manifest digest ${digest} from ostree-ext.cached.manifest-digest of merge commit ${merge}`);
  return digest;
}

/** Reads the base the cached update would deploy. */
export async function readCachedUpdateBase(
  status: Record<string, unknown>,
  deployments: unknown[],
  location: string,
  options: CachedUpdateOptions,
): Promise<BaseImage> {
  const update = status['cached-update'] as Record<string, unknown> | null | undefined;
  if (update === null || update === undefined || typeof update !== 'object') {
    throw new BaseImageError(
      'ERR_BASE_NO_DEPLOYMENT',
      `${location} has no cached-update: run rpm-ostree upgrade --check on the host, then take the status again`,
      { subject: location },
    );
  }
  const booted = deployments[Math.max(0, bootedIndex(deployments))] as StatusDeployment | undefined;
  const reference =
    optionalString(update['container-image-reference']) ??
    optionalString(booted?.['container-image-reference']);
  const version = optionalString(update['version']);
  if (reference !== null) {
    const notes: string[] = [];
    const digest = updateDigest(update) ?? (await repoCachedDigest(booted, options, notes));
    if (digest === null) {
      throw new BaseImageError(
        'ERR_BASE_BAD_JSON',
        `${location}: the cached-update of the image deployment ${reference} has no manifest digest (sha256:…), and no host repo holds ostree-ext's cached one; give the host repo: --ostree-repo /ostree/repo`,
        { subject: location },
      );
    }
    const target = registryReferenceByDigest(reference, digest);
    // The command's fetcher: its --timeout and counters cover the registry too.
    const source = await openImageSource(target, { fetcher: options.fetcher });
    let base: BaseImage;
    try {
      base = await readImageBase(source, options.arch);
    } finally {
      await source.close();
    }
    notes.unshift(
      `the cached update of ${reference}: version ${version ?? '(not recorded)'}, read from the registry as ${target}`,
    );
    notes.push(...base.notes);
    if (version !== null && base.version !== null && version !== base.version)
      notes.push(`the cached-update says version ${version} but the image says ${base.version}`);
    return {
      ...base,
      source: { kind: 'status', location, ref: null, deployment: null },
      version: base.version ?? version,
      notes,
      image: base.image === undefined ? undefined : { ...base.image, reference: target },
    };
  }
  const checksum = optionalString(update['checksum']);
  if (checksum === null) {
    throw new BaseImageError('ERR_BASE_BAD_JSON', `${location}: the cached-update has no checksum`, {
      subject: location,
    });
  }
  if (options.repo === undefined) {
    throw new BaseImageError(
      'ERR_BASE_NEEDS_OSTREE_REPO',
      `The cached update in ${location} is commit ${checksum}: give the host repo it was pulled into beside --status: --ostree-repo /ostree/repo`,
      { subject: location, category: 'usage' },
    );
  }
  const base = await readOstreeBase(
    { kind: 'ostree', repo: options.repo.label, commit: checksum },
    options.repo.url,
    options.fetcher,
  );
  return {
    ...base,
    source: { kind: 'status', location, ref: null, deployment: null },
    notes: [`the cached update: commit ${checksum} in ${options.repo.label}`, ...base.notes],
  };
}
