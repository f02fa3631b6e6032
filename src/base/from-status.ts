/**
 * Base image from `rpm-ostree status --json`: the booted deployment (or one by index). For a
 * client-layered deployment the base commit is what matters (`base-checksum`, `base-commit-meta`,
 * `base-timestamp`); `base-commit-meta` numbers of a compose commit are garbled (big-endian read as
 * host-order int64) and are repaired. The status carries no base package list.
 */
import type { BaseImage } from './base-image.js';
import { BaseImageError } from './errors.js';
import { badShape, optionalString, parseJsonObject, reposFromJson } from './json-metadata.js';

const ARCHES = ['x86_64', 'aarch64', 'ppc64le', 's390x'];

/** Reads a base image from status JSON text. `location` is the file (or `-`) it came from. */
export function readStatusBase(text: string, location: string, deployment?: number): BaseImage {
  const status = parseJsonObject(text, location);
  const deployments = status['deployments'];
  if (!Array.isArray(deployments))
    throw badShape(location, 'no deployments array (not rpm-ostree status --json?)');
  const notes: string[] = [];
  let index: number;
  if (deployment !== undefined) {
    index = deployment;
  } else {
    index = deployments.findIndex((d) => (d as { booted?: unknown } | null)?.booted === true);
    if (index < 0 && deployments.length > 0) {
      index = 0;
      notes.push('no deployment is marked booted: using deployment 0');
    }
  }
  const dep = deployments[index] as Record<string, unknown> | undefined;
  if (dep === undefined || dep === null || typeof dep !== 'object') {
    throw new BaseImageError(
      'ERR_BASE_NO_DEPLOYMENT',
      `${location} has no deployment ${index < 0 ? '(none at all)' : index} (it lists ${deployments.length})`,
      { subject: location },
    );
  }
  const meta = (dep['base-commit-meta'] ?? {}) as Record<string, unknown>;
  if (typeof meta !== 'object' || Array.isArray(meta)) {
    throw badShape(location, `deployment ${index}: base-commit-meta is not an object`);
  }
  const containerRef = optionalString(dep['container-image-reference']);
  if (containerRef !== null && meta['rpmostree.rpmmd-repos'] === undefined) {
    throw new BaseImageError(
      'ERR_BASE_CONTAINER_IMAGE',
      `Deployment ${index} of ${location} is the container image ${containerRef}, which records no rpm-md repos; ` +
        'read its package list instead (rpm -qa > list; --pkglist list)',
      { subject: location },
    );
  }
  const layered = typeof dep['base-checksum'] === 'string';
  const commit = optionalString(layered ? dep['base-checksum'] : dep['checksum']);
  if (layered) {
    const pkgs = Array.isArray(dep['packages']) ? (dep['packages'] as unknown[]).join(', ') : '';
    notes.push(
      `deployment ${index} is client-layered${pkgs === '' ? '' : ` (${pkgs})`}: using its base commit ${commit} and base-commit-meta`,
    );
  }
  const repos = reposFromJson(meta['rpmostree.rpmmd-repos'], `${location} deployment ${index}`, notes);
  if (meta['rpmostree.rpmmd-repos'] === undefined)
    notes.push('base-commit-meta records no rpmostree.rpmmd-repos');
  const timeField = layered ? dep['base-timestamp'] : dep['timestamp'];
  const basearch = optionalString(meta['coreos-assembler.basearch']);
  let arch = basearch;
  if (arch === null) {
    const origin = optionalString(dep['origin']) ?? '';
    arch = origin.split(/[/:]/).find((s) => ARCHES.includes(s)) ?? null;
    if (arch !== null) notes.push(`arch ${arch} taken from the origin ${origin}`);
  }
  notes.push('rpm-ostree status --json has no base package list: packages are empty');
  if (repos.length === 0) {
    throw new BaseImageError(
      'ERR_BASE_NO_DATA',
      `Deployment ${index} of ${location} records no usable rpm-md repos and status JSON has no package list; ` +
        'use --ostree-repo /ostree/repo --commit <base commit> or --pkglist instead',
      { subject: location },
    );
  }
  return {
    source: { kind: 'status', location, ref: null, deployment: index },
    commit,
    version:
      optionalString(meta['version']) ?? optionalString(layered ? dep['base-version'] : dep['version']),
    arch,
    commitTime: typeof timeField === 'number' && Number.isSafeInteger(timeField) ? timeField : null,
    repos,
    packages: [],
    notes,
  };
}
