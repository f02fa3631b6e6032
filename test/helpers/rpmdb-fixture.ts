/**
 * rpm databases built at test time by Debian's rpm (`--justdb`, so nothing but the database is
 * written) from the RPMs of the committed world, and `rpm -qa` as the oracle that reads them.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { repoRoot } from './repo-root.js';
import { systemPython } from './tools.js';

/** The query format of the differential tests; rpm prints `(none)` for an absent tag. */
export const QA_FORMAT = '%{NAME} %{EPOCH} %{VERSION} %{RELEASE} %{ARCH} %{SOURCERPM}\\n';

/** One RPM file per file name from fixtures/world/kojipkgs (the world repeats them across composes), sorted. */
export function worldRpms(): string[] {
  const byName = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.rpm') && !byName.has(entry.name)) byName.set(entry.name, path);
    }
  };
  walk(join(repoRoot, 'fixtures/world/kojipkgs'));
  return [...byName.keys()].sort().map((name) => byName.get(name)!);
}

/** Runs rpm, failing with its stderr. */
export function rpm(args: readonly string[]): string {
  const run = spawnSync('rpm', ['--define', '_db_backend sqlite', ...args], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`rpm ${args.join(' ')} failed: ${run.stderr}`);
  return run.stdout;
}

/** Creates `dir` and installs `rpms` into a database there (database only, no files, no scripts). */
export function makeRpmdb(dir: string, rpms: readonly string[]): string {
  mkdirSync(dir, { recursive: true });
  if (rpms.length === 0) {
    rpm(['--dbpath', dir, '--initdb']);
    return dir;
  }
  // --replacefiles: the world has several versions of one package, which own the same paths.
  rpm([
    '--dbpath',
    dir,
    '--justdb',
    '--nodeps',
    '--noscripts',
    '--notriggers',
    '--ignorearch',
    '--ignoreos',
    '--nosignature',
    '--nodigest',
    '--replacefiles',
    '-i',
    ...rpms,
  ]);
  return dir;
}

/** `rpm -qa` of a database as sorted `name epoch version release arch sourcerpm` lines. */
export function rpmQa(dir: string): string[] {
  return rpm(['-qa', '--dbpath', dir, '--qf', QA_FORMAT])
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('gpg-pubkey '))
    .sort();
}

/** The same line for one of our packages. */
export function qaLine(p: {
  name: string;
  epoch: number | null;
  version: string;
  release: string;
  arch: string;
  sourcerpm: string | null;
}): string {
  return [p.name, p.epoch ?? '(none)', p.version, p.release, p.arch, p.sourcerpm ?? '(none)'].join(' ');
}

/**
 * Copies the database in `from` to `to` with a transaction left in a `-wal` beside it: python3's
 * sqlite3 (WAL mode, no auto-checkpoint) deletes the row `deleteHnum` and inserts every header blob
 * of the database in `extra`, and the files are copied while that connection is still open (closing
 * the last connection would checkpoint). Returns the size of the `-wal`.
 */
export function makeWalCopy(from: string, extra: string, to: string, deleteHnum: number): number {
  mkdirSync(to, { recursive: true });
  const script = `
import shutil, sqlite3, sys, os
src, extra, to, hnum = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
work = to + '.work'
os.makedirs(work, exist_ok=True)
shutil.copy(src + '/rpmdb.sqlite', work + '/rpmdb.sqlite')
blobs = [r[0] for r in sqlite3.connect(extra + '/rpmdb.sqlite').execute('SELECT blob FROM Packages ORDER BY hnum')]
c = sqlite3.connect(work + '/rpmdb.sqlite', isolation_level=None)
assert c.execute('PRAGMA journal_mode=WAL').fetchone()[0] == 'wal'
c.execute('PRAGMA wal_autocheckpoint=0')
c.execute('BEGIN')
c.execute('DELETE FROM Packages WHERE hnum = ?', (hnum,))
for b in blobs: c.execute('INSERT INTO Packages (blob) VALUES (?)', (b,))
c.execute('COMMIT')
for s in ('', '-wal'): shutil.copy(work + '/rpmdb.sqlite' + s, to + '/rpmdb.sqlite' + s)
print(os.path.getsize(to + '/rpmdb.sqlite-wal'))
`;
  const run = spawnSync(systemPython, ['-c', script, from, extra, to, String(deleteHnum)], {
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`making a WAL copy failed: ${run.stderr}`);
  return Number(run.stdout.trim());
}

/**
 * Damages the header blob of row `hnum` in `dir`'s database in place (python3's sqlite3): the first
 * occurrence of `find` becomes `replace` (same length, so the header still parses). Like go-rpmdb's
 * altered blob.bin, a header whose digest no longer matches.
 */
export function alterBlob(dir: string, hnum: number, find: string, replace: string): void {
  if (find.length !== replace.length) throw new Error('alterBlob keeps the length');
  const script = `
import sqlite3, sys
db, hnum, find, replace = sys.argv[1], int(sys.argv[2]), sys.argv[3].encode(), sys.argv[4].encode()
c = sqlite3.connect(db)
blob = c.execute('SELECT blob FROM Packages WHERE hnum = ?', (hnum,)).fetchone()[0]
assert find in blob, 'not in the blob'
c.execute('UPDATE Packages SET blob = ? WHERE hnum = ?', (blob.replace(find, replace, 1), hnum))
c.commit()
`;
  const run = spawnSync(
    systemPython,
    ['-c', script, join(dir, 'rpmdb.sqlite'), String(hnum), find, replace],
    {
      encoding: 'utf8',
    },
  );
  if (run.status !== 0) throw new Error(`altering a blob failed: ${run.stderr}`);
}

/**
 * A Berkeley DB `Packages` (rpm before 4.16: CentOS 7/8) holding the header blobs of the SQLite
 * database in `sqliteDir`, keyed by header number as rpm keys them, written by Berkeley DB's own
 * `db5.3_load` (Debian's db5.3-util). Debian's rpm reads it back with its read-only `bdb_ro` backend.
 */
export function makeBdbPackages(sqliteDir: string, out: string): void {
  const script = `
import sqlite3, struct, subprocess, sys
rows = sqlite3.connect(sys.argv[1]).execute('SELECT hnum, blob FROM Packages ORDER BY hnum').fetchall()
lines = ['VERSION=3', 'format=bytevalue', 'type=hash', 'HEADER=END']
for hnum, blob in rows:
    lines += [' ' + struct.pack('=I', hnum).hex(), ' ' + bytes(blob).hex()]
lines.append('DATA=END')
subprocess.run(['db5.3_load', sys.argv[2]], input=('\\n'.join(lines) + '\\n').encode(), check=True)
`;
  mkdirSync(dirname(out), { recursive: true });
  const run = spawnSync(systemPython, ['-c', script, join(sqliteDir, 'rpmdb.sqlite'), out], {
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`db5.3_load failed: ${run.stderr}`);
}

/** `rpm -qa` (NAME-VERSION-RELEASE.ARCH, sorted) over a Berkeley DB database, through rpm's bdb_ro. */
export function rpmQaBdb(dir: string): string[] {
  const run = spawnSync('rpm', ['--define', '_db_backend bdb_ro', '--dbpath', dir, '-qa'], {
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`rpm -qa (bdb_ro) failed: ${run.stderr}`);
  return run.stdout
    .split('\n')
    .filter((l) => l !== '')
    .sort();
}

/**
 * An empty NDB `Packages.db` as SUSE's rpm creates it (rpm's lib/backend/ndb/rpmpkg.c,
 * rpmpkgInitInternal): the 32-byte header — magic `RpmP`, version 0, generation 1, one slot page,
 * next package index 1, little-endian — over a slot page of `Slot` magics. Written here because no
 * Debian tool writes NDB (Debian's rpm is built without it).
 */
export function makeEmptyNdbPackages(out: string): void {
  const page = Buffer.alloc(4096);
  for (let off = 0; off < page.length; off += 16) page.write('Slot', off, 'latin1');
  page.fill(0, 0, 32);
  page.write('RpmP', 0, 'latin1');
  page.writeUInt32LE(0, 4);
  page.writeUInt32LE(1, 8);
  page.writeUInt32LE(1, 12);
  page.writeUInt32LE(1, 16);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, page);
}
