/** Finds and reads the rpm package database of a filesystem tree (`/`, a mounted image, a checkout). */
import { readFile, stat } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { RpmdbError } from './errors.js';
import { readRpmdb, type DamagedHeader, type RpmdbPackage } from './read-rpmdb.js';
import { LEGACY_RPMDB_FILES, legacyRpmdbFormat } from './legacy-format.js';
import { resolveInRoot } from './resolve-in-root.js';

/**
 * Where rpm keeps `rpmdb.sqlite` under a root, in the order tried: rpm-ostree trees
 * (`usr/share/rpm`), Fedora ≥ 36 (`usr/lib/sysimage/rpm`), older and other distributions
 * (`var/lib/rpm`). In rpm-ostree trees the others are symlinks to the first (FACTS.md §11).
 */
export const RPMDB_LOCATIONS = [
  'usr/share/rpm/rpmdb.sqlite',
  'usr/lib/sysimage/rpm/rpmdb.sqlite',
  'var/lib/rpm/rpmdb.sqlite',
] as const;

/** Options of {@link readRpmdbDir}. */
export interface ReadRpmdbDirOptions {
  /** Paths (relative to the root) to try in order instead of {@link RPMDB_LOCATIONS}. */
  locations?: readonly string[] | undefined;
  /** Largest main file or `-wal` read, each (bytes). Default 1 GiB. */
  maxBytes?: number | undefined;
}

/** What {@link readRpmdbDir} read. */
export interface RpmdbDirResult {
  /** The packages (see `readRpmdb`). */
  packages: RpmdbPackage[];
  /** The location tried that held the database (relative to the root, as given). */
  location: string;
  /** Where the file really is, relative to the root, with symlinks resolved inside the root. */
  resolved: string;
  /** True when a non-empty `-wal` beside it was replayed. */
  wal: boolean;
  /** Headers left out because their digest does not match, as rpm leaves them out. */
  damaged: DamagedHeader[];
}

const DEFAULT_MAX_BYTES = 1024 * 1024 * 1024;

/**
 * Reads the package database under `root`: the first of `locations` that exists, symlinks resolved
 * inside `root` (never outside it), with the `-wal` beside the resolved file.
 *
 * @throws {@link RpmdbError} `ERR_RPMDB_NOT_FOUND` when none exists, `ERR_RPMDB_UNSUPPORTED_FORMAT`
 * when instead a Berkeley DB or NDB database is there, or any error of `readRpmdb`.
 */
export async function readRpmdbDir(root: string, options: ReadRpmdbDirOptions = {}): Promise<RpmdbDirResult> {
  const locations = options.locations ?? RPMDB_LOCATIONS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  for (const location of locations) {
    const path = await resolveInRoot(root, location);
    if (path === null || !(await isFile(path))) continue;
    const db = await readBounded(path, maxBytes);
    const walPath = await resolveInRoot(root, relative(root, path) + '-wal');
    const wal = walPath !== null && (await isFile(walPath)) ? await readBounded(walPath, maxBytes) : null;
    const damaged: DamagedHeader[] = [];
    const packages = await readRpmdb(
      { db, wal },
      { subject: path, maxBytes, onDamagedHeader: (d) => damaged.push(d) },
    );
    return {
      packages,
      location,
      resolved: relative(root, path),
      wal: wal !== null && wal.length > 0,
      damaged,
    };
  }
  await refuseLegacyFormat(root, locations);
  throw new RpmdbError(
    'ERR_RPMDB_NOT_FOUND',
    `No rpm database under ${root}: looked for ${locations.map((l) => '/' + l).join(', ')}`,
    { subject: root },
  );
}

/** Throws `ERR_RPMDB_UNSUPPORTED_FORMAT` when a directory of `locations` holds a pre-SQLite database. */
async function refuseLegacyFormat(root: string, locations: readonly string[]): Promise<void> {
  for (const dir of new Set(locations.map((l) => dirname(l)))) {
    for (const { file, description } of LEGACY_RPMDB_FILES) {
      const path = await resolveInRoot(root, join(dir, file));
      if (path === null || !(await isFile(path)) || (await legacyRpmdbFormat(path)) === null) continue;
      throw new RpmdbError(
        'ERR_RPMDB_UNSUPPORTED_FORMAT',
        `No rpmdb.sqlite under ${root}, but /${relative(root, path)} is ${description}: ` +
          `compose-match reads only rpm's SQLite database (rpmdb.sqlite, rpm 4.16 and later); ` +
          `convert a copy of the directory with rpm 4.16 or later: rpmdb --dbpath COPY --define '_db_backend sqlite' --rebuilddb`,
        { subject: path },
      );
    }
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

async function readBounded(path: string, maxBytes: number): Promise<Uint8Array> {
  const size = (await stat(path)).size;
  if (size > maxBytes) {
    throw new RpmdbError('ERR_RPMDB_TOO_LARGE', `${path} is ${size} bytes, over the limit of ${maxBytes}`, {
      subject: path,
    });
  }
  return readFile(path);
}
