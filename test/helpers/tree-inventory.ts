/**
 * What a regenerated fixture tree is compared by (the world's and the IoT family's regenerate
 * tests): every file and symlink under a root, by relative path.
 */
import { readdirSync, readlinkSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Files (`file`) and symlinks (`symlink -> target`) under `root`; directories are implied (git keeps
 * no empty ones). Paths in `skip` (relative, as listed) are left out.
 */
export function inventory(root: string, skip: readonly string[] = []): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      const rel = relative(root, path);
      if (skip.includes(rel)) continue;
      if (e.isSymbolicLink()) out.set(rel, `symlink -> ${readlinkSync(path)}`);
      else if (e.isDirectory()) walk(path);
      else out.set(rel, 'file');
    }
  };
  walk(root);
  return out;
}
