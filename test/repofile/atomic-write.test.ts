import test from 'ava';
import * as fsp from 'node:fs/promises';
import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
  mkdirSync,
  chmodSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../../src/repofile/atomic-write.js';

const dir = (): string => mkdtempSync(join(tmpdir(), 'cm-atomic-'));

test('writes a new file and replaces an old one, keeping its mode', async (t) => {
  const d = dir();
  const path = join(d, 'x.repo');
  await writeFileAtomic(path, 'one\n');
  t.is(readFileSync(path, 'utf8'), 'one\n');
  t.is(statSync(path).mode & 0o777, 0o644);
  chmodSync(path, 0o600);
  await writeFileAtomic(path, 'two\n');
  t.is(readFileSync(path, 'utf8'), 'two\n');
  t.is(statSync(path).mode & 0o777, 0o600);
  t.deepEqual(readdirSync(d), ['x.repo'], 'no temporary file left');
});

test('a failed rename leaves the old file untouched and removes the temporary file', async (t) => {
  const d = dir();
  const path = join(d, 'x.repo');
  writeFileSync(path, 'old\n');
  const err = await t.throwsAsync(
    writeFileAtomic(path, 'new\n', {
      fs: {
        ...fsp,
        rename: async () => Promise.reject(Object.assign(new Error('EXDEV: simulated'), { code: 'EXDEV' })),
      },
    }),
  );
  t.is((err as { code?: string }).code, 'ERR_WRITE_FAILED');
  t.is((err as { subject?: string }).subject, path);
  t.is(readFileSync(path, 'utf8'), 'old\n');
  t.deepEqual(readdirSync(d), ['x.repo']);
});

test('a real failure (the target is a directory) leaves it untouched and no temporary file', async (t) => {
  const d = dir();
  const path = join(d, 'taken');
  mkdirSync(path);
  writeFileSync(join(path, 'inside'), 'keep');
  const err = await t.throwsAsync(writeFileAtomic(path, 'new\n'));
  t.is((err as { code?: string }).code, 'ERR_WRITE_FAILED');
  t.is(readFileSync(join(path, 'inside'), 'utf8'), 'keep');
  t.deepEqual(readdirSync(d), ['taken']);
});

test('a missing directory is an ERR_WRITE_FAILED naming the path', async (t) => {
  const path = join(dir(), 'no', 'such', 'x.repo');
  const err = await t.throwsAsync(writeFileAtomic(path, 'x'));
  t.is((err as { code?: string }).code, 'ERR_WRITE_FAILED');
  t.regex((err as Error).message, /no\/such\/x\.repo/);
});
