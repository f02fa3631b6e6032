/**
 * The merged file tree of an image's layers, as metadata only (no bodies kept): which layer last
 * wrote each path, as what. Enough to resolve the rpm database's path through symlinks and tar
 * hardlinks and to know which layer entry holds its bytes, so only that layer is read again.
 */
import type { TarEntry } from '../oci/tar/reader.js';
import { ImageBaseError } from './errors.js';

/** One path of the merged tree. */
export interface TreeNode {
  /** Index in `manifest.layers` of the layer that last wrote the path. */
  layer: number;
  type: TarEntry['type'];
  /** Symlink target as stored, or a hardlink's target path in the same layer. */
  linkpath: string | null;
}

/** Linux's limit on symlinks followed in one lookup (`MAXSYMLINKS`). */
const MAX_LINKS = 40;

/** The merged view of layers applied in order (OCI image-spec "Applying Changesets"). */
export class LayerTree {
  readonly nodes = new Map<string, TreeNode>();

  /** Applies one entry of layer `layer`: a whiteout removes, anything else writes. */
  apply(entry: TarEntry, layer: number): void {
    if (entry.whiteout !== null) {
      const { target, opaque } = entry.whiteout;
      if (!opaque) this.nodes.delete(target);
      const prefix = target === '' ? '' : `${target}/`;
      // Opaque hides lower layers' children only; a plain whiteout removes the whole subtree.
      for (const [path, node] of this.nodes) {
        if (path.startsWith(prefix) && path !== target && (!opaque || node.layer < layer)) {
          this.nodes.delete(path);
        }
      }
      return;
    }
    if (entry.path === '') return;
    this.nodes.set(entry.path, { layer, type: entry.type, linkpath: entry.linkpath });
  }

  /**
   * ostree-ext writes a symlink once, as a symlink entry at its object path
   * (`sysroot/ostree/repo/objects/xx/….file`), and the real path as a tar hardlink to that object
   * (bootc crates/ostree-ext tar/export.rs `append_content`, `append_content_hardlink`): such a
   * hardlink is the symlink. Any other node is returned as it is.
   */
  private symlinkBehind(node: TreeNode | undefined): TreeNode | undefined {
    if (node?.type !== 'hardlink' || node.linkpath === null) return node;
    const target = this.nodes.get(node.linkpath);
    return target?.type === 'symlink' ? target : node;
  }

  /**
   * `path` with every symlink resolved inside the image root, or null when some component is
   * missing. A `..` above the root is refused: the image would read outside itself.
   */
  resolve(path: string, subject: string): string | null {
    const todo = split(path).reverse();
    const done: string[] = [];
    let links = 0;
    while (todo.length > 0) {
      const part = todo.pop()!;
      if (part === '.') continue;
      if (part === '..') {
        if (done.length === 0) {
          throw new ImageBaseError(
            'ERR_IMAGE_ESCAPE',
            `a symlink on the way to /${path} climbs above the image root`,
            { subject: `${subject}:/${path}` },
          );
        }
        done.pop();
        continue;
      }
      const here = [...done, part].join('/');
      const node = this.symlinkBehind(this.nodes.get(here));
      if (node === undefined) return null;
      if (node.type !== 'symlink') {
        done.push(part);
        continue;
      }
      if (++links > MAX_LINKS) {
        throw new ImageBaseError(
          'ERR_IMAGE_SYMLINK_LOOP',
          `over ${MAX_LINKS} symlinks (a loop?) resolving /${path} in the image`,
          { subject: `${subject}:/${path}` },
        );
      }
      const target = node.linkpath ?? '';
      // An absolute target starts again at the image root, never the host's.
      if (target.startsWith('/')) done.length = 0;
      todo.push(...split(target).reverse());
    }
    return done.join('/');
  }
}

function split(path: string): string[] {
  return path.split('/').filter((p) => p !== '');
}
