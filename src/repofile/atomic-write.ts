/**
 * {@link writeFileAtomic}: replace a file so that readers see the old content or the new, never a
 * mix, and a failure leaves the old file as it was.
 */
import { randomBytes } from 'node:crypto';
import * as fsp from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { RepoFileError } from './errors.js';

/** The file operations {@link writeFileAtomic} uses (injectable to test failures). */
export interface AtomicWriteFs {
  open: typeof fsp.open;
  rename: typeof fsp.rename;
  unlink: typeof fsp.unlink;
  stat: typeof fsp.stat;
}

/** Options of {@link writeFileAtomic}. */
export interface WriteFileAtomicOptions {
  /** Mode of a new file (default 0o644; an existing file keeps its mode). */
  mode?: number | undefined;
  /** File operations (default: `node:fs/promises`). */
  fs?: AtomicWriteFs | undefined;
}

/**
 * Writes `data` to `path` atomically: a temporary file in the same directory (so the rename stays
 * on one file system), written and fsync'd, then renamed over `path`. On any failure the temporary
 * file is removed, the old file is untouched, and an `ERR_WRITE_FAILED` {@link RepoFileError} is
 * thrown with the OS error as `cause`.
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: WriteFileAtomicOptions = {},
): Promise<void> {
  const fs = options.fs ?? fsp;
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  let created = false;
  try {
    const mode = await fs.stat(path).then(
      (s) => s.mode & 0o7777,
      () => options.mode ?? 0o644,
    );
    const handle = await fs.open(temp, 'wx', mode);
    created = true;
    try {
      await handle.writeFile(data);
      await handle.chmod(mode);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, path);
    created = false;
  } catch (cause) {
    if (created) await fs.unlink(temp).catch(() => undefined);
    throw writeFailed(path, cause);
  }
}

/**
 * Checks, before any work is done, that {@link writeFileAtomic} can write `path`: its directory
 * exists and is writable, and `path` is not a directory. Throws the `ERR_WRITE_FAILED` the write
 * itself would throw, so a long search does not end in a failure known from the start.
 */
export async function checkWritable(path: string): Promise<void> {
  try {
    const target = await fsp.stat(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw error;
    });
    if (target?.isDirectory() === true) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    await fsp.access(dirname(path), fsp.constants.W_OK);
  } catch (cause) {
    throw writeFailed(path, cause);
  }
}

/** The error for a failed write, with the OS error said in words a person can act on. */
function writeFailed(path: string, cause: unknown): RepoFileError {
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  const dir = dirname(path);
  const reasons: Record<string, string> = {
    ENOENT: `the directory ${dir} does not exist`,
    ENOTDIR: `${dir} is not a directory`,
    EISDIR: `${path} is a directory; give a file name`,
    EACCES: `no permission to create files in ${dir}`,
    EPERM: `no permission to create files in ${dir}`,
    EROFS: `${dir} is on a read-only file system`,
    ENOSPC: `no space left on the device of ${dir}`,
  };
  const reason =
    (code === undefined ? undefined : reasons[code]) ??
    (cause instanceof Error ? cause.message : String(cause));
  return new RepoFileError('ERR_WRITE_FAILED', `Could not write ${path}: ${reason}`, {
    subject: path,
    cause,
  });
}
