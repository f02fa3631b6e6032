/**
 * Builds `rpm-ostree status --json` documents shaped like rpm-ostree's own output (FACTS.md §2):
 * base-commit-meta repo timestamps garbled the way rpm-ostree prints them — the big-endian stored
 * value read as a host-order (little-endian) signed int64 — and layered-commit-meta values correct.
 */
import { bswap64 } from './ostree-fixture.js';

export interface StatusRepo {
  id: string;
  timestamp: number;
}

/** The number rpm-ostree prints for a big-endian stored timestamp, as exact decimal text. */
export function garbled(timestamp: number): string {
  return BigInt.asIntN(64, bswap64(BigInt(timestamp))).toString();
}

export interface StatusDeployment {
  checksum: string;
  baseChecksum?: string;
  version: string;
  timestamp: number;
  baseTimestamp?: number;
  booted: boolean;
  baseRepos: StatusRepo[];
  layeredRepos?: StatusRepo[];
  packages?: string[];
  basearch?: string;
  origin: string;
  containerImage?: string;
}

/** Renders a status document; big numbers are written as exact integers, as json-glib does. */
export function statusJson(deployments: StatusDeployment[]): string {
  const exact = new Map<string, string>();
  const docs = deployments.map((d, i) => {
    const baseMeta: Record<string, unknown> = {
      version: d.version,
      'rpmostree.inputhash': 'ab'.repeat(32),
      'rpmostree.initramfs-args': ['--add=ignition', '--no-hostonly'],
      'rpmostree.rpmmd-repos': d.baseRepos.map((r, j) => {
        const key = `__exact_${i}_${j}__`;
        exact.set(key, garbled(r.timestamp));
        return { id: r.id, timestamp: key };
      }),
    };
    if (d.basearch !== undefined) baseMeta['coreos-assembler.basearch'] = d.basearch;
    const doc: Record<string, unknown> = {
      unlocked: 'none',
      'base-commit-meta':
        d.containerImage === undefined ? baseMeta : { 'ostree.manifest-digest': 'sha256:00' },
      'requested-local-packages': [],
      'base-removals': [],
      'gpg-enabled': false,
      origin: d.origin,
      osname: 'fedora-coreos',
      pinned: false,
      checksum: d.checksum,
      id: `fedora-coreos-${d.checksum}.0`,
      version: d.version,
      'requested-packages': d.packages ?? [],
      serial: 0,
      timestamp: d.timestamp,
      packages: d.packages ?? [],
      booted: d.booted,
    };
    if (d.containerImage !== undefined) doc['container-image-reference'] = d.containerImage;
    if (d.baseChecksum !== undefined) {
      doc['base-checksum'] = d.baseChecksum;
      doc['base-version'] = d.version;
      doc['base-timestamp'] = d.baseTimestamp;
      doc['layered-commit-meta'] = {
        'rpmostree.clientlayer': true,
        version: d.version,
        'rpmostree.clientlayer_version': 4,
        'rpmostree.rpmmd-repos': d.layeredRepos ?? [],
      };
    }
    return doc;
  });
  let text = JSON.stringify({ deployments: docs, transaction: null, 'cached-update': null }, null, 2);
  for (const [key, value] of exact) text = text.replace(`"${key}"`, value);
  return text;
}
