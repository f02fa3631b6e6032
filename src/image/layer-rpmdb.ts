/**
 * The rpm database of an image across its layers: one metadata pass builds the merged tree (last
 * layer wins, whiteouts remove), the path is resolved through symlinks inside the image root and
 * tar hardlinks (ostree-ext stores the bytes once as `sysroot/ostree/repo/objects/…file`). The
 * first pass keeps the database's bytes when it can tell them ({@link RpmdbCapture}); otherwise
 * only the layer holding them is read again.
 */
import { decompressLayer } from '../oci/tar/decompress.js';
import { readTar } from '../oci/tar/reader.js';
import type { ImageSource } from '../oci/image-source.js';
import type { Descriptor } from '../oci/spec.js';
import { readRpmdb, type DamagedHeader, type RpmdbPackage } from '../rpmdb/read-rpmdb.js';
import { ImageBaseError } from './errors.js';
import { collect, compressionOf } from './layer0-commit.js';
import { LayerTree } from './layer-tree.js';
import { RpmdbCapture } from './rpmdb-capture.js';

/** Where rpm-ostree trees and plain Fedora trees keep the database, in the order tried. */
const LOCATIONS = ['usr/share/rpm', 'usr/lib/sysimage/rpm', 'var/lib/rpm'];

/** The database found, and where. */
export interface ImageRpmdb {
  packages: RpmdbPackage[];
  /** The path asked for and the path it resolved to. */
  location: string;
  resolved: string;
  /** Index of the layer whose entry holds the bytes. */
  layer: number;
  wal: boolean;
  /** Headers left out because their digest does not match, as rpm leaves them out. */
  damaged: DamagedHeader[];
  /** Decompressed tar bytes read, both passes (one when the first pass kept the database's bytes). */
  bytesRead: number;
}

/** Reads the rpm database of the image's layers, or null when none has one. */
export async function readImageRpmdb(source: ImageSource, layers: Descriptor[]): Promise<ImageRpmdb | null> {
  const tree = new LayerTree();
  const capture = new RpmdbCapture();
  let bytesRead = 0;
  const damaged: DamagedHeader[] = [];
  const onDamagedHeader = (d: DamagedHeader): void => {
    damaged.push(d);
  };
  for (const [i, layer] of layers.entries()) {
    const subject = `${source.reference}@${layer.digest}`;
    const r = await readTar(
      decompressLayer(source.blob(layer), compressionOf(layer, source.reference), subject),
      async (entry, body) => {
        tree.apply(entry, i);
        await capture.visit(entry, body, i);
      },
      { subject },
    );
    bytesRead += r.bytesConsumed;
  }
  for (const dir of LOCATIONS) {
    const path = `${dir}/rpmdb.sqlite`;
    const resolved = tree.resolve(path, source.reference);
    if (resolved === null) continue;
    const node = tree.nodes.get(resolved)!;
    if (node.type !== 'file' && node.type !== 'hardlink') continue;
    const walPath = `${resolved}-wal`;
    const walNode = tree.nodes.get(walPath);
    const walInLayer = walNode !== undefined && walNode.layer === node.layer;
    // The metadata pass kept the bytes: no second read of the layer.
    const keptDb = capture.get(resolved, node.layer);
    const keptWal = walInLayer ? capture.get(walPath, node.layer) : null;
    if (keptDb !== null && (!walInLayer || keptWal !== null)) {
      return {
        packages: await readRpmdb(
          { db: keptDb, wal: keptWal },
          { subject: `${source.reference}:/${resolved}`, onDamagedHeader },
        ),
        location: path,
        resolved,
        layer: node.layer,
        wal: keptWal !== null && keptWal.byteLength > 0,
        damaged,
        bytesRead,
      };
    }
    const wanted = new Map<string, 'db' | 'wal'>([[bodyPath(tree, resolved), 'db']]);
    if (walInLayer) wanted.set(bodyPath(tree, walPath), 'wal');
    const layer = layers[node.layer]!;
    const subject = `${source.reference}@${layer.digest}`;
    const got = new Map<'db' | 'wal', Uint8Array>();
    const r = await readTar(
      decompressLayer(source.blob(layer), compressionOf(layer, source.reference), subject),
      async (entry, body) => {
        const what = wanted.get(entry.path);
        if (what === undefined || entry.type !== 'file') return undefined;
        got.set(what, await collect(body, entry.size, `${subject}:${entry.path}`));
        return got.size === wanted.size ? 'stop' : undefined;
      },
      { subject },
    );
    bytesRead += r.bytesConsumed;
    const db = got.get('db');
    if (db === undefined) {
      throw new ImageBaseError(
        'ERR_IMAGE_BAD_HARDLINK',
        `layer ${node.layer} holds no bytes for /${resolved}`,
        {
          subject: `${subject}:${resolved}`,
        },
      );
    }
    const wal = got.get('wal') ?? null;
    const packages = await readRpmdb(
      { db, wal },
      { subject: `${source.reference}:/${resolved}`, onDamagedHeader },
    );
    return {
      packages,
      location: path,
      resolved,
      layer: node.layer,
      wal: wal !== null && wal.byteLength > 0,
      damaged,
      bytesRead,
    };
  }
  return null;
}

/** The entry of the same layer whose body holds `path`'s bytes (itself, or its hardlink target). */
function bodyPath(tree: LayerTree, path: string): string {
  const node = tree.nodes.get(path)!;
  return node.type === 'hardlink' ? node.linkpath! : path;
}
