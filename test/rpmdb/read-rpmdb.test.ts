import type { ExecutionContext } from 'ava';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RpmdbError } from '../../src/rpmdb/errors.js';
import { readRpmdb, type DamagedHeader } from '../../src/rpmdb/read-rpmdb.js';
import {
  alterBlob,
  makeRpmdb,
  makeWalCopy,
  qaLine,
  rpm,
  rpmQa,
  worldRpms,
} from '../helpers/rpmdb-fixture.js';
import { systemPython, testWithTools } from '../helpers/tools.js';
import { commitFrames, resealWal } from '../helpers/wal.js';

const test = testWithTools({ command: 'rpm' }, { python: 'sqlite3' });
const tmp = mkdtempSync(join(tmpdir(), 'cm-rpmdb-'));
test.after.always(() => rmSync(tmp, { recursive: true, force: true }));

const rpms = worldRpms();
let counter = 0;
const fresh = (): string => join(tmp, String(counter++));

function files(dir: string): { db: Uint8Array; wal: Uint8Array | null } {
  const wal = join(dir, 'rpmdb.sqlite-wal');
  let walBytes: Uint8Array | null = null;
  try {
    walBytes = readFileSync(wal);
  } catch {
    walBytes = null;
  }
  return { db: readFileSync(join(dir, 'rpmdb.sqlite')), wal: walBytes };
}

async function expectSame(t: ExecutionContext, dir: string): Promise<string[]> {
  // Ours first: rpm opening the directory read-write may checkpoint the WAL into the main file.
  const ours = (await readRpmdb(files(dir))).map(qaLine);
  const theirs = rpmQa(dir);
  t.deepEqual([...ours].sort(), theirs);
  return ours;
}

test('Debian rpm here writes the sqlite backend', (t) => {
  t.is(rpm(['--eval', '%_db_backend']).trim(), 'sqlite');
});

test('every package of the world, as rpm -qa lists them', async (t) => {
  t.true(rpms.length >= 20, `the world has ${rpms.length} RPMs`);
  const dir = makeRpmdb(fresh(), rpms);
  const ours = await expectSame(t, dir);
  t.is(ours.length, rpms.length);
  t.true(ours.every((l) => l.endsWith('.src.rpm')));
});

test('sorted by name, EVR, arch like the base packages', async (t) => {
  const dir = makeRpmdb(fresh(), rpms);
  const names = (await readRpmdb(files(dir))).map((p) => `${p.name}-${p.version}-${p.release}`);
  const glibc = names.filter((n) => n.startsWith('glibc-2'));
  t.true(glibc.length > 1);
  t.deepEqual(
    glibc,
    [...glibc].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })),
  );
});

test('an empty database from rpm --initdb has no packages', async (t) => {
  const dir = makeRpmdb(fresh(), []);
  t.deepEqual(await readRpmdb(files(dir)), []);
  t.deepEqual(rpmQa(dir), []);
});

test('a WAL-mode file (bytes 18/19 = 2): SQLite refuses it in memory, readRpmdb reads it', async (t) => {
  const dir = makeRpmdb(fresh(), rpms.slice(0, 3));
  const { db } = files(dir);
  t.deepEqual([db[18], db[19]], [2, 2]);
  // sqlite3_deserialize (an in-memory open) refuses a WAL-mode image as is; sql.js 1.17 goes
  // through a MEMFS file and happens to accept it, so readRpmdb marks the image legacy anyway.
  const script = `import sqlite3,sys
c=sqlite3.connect(':memory:'); c.deserialize(open(sys.argv[1],'rb').read())
try:
  c.execute('SELECT count(*) FROM Packages'); print('opened')
except sqlite3.Error as e:
  print('refused')`;
  const { spawnSync } = await import('node:child_process');
  const run = spawnSync(systemPython, ['-c', script, join(dir, 'rpmdb.sqlite')], { encoding: 'utf8' });
  t.is(run.stdout.trim(), 'refused');
  t.is((await readRpmdb({ db })).length, 3);
  t.deepEqual([db[18], db[19]], [2, 2], "the caller's bytes are not changed");
});

test('a non-empty -wal is replayed; the main file alone is stale', async (t) => {
  const base = makeRpmdb(fresh(), rpms.slice(0, 6));
  const extra = makeRpmdb(fresh(), rpms.slice(6, 9));
  const dir = fresh();
  const walSize = makeWalCopy(base, extra, dir, 2);
  t.true(walSize > 32, `the -wal has ${walSize} bytes`);
  const { db, wal } = files(dir);
  const stale = (await readRpmdb({ db })).map(qaLine);
  const current = await expectSame(t, dir);
  t.is(stale.length, 6);
  t.is(current.length, 6 - 1 + 3);
  t.notDeepEqual([...stale].sort(), [...current].sort());
  t.deepEqual(
    (await readRpmdb({ db, wal: null })).map(qaLine),
    stale,
    'without its -wal the file reads as it was before the transaction',
  );
  t.truthy(wal);
});

test('a torn last frame drops only its transaction, as SQLite does', async (t) => {
  const base = makeRpmdb(fresh(), rpms.slice(0, 4));
  const extra = makeRpmdb(fresh(), rpms.slice(4, 5));
  const dir = fresh();
  makeWalCopy(base, extra, dir, 1);
  const walPath = join(dir, 'rpmdb.sqlite-wal');
  const wal = readFileSync(walPath);
  // Break the checksum of the last frame: that frame is the commit frame of the only transaction.
  wal[wal.length - 1] = wal[wal.length - 1]! ^ 0xff;
  writeFileSync(walPath, wal);
  const ours = await expectSame(t, dir);
  t.is(ours.length, 4, 'the uncommitted transaction is not seen');
});

test('a -wal with another page size than the database is an error', async (t) => {
  const base = makeRpmdb(fresh(), rpms.slice(0, 2));
  const extra = makeRpmdb(fresh(), rpms.slice(2, 3));
  const dir = fresh();
  makeWalCopy(base, extra, dir, 1);
  const { db, wal } = files(dir);
  const other = Uint8Array.from(db);
  other[16] = 0x20; // 8192
  other[17] = 0;
  const error = await t.throwsAsync(readRpmdb({ db: other, wal }), { instanceOf: RpmdbError });
  t.is(error.code, 'ERR_RPMDB_BAD_WAL');
});

test('bad input: not SQLite, oversize, corrupt pages, a header blob cut short', async (t) => {
  const notSqlite = await t.throwsAsync(readRpmdb({ db: new TextEncoder().encode('x'.repeat(200)) }), {
    instanceOf: RpmdbError,
  });
  t.is(notSqlite.code, 'ERR_RPMDB_NOT_SQLITE');

  const dir = makeRpmdb(fresh(), rpms.slice(0, 2));
  const { db } = files(dir);
  const large = await t.throwsAsync(readRpmdb({ db }, { maxBytes: 1000 }), { instanceOf: RpmdbError });
  t.is(large.code, 'ERR_RPMDB_TOO_LARGE');
  const many = await t.throwsAsync(readRpmdb({ db }, { maxPackages: 1 }), { instanceOf: RpmdbError });
  t.is(many.code, 'ERR_RPMDB_TOO_LARGE');

  const zeroed = Uint8Array.from(db);
  zeroed.fill(0x55, 4096); // every page after the first
  const corrupt = await t.throwsAsync(readRpmdb({ db: zeroed }), { instanceOf: RpmdbError });
  t.is(corrupt.code, 'ERR_RPMDB_CORRUPT');

  // Cut one blob short with python3's sqlite3: the row is valid SQLite, the header is not.
  const cut = fresh();
  makeRpmdb(cut, rpms.slice(0, 2));
  const script = `import sqlite3,sys
c=sqlite3.connect(sys.argv[1]); c.execute('UPDATE Packages SET blob = substr(blob, 1, 100) WHERE hnum = 1'); c.commit(); c.close()`;
  const { spawnSync } = await import('node:child_process');
  t.is(spawnSync(systemPython, ['-c', script, join(cut, 'rpmdb.sqlite')]).status, 0);
  const bad = await t.throwsAsync(readRpmdb(files(cut), { subject: 'cut.sqlite' }), {
    instanceOf: RpmdbError,
  });
  t.is(bad.code, 'ERR_RPMDB_BAD_HEADER');
  t.regex(bad.message, /cut\.sqlite Packages row 1: .*ERR_RPM_HEADER_TRUNCATED/);
});

test('after a checkpoint the WAL restarts with new salts: stale frames behind the new ones are ignored', async (t) => {
  const base = makeRpmdb(fresh(), rpms.slice(0, 6));
  const extra = makeRpmdb(fresh(), rpms.slice(6, 12));
  const dir = fresh();
  // Transaction 1 adds six blobs (a long WAL); a checkpoint; transaction 2 deletes one row and
  // rewrites the WAL from its start with new salts, leaving transaction 1's frames behind it.
  const script = `import shutil, sqlite3, sys, os
base, extra, to = sys.argv[1:4]
os.makedirs(to + '.work'); work = to + '.work/rpmdb.sqlite'
shutil.copy(base + '/rpmdb.sqlite', work)
blobs = [r[0] for r in sqlite3.connect(extra + '/rpmdb.sqlite').execute('SELECT blob FROM Packages')]
c = sqlite3.connect(work, isolation_level=None)
c.execute('PRAGMA journal_mode=WAL'); c.execute('PRAGMA wal_autocheckpoint=0')
c.execute('BEGIN')
for b in blobs: c.execute('INSERT INTO Packages (blob) VALUES (?)', (b,))
c.execute('COMMIT')
before = os.path.getsize(work + '-wal')
c.execute('PRAGMA wal_checkpoint(PASSIVE)')
c.execute('DELETE FROM Packages WHERE hnum = 1')
after = os.path.getsize(work + '-wal')
os.makedirs(to)
for s in ('', '-wal'): shutil.copy(work + s, to + '/rpmdb.sqlite' + s)
print(before, after)`;
  const { spawnSync } = await import('node:child_process');
  const run = spawnSync(systemPython, ['-c', script, base, extra, dir], { encoding: 'utf8' });
  t.is(run.status, 0, run.stderr);
  const [before, after] = run.stdout.trim().split(' ').map(Number);
  t.is(before, after, 'the WAL file keeps its length: old frames are still in it');
  const ours = await expectSame(t, dir);
  t.is(ours.length, 6 + 6 - 1);
});

/** One query of the package in row `hnum` (rpm's `--qf` over `-q --dbpath DIR`). */
function queryRow(dir: string, hnum: number, format: string): string {
  return rpm(['-q', '--dbpath', dir, '--querybynumber', String(hnum), '--qf', format]);
}

test('a header whose SHA256 digest no longer matches is skipped, as rpm -qa skips it', async (t) => {
  const dir = makeRpmdb(fresh(), rpms.slice(0, 4));
  const summary = queryRow(dir, 2, '%{SUMMARY}');
  const label = queryRow(dir, 2, '%{NAME}-%{VERSION}-%{RELEASE}.%{ARCH}');
  t.true(summary.length > 2);
  // Inside the immutable region: every digest over it fails.
  alterBlob(dir, 2, summary, summary.slice(0, -1) + (summary.endsWith('x') ? 'y' : 'x'));
  const damaged: DamagedHeader[] = [];
  const ours = (await readRpmdb(files(dir), { onDamagedHeader: (d) => damaged.push(d) })).map(qaLine);
  const theirs = rpmQa(dir);
  t.is(theirs.length, 3, 'rpm -qa skips the damaged header');
  t.deepEqual([...ours].sort(), theirs);
  t.deepEqual(
    damaged.map((d) => `${d.hnum} ${d.nevra} ${d.algorithm}`),
    [`2 ${label} sha256`],
  );
  t.not(damaged[0]!.recorded, damaged[0]!.computed);
});

test('a header whose recorded SHA1 digest is wrong is skipped too', async (t) => {
  const dir = makeRpmdb(fresh(), rpms.slice(0, 4));
  const sha1 = queryRow(dir, 3, '%{SHA1HEADER}');
  t.regex(sha1, /^[0-9a-f]{40}$/);
  // SHA1HEADER sits outside the region it covers: the region (and its SHA-256) stay intact.
  alterBlob(dir, 3, sha1, (sha1.startsWith('0') ? '1' : '0') + sha1.slice(1));
  const damaged: DamagedHeader[] = [];
  const ours = (await readRpmdb(files(dir), { onDamagedHeader: (d) => damaged.push(d) })).map(qaLine);
  const theirs = rpmQa(dir);
  t.is(theirs.length, 3);
  t.deepEqual([...ours].sort(), theirs);
  t.deepEqual(
    damaged.map((d) => `${d.hnum} ${d.algorithm}`),
    ['3 sha1'],
  );
});

test('a commit frame claiming more pages than the file and the log hold is ERR_RPMDB_BAD_WAL, never an allocation', async (t) => {
  const base = makeRpmdb(fresh(), rpms.slice(0, 3));
  const extra = makeRpmdb(fresh(), rpms.slice(3, 4));
  const dir = fresh();
  makeWalCopy(base, extra, dir, 1);
  const { db, wal } = files(dir);
  const commits = commitFrames(wal!);
  t.true(commits.length > 0);
  for (const pages of [0xffffffff, 200_000]) {
    const forged = Uint8Array.from(wal!);
    new DataView(forged.buffer).setUint32(commits.at(-1)! + 4, pages);
    resealWal(forged);
    const error = await t.throwsAsync(readRpmdb({ db, wal: forged }), { instanceOf: RpmdbError });
    t.is(error.code, 'ERR_RPMDB_BAD_WAL');
    t.regex(error.message, new RegExp(`commits a database of ${pages} pages`));
  }
  // The resealed but unchanged log still reads as rpm reads it.
  t.is((await readRpmdb({ db, wal: resealWal(Uint8Array.from(wal!)) })).length, 3 - 1 + 1);
});
