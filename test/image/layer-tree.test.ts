/**
 * LayerTree path resolution with the entry shapes ostree-ext writes (bootc crates/ostree-ext
 * tar/export.rs): a symlink stored once as a symlink object and its real path a hardlink to it.
 */
import test from 'ava';
import { LayerTree } from '../../src/image/layer-tree.js';
import type { TarEntry } from '../../src/oci/tar/reader.js';

const entry = (path: string, type: TarEntry['type'], linkpath: string | null = null): TarEntry => ({
  path,
  type,
  linkpath,
  size: 0,
  whiteout: null,
});
const OBJ = `sysroot/ostree/repo/objects/ab/${'c'.repeat(62)}.file`;

test('a hardlink to a symlink object is followed as the symlink (build-chunked-oci inverse layout)', (t) => {
  const tree = new LayerTree();
  for (const e of [
    entry('usr', 'directory'),
    entry('usr/lib', 'directory'),
    entry('usr/lib/sysimage', 'directory'),
    entry('usr/lib/sysimage/rpm', 'directory'),
    entry('usr/lib/sysimage/rpm/rpmdb.sqlite', 'file'),
    entry(OBJ, 'symlink', '../lib/sysimage/rpm'),
    entry('usr/share', 'directory'),
    entry('usr/share/rpm', 'hardlink', OBJ),
  ])
    tree.apply(e, 0);
  t.is(tree.resolve('usr/share/rpm/rpmdb.sqlite', 'img'), 'usr/lib/sysimage/rpm/rpmdb.sqlite');
});

test('a hardlink to a regular file object is the file itself, not followed', (t) => {
  const tree = new LayerTree();
  for (const e of [
    entry(OBJ, 'file'),
    entry('usr', 'directory'),
    entry('usr/share', 'directory'),
    entry('usr/share/rpm', 'directory'),
    entry('usr/share/rpm/rpmdb.sqlite', 'hardlink', OBJ),
  ])
    tree.apply(e, 0);
  t.is(tree.resolve('usr/share/rpm/rpmdb.sqlite', 'img'), 'usr/share/rpm/rpmdb.sqlite');
});

test('a hardlinked symlink object climbing above the root is ERR_IMAGE_ESCAPE', (t) => {
  const tree = new LayerTree();
  for (const e of [
    entry(OBJ, 'symlink', '../../../../etc'),
    entry('usr', 'directory'),
    entry('usr/share', 'hardlink', OBJ),
  ])
    tree.apply(e, 0);
  const error = t.throws(() => tree.resolve('usr/share/rpm/rpmdb.sqlite', 'img'));
  t.is((error as unknown as { code: string }).code, 'ERR_IMAGE_ESCAPE');
});
