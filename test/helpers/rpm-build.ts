/**
 * Small RPMs built at test time with rpmbuild, and signed with rpmsign under a throwaway GPG key
 * generated into a temp GNUPGHOME, so signature tests use real rpm output, not hand-made bytes.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findOnPath } from './on-path.js';

/** One binary package of a spec: name (the main package when equal to the spec's) and its Requires. */
export interface SubPackage {
  name: string;
  requires?: string[];
}

/** A spec: source name, version, release, packages. Builds noarch, one tiny file per package. */
export interface SpecInput {
  name: string;
  version: string;
  release: string;
  packages: SubPackage[];
}

/** Builds the spec's binary RPMs into a fresh temp topdir; returns their paths by package name. */
export function buildRpms(spec: SpecInput): Map<string, string> {
  const top = mkdtempSync(join(tmpdir(), 'cm-rpmbuild-'));
  const lines = [
    `Name: ${spec.name}`,
    `Version: ${spec.version}`,
    `Release: ${spec.release}`,
    'Summary: test package',
    'License: MIT',
    'BuildArch: noarch',
    '%description',
    'test',
  ];
  for (const p of spec.packages) {
    const sub = p.name === spec.name ? '' : ` -n ${p.name}`;
    if (sub !== '') lines.push(`%package${sub}`, 'Summary: test subpackage', '%description' + sub, 'test');
    if (sub !== '') {
      const at = lines.lastIndexOf('%description' + sub);
      lines.splice(at, 0, ...(p.requires ?? []).map((r) => `Requires: ${r}`));
    }
  }
  const main = spec.packages.find((p) => p.name === spec.name);
  if (main !== undefined) lines.splice(4, 0, ...(main.requires ?? []).map((r) => `Requires: ${r}`));
  lines.push('%install', 'mkdir -p %{buildroot}/usr/share/cm-test');
  for (const p of spec.packages) lines.push(`echo ${p.name} > %{buildroot}/usr/share/cm-test/${p.name}`);
  for (const p of spec.packages) {
    lines.push(p.name === spec.name ? '%files' : `%files -n ${p.name}`, `/usr/share/cm-test/${p.name}`);
  }
  const specPath = join(top, `${spec.name}.spec`);
  writeFileSync(specPath, lines.join('\n') + '\n');
  execFileSync(
    'rpmbuild',
    [
      '-bb',
      '--quiet',
      '--define',
      `_topdir ${top}`,
      // Fixed build time and host keep the bytes stable within a run.
      '--define',
      'use_source_date_epoch_as_buildtime 1',
      '--define',
      '_buildhost cm-test',
      specPath,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, SOURCE_DATE_EPOCH: '1700000000' } },
  );
  const out = new Map<string, string>();
  for (const p of spec.packages) {
    out.set(p.name, join(top, 'RPMS', 'noarch', `${p.name}-${spec.version}-${spec.release}.noarch.rpm`));
  }
  return out;
}

/** A throwaway signing key: its GNUPGHOME, name and exported public key file. */
export interface TestKey {
  home: string;
  name: string;
  publicKey: string;
}

/** Generates an RSA signing key without a passphrase into a temp GNUPGHOME. */
export function makeTestKey(): TestKey {
  const home = mkdtempSync(join(tmpdir(), 'cm-gpg-'));
  const name = 'compose-match test <test@example.invalid>';
  const env = { ...process.env, GNUPGHOME: home };
  execFileSync('gpg', ['--batch', '--passphrase', '', '--quick-gen-key', name, 'rsa2048', 'sign', 'never'], {
    env,
    stdio: 'ignore',
  });
  const publicKey = join(home, 'public.asc');
  writeFileSync(publicKey, execFileSync('gpg', ['--armor', '--export', name], { env }));
  return { home, name, publicKey };
}

/** A signed copy of `rpm` in `dir` (rpmsign signs in place, so the unsigned file stays as it was). */
export function signCopy(rpmPath: string, key: TestKey, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const dest = join(dir, rpmPath.split('/').pop()!);
  copyFileSync(rpmPath, dest);
  execFileSync(
    'rpmsign',
    [
      '--addsign',
      '--define',
      `__gpg ${findOnPath('gpg') ?? 'gpg'}`,
      '--define',
      `_gpg_name ${key.name}`,
      '--define',
      `_gpg_path ${key.home}`,
      dest,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, GNUPGHOME: key.home } },
  );
  return dest;
}

/** `rpm -K` of `file` against a temp rpmdb holding only `key`: its exit status and output. */
export function checkSignature(file: string, key: TestKey): { status: number; output: string } {
  const db = mkdtempSync(join(tmpdir(), 'cm-rpmdb-'));
  execFileSync('rpm', ['--dbpath', db, '--import', key.publicKey]);
  try {
    const output = execFileSync('rpm', ['--dbpath', db, '-Kv', file], { encoding: 'utf8' });
    return { status: 0, output };
  } catch (e) {
    const err = e as { status: number; stdout: string };
    return { status: err.status, output: err.stdout };
  }
}
