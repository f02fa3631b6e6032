/**
 * Base image from a filesystem tree (`--root DIR`): a package-only base read from the tree's rpm
 * database, with its version from `usr/lib/os-release`. Paths are resolved inside the tree, as its
 * own processes would see them.
 */
import { readFile, stat } from 'node:fs/promises';
import { isComposeMatchError } from '../errors.js';
import { RpmdbError } from '../rpmdb/errors.js';
import { damagedHeaderNote } from '../rpmdb/damaged-note.js';
import { readRpmdbDir, type RpmdbDirResult } from '../rpmdb/read-rpmdb-dir.js';
import { resolveInRoot } from '../rpmdb/resolve-in-root.js';
import type { BaseImage, BasePackage } from './base-image.js';
import { BaseImageError } from './errors.js';
import { parseOsRelease } from './os-release.js';
import { majorityArch, normaliseEpoch } from './packages.js';

/**
 * On a host with client-side layering, rpm-ostree keeps the base's own database here, while the
 * usual places hold the base plus the layered packages (FACTS.md §11).
 */
const BASE_DB = 'usr/lib/sysimage/rpm-ostree-base-db/rpmdb.sqlite';
/** Largest os-release read; the real ones are well under a kilobyte. */
const MAX_OS_RELEASE = 64 * 1024;

/** Reads a base image from the tree at `dir` (absolute); `location` is how the user named it. */
export async function readRootBase(dir: string, location: string): Promise<BaseImage> {
  if (!(await isDirectory(dir))) {
    throw new BaseImageError('ERR_BASE_BAD_SOURCE', `--root ${location} is not a directory`, {
      subject: location,
      category: 'usage',
    });
  }
  const notes: string[] = [];
  const db = await readDatabase(dir, location, notes);
  const packages: BasePackage[] = db.packages.map(({ sourcerpm, ...nevra }) => ({
    ...nevra,
    epoch: normaliseEpoch(nevra.epoch),
    sourcerpm,
  }));
  if (packages.length === 0) {
    throw new BaseImageError(
      'ERR_BASE_NO_DATA',
      `The rpm database /${db.resolved} under ${location} lists no packages`,
      {
        subject: location,
      },
    );
  }
  notes.push(
    `packages from the rpm database /${db.resolved}${db.resolved === db.location ? '' : ` (via /${db.location})`}` +
      (db.wal ? ', with its -wal replayed' : ''),
    'a filesystem tree records no repos or commit: only packages (and the version) can identify the compose',
  );
  for (const d of db.damaged) notes.push(damagedHeaderNote(d));
  const arch = majorityArch(packages);
  if (arch !== null) notes.push(`arch ${arch} taken from the packages`);
  const version = await osReleaseVersion(dir, notes);
  return {
    source: { kind: 'root', location, ref: null, deployment: null },
    commit: null,
    version,
    arch,
    commitTime: null,
    repos: [],
    packages,
    notes,
  };
}

async function readDatabase(dir: string, location: string, notes: string[]): Promise<RpmdbDirResult> {
  try {
    const base = await readRpmdbDir(dir, { locations: [BASE_DB] });
    notes.push(
      `read the base's own rpm database /${BASE_DB} (client-side layering): layered packages are not part of the base`,
    );
    return base;
  } catch (error) {
    if (!(error instanceof RpmdbError && error.code === 'ERR_RPMDB_NOT_FOUND')) throw error;
  }
  try {
    return await readRpmdbDir(dir);
  } catch (error) {
    if (!(isComposeMatchError(error) && error.code === 'ERR_RPMDB_NOT_FOUND')) throw error;
    throw new BaseImageError(
      'ERR_BASE_NO_DATA',
      `--root ${location}: ${error.message}; is it the root of an rpm-based tree?`,
      {
        subject: location,
        cause: error,
      },
    );
  }
}

/** OSTREE_VERSION (the full commit version) when set, else VERSION_ID, else null. */
async function osReleaseVersion(dir: string, notes: string[]): Promise<string | null> {
  const path = await resolveInRoot(dir, 'usr/lib/os-release');
  if (path === null || !(await isFile(path))) {
    notes.push('no /usr/lib/os-release: version unknown');
    return null;
  }
  if ((await stat(path)).size > MAX_OS_RELEASE) {
    notes.push(`/usr/lib/os-release is over ${MAX_OS_RELEASE} bytes: not read, version unknown`);
    return null;
  }
  const vars = parseOsRelease(await readFile(path, 'utf8'));
  for (const key of ['OSTREE_VERSION', 'VERSION_ID']) {
    const value = vars.get(key);
    if (value !== undefined && value !== '') {
      notes.push(`version from /usr/lib/os-release ${key}`);
      return value;
    }
  }
  notes.push('/usr/lib/os-release has neither OSTREE_VERSION nor VERSION_ID: version unknown');
  return null;
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
