/**
 * The sources of the fetch tests, built once per test process into a temp dir from real tools: a
 * kernel-like family (`kernel`, `kernel-core`, `kernel-devel`, `kernel-devel-matched` pinning the
 * other two by EVR) in four builds, signed copies made with rpmsign under a throwaway key, and
 *
 *   pool/      createrepo_c over the signed 6.11.4 (a build that never went through updates)
 *   archive/   createrepo_c over the signed 6.11.3
 *   koji/packages/kernel/<v>/<r>/noarch/   the unsigned copies of 6.11.3, 6.11.2 and 6.11.1, and
 *   koji/packages/kernel/<v>/<r>/data/sigcache/<keyid>/noarch/<nvra>.rpm.sig for 6.11.3 and 6.11.2
 *
 * The sigcache headers are cut from the signed files by their lengths (the 16-byte intro of the
 * signature header gives its index count and data size), not by the code under test.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { buildRpms, makeTestKey, signCopy, type TestKey } from '../../helpers/rpm-build.js';
import type { Nevra } from '../../../src/rpm/types.js';

/** The versions built; each is `<v>-<release>` of the `kernel` source package. */
export const builds = {
  pool: { version: '6.11.4', release: '301.fc41' },
  archive: { version: '6.11.3', release: '300.fc41' },
  kojiSigned: { version: '6.11.2', release: '300.fc41' },
  kojiUnsigned: { version: '6.11.1', release: '300.fc41' },
} as const;
export type BuildName = keyof typeof builds;

export const subpackages = ['kernel', 'kernel-core', 'kernel-devel', 'kernel-devel-matched'] as const;

export interface SourcesWorld {
  top: string;
  key: TestKey;
  /** The key's id as Koji names its sigcache directory (8 lowercase hex digits). */
  keyId: string;
  poolDir: string;
  archiveDir: string;
  /** `…/koji/packages/` */
  kojiRoot: string;
  /** Unsigned and signed file of each build's subpackage: `files[build][name]`. */
  unsigned: Record<BuildName, Record<string, string>>;
  signed: Record<BuildName, Record<string, string>>;
}

/** The NEVRA of subpackage `name` of `build` (noarch, no epoch). */
export function nevraOf(build: BuildName, name: string): Nevra {
  return { name, epoch: null, ...builds[build], arch: 'noarch' };
}

export function srpmOf(build: BuildName): string {
  return `kernel-${builds[build].version}-${builds[build].release}.src.rpm`;
}

let world: SourcesWorld | undefined;

/** Builds (once) and returns the world. */
export function sourcesWorld(): SourcesWorld {
  if (world !== undefined) return world;
  const top = mkdtempSync(join(tmpdir(), 'cm-fetch-sources-'));
  const key = makeTestKey();
  const fpr = execFileSync('gpg', ['--with-colons', '--fingerprint', key.name], {
    env: { ...process.env, GNUPGHOME: key.home },
    encoding: 'utf8',
  })
    .split('\n')
    .find((l) => l.startsWith('fpr:'))!
    .split(':')[9]!;
  const keyId = fpr.slice(-8).toLowerCase();
  const unsigned = {} as SourcesWorld['unsigned'];
  const signed = {} as SourcesWorld['signed'];
  for (const build of Object.keys(builds) as BuildName[]) {
    const { version, release } = builds[build];
    const evr = `${version}-${release}`;
    const rpms = buildRpms({
      name: 'kernel',
      version,
      release,
      packages: [
        { name: 'kernel', requires: [`kernel-core = ${evr}`] },
        { name: 'kernel-core' },
        { name: 'kernel-devel' },
        { name: 'kernel-devel-matched', requires: [`kernel-devel = ${evr}`, `kernel-core = ${evr}`] },
      ],
    });
    unsigned[build] = Object.fromEntries(rpms);
    signed[build] = Object.fromEntries(
      [...rpms].map(([name, path]) => [name, signCopy(path, key, join(top, 'signed', build))]),
    );
  }
  const repo = (dir: string, build: BuildName) => {
    mkdirSync(dir, { recursive: true });
    for (const path of Object.values(signed[build])) copyFileSync(path, join(dir, basename(path)));
    execFileSync('createrepo_c', ['--quiet', '--no-database', dir], { stdio: 'ignore' });
  };
  const poolDir = join(top, 'pool');
  const archiveDir = join(top, 'archive');
  repo(poolDir, 'pool');
  repo(archiveDir, 'archive');
  const kojiRoot = join(top, 'koji', 'packages');
  for (const build of ['archive', 'kojiSigned', 'kojiUnsigned'] as const) {
    const { version, release } = builds[build];
    const dir = join(kojiRoot, 'kernel', version, release);
    mkdirSync(join(dir, 'noarch'), { recursive: true });
    for (const path of Object.values(unsigned[build]))
      copyFileSync(path, join(dir, 'noarch', basename(path)));
    if (build === 'kojiUnsigned') continue;
    const sigDir = join(dir, 'data', 'sigcache', keyId, 'noarch');
    mkdirSync(sigDir, { recursive: true });
    for (const path of Object.values(signed[build]))
      writeFileSync(join(sigDir, `${basename(path)}.sig`), signatureHeader(readFileSync(path)));
  }
  world = { top, key, keyId, poolDir, archiveDir, kojiRoot, unsigned, signed };
  return world;
}

/** The signature header of an .rpm file, magic through the padding to 8 bytes (Koji's .sig). */
export function signatureHeader(rpm: Buffer): Buffer {
  const il = rpm.readUInt32BE(96 + 8);
  const dl = rpm.readUInt32BE(96 + 12);
  const size = 16 + 16 * il + dl;
  return rpm.subarray(96, 96 + Math.ceil(size / 8) * 8);
}
