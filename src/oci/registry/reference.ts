/**
 * `docker://HOST/NAME[:TAG|@sha256:HEX]` as containers/image's docker transport reads it: the first
 * path component is a registry host when it has a `.` or `:` or is `localhost`; otherwise the
 * registry is Docker Hub, whose API host is `registry-1.docker.io` and whose one-component names
 * live under `library/`.
 */
import { RegistryError } from './errors.js';

/** A parsed `docker://` reference. */
export interface RegistryReference {
  /** The reference as given. */
  reference: string;
  /** `host[:port]` as named (`docker.io` for Docker Hub); the auth.json key. */
  registry: string;
  /** `host[:port]` of the API (`registry-1.docker.io` for Docker Hub). */
  apiHost: string;
  /** Repository path (`library/fedora`). */
  name: string;
  /** Tag, or `null` when a digest names the manifest. */
  tag: string | null;
  /** `sha256:HEX`, when given. */
  digest: string | null;
}

const nameComponent = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const tagPattern = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const digestPattern = /^sha256:[a-f0-9]{64}$/;
const hostPattern = /^(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$/;

function bad(reference: string, why: string): RegistryError {
  return new RegistryError(
    'ERR_REGISTRY_BAD_REFERENCE',
    `${JSON.stringify(reference)} is not a docker:// reference: ${why} (use docker://HOST/NAME[:TAG|@sha256:HEX])`,
    { subject: reference, category: 'usage' },
  );
}

/** Parses `docker://…`; throws `ERR_REGISTRY_BAD_REFERENCE`. */
export function parseRegistryReference(reference: string): RegistryReference {
  if (!reference.startsWith('docker://')) throw bad(reference, 'it does not start with docker://');
  let rest = reference.slice('docker://'.length);
  let digest: string | null = null;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!digestPattern.test(digest)) throw bad(reference, `${JSON.stringify(digest)} is not sha256:<64 hex>`);
  }
  let tag: string | null = null;
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > slash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!tagPattern.test(tag)) throw bad(reference, `${JSON.stringify(tag)} is not a valid tag`);
  }
  const parts = rest.split('/');
  let registry = 'docker.io';
  const first = parts[0] ?? '';
  if (parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    registry = parts.shift()!;
    if (!hostPattern.test(registry)) throw bad(reference, `${JSON.stringify(registry)} is not a host[:port]`);
  }
  if (parts.length === 0 || parts.some((p) => !nameComponent.test(p))) {
    throw bad(
      reference,
      `${JSON.stringify(parts.join('/'))} is not a repository name (lower-case components)`,
    );
  }
  if (registry === 'docker.io' && parts.length === 1) parts.unshift('library');
  if (tag === null && digest === null) tag = 'latest';
  return {
    reference,
    registry,
    apiHost: registry === 'docker.io' ? 'registry-1.docker.io' : registry,
    name: parts.join('/'),
    tag: digest === null ? tag : null,
    digest,
  };
}
