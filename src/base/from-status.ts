/**
 * Base image from `rpm-ostree status --json`: the booted deployment (or one by index). For a
 * client-layered deployment the base commit is what matters (`base-checksum`, `base-commit-meta`,
 * `base-timestamp`); `base-commit-meta` numbers of a compose commit are garbled (big-endian read as
 * host-order int64) and are repaired. The status carries no base package list. An image deployment
 * records neither repos nor packages: it is read through the host repo (from-image-deployment.ts).
 */
import type { Fetcher } from '../io/fetcher.js';
import type { BaseImage } from './base-image.js';
import { BaseImageError } from './errors.js';
import { readOstreeBase } from './from-ostree.js';
import { readCachedUpdateBase } from './from-cached-update.js';
import {
  imageDeploymentFromStatus,
  readImageDeploymentBase,
  type HostRepo,
} from './from-image-deployment.js';
import { badShape, optionalString, parseJsonObject, reposFromJson } from './json-metadata.js';
import type { StatusDeploymentChoice } from './source.js';
import { deploymentsOf, pickDeployment, type StatusDeployment } from './status-deployment.js';

const ARCHES = ['x86_64', 'aarch64', 'ppc64le', 's390x'];

/** Options of {@link readStatusSourceBase}. */
export interface StatusReadOptions {
  /** Which deployment (default: the booted one). */
  deployment?: StatusDeploymentChoice | undefined;
  /** The host repo, needed for an image deployment. */
  repo?: HostRepo | undefined;
  /** For a cached image update: the manifest to pick from an index (default the host's). */
  arch?: string | undefined;
  /** Reads the repo. */
  fetcher: Fetcher;
  /** An image deployment without `repo` gives what the status records instead of an error. */
  partial?: boolean | undefined;
}

/**
 * Reads a base image from status JSON text, any deployment kind: an rpm-ostree compose deployment
 * from its `base-commit-meta`, an image deployment through the host repo, the cached update from
 * the registry (see from-cached-update.ts).
 */
export async function readStatusSourceBase(
  text: string,
  location: string,
  options: StatusReadOptions,
): Promise<BaseImage> {
  const status = parseJsonObject(text, location);
  const deployments = deploymentsOf(status, location);
  const choice = options.deployment ?? 'booted';
  if (choice === 'cached-update') return readCachedUpdateBase(status, deployments, location, options);
  const { index, deployment: dep, notes } = pickDeployment(deployments, location, choice);
  if (isImageDeployment(dep))
    return options.repo === undefined && options.partial === true
      ? imageDeploymentFromStatus(dep, index, location, notes)
      : readImageDeploymentBase(dep, index, location, options.repo, options.fetcher, notes);
  if (options.repo !== undefined)
    return fromHostRepo(dep, index, location, options.repo, options.fetcher, notes);
  return fromDeployment(dep, index, location, notes);
}

/**
 * A compose deployment with the host repo beside its status: the base commit itself is read there,
 * so the base has its package list (the status has none) and its repos in their stored byte order,
 * which `fetch` and the package strategy need. The commit must be in that repo: a status from
 * another host is an error, not a silent mismatch.
 */
async function fromHostRepo(
  dep: StatusDeployment,
  index: number,
  location: string,
  repo: HostRepo,
  fetcher: Fetcher,
  notes: string[],
): Promise<BaseImage> {
  const layered = typeof dep['base-checksum'] === 'string';
  const commit = optionalString(layered ? dep['base-checksum'] : dep['checksum']);
  if (commit === null) throw badShape(location, `deployment ${index} has no checksum`);
  const base = await readOstreeBase({ kind: 'ostree', repo: repo.label, commit }, repo.url, fetcher);
  if (layered) notes.push(`deployment ${index} is client-layered: using its base commit ${commit}`);
  notes.push(`deployment ${index}: base commit ${commit} read from the host repo ${repo.label}`);
  return {
    ...base,
    source: { kind: 'status', location, ref: null, deployment: index },
    notes: [...notes, ...base.notes],
  };
}

/** An image deployment: a container reference and no rpm-md repos in its base-commit-meta. */
export function isImageDeployment(dep: StatusDeployment): boolean {
  const meta = dep['base-commit-meta'] as Record<string, unknown> | undefined | null;
  return (
    optionalString(dep['container-image-reference']) !== null &&
    (meta === undefined ||
      meta === null ||
      typeof meta !== 'object' ||
      meta['rpmostree.rpmmd-repos'] === undefined)
  );
}

/**
 * Reads a base image from status JSON text, a compose deployment only (an image deployment needs
 * the host repo: {@link readStatusSourceBase}). `location` is the file (or `-`) it came from.
 */
export function readStatusBase(text: string, location: string, deployment?: number): BaseImage {
  const status = parseJsonObject(text, location);
  const picked = pickDeployment(deploymentsOf(status, location), location, deployment ?? 'booted');
  const dep = picked.deployment;
  if (isImageDeployment(dep)) {
    throw new BaseImageError(
      'ERR_BASE_CONTAINER_IMAGE',
      `Deployment ${picked.index} of ${location} is the container image ${String(dep['container-image-reference'])}, which records no rpm-md repos; ` +
        'read it with the host repo beside the status (--status FILE --ostree-repo /ostree/repo)',
      { subject: location },
    );
  }
  return fromDeployment(dep, picked.index, location, picked.notes);
}

function fromDeployment(dep: StatusDeployment, index: number, location: string, notes: string[]): BaseImage {
  const meta = (dep['base-commit-meta'] ?? {}) as Record<string, unknown>;
  if (typeof meta !== 'object' || Array.isArray(meta)) {
    throw badShape(location, `deployment ${index}: base-commit-meta is not an object`);
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
        `use --ostree-repo /ostree/repo --commit ${commit ?? '<base commit>'} or --pkglist instead`,
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
