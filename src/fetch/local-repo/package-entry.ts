/**
 * One `<package>` of the local repo's primary.xml, from an .rpm file: its headers (read without
 * the payload), the SHA-256 of the whole file (streamed), its size and mtime. Dependencies are
 * filtered as createrepo_c filters them, so dnf resolves the local repo as it would one made by
 * createrepo_c.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Nevra } from '../../rpm/types.js';
import {
  dependencyTags,
  headerDependencies,
  sensePre,
  toPrimaryDependency,
  type DependencyKind,
  type HeaderDependency,
} from '../../rpmfile/header-deps.js';
import { headerNevra, headerSourceRpm } from '../../rpmfile/header-nevra.js';
import type { PrimaryDependency } from '../../rpmmd/primary-types.js';
import { packageFields, type PackageFields } from './header-fields.js';
import { readRpmFileHeaders } from './rpm-file-headers.js';

/** Everything primary.xml says about one package. */
export interface RepoPackage extends PackageFields {
  nevra: Nevra;
  sourcerpm: string | null;
  /** SHA-256 of the file (lowercase hex): `<checksum type="sha256" pkgid="YES">`. */
  sha256: string;
  /** File size in bytes. */
  size: number;
  /** File mtime, epoch seconds (`time file`). */
  mtime: number;
  /** `location href`: the file name (the repo is flat). */
  location: string;
  deps: Record<DependencyKind, PrimaryDependency[]>;
}

/** Reads the package entry of the .rpm at `path`. */
export async function readRepoPackage(path: string): Promise<RepoPackage> {
  const { layout } = await readRpmFileHeaders(path);
  const info = await stat(path);
  const fields = packageFields(layout);
  const nevra = headerNevra(layout.header);
  const deps = {} as Record<DependencyKind, PrimaryDependency[]>;
  for (const kind of Object.keys(dependencyTags) as DependencyKind[]) {
    deps[kind] = headerDependencies(layout.header, kind).map(toPrimaryDependency);
  }
  deps.requires = primaryRequires(
    headerDependencies(layout.header, 'requires'),
    headerDependencies(layout.header, 'provides'),
    fields.files,
  );
  return {
    ...fields,
    nevra,
    sourcerpm: headerSourceRpm(layout.header),
    sha256: await sha256File(path),
    size: info.size,
    mtime: Math.floor(info.mtimeMs / 1000),
    location: basename(path),
    deps,
  };
}

/**
 * createrepo_c's rules for primary.xml requires: no `rpmlib(…)`; no requirement on one of the
 * package's own primary files or on an entry it provides itself; `pre` for Requires(pre/post) and PreReq;
 * a repeat of the previous entry of the same name (same flags, version, pre) dropped.
 */
function primaryRequires(
  requires: readonly HeaderDependency[],
  provides: readonly HeaderDependency[],
  files: PackageFields['files'],
): PrimaryDependency[] {
  // Checked with Debian's createrepo_c 0.17: `Requires: x` is dropped when `Provides: x` is the
  // same entry (name, comparison, EVR), kept when only the name is provided (`rich-api = 2.0`).
  const provided = new Set(provides.map((p) => `${p.name}\u0000${p.sense & 0x0e}\u0000${p.evr}`));
  const ownPrimary = new Set(files.map((f) => f.path).filter(isPrimaryFile));
  const last = new Map<string, string>();
  const out: PrimaryDependency[] = [];
  for (const dep of requires) {
    if (dep.name.startsWith('rpmlib(') || ownPrimary.has(dep.name)) continue;
    if (provided.has(`${dep.name}\u0000${dep.sense & 0x0e}\u0000${dep.evr}`)) continue;
    const key = `${dep.sense & 0x0e}\u0000${dep.evr}\u0000${sensePre(dep.sense)}`;
    if (last.get(dep.name) === key) continue;
    last.set(dep.name, key);
    out.push(toPrimaryDependency(dep));
  }
  return out;
}

/** createrepo_c's "primary" files, the only ones primary.xml lists: `/etc/…`, `…bin/…`, sendmail. */
export function isPrimaryFile(path: string): boolean {
  return path.startsWith('/etc/') || path.includes('bin/') || path === '/usr/lib/sendmail';
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
