/**
 * Small real yum repos for the scan tests: RPMs built with rpmbuild, repos made by createrepo_c in
 * each compression, and createrepo_c's Python binding as the oracle of what they contain.
 * Built once per test process in a temp directory.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync, readdirSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
const systemPython = '/usr/bin/python3';

const spec = (name: string, epoch: string | null, version: string, release: string, extra: string) => `
Name: ${name}
${epoch === null ? '' : `Epoch: ${epoch}`}
Version: ${version}
Release: ${release}
Summary: ${name} & friends <test>
License: MIT
${extra}
%description
${name}: a test package. Unicode: café ✓.
%package devel
Summary: ${name} headers
Requires: ${name}%{?_isa} = %{?epoch:%{epoch}:}%{version}-%{release}
%description devel
Headers.
%install
mkdir -p %{buildroot}/usr/bin %{buildroot}/usr/include
echo '#!/bin/sh' > %{buildroot}/usr/bin/${name}
echo '/* h */' > %{buildroot}/usr/include/${name}.h
%files
/usr/bin/${name}
%files devel
/usr/include/${name}.h
`;

let built: string | undefined;

/** Directory of built RPMs (x86_64 and noarch, with epochs, ~, ^ and dependency flags). */
export function builtRpms(): string {
  if (built !== undefined) return built;
  const top = mkdtempSync(join(tmpdir(), 'scan-rpms-'));
  const packages: [string, string | null, string, string, string][] = [
    [
      'alpha',
      null,
      '1.10',
      '1.fc41',
      'Provides: alpha-api = 2.0\nRequires(pre): /bin/sh\nConflicts: beta < 1:0.5',
    ],
    ['beta', '2', '0.9~rc1', '3.fc41', 'Requires: alpha >= 1.2\nObsoletes: beta-old <= 0.1'],
    ['gamma', null, '2.0^git1', '1.fc41', 'BuildArch: noarch\nRecommends: alpha\nProvides: gamma(x) > 1'],
  ];
  for (const [name, epoch, version, release, extra] of packages) {
    const specFile = join(top, `${name}.spec`);
    writeFileSync(specFile, spec(name, epoch, version, release, extra));
    execFileSync(
      'rpmbuild',
      ['-bb', '--define', `_topdir ${top}`, '--define', '_build_id_links none', specFile],
      {
        stdio: 'ignore',
        env: { ...process.env, HOME: top },
      },
    );
  }
  const out = join(top, 'rpms');
  mkdirSync(out);
  for (const arch of readdirSync(join(top, 'RPMS'))) {
    for (const file of readdirSync(join(top, 'RPMS', arch)))
      copyFileSync(join(top, 'RPMS', arch, file), join(out, file));
  }
  built = out;
  return out;
}

/**
 * Compressions of primary.xml. createrepo_c picks the XML compression with
 * `--general-compress-type` (`--compress-type` only changes the sqlite files), and Debian 12's
 * 0.17.3 has no zstd: the zstd variant is the gz repo with primary.xml recompressed by the `zstd`
 * CLI and its repomd record rewritten through the Python binding.
 */
export const compressions = ['gz', 'zstd', 'xz', 'bz2'] as const;

const zstdScript = `
import sys, os, hashlib, subprocess, createrepo_c as cr
repo = sys.argv[1]
md = cr.Repomd(repo + '/repodata/repomd.xml')
rec = [r for r in md.records if r.type == 'primary'][0]
src = repo + '/' + rec.location_href
xml = src[:-3]
cr.decompress_file(src, xml, cr.GZ_COMPRESSION)
subprocess.run(['zstd', '-q', '-f', '--rm', xml, '-o', xml + '.zst'], check=True)
data = open(xml + '.zst', 'rb').read()
digest = hashlib.sha256(data).hexdigest()
name = 'repodata/' + digest + '-primary.xml.zst'
os.rename(xml + '.zst', repo + '/' + name)
os.remove(src)
new = cr.RepomdRecord('primary', repo + '/' + name)
new.fill(cr.SHA256)
new.checksum_open = rec.checksum_open
new.checksum_open_type = rec.checksum_open_type
new.size_open = rec.size_open
new.timestamp = rec.timestamp
md.set_record(new)
open(repo + '/repodata/repomd.xml', 'w').write(md.xml_dump())
`;

const repos = new Map<string, string>();

/** A repo made by createrepo_c with `--compress-type type`; returns its directory. */
export function repoWith(type: (typeof compressions)[number]): string {
  const cached = repos.get(type);
  if (cached !== undefined) return cached;
  const dir = mkdtempSync(join(tmpdir(), `scan-repo-${type}-`));
  for (const file of readdirSync(builtRpms())) copyFileSync(join(builtRpms(), file), join(dir, file));
  const general = type === 'zstd' ? 'gz' : type;
  execFileSync(
    'createrepo_c',
    ['--quiet', '--no-database', '--general-compress-type', general, '--revision', '1.10', dir],
    {
      stdio: 'ignore',
    },
  );
  if (type === 'zstd') execFileSync(systemPython, ['-c', zstdScript, dir], { stdio: 'ignore' });
  repos.set(type, dir);
  return dir;
}

/** What createrepo_c's Python binding reads from a repo: repomd records and primary packages. */
export interface OracleRepo {
  revision: string;
  records: {
    type: string;
    location: string;
    checksum: string;
    checksumType: string;
    openChecksum: string | null;
    timestamp: number;
    size: number;
    openSize: number;
  }[];
  packages: {
    name: string;
    epoch: string;
    version: string;
    release: string;
    arch: string;
    sourcerpm: string;
    location: string;
    provides: [string, string | null, string | null, string | null, string | null, boolean][];
    requires: [string, string | null, string | null, string | null, string | null, boolean][];
  }[];
}

const oracleScript = `
import sys, json, createrepo_c as cr
repo = sys.argv[1]
md = cr.Repomd(repo + '/repodata/repomd.xml')
records = [dict(type=r.type, location=r.location_href, checksum=r.checksum, checksumType=r.checksum_type,
                openChecksum=r.checksum_open, timestamp=r.timestamp, size=r.size, openSize=r.size_open) for r in md.records]
primary = [r for r in md.records if r.type == 'primary'][0]
packages = []
def cb(pkg):
    packages.append(dict(name=pkg.name, epoch=pkg.epoch, version=pkg.version, release=pkg.release, arch=pkg.arch,
        sourcerpm=pkg.rpm_sourcerpm, location=pkg.location_href,
        provides=[list(p) for p in pkg.provides], requires=[list(p) for p in pkg.requires]))
path = repo + '/' + primary.location_href
if path.endswith('.zst'):
    # createrepo_c 0.17.3 cannot read zstd: the oracle reads the same XML uncompressed.
    import subprocess, tempfile
    plain = tempfile.mktemp(suffix='.xml')
    subprocess.run(['zstd', '-q', '-d', path, '-o', plain], check=True)
    path = plain
cr.xml_parse_primary(path, pkgcb=cb, do_files=False)
print(json.dumps(dict(revision=md.revision, records=records, packages=packages)))
`;

/** Reads `repoDir` with createrepo_c's Python binding. */
export function oracle(repoDir: string): OracleRepo {
  return JSON.parse(
    execFileSync(systemPython, ['-c', oracleScript, repoDir], { encoding: 'utf8' }),
  ) as OracleRepo;
}
