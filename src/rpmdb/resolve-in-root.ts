/**
 * Resolves a path inside a root directory the way the root's own processes would see it (as if
 * chrooted): an absolute symlink target starts again at the root, and `..` never climbs above it.
 * A tree from an image or a mounted disk links `/var/lib/rpm` → `/usr/share/rpm` (or the other way
 * round); following that from the host would read the host's database instead.
 */
import { lstat, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { RpmdbError } from './errors.js';

/** Linux's limit on symlinks followed in one lookup (`MAXSYMLINKS`). */
const MAX_LINKS = 40;

/**
 * The host path of `path` (relative to `root`, `/`-separated) with every symlink on the way resolved
 * inside `root`, or null when some component does not exist.
 *
 * @throws {@link RpmdbError} `ERR_RPMDB_SYMLINK` on a loop or more than 40 links.
 */
export async function resolveInRoot(root: string, path: string): Promise<string | null> {
  const todo = split(path).reverse();
  const done: string[] = [];
  let links = 0;
  while (todo.length > 0) {
    const part = todo.pop()!;
    if (part === '.') continue;
    if (part === '..') {
      done.pop();
      continue;
    }
    const here = join(root, ...done, part);
    let stat;
    try {
      stat = await lstat(here);
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
    if (!stat.isSymbolicLink()) {
      done.push(part);
      continue;
    }
    if (++links > MAX_LINKS) {
      throw new RpmdbError(
        'ERR_RPMDB_SYMLINK',
        `Too many symlinks (over ${MAX_LINKS}, a loop?) resolving /${path} in ${root}`,
        {
          subject: join(root, path),
        },
      );
    }
    const target = await readlink(here);
    if (target.startsWith('/')) done.length = 0;
    todo.push(...split(target).reverse());
  }
  return join(root, ...done);
}

function split(path: string): string[] {
  return path.split('/').filter((p) => p !== '');
}

function isMissing(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
