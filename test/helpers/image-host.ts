/**
 * Image-deployed hosts built at test time with Debian's `ostree` from the world's real commits:
 * a sysroot whose repo holds what ostree-ext leaves there after deploying an image (FACTS.md §11) —
 * the original commit pulled unchanged and named by `ostree/container/blob/<escaped layers[0]
 * digest>`, and a local merge commit over the same tree whose metadata holds only the manifest, its
 * digest, the image config and the importer version — plus, when asked, the deployment's rpm
 * database under `ostree/deploy/<os>/deploy/<checksum>.0/`. Not a test file.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeRpmdb } from './rpmdb-fixture.js';
import { systemPython } from './tools.js';
import { worldRoot } from './world.js';

export const OSNAME = 'fedora-coreos';
export const IMAGE_REF = 'ostree-unverified-registry:quay.io/fedora/fedora-coreos:stable';

function ostree(repo: string, args: readonly string[]): string {
  const r = spawnSync('ostree', [`--repo=${repo}`, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ostree ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout.trim();
}

/** A deterministic fake digest (sha256 of a label). */
export function digestOf(label: string): string {
  return `sha256:${createHash('sha256').update(label).digest('hex')}`;
}

/** How the host's repo looks. */
export interface ImageHostOptions {
  /** World commit the image carried in layers[0]. */
  commit: string;
  /** Make it the merge commit's parent (rpm-ostree ≥ v2025.12). Default true. */
  parent?: boolean;
  /** Keep the blob ref (ostree-ext always writes it). Default true. */
  blobRef?: boolean;
  /**
   * Replace the original commit by one over the same tree with empty metadata (what
   * `rpm-ostree compose build-chunked-oci` writes, F43+). Default false.
   */
  emptyCommit?: boolean;
  /** RPM files to install into the deployment's rpm database; none: no deployment directory. */
  deploymentRpms?: readonly string[];
  /**
   * Client-side layering on top (`rpm-ostree install`): RPMs added to the deployment's database,
   * whose base database is then kept at usr/lib/sysimage/rpm-ostree-base-db/. The deployment is
   * a layered commit whose parent is the merge commit.
   */
  layeredRpms?: readonly string[];
  /** Labels of the image config. */
  labels?: Record<string, string>;
  /** diff_ids of the image config (default: one per layer digest). */
  diffIds?: string[];
  /** Write this as `ostree.manifest` instead of the manifest (bad input). */
  manifestText?: string;
  /** Write this as `ostree.container.image-config` instead of the config. */
  configText?: string;
  /** Layer digests of the manifest (default: two made-up ones). */
  layers?: string[];
}

/** The built host. */
export interface ImageHost {
  /** The sysroot directory (holds `ostree/repo` and `ostree/deploy`). */
  sysroot: string;
  /** `sysroot/ostree/repo`. */
  repo: string;
  /** The commit the image carried (or its empty-metadata stand-in). */
  original: string;
  /** The merge commit. */
  merge: string;
  /** The deployment checksum: the merge commit, or the layered commit over it. */
  deployed: string;
  /** The manifest digest recorded. */
  manifestDigest: string;
  /** The layer digests of the manifest. */
  layers: string[];
  manifest: string;
  config: string;
}

/** Builds a sysroot as an image deployment leaves it. */
export function makeImageHost(options: ImageHostOptions): ImageHost {
  const sysroot = mkdtempSync(join(tmpdir(), 'cm-host-'));
  const repo = join(sysroot, 'ostree/repo');
  mkdirSync(repo, { recursive: true });
  ostree(repo, ['init', '--mode=bare-user-only']);
  ostree(repo, ['pull-local', join(worldRoot, 'ostree/repo'), options.commit]);
  let original = options.commit;
  if (options.emptyCommit === true) {
    original = ostree(repo, [
      'commit',
      `--tree=ref=${options.commit}`,
      '--orphan',
      '--timestamp=2025-11-01T00:00:00Z',
    ]);
  }
  const layers = options.layers ?? [digestOf(`layer0 ${original}`), digestOf(`layer1 ${original}`)];
  if (options.blobRef !== false) {
    // The escaped ref as ostree-ext writes it: ':' → '_3A_'; `ostree refs --create` validates it.
    ostree(repo, ['refs', `--create=ostree/container/blob/${layers[0]!.replace(':', '_3A_')}`, original]);
  }
  const config = JSON.stringify({
    architecture: 'amd64',
    os: 'linux',
    created: '2025-11-01T00:00:00Z',
    config: { Labels: { 'ostree.commit': original, ...(options.labels ?? {}) } },
    rootfs: { type: 'layers', diff_ids: options.diffIds ?? layers },
  });
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: {
      mediaType: 'application/vnd.oci.image.config.v1+json',
      digest: digestOf(config),
      size: config.length,
    },
    layers: layers.map((digest) => ({
      mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
      digest,
      size: 1,
    })),
  });
  const manifestDigest = digestOf(manifest);
  const merge = ostree(repo, [
    'commit',
    `--tree=ref=${original}`,
    `--branch=ostree/container/image/docker_3A__2F__2F_quay_2E_io/fedora/fedora-coreos_3A_stable`,
    ...(options.parent === false ? [] : [`--parent=${original}`]),
    '--timestamp=2025-11-02T00:00:00Z',
    `--add-metadata-string=ostree.manifest=${options.manifestText ?? manifest}`,
    `--add-metadata-string=ostree.manifest-digest=${manifestDigest}`,
    `--add-metadata-string=ostree.container.image-config=${options.configText ?? config}`,
    '--add-metadata-string=ostree.importer.version=0.15.3',
  ]);
  let deployed = merge;
  if (options.layeredRpms !== undefined) {
    deployed = ostree(repo, [
      'commit',
      `--tree=ref=${merge}`,
      '--orphan',
      `--parent=${merge}`,
      '--timestamp=2025-11-03T00:00:00Z',
      '--add-metadata=rpmostree.clientlayer=true',
      '--add-metadata=rpmostree.clientlayer_version=<uint32 4>',
    ]);
  }
  if (options.deploymentRpms !== undefined) {
    const deploy = join(sysroot, 'ostree/deploy', OSNAME, 'deploy', `${deployed}.0`);
    if (options.layeredRpms !== undefined) {
      makeRpmdb(join(deploy, 'usr/lib/sysimage/rpm-ostree-base-db'), options.deploymentRpms);
      makeRpmdb(join(deploy, 'usr/share/rpm'), [...options.deploymentRpms, ...options.layeredRpms]);
    } else {
      makeRpmdb(join(deploy, 'usr/share/rpm'), options.deploymentRpms);
    }
  }
  return { sysroot, repo, original, merge, deployed, manifestDigest, layers, manifest, config };
}

/** One image deployment of a status document. */
export interface ImageDeploymentSpec {
  host: ImageHost;
  version: string;
  booted: boolean;
  reference?: string;
  /** Client-layered package names (`rpm-ostree install`). */
  packages?: string[];
}

/** `rpm-ostree status --json` of image deployments, shaped like rpm-ostree's (FACTS.md §11). */
export function imageStatusJson(
  deployments: ImageDeploymentSpec[],
  cachedUpdate: Record<string, unknown> | null = null,
): string {
  const docs = deployments.map((d) => ({
    ...(d.host.deployed === d.host.merge
      ? {}
      : { 'base-checksum': d.host.merge, 'base-version': d.version, 'base-timestamp': 1762041600 }),
    unlocked: 'none',
    'requested-local-packages': [],
    'base-commit-meta': {
      'ostree.manifest-digest': d.host.manifestDigest,
      'ostree.importer.version': '0.15.3',
      'ostree.manifest': d.host.manifest,
      'ostree.container.image-config': d.host.config,
    },
    'base-removals': [],
    'container-image-reference-digest': d.host.manifestDigest,
    'container-image-reference': d.reference ?? IMAGE_REF,
    pinned: false,
    osname: OSNAME,
    'base-remote-replacements': {},
    checksum: d.host.deployed,
    'requested-base-local-replacements': [],
    id: `${OSNAME}-${d.host.deployed}.0`,
    version: d.version,
    'requested-local-fileoverride-packages': [],
    'requested-base-removals': [],
    'requested-packages': d.packages ?? [],
    serial: 0,
    timestamp: 1762041600,
    staged: false,
    booted: d.booted,
    packages: d.packages ?? [],
    'base-local-replacements': [],
  }));
  return JSON.stringify(
    { deployments: docs, transaction: null, 'cached-update': cachedUpdate, 'update-driver': null },
    null,
    2,
  );
}

/**
 * What ostree-ext does when it finds an update of a deployed image (container/store.rs
 * `cache_pending`): the new manifest digest, manifest and config as detached metadata of the
 * merge commit, written here through libostree's own binding (gir1.2-ostree-1.0).
 */
export function cachePendingUpdate(host: ImageHost, digest: string, manifest: string, config: string): void {
  const script = `
import sys, gi
gi.require_version('OSTree', '1.0')
from gi.repository import OSTree, Gio, GLib
repo = OSTree.Repo.new(Gio.File.new_for_path(sys.argv[1]))
repo.open(None)
meta = GLib.Variant('a{sv}', {
    'ostree-ext.cached.manifest-digest': GLib.Variant('s', sys.argv[3]),
    'ostree-ext.cached.manifest': GLib.Variant('s', sys.argv[4]),
    'ostree-ext.cached.config': GLib.Variant('s', sys.argv[5]),
})
repo.write_commit_detached_metadata(sys.argv[2], meta, None)
`;
  const r = spawnSync(systemPython, ['-c', script, host.repo, host.merge, digest, manifest, config], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`write_commit_detached_metadata failed: ${r.stderr}`);
}
