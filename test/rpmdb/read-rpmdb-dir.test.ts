import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RpmdbError } from '../../src/rpmdb/errors.js';
import { readRpmdbDir } from '../../src/rpmdb/read-rpmdb-dir.js';
import { makeRpmdb, makeWalCopy, qaLine, rpmQa, worldRpms } from '../helpers/rpmdb-fixture.js';
import { testWithTools } from '../helpers/tools.js';

const test = testWithTools({ command: 'rpm' }, { python: 'sqlite3' });
const tmp = mkdtempSync(join(tmpdir(), 'cm-rpmdb-dir-'));
test.after.always(() => rmSync(tmp, { recursive: true, force: true }));

const rpms = worldRpms();
const small = makeRpmdb(join(tmp, 'small'), rpms.slice(0, 3));
const other = makeRpmdb(join(tmp, 'other'), rpms.slice(3, 5));
let counter = 0;

/** A root with the database at `real` (relative) and `links` as [path, target] symlinks. */
function root(real: string, links: [string, string][], from = small): string {
  const dir = join(tmp, `root${counter++}`);
  mkdirSync(join(dir, real), { recursive: true });
  cpSync(join(from, 'rpmdb.sqlite'), join(dir, real, 'rpmdb.sqlite'));
  for (const [path, target] of links) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    symlinkSync(target, join(dir, path));
  }
  return dir;
}

test('usr/share/rpm, as in rpm-ostree trees', async (t) => {
  const r = await readRpmdbDir(root('usr/share/rpm', []));
  t.is(r.location, 'usr/share/rpm/rpmdb.sqlite');
  t.deepEqual(r.packages.map(qaLine).sort(), rpmQa(small));
  t.false(r.wal);
});

test('the inverse layout: usr/share/rpm is a relative link to ../lib/sysimage/rpm', async (t) => {
  const r = await readRpmdbDir(root('usr/lib/sysimage/rpm', [['usr/share/rpm', '../lib/sysimage/rpm']]));
  t.is(r.location, 'usr/share/rpm/rpmdb.sqlite');
  t.is(r.resolved, 'usr/lib/sysimage/rpm/rpmdb.sqlite');
  t.is(r.packages.length, 3);
});

test('an absolute symlink is resolved inside the root, never on the host', async (t) => {
  // /var/lib/rpm → /usr/share/rpm: on the host that path may hold the host's own database.
  const dir = root('usr/share/rpm', [['var/lib/rpm', '/usr/share/rpm']]);
  rmSync(join(dir, 'usr/share/rpm/rpmdb.sqlite'));
  mkdirSync(join(dir, 'opt/db'), { recursive: true });
  cpSync(join(other, 'rpmdb.sqlite'), join(dir, 'opt/db/rpmdb.sqlite'));
  symlinkSync('/opt/db/rpmdb.sqlite', join(dir, 'usr/share/rpm/rpmdb.sqlite'));
  const r = await readRpmdbDir(dir, { locations: ['var/lib/rpm/rpmdb.sqlite'] });
  t.is(r.resolved, 'opt/db/rpmdb.sqlite');
  t.deepEqual(r.packages.map(qaLine).sort(), rpmQa(other));
});

test('.. in a link stops at the root', async (t) => {
  const dir = root('usr/share/rpm', [['var/lib/rpm', '../../../../../../usr/share/rpm']]);
  const r = await readRpmdbDir(dir, { locations: ['var/lib/rpm/rpmdb.sqlite'] });
  t.is(r.resolved, 'usr/share/rpm/rpmdb.sqlite');
});

test('the -wal beside the resolved file is replayed', async (t) => {
  const dir = join(tmp, `walroot${counter++}`);
  makeWalCopy(small, other, join(dir, 'usr/lib/sysimage/rpm'), 1);
  symlinkSync('/usr/lib/sysimage/rpm', join(dir, 'usr/share-rpm-link'));
  mkdirSync(join(dir, 'var/lib'), { recursive: true });
  symlinkSync('/usr/share-rpm-link', join(dir, 'var/lib/rpm'));
  const r = await readRpmdbDir(dir, { locations: ['var/lib/rpm/rpmdb.sqlite'] });
  t.true(r.wal);
  t.is(r.packages.length, 3 - 1 + 2);
});

test('no database, a symlink loop, an oversize file: typed errors', async (t) => {
  const empty = join(tmp, `empty${counter++}`);
  mkdirSync(empty);
  const missing = await t.throwsAsync(readRpmdbDir(empty), { instanceOf: RpmdbError });
  t.is(missing.code, 'ERR_RPMDB_NOT_FOUND');
  t.regex(missing.message, /usr\/share\/rpm\/rpmdb\.sqlite/);

  const loop = join(tmp, `loop${counter++}`);
  mkdirSync(join(loop, 'usr/share'), { recursive: true });
  symlinkSync('/usr/share/rpm', join(loop, 'usr/share/rpm'));
  const looped = await t.throwsAsync(readRpmdbDir(loop), { instanceOf: RpmdbError });
  t.is(looped.code, 'ERR_RPMDB_SYMLINK');

  const big = root('usr/share/rpm', []);
  const large = await t.throwsAsync(readRpmdbDir(big, { maxBytes: 1024 }), { instanceOf: RpmdbError });
  t.is(large.code, 'ERR_RPMDB_TOO_LARGE');

  const notDb = join(tmp, `notdb${counter++}`);
  mkdirSync(join(notDb, 'var/lib/rpm'), { recursive: true });
  writeFileSync(join(notDb, 'var/lib/rpm/rpmdb.sqlite'), 'not a database'.repeat(20));
  const bad = await t.throwsAsync(readRpmdbDir(notDb), { instanceOf: RpmdbError });
  t.is(bad.code, 'ERR_RPMDB_NOT_SQLITE');
});
