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
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new RepoFileError('ERR_WRITE_FAILED', `Could not write ${path}: ${reason}`, {
      subject: path,
      cause,
    });
  }
}
