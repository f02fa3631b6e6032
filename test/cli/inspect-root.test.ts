import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BaseImageSchema } from '../../src/base/base-image.js';
import { readBaseImage } from '../../src/base/read-base-image.js';
import {
  alterBlob,
  makeBdbPackages,
  makeEmptyNdbPackages,
  makeRpmdb,
  qaLine,
  rpm,
  rpmQa,
  rpmQaBdb,
  worldRpms,
} from '../helpers/rpmdb-fixture.js';
import { runCli } from '../helpers/run-cli.js';
import { testWithTools } from '../helpers/tools.js';

const withBdb = testWithTools({ command: 'rpm' }, { command: 'db5.3_load' });

const test = testWithTools({ command: 'rpm' });
const tmp = mkdtempSync(join(tmpdir(), 'cm-root-'));
test.after.always(() => rmSync(tmp, { recursive: true, force: true }));

const rpms = worldRpms();
const all = makeRpmdb(join(tmp, 'db-all'), rpms);
const few = makeRpmdb(join(tmp, 'db-few'), rpms.slice(0, 4));

/** A tree laid out like an rpm-ostree one: the database in usr/share/rpm, var/lib/rpm linked to it. */
function tree(name: string, db: string, osRelease: string | null): string {
  const root = join(tmp, name);
  mkdirSync(join(root, 'usr/share/rpm'), { recursive: true });
  cpSync(join(db, 'rpmdb.sqlite'), join(root, 'usr/share/rpm/rpmdb.sqlite'));
  mkdirSync(join(root, 'var/lib'), { recursive: true });
  symlinkSync('/usr/share/rpm', join(root, 'var/lib/rpm'));
  if (osRelease !== null) {
    mkdirSync(join(root, 'usr/lib'), { recursive: true });
    writeFileSync(join(root, 'usr/lib/os-release'), osRelease);
  }
  return root;
}

test('inspect --root DIR --json: the packages rpm -qa lists, arch, version from os-release', async (t) => {
  const root = tree('fcos', all, 'NAME="Fedora Linux"\nVERSION_ID=32\nOSTREE_VERSION=\'32.20200807.3.0\'\n');
  const result = await runCli(['inspect', '--root', root, '--json']);
  t.is(result.code, 0, result.stderr);
  const base = BaseImageSchema.parse(JSON.parse(result.stdout));
  t.deepEqual(base.source, { kind: 'root', location: root, ref: null, deployment: null });
  t.is(base.version, '32.20200807.3.0');
  t.is(base.arch, 'x86_64');
  t.deepEqual(base.repos, []);
  t.deepEqual(base.packages.map((p) => qaLine({ ...p, sourcerpm: p.sourcerpm ?? null })).sort(), rpmQa(all));
  t.true(base.notes.some((n) => n.includes('/usr/share/rpm/rpmdb.sqlite')));
  t.true(base.notes.some((n) => n.includes('OSTREE_VERSION')));
});

test('a client-layered host: the base db under rpm-ostree-base-db wins, and a note says so', async (t) => {
  const root = tree('layered', all, 'VERSION_ID="32"\n');
  mkdirSync(join(root, 'usr/lib/sysimage/rpm-ostree-base-db'), { recursive: true });
  cpSync(join(few, 'rpmdb.sqlite'), join(root, 'usr/lib/sysimage/rpm-ostree-base-db/rpmdb.sqlite'));
  const base = await readBaseImage({ kind: 'root', dir: root });
  t.is(base.packages.length, 4);
  t.is(base.version, '32');
  t.true(base.notes.some((n) => n.includes('rpm-ostree-base-db') && n.includes('client-side layering')));
});

test('other sources keep their JSON: no sourcerpm field appears', async (t) => {
  const result = await runCli(['inspect', '--pkglist', '-', '--json'], {
    stdin: 'bash-5.0.11-2.fc32.x86_64\n',
  });
  t.is(result.code, 0, result.stderr);
  t.false(result.stdout.includes('sourcerpm'));
});

test('--root errors: not a directory, no database, exclusive with other sources', async (t) => {
  const missing = await runCli(['inspect', '--root', join(tmp, 'nope')]);
  t.is(missing.code, 2);
  t.regex(missing.stderr, /not a directory.*ERR_BASE_BAD_SOURCE/);
  const empty = join(tmp, 'empty');
  mkdirSync(empty);
  const noDb = await runCli(['inspect', '--root', empty]);
  t.is(noDb.code, 2);
  t.regex(noDb.stderr, /No rpm database.*ERR_BASE_NO_DATA/);
  const two = await runCli(['inspect', '--root', empty, '--pkglist', 'x']);
  t.is(two.code, 2);
  t.regex(two.stderr, /only one base source/);
});

withBdb('a CentOS-style root with only a Berkeley DB Packages: the format is named, exit 2', async (t) => {
  const root = join(tmp, 'centos');
  makeBdbPackages(few, join(root, 'var/lib/rpm/Packages'));
  // rpm itself reads it as an rpm database: four packages, the ones of the SQLite one.
  t.deepEqual(
    rpmQaBdb(join(root, 'var/lib/rpm')),
    rpmQa(few)
      .map((l) => l.split(' '))
      .map(([n, , v, r, a]) => `${n}-${v}-${r}.${a}`)
      .sort(),
  );
  const result = await runCli(['inspect', '--root', root]);
  t.is(result.code, 2, result.stderr);
  t.regex(
    result.stderr,
    /\/var\/lib\/rpm\/Packages is a Berkeley DB rpm database \(rpm before 4\.16\).*only rpm's SQLite database.*ERR_RPMDB_UNSUPPORTED_FORMAT/s,
  );
  t.notRegex(result.stderr, /is it the root of an rpm-based tree/);
  // The advice works: rpm converts the directory, and then the tree reads as rpm lists it.
  const command = /rpmdb --dbpath COPY --define '_db_backend sqlite' --rebuilddb/.exec(result.stderr);
  t.not(command, null);
  rpm(['--dbpath', join(root, 'var/lib/rpm'), '--define', '_db_backend sqlite', '--rebuilddb']);
  const converted = await readBaseImage({ kind: 'root', dir: root });
  t.deepEqual(
    converted.packages.map((p) => qaLine({ ...p, sourcerpm: p.sourcerpm ?? null })).sort(),
    rpmQa(few),
  );
});

test('a SUSE-style root with an NDB Packages.db: the format is named, exit 2', async (t) => {
  const root = join(tmp, 'suse');
  makeEmptyNdbPackages(join(root, 'usr/lib/sysimage/rpm/Packages.db'));
  const result = await runCli(['inspect', '--root', root]);
  t.is(result.code, 2, result.stderr);
  t.regex(result.stderr, /Packages\.db is an NDB rpm database.*ERR_RPMDB_UNSUPPORTED_FORMAT/s);
  // Some other file named Packages is no database: still the plain "no database" answer.
  const other = join(tmp, 'not-bdb');
  mkdirSync(join(other, 'var/lib/rpm'), { recursive: true });
  writeFileSync(join(other, 'var/lib/rpm/Packages'), 'x'.repeat(64));
  const plain = await runCli(['inspect', '--root', other]);
  t.is(plain.code, 2);
  t.regex(plain.stderr, /No rpm database.*ERR_BASE_NO_DATA/s);
});

test("a damaged header in the tree's database is left out, as rpm -qa leaves it out, and a note says which", async (t) => {
  const db = makeRpmdb(join(tmp, 'db-damaged'), rpms.slice(0, 4));
  const summary = rpm(['-q', '--dbpath', db, '--querybynumber', '2', '--qf', '%{SUMMARY}']);
  const label = rpm([
    '-q',
    '--dbpath',
    db,
    '--querybynumber',
    '2',
    '--qf',
    '%{NAME}-%{VERSION}-%{RELEASE}.%{ARCH}',
  ]);
  alterBlob(db, 2, summary, summary.slice(0, -1) + (summary.endsWith('x') ? 'y' : 'x'));
  const root = tree('damaged', db, 'VERSION_ID=32\n');
  const base = await readBaseImage({ kind: 'root', dir: root });
  t.deepEqual(base.packages.map((p) => qaLine({ ...p, sourcerpm: p.sourcerpm ?? null })).sort(), rpmQa(db));
  t.is(base.packages.length, 3);
  const notes = base.notes.filter((n) => n.startsWith('skipped rpm database header'));
  t.is(notes.length, 1);
  t.regex(
    notes[0]!,
    new RegExp(
      `^skipped rpm database header h#2 \\(${label.replace(/[.+]/g, '\\$&')}\\): its SHA256 header digest`,
    ),
  );
});
