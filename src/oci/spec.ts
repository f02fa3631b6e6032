/**
 * The OCI image-spec (`specs-go/v1`) and Docker v2 schema 2 documents, named as the specs name them.
 *
 * Only the fields compose-match reads are checked; others pass through (`looseObject`) because both
 * specs allow extensions. Docker v2s2 manifests and manifest lists have the same shape as OCI
 * manifests and indexes (distribution's `manifest/schema2`, `manifest/manifestlist`), so one schema
 * covers each pair and the media type tells them apart.
 */
import { z } from 'zod';
import { OciError } from './errors.js';

/** OCI media types (image-spec `specs-go/v1/mediatype.go`). */
export const MediaTypeImageIndex = 'application/vnd.oci.image.index.v1+json';
export const MediaTypeImageManifest = 'application/vnd.oci.image.manifest.v1+json';
export const MediaTypeImageConfig = 'application/vnd.oci.image.config.v1+json';
export const MediaTypeImageLayer = 'application/vnd.oci.image.layer.v1.tar';
export const MediaTypeImageLayerGzip = 'application/vnd.oci.image.layer.v1.tar+gzip';
export const MediaTypeImageLayerZstd = 'application/vnd.oci.image.layer.v1.tar+zstd';
/** Docker v2 schema 2 media types (distribution `manifest/schema2`, `manifest/manifestlist`). */
export const MediaTypeDockerManifest = 'application/vnd.docker.distribution.manifest.v2+json';
export const MediaTypeDockerManifestList = 'application/vnd.docker.distribution.manifest.list.v2+json';
export const MediaTypeDockerConfig = 'application/vnd.docker.container.image.v1+json';
export const MediaTypeDockerLayerGzip = 'application/vnd.docker.image.rootfs.diff.tar.gzip';

/** Media types that name an index (multi-arch list). */
export const indexMediaTypes = [MediaTypeImageIndex, MediaTypeDockerManifestList] as const;
/** Media types that name a single-image manifest. */
export const manifestMediaTypes = [MediaTypeImageManifest, MediaTypeDockerManifest] as const;

/** The layer compressions compose-match decodes. */
export type LayerCompression = 'none' | 'gzip' | 'zstd';

/** The compression a layer media type declares, or `undefined` when it is not a layer type we read. */
export function layerCompression(mediaType: string): LayerCompression | undefined {
  switch (mediaType) {
    case MediaTypeImageLayer:
      return 'none';
    case MediaTypeImageLayerGzip:
    case MediaTypeDockerLayerGzip:
      return 'gzip';
    case MediaTypeImageLayerZstd:
      return 'zstd';
    default:
      return undefined;
  }
}

/**
 * Size bounds for JSON documents, as containers/image `internal/iolimits` sets them: a real manifest
 * or index is a few KiB, a config tens of KiB; anything near these limits is not an image.
 */
export const maxManifestBytes = 4 * 1024 * 1024;
export const maxConfigBytes = 4 * 1024 * 1024;
/** `index.json` and `oci-layout` of an image layout share the manifest bound. */
export const maxLayoutFileBytes = maxManifestBytes;

/** `sha256:<64 hex>` (the only algorithm registries and ostree-ext use). */
export const DigestSchema = z.string().regex(/^sha256:[0-9a-f]{64}$/, 'a sha256:<64 hex> digest');
/** A digest string. */
export type Digest = z.infer<typeof DigestSchema>;

/** `platform` of an index entry (image-spec `Platform`). */
export const PlatformSchema = z.looseObject({
  architecture: z.string(),
  os: z.string(),
  'os.version': z.string().optional(),
  variant: z.string().optional(),
});
/** An index entry's platform. */
export type Platform = z.infer<typeof PlatformSchema>;

/** A content descriptor (image-spec `Descriptor`). */
export const DescriptorSchema = z.looseObject({
  mediaType: z.string(),
  digest: DigestSchema,
  size: z.number().int().nonnegative(),
  urls: z.array(z.string()).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
  platform: PlatformSchema.optional(),
});
/** A content descriptor. */
export type Descriptor = z.infer<typeof DescriptorSchema>;

/** An image manifest (image-spec `Manifest`, or Docker v2s2). */
export const ManifestSchema = z.looseObject({
  schemaVersion: z.literal(2),
  mediaType: z.string().optional(),
  config: DescriptorSchema,
  layers: z.array(DescriptorSchema),
  annotations: z.record(z.string(), z.string()).optional(),
});
/** An image manifest. */
export type Manifest = z.infer<typeof ManifestSchema>;

/** An image index (image-spec `Index`, or a Docker manifest list). */
export const IndexSchema = z.looseObject({
  schemaVersion: z.literal(2),
  mediaType: z.string().optional(),
  manifests: z.array(DescriptorSchema),
  annotations: z.record(z.string(), z.string()).optional(),
});
/** An image index. */
export type Index = z.infer<typeof IndexSchema>;

/** An image configuration (image-spec `Image`); only what compose-match reads is checked. */
export const ImageConfigSchema = z.looseObject({
  created: z.string().optional(),
  architecture: z.string().optional(),
  os: z.string().optional(),
  config: z
    .object({ Labels: z.record(z.string(), z.string()).nullable().optional() })
    .passthrough()
    .optional(),
  rootfs: z.object({ type: z.literal('layers'), diff_ids: z.array(DigestSchema) }).passthrough(),
});
/** An image configuration. */
export type ImageConfig = z.infer<typeof ImageConfigSchema>;

/** `oci-layout` of an image layout directory (image-spec `ImageLayout`). */
export const ImageLayoutSchema = z.looseObject({ imageLayoutVersion: z.string() });

/** The annotation that names a tag in an image layout's `index.json`. */
export const AnnotationRefName = 'org.opencontainers.image.ref.name';

/**
 * Parses a bounded JSON document and checks it against `schema`.
 *
 * @param bytes the document's bytes as read (already bounded by the caller's read, checked again here)
 * @param what what the document is, for the message (`manifest`, `config`, …)
 * @param subject the file, URL or digest it came from
 */
export function parseBoundedJson<T>(
  bytes: Uint8Array,
  schema: z.ZodType<T>,
  what: string,
  maxBytes: number,
  subject: string,
): T {
  if (bytes.byteLength > maxBytes) {
    throw new OciError(
      'ERR_OCI_TOO_LARGE',
      `the ${what} is ${bytes.byteLength} bytes, over the ${maxBytes}-byte bound`,
      {
        subject,
      },
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (cause) {
    throw new OciError('ERR_OCI_BAD_JSON', `the ${what} is not UTF-8 JSON`, { subject, cause });
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue === undefined ? '' : issue.path.join('.');
    throw new OciError(
      'ERR_OCI_BAD_JSON',
      `the ${what} is not an OCI ${what}: ${field === '' ? '' : `${field}: `}${issue?.message ?? 'invalid'}`,
      { subject: field === '' ? subject : `${subject}#${field}` },
    );
  }
  return result.data;
}
