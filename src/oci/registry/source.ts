/**
 * The `docker://` transport: an {@link ImageSource} over the registry API. The reference's tag or
 * digest is fetched from `manifests/` with an `Accept` naming the OCI and Docker v2s2 manifest and
 * index types; its digest is computed from the bytes (and must equal a digest the reference names);
 * {@link resolveImage} then picks the platform and reads the config. Blobs stream from `blobs/`,
 * verified as they arrive; manifests and configs are bounded.
 */
import { createHash } from 'node:crypto';
import type { Fetcher } from '../../io/fetcher.js';
import { resolveImage, verifiedBlob, type ImageSource, type TransportAccess } from '../image-source.js';
import { indexMediaTypes, manifestMediaTypes, maxManifestBytes, type Descriptor } from '../spec.js';
import { RegistryClient, collect } from './client.js';
import { findCredentials, type RegistryCredentials } from './credentials.js';
import { RegistryError } from './errors.js';
import { parseRegistryReference } from './reference.js';

const documentTypes: readonly string[] = [...manifestMediaTypes, ...indexMediaTypes];
const accept = documentTypes.join(', ');

/** Options of {@link openRegistrySource}. */
export interface RegistrySourceOptions {
  fetcher: Fetcher;
  /** Credentials to use; default: looked up in the auth files ({@link findCredentials}). */
  credentials?: RegistryCredentials | null | undefined;
  /** Environment for the auth-file lookup (default `process.env`). */
  env?: NodeJS.ProcessEnv | undefined;
  /**
   * Speak plain HTTP. Default: only for loopback registries (`localhost`, `127.*`, `[::1]`), as a
   * local test registry has no TLS; every other host is https.
   */
  plainHttp?: boolean | undefined;
}

function isLoopback(host: string): boolean {
  const name = host.replace(/:[0-9]+$/, '');
  return name === 'localhost' || /^127\./.test(name) || name === '[::1]';
}

/** Opens `docker://HOST/NAME[:TAG|@sha256:HEX]`. */
export async function openRegistrySource(
  reference: string,
  options: RegistrySourceOptions,
): Promise<ImageSource> {
  const ref = parseRegistryReference(reference);
  const credentials =
    options.credentials !== undefined
      ? options.credentials
      : await findCredentials(ref.registry, options.env);
  const plain = options.plainHttp ?? isLoopback(ref.apiHost);
  const client = new RegistryClient(ref, {
    fetcher: options.fetcher,
    credentials,
    protocol: plain ? 'http:' : 'https:',
  });
  /** Manifests already read, by digest (the top one is read to learn its digest). */
  const documents = new Map<string, Uint8Array>();

  async function top(): Promise<Descriptor[]> {
    const response = await client.open(`manifests/${ref.digest ?? ref.tag!}`, {
      accept,
      maxBytes: maxManifestBytes,
    });
    const bytes = await collect(response);
    const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    if (ref.digest !== null && digest !== ref.digest) {
      throw new RegistryError(
        'ERR_REGISTRY_MANIFEST',
        `the manifest served for ${ref.digest} hashes to ${digest}`,
        {
          subject: reference,
        },
      );
    }
    const mediaType = mediaTypeOf(response.headers?.['content-type'], bytes);
    if (mediaType === undefined) {
      throw new RegistryError(
        'ERR_REGISTRY_MANIFEST',
        `the registry served a manifest that is neither an OCI/Docker v2s2 manifest nor an index (schema 1 is not read)`,
        { subject: reference },
      );
    }
    documents.set(digest, bytes);
    return [{ mediaType, digest, size: bytes.byteLength }];
  }

  async function* raw(descriptor: Descriptor): AsyncGenerator<Uint8Array> {
    const known = documents.get(descriptor.digest);
    if (known !== undefined) {
      yield known;
      return;
    }
    const document = documentTypes.includes(descriptor.mediaType);
    const response = await client.open(`${document ? 'manifests' : 'blobs'}/${descriptor.digest}`, {
      accept: document ? accept : undefined,
      maxBytes: descriptor.size,
      blob: !document,
    });
    yield* response.body;
  }

  return {
    reference,
    resolve: async ({ arch }) => {
      const access: TransportAccess = { reference, top: await top(), raw };
      return resolveImage(access, arch);
    },
    blob: (descriptor) => verifiedBlob({ reference, top: [], raw }, descriptor),
    blobPrefix: (descriptor) => rangedBlob(client, reference, descriptor),
    close: async () => undefined,
  };
}

/** First range of {@link rangedBlob}: an ostree-native layer 0's commit is in its first tens of KiB. */
const FIRST_RANGE = 64 * 1024;
/** Ranges double up to this, so a reader that goes on costs a request per 8 MiB, not per 64 KiB. */
const MAX_RANGE = 8 * 1024 * 1024;

/**
 * A blob from its start in ranges of 64 KiB, 128 KiB, … 8 MiB, each requested when the reader has
 * taken the previous one: stopping after the commit costs about one range, where one plain GET
 * transfers what the sockets and streams read ahead (~1 MB). A registry that ignores `Range` answers
 * 200 with the whole blob, which is then streamed from the offset reached.
 */
async function* rangedBlob(
  client: RegistryClient,
  reference: string,
  descriptor: Descriptor,
): AsyncGenerator<Uint8Array> {
  let offset = 0;
  let window = FIRST_RANGE;
  while (offset < descriptor.size) {
    const end = Math.min(offset + window, descriptor.size) - 1;
    const response = await client.open(`blobs/${descriptor.digest}`, {
      range: [offset, end],
      maxBytes: descriptor.size,
      blob: true,
    });
    const whole = response.status === 200;
    if (!whole) checkContentRange(response.headers?.['content-range'], offset, reference, descriptor);
    let skip = whole ? offset : 0;
    let received = 0;
    for await (const chunk of response.body) {
      let bytes = chunk;
      if (skip > 0) {
        const drop = Math.min(skip, bytes.byteLength);
        skip -= drop;
        bytes = bytes.subarray(drop);
        if (bytes.byteLength === 0) continue;
      }
      received += bytes.byteLength;
      yield bytes;
    }
    if (whole) return;
    if (received === 0)
      throw new RegistryError(
        'ERR_REGISTRY_RANGE',
        `${reference}: the registry answered bytes ${offset}-${end} of ${descriptor.digest} with nothing`,
        { subject: reference },
      );
    offset += received;
    window = Math.min(window * 2, MAX_RANGE);
  }
}

/** A 206 must be the range asked for: `bytes START-END/TOTAL` starting where the read is. */
function checkContentRange(
  header: string | string[] | undefined,
  offset: number,
  reference: string,
  descriptor: Descriptor,
): void {
  const value = Array.isArray(header) ? header[0] : header;
  const m = value === undefined ? null : /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(value.trim());
  if (m !== null && Number(m[1]) === offset && (m[3] === '*' || Number(m[3]) === descriptor.size)) return;
  throw new RegistryError(
    'ERR_REGISTRY_RANGE',
    `${reference}: asked for ${descriptor.digest} from byte ${offset}, the registry answered Content-Range ${value ?? '(none)'}`,
    { subject: reference },
  );
}

/** The document's media type: its own `mediaType` field, else the Content-Type, when it is one we read. */
function mediaTypeOf(contentType: string | undefined, bytes: Uint8Array): string | undefined {
  let field: unknown;
  try {
    field = (JSON.parse(new TextDecoder().decode(bytes)) as { mediaType?: unknown }).mediaType;
  } catch {
    field = undefined;
  }
  const header = contentType?.split(';')[0]?.trim();
  for (const candidate of [field, header]) {
    if (typeof candidate === 'string' && documentTypes.includes(candidate)) return candidate;
  }
  return undefined;
}
