/**
 * The writer's lock: `index.lock`, created with O_EXCL and holding `pid host token`. A lock whose
 * process is gone (same host, `kill(pid, 0)` says ESRCH) is stale and broken; otherwise a second
 * run polls until `waitMs` has passed, then refuses (ERR_INDEX_LOCKED).
 */
import { open, readFile, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { IndexError } from './errors.js';

/** A held lock. */
export interface IndexLock {
  release(): Promise<void>;
}

/** Takes the lock of the index in `dir`. */
export async function acquireLock(dir: string, waitMs: number): Promise<IndexLock> {
  const path = join(dir, 'index.lock');
  const token = `${process.pid} ${hostname()} ${randomBytes(8).toString('hex')}\n`;
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(token);
      await handle.sync();
      await handle.close();
      return {
        release: async () => {
          // Only remove the lock if it is still ours.
          const now = await readFile(path, 'utf8').catch(() => null);
          if (now === token) await unlink(path).catch(() => undefined);
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const held = await readFile(path, 'utf8').catch(() => null);
    const age = await stat(path).then(
      (s) => Date.now() - s.mtimeMs,
      () => 0,
    );
    if (held !== null && isStale(held, age)) {
      // Re-read right before removing, so a lock another waiter just took is not broken.
      const again = await readFile(path, 'utf8').catch(() => null);
      if (again === held) await unlink(path).catch(() => undefined);
      continue;
    }
    if (Date.now() >= deadline) {
      throw new IndexError(
        'ERR_INDEX_LOCKED',
        `${path} is held by another run (${(held ?? '').trim() || 'unknown'}); wait for it, or remove the file if that process is gone`,
        { subject: path },
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function isStale(content: string, ageMs: number): boolean {
  const [pidText, host] = content.trim().split(' ');
  const pid = Number(pidText);
  // No pid: a writer killed between creating and filling the lock, or one doing that right now;
  // only the first is still so after a few seconds.
  if (!Number.isInteger(pid) || pid <= 0) return ageMs > 5000;
  if (host !== hostname()) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
