/**
 * One interface per transport, as containers/image has it (`types.ImageSource`): a transport gives
 * the top descriptor and blobs; resolving an index to one platform's manifest and reading the
 * config is common to all of them and lives here.
 */
import { goArch } from './arch.js';
import { OciError } from './errors.js';
import {
  ImageConfigSchema,
  IndexSchema,
  ManifestSchema,
  indexMediaTypes,
  manifestMediaTypes,
  maxConfigBytes,
  maxManifestBytes,
  parseBoundedJson,
  type Descriptor,
  type ImageConfig,
  type Index,
  type Manifest,
} from './spec.js';
import { readVerified, verifyBlob } from './verify.js';

/** A manifest resolved to one platform, with its config. */
export interface ResolvedImage {
  /** The reference as given. */
  reference: string;
  /** Digest of the single-platform manifest (what a host deploys). */
  manifestDigest: string;
  /** Digest of the index it was chosen from, when the reference named an index. */
  indexDigest: string | null;
  manifest: Manifest;
  configDigest: string;
  config: ImageConfig;
  /** `manifest.layers`, in order (layers[0] is the ostree layer of an ostree-native image). */
  layers: Descriptor[];
}

/** A transport's access to one image. */
export interface ImageSource {
  /** The reference as given (`oci:DIR:TAG`, `oci-archive:FILE`, `docker://HOST/NAME:TAG`). */
  readonly reference: string;
  /** The manifest for `arch` (rpm or GOARCH name; default the host's) and its config. */
  resolve(options: { arch: string }): Promise<ResolvedImage>;
  /** A blob's bytes, verified against its digest and size as they stream. */
  blob(descriptor: Descriptor): AsyncIterable<Uint8Array>;
  /**
   * A blob's bytes from the start, fetched in growing ranges, for a reader that stops early (the
   * ostree commit at the head of layer 0): a network transport then transfers about what is read,
   * not its read-ahead. The bytes are NOT verified against the digest, since the read ends before the
   * blob does; the caller verifies what it takes (an ostree object is named by its own sha256).
   * Absent where reading ahead costs nothing (a local layout).
   */
  blobPrefix?(descriptor: Descriptor): AsyncIterable<Uint8Array>;
  /** Releases what the source holds (temporary files, connections). */
  close(): Promise<void>;
}

/** What a transport supplies to {@link resolveImage}. */
export interface TransportAccess {
  reference: string;
  /** The descriptor the reference names (a manifest or an index); may be a list for a layout's tag. */
  top: Descriptor[];
  /** The raw bytes of a blob or manifest by descriptor (verified by the caller). */
  raw(descriptor: Descriptor): AsyncIterable<Uint8Array>;
}

function pick(candidates: Descriptor[], arch: string, subject: string): Descriptor {
  const want = goArch(arch);
  const found = candidates.filter(
    (d) => d.platform === undefined || (d.platform.architecture === want && d.platform.os === 'linux'),
  );
  const exact =
    found.find((d) => d.platform !== undefined) ?? (candidates.length === 1 ? found[0] : undefined);
  if (exact === undefined) {
    const have = candidates.map((d) => d.platform?.architecture ?? '?').join(', ');
    throw new OciError(
      'ERR_OCI_NO_ARCH',
      `the image has no linux/${want} manifest (it has: ${have || 'none'}); pass --arch`,
      {
        subject,
      },
    );
  }
  return exact;
}

/** Resolves the top descriptor(s) to one platform's manifest and reads its config. */
export async function resolveImage(access: TransportAccess, arch: string): Promise<ResolvedImage> {
  const subject = access.reference;
  let indexDigest: string | null = null;
  let chosen = access.top.length === 1 ? access.top[0]! : pick(access.top, arch, subject);
  if ((indexMediaTypes as readonly string[]).includes(chosen.mediaType)) {
    const bytes = await readVerified(
      access.raw(chosen),
      chosen,
      maxManifestBytes,
      `${subject}@${chosen.digest}`,
    );
    const index: Index = parseBoundedJson(
      bytes,
      IndexSchema,
      'index',
      maxManifestBytes,
      `${subject}@${chosen.digest}`,
    );
    indexDigest = chosen.digest;
    chosen = pick(index.manifests, arch, subject);
  }
  if (!(manifestMediaTypes as readonly string[]).includes(chosen.mediaType)) {
    throw new OciError(
      'ERR_OCI_MEDIA_TYPE',
      `${chosen.digest} is a ${chosen.mediaType}, not an image manifest or index`,
      {
        subject,
      },
    );
  }
  const manifestSubject = `${subject}@${chosen.digest}`;
  const manifestBytes = await readVerified(access.raw(chosen), chosen, maxManifestBytes, manifestSubject);
  const manifest = parseBoundedJson(
    manifestBytes,
    ManifestSchema,
    'manifest',
    maxManifestBytes,
    manifestSubject,
  );
  const configBytes = await readVerified(
    access.raw(manifest.config),
    manifest.config,
    maxConfigBytes,
    manifest.config.digest,
  );
  const config = parseBoundedJson(
    configBytes,
    ImageConfigSchema,
    'config',
    maxConfigBytes,
    manifest.config.digest,
  );
  return {
    reference: access.reference,
    manifestDigest: chosen.digest,
    indexDigest,
    manifest,
    configDigest: manifest.config.digest,
    config,
    layers: manifest.layers,
  };
}

/** A blob stream verified against its descriptor. */
export function verifiedBlob(access: TransportAccess, descriptor: Descriptor): AsyncIterable<Uint8Array> {
  return verifyBlob(access.raw(descriptor), descriptor, `${access.reference}@${descriptor.digest}`);
}
