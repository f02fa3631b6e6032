/**
 * The normalised description of a base image, whatever it was read from. Everything the matcher
 * needs and nothing source-specific: timestamps are already repaired (true epoch seconds).
 */
import { z } from 'zod';
import { NevraSchema } from '../rpm/schema.js';

/** Where a base image was read from. */
export const BaseSourceKindSchema = z.enum(['ostree', 'status', 'commitmeta', 'pkglist', 'root', 'image']);

/** One rpm-md repo recorded at compose time (`rpmostree.rpmmd-repos`). */
export const BaseRepoSchema = z.object({
  /** Repo id as in the treefile's repos (`fedora`, `updates`, `repo-0`, …). */
  id: z.string(),
  /** True epoch seconds: the largest `<data><timestamp>` of the repo's repomd.xml at compose time. */
  timestamp: z.number().int().nonnegative(),
  /** True when the stored value was byte-swapped and has been repaired. */
  swapped: z.boolean(),
});

/**
 * One installed package of a base: its NEVRA and, when the source records it (an rpm database),
 * its source RPM. `sourcerpm` is left out, not null, when the source does not say, so JSON from
 * the other sources stays as it was.
 */
export const BasePackageSchema = NevraSchema.extend({
  /** SOURCERPM (`bash-5.2.26-3.fc40.src.rpm`); null for a source package. */
  sourcerpm: z.string().min(1).nullable().optional(),
});

/** What a container image supplied (BaseSource kind `image`). */
export const ImageOriginSchema = z.object({
  /** The image reference as given (`oci:DIR:TAG`, `oci-archive:FILE`). */
  reference: z.string(),
  /** Digest of the single-platform manifest read. */
  manifestDigest: z.string(),
  /** Digest of the index it was chosen from, when there was one. */
  indexDigest: z.string().nullable(),
  /** The config labels compose-match reads (`ostree.commit`, `org.opencontainers.image.version`, …). */
  labels: z.record(z.string(), z.string()),
  /** The config's `created`, when set. */
  created: z.string().nullable(),
  /** Layer index holding the ostree commit (0), or null when there is none. */
  commitLayer: z.number().int().nonnegative().nullable(),
  /** Layer index whose entry held the rpm database read, or null when it was not read. */
  rpmdbLayer: z.number().int().nonnegative().nullable(),
  /** Decompressed layer bytes read (the commit read stops early). */
  bytesRead: z.number().int().nonnegative(),
});

/** The normalised base image. */
export const BaseImageSchema = z.object({
  source: z.object({
    kind: BaseSourceKindSchema,
    /** File path or URL read. */
    location: z.string(),
    /** OSTree ref, when one was resolved. */
    ref: z.string().nullable(),
    /** Index of the deployment read from status JSON. */
    deployment: z.number().int().nonnegative().nullable(),
  }),
  /** OSTree commit checksum (of the base, for a layered deployment), when known. */
  commit: z.string().nullable(),
  /** Commit `version` metadata (`40.20240517.0`), when known. */
  version: z.string().nullable(),
  /** Base architecture (`x86_64`), from `coreos-assembler.basearch` or the packages. */
  arch: z.string().nullable(),
  /** Commit time in epoch seconds, when known. */
  commitTime: z.number().int().nullable(),
  /** Repos recorded at compose time, in recorded order; empty when the source has none. */
  repos: z.array(BaseRepoSchema),
  /** Installed packages, sorted by name, EVR, arch; empty when the source has none. */
  packages: z.array(BasePackageSchema),
  /** Human-readable notes on what was repaired, assumed or missing. */
  notes: z.array(z.string()),
  /** Present when the base was read from a container image. */
  image: ImageOriginSchema.optional(),
});

/** A normalised base image (see {@link BaseImageSchema}). */
export type BaseImage = z.infer<typeof BaseImageSchema>;
/** One package of a base (see {@link BasePackageSchema}). */
export type BasePackage = z.infer<typeof BasePackageSchema>;
/** One recorded repo (see {@link BaseRepoSchema}). */
export type BaseRepo = z.infer<typeof BaseRepoSchema>;
/** Kinds of base source. */
export type BaseSourceKind = z.infer<typeof BaseSourceKindSchema>;
