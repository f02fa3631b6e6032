/** The writer's lock: a live holder makes a second run refuse; a dead holder's lock is broken. */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { IndexError } from '../../src/compose-index/errors.js';
import { acquireLock } from '../../src/compose-index/lock.js';

test('a lock held by a live process refuses after the wait; a dead one is broken', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'cm-index-lock-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const held = await acquireLock(dir, 0);
  const error = await t.throwsAsync(acquireLock(dir, 300), { instanceOf: IndexError });
  t.is(error?.code, 'ERR_INDEX_LOCKED');
  t.is(error?.subject, join(dir, 'index.lock'));
  await held.release();
  // A pid that has exited: the lock is stale.
  const dead = spawnSync(process.execPath, [
    '-e',
    'process.stdout.write(String(process.pid))',
  ]).stdout.toString();
  await writeFile(join(dir, 'index.lock'), `${dead} ${hostname()} deadbeef\n`);
  const again = await acquireLock(dir, 0);
  t.is(typeof again.release, 'function');
  await again.release();
});
