/**
 * ostree-ext's `OstreeImageReference` as rpm-ostree prints it in `container-image-reference`
 * (`ostree-unverified-registry:quay.io/fedora/fedora-coreos:stable`,
 * `ostree-remote-image:fedora:docker://quay.io/…`, `ostree-image-signed:registry:…`), turned into
 * the `docker://` reference compose-match reads a registry image by.
 */
import { BaseImageError } from './errors.js';

/** A parsed ostree image reference. */
export interface OstreeImageReference {
  /** How the host verifies it: `unverified`, `image-signed` or `remote:<name>`. */
  verification: string;
  /** The containers transport (`registry`, `oci`, `oci-archive`, `containers-storage`, `dir`). */
  transport: string;
  /** The image name after the transport (`quay.io/fedora/fedora-coreos:stable`). */
  name: string;
}

function splitTransport(rest: string, whole: string): { transport: string; name: string } {
  // containers-image spells the registry transport `docker://`; ostree-ext also takes `registry:`.
  if (rest.startsWith('docker://')) return { transport: 'registry', name: rest.slice('docker://'.length) };
  const colon = rest.indexOf(':');
  if (colon <= 0) throw bad(whole, 'no transport before the image name');
  return { transport: rest.slice(0, colon), name: rest.slice(colon + 1) };
}

function bad(reference: string, why: string): BaseImageError {
  return new BaseImageError(
    'ERR_BASE_BAD_JSON',
    `container-image-reference ${JSON.stringify(reference)} is not an ostree image reference (${why}); ` +
      'expected e.g. ostree-unverified-registry:quay.io/fedora/fedora-coreos:stable',
    { subject: reference },
  );
}

/** Parses a `container-image-reference`. */
export function parseOstreeImageReference(reference: string): OstreeImageReference {
  const colon = reference.indexOf(':');
  if (colon <= 0) throw bad(reference, 'no scheme');
  const scheme = reference.slice(0, colon);
  const rest = reference.slice(colon + 1);
  let out: OstreeImageReference;
  if (scheme === 'ostree-unverified-registry') {
    out = { verification: 'unverified', transport: 'registry', name: rest };
  } else if (scheme === 'ostree-unverified-image') {
    out = { verification: 'unverified', ...splitTransport(rest, reference) };
  } else if (scheme === 'ostree-image-signed') {
    out = { verification: 'image-signed', ...splitTransport(rest, reference) };
  } else if (scheme === 'ostree-remote-registry' || scheme === 'ostree-remote-image') {
    const at = rest.indexOf(':');
    if (at <= 0) throw bad(reference, 'no remote name');
    const remote = rest.slice(0, at);
    const tail = rest.slice(at + 1);
    out =
      scheme === 'ostree-remote-registry'
        ? { verification: `remote:${remote}`, transport: 'registry', name: tail }
        : { verification: `remote:${remote}`, ...splitTransport(tail, reference) };
  } else {
    throw bad(reference, `unknown scheme ${scheme}`);
  }
  if (out.name === '') throw bad(reference, 'empty image name');
  return out;
}

/**
 * The registry reference of the same repository pinned to `digest`
 * (`docker://quay.io/fedora/fedora-coreos@sha256:…`): a tag or digest already there is dropped,
 * because the digest is what the host deploys or is about to.
 */
export function registryReferenceByDigest(reference: string, digest: string): string {
  const parsed = parseOstreeImageReference(reference);
  if (parsed.transport !== 'registry') {
    throw new BaseImageError(
      'ERR_BASE_CONTAINER_IMAGE',
      `${reference} is not pulled from a registry (transport ${parsed.transport}), so its update ${digest} cannot be read by digest; ` +
        'read the image itself with --image',
      { subject: reference },
    );
  }
  let name = parsed.name;
  const at = name.indexOf('@');
  if (at >= 0) name = name.slice(0, at);
  // A tag is the part after the last ':' that comes after the last '/' (a port comes before it).
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  if (colon > slash) name = name.slice(0, colon);
  return `docker://${name}@${digest}`;
}
