/**
 * The original commit of an image deployment, found in the host's repo (FACTS.md §11). ostree-ext
 * deploys a local "merge commit" whose metadata holds only the manifest, its digest and the image
 * config; the commit the image carried in `layers[0]` is imported unchanged under
 * `ostree/container/blob/<escaped digest>` and, since rpm-ostree v2025.12 (bootc PR 1600), is also
 * the merge commit's parent. Tried in that order: the parent is one read, the ref needs the manifest.
 */
import { decodeGVariant, type RawVariant } from '../gvariant/decode.js';
import { OstreeError } from '../ostree/errors.js';
import type { OstreeCommit } from '../ostree/commit.js';
import type { OstreeRepo } from '../ostree/repo.js';
import { blobRef } from './container-refs.js';
import { BaseImageError } from './errors.js';

/** Largest `ostree.manifest` / `ostree.container.image-config` JSON accepted (real ones are a few KB). */
const MAX_JSON_CHARS = 4 * 1024 * 1024;

/** What the merge commit says about the image it came from. */
export interface MergeCommitImage {
  /** `ostree.manifest`, parsed; null when absent. */
  manifest: { layers?: { digest?: unknown }[] } | null;
  /** `ostree.manifest-digest`, when present. */
  manifestDigest: string | null;
  /** `ostree.container.image-config`, parsed; null when absent. */
  config: {
    created?: unknown;
    config?: { Labels?: Record<string, unknown> | null };
    rootfs?: { diff_ids?: unknown };
  } | null;
}

/** The original commit and how it was found. */
export interface FoundCommit {
  checksum: string;
  commit: OstreeCommit;
  /** `parent of the merge commit` or the blob ref read. */
  via: string;
}

/** A string entry of commit metadata, or null. */
export function metaString(meta: Map<string, RawVariant>, key: string): string | null {
  const raw = meta.get(key);
  return raw?.type === 's' ? (decodeGVariant('s', raw.data) as string) : null;
}

function parseJsonField(text: string | null, key: string, subject: string): unknown {
  // Old ostree-ext (format v0) wrote the string `null` for a missing config.
  if (text === null || text === 'null') return null;
  if (text.length > MAX_JSON_CHARS) {
    throw new BaseImageError('ERR_BASE_BAD_JSON', `${subject}: ${key} is over ${MAX_JSON_CHARS} characters`, {
      subject,
    });
  }
  try {
    const value: unknown = JSON.parse(text);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object');
    return value;
  } catch (cause) {
    throw new BaseImageError(
      'ERR_BASE_BAD_JSON',
      `${subject}: ${key} is not a JSON object (${(cause as Error).message})`,
      {
        subject,
        cause,
      },
    );
  }
}

/**
 * Reads the image metadata ostree-ext put on the merge commit; `fallback` (the status's
 * `base-commit-meta`) fills what the commit lacks.
 */
export function mergeCommitImage(
  merge: OstreeCommit,
  fallback: Record<string, unknown>,
  subject: string,
): MergeCommitImage {
  const pick = (key: string): string | null => {
    const fromCommit = metaString(merge.metadata, key);
    if (fromCommit !== null) return fromCommit;
    const v = fallback[key];
    return typeof v === 'string' ? v : null;
  };
  return {
    manifest: parseJsonField(
      pick('ostree.manifest'),
      'ostree.manifest',
      subject,
    ) as MergeCommitImage['manifest'],
    manifestDigest: pick('ostree.manifest-digest'),
    config: parseJsonField(
      pick('ostree.container.image-config'),
      'ostree.container.image-config',
      subject,
    ) as MergeCommitImage['config'],
  };
}

async function readIfPresent(repo: OstreeRepo, checksum: string): Promise<OstreeCommit | null> {
  try {
    return await repo.readCommit(checksum);
  } catch (error) {
    if (error instanceof OstreeError && error.code === 'ERR_OSTREE_OBJECT_MISSING') return null;
    throw error;
  }
}

/** Finds the original commit: the merge commit's parent, else the layers[0] blob ref; notes say which. */
export async function findOriginalCommit(
  repo: OstreeRepo,
  merge: OstreeCommit,
  image: MergeCommitImage,
  notes: string[],
): Promise<FoundCommit | null> {
  if (merge.parent !== null) {
    const parent = await readIfPresent(repo, merge.parent);
    if (parent !== null) return { checksum: merge.parent, commit: parent, via: 'parent of the merge commit' };
    notes.push(`the merge commit's parent ${merge.parent} is not in the repo (pruned?)`);
  }
  const digest = image.manifest?.layers?.[0]?.digest;
  if (typeof digest !== 'string' || digest === '') {
    notes.push('the merge commit records no ostree.manifest with a layers[0] digest: no blob ref to look up');
    return null;
  }
  const ref = blobRef(digest);
  let checksum: string;
  try {
    checksum = (await repo.resolveRef(ref)).checksum;
  } catch (error) {
    if (error instanceof OstreeError && error.code === 'ERR_OSTREE_REF_NOT_FOUND') {
      notes.push(`no ref ${ref} in the repo (layers[0] not imported as an ostree commit?)`);
      return null;
    }
    throw error;
  }
  const commit = await readIfPresent(repo, checksum);
  if (commit === null) {
    notes.push(`ref ${ref} names ${checksum}, which is not in the repo`);
    return null;
  }
  return { checksum, commit, via: `ref ${ref}` };
}
