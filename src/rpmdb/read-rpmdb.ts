/**
 * Reads the installed packages from an rpm SQLite database (`rpmdb.sqlite`, rpm ≥ 4.16): the
 * `Packages` table holds one header blob per package (no 8-byte header magic), parsed by our own
 * header reader.
 */
import { headerNevra, headerSourceRpm } from '../rpmfile/header-nevra.js';
import { parseHeader, type RpmHeader } from '../rpmfile/header.js';
import { headerString } from '../rpmfile/header-values.js';
import { RpmTag } from '../rpmfile/tags.js';
import { RpmHeaderError } from '../rpmfile/errors.js';
import { compareNevra } from '../rpm/nevra-order.js';
import type { Nevra } from '../rpm/types.js';
import { RpmdbError } from './errors.js';
import { headerDigestMismatch, type HeaderDigestMismatch } from './header-digest.js';
import { loadSqlJs } from './sql-js.js';
import { sqlitePageSize, withoutWalMode } from './sqlite-image.js';
import { replayWal } from './wal.js';

/** One installed package: its NEVRA (epoch as stored: `0` stays `0`, absent is `null`) and source RPM. */
export type RpmdbPackage = Nevra & {
  /** SOURCERPM (`bash-5.2.26-3.fc40.src.rpm`); `null` for source packages. */
  sourcerpm: string | null;
};

/** The bytes of a database: the main file and, when present, its `-wal` beside it. */
export interface RpmdbFiles {
  /** `rpmdb.sqlite`. */
  db: Uint8Array;
  /** `rpmdb.sqlite-wal`; absent, null or empty when there is none. */
  wal?: Uint8Array | null | undefined;
}

/** Options of {@link readRpmdb}. */
export interface ReadRpmdbOptions {
  /** Name of the database in messages (a path). Default `rpmdb.sqlite`. */
  subject?: string | undefined;
  /** Largest main file or `-wal` accepted, each (bytes). Default 1 GiB. */
  maxBytes?: number | undefined;
  /** Largest number of `Packages` rows accepted. Default 200,000. */
  maxPackages?: number | undefined;
  /**
   * Called for each header rpm itself would skip (its header digest does not match, see
   * `header-digest.ts`); such headers are left out of the result, as `rpm -qa` leaves them out.
   */
  onDamagedHeader?: ((damaged: DamagedHeader) => void) | undefined;
}

/** A `Packages` row whose header digest does not match: rpm skips it, and so does {@link readRpmdb}. */
export interface DamagedHeader extends HeaderDigestMismatch {
  /** The row's `hnum` (rpm's header number, `h#` in its message). */
  hnum: number;
  /** NAME-VERSION-RELEASE.ARCH as the damaged header says, for the note (it may itself be damaged). */
  nevra: string;
}

const DEFAULT_MAX_BYTES = 1024 * 1024 * 1024;
const DEFAULT_MAX_PACKAGES = 200_000;

/**
 * The packages of an rpm SQLite database, sorted by name, EVR, arch; `gpg-pubkey` entries (keys,
 * not packages) are skipped. A non-empty `-wal` is replayed first: rpm keeps the WAL persistent, so
 * the main file alone may lack the last transactions.
 *
 * @example
 * ```ts
 * const db = await readFile('/usr/share/rpm/rpmdb.sqlite');
 * const wal = await readFile('/usr/share/rpm/rpmdb.sqlite-wal').catch(() => null);
 * const packages = await readRpmdb({ db, wal });
 * ```
 * @throws {@link RpmdbError} (`ERR_RPMDB_TOO_LARGE`, `ERR_RPMDB_NOT_SQLITE`, `ERR_RPMDB_BAD_WAL`,
 * `ERR_RPMDB_CORRUPT`, `ERR_RPMDB_BAD_HEADER`).
 */
export async function readRpmdb(files: RpmdbFiles, options: ReadRpmdbOptions = {}): Promise<RpmdbPackage[]> {
  const subject = options.subject ?? 'rpmdb.sqlite';
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxPackages = options.maxPackages ?? DEFAULT_MAX_PACKAGES;
  const wal = files.wal ?? new Uint8Array(0);
  for (const [bytes, name] of [
    [files.db, subject],
    [wal, `${subject}-wal`],
  ] as const) {
    if (bytes.length > maxBytes) {
      throw new RpmdbError(
        'ERR_RPMDB_TOO_LARGE',
        `${name} is ${bytes.length} bytes, over the limit of ${maxBytes}`,
        {
          subject: name,
        },
      );
    }
  }
  const pageSize = sqlitePageSize(files.db, subject);
  const replay = replayWal(files.db, wal, pageSize, subject);
  if (replay.image.length === 0) {
    throw new RpmdbError(
      'ERR_RPMDB_NOT_SQLITE',
      `${subject} is empty and its -wal holds no committed transaction`,
      {
        subject,
      },
    );
  }
  const image = withoutWalMode(replay.image, replay.frames > 0);
  const blobs = await packageBlobs(image, subject, maxPackages);
  const packages: RpmdbPackage[] = [];
  for (const { hnum, blob } of blobs) {
    const pkg = packageOf(blob, hnum, subject, options.onDamagedHeader);
    if (pkg !== null) packages.push(pkg);
  }
  return packages.sort((a, b) => compareNevra(a, b) || cmp(a.sourcerpm ?? '', b.sourcerpm ?? ''));
}

async function packageBlobs(
  image: Uint8Array,
  subject: string,
  maxPackages: number,
): Promise<{ hnum: number; blob: Uint8Array }[]> {
  const SQL = await loadSqlJs();
  let db;
  try {
    db = new SQL.Database(image);
  } catch (cause) {
    throw corrupt(subject, cause);
  }
  try {
    const out: { hnum: number; blob: Uint8Array }[] = [];
    let statement;
    try {
      statement = db.prepare('SELECT hnum, blob FROM Packages ORDER BY hnum');
    } catch (cause) {
      throw corrupt(subject, cause, ' (no readable Packages table)');
    }
    try {
      while (statement.step()) {
        const [hnum, blob] = statement.get();
        if (typeof hnum !== 'number' || !(blob instanceof Uint8Array)) {
          throw new RpmdbError('ERR_RPMDB_CORRUPT', `${subject}: a Packages row is not (integer, blob)`, {
            subject,
          });
        }
        if (out.length >= maxPackages) {
          throw new RpmdbError('ERR_RPMDB_TOO_LARGE', `${subject} has more than ${maxPackages} packages`, {
            subject,
          });
        }
        out.push({ hnum, blob });
      }
    } catch (cause) {
      if (cause instanceof RpmdbError) throw cause;
      throw corrupt(subject, cause);
    } finally {
      statement.free();
    }
    return out;
  } finally {
    db.close();
  }
}

function packageOf(
  blob: Uint8Array,
  hnum: number,
  subject: string,
  onDamaged: ReadRpmdbOptions['onDamagedHeader'],
): RpmdbPackage | null {
  const row = `${subject} Packages row ${hnum}`;
  try {
    const header = parseHeader(blob);
    // rpm checks the digest before it reads anything else of the header: a damaged one is skipped.
    const mismatch = headerDigestMismatch(blob, header);
    if (mismatch !== null) {
      onDamaged?.({ hnum, nevra: damagedLabel(header, hnum), ...mismatch });
      return null;
    }
    // A key imported into the database (dnf imports the repo's gpgkey into an installroot) is a
    // `gpg-pubkey` header that rpm writes without an ARCH: skip it before asking for a NEVRA.
    if (headerString(header, RpmTag.NAME) === 'gpg-pubkey') return null;
    const nevra = headerNevra(header);
    return { ...nevra, sourcerpm: headerSourceRpm(header) };
  } catch (cause) {
    if (!(cause instanceof RpmHeaderError)) throw cause;
    throw new RpmdbError('ERR_RPMDB_BAD_HEADER', `${row}: ${cause.message} (${cause.code})`, {
      subject: row,
      cause,
    });
  }
}

/** NAME-[EPOCH:]VERSION-RELEASE.ARCH of a header that failed its digest, or `h#N` when even that is unreadable. */
function damagedLabel(header: RpmHeader, hnum: number): string {
  try {
    const n = headerNevra(header);
    return `${n.name}-${n.epoch === null ? '' : `${n.epoch}:`}${n.version}-${n.release}.${n.arch}`;
  } catch {
    return `h#${hnum}`;
  }
}

function corrupt(subject: string, cause: unknown, detail = ''): RpmdbError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new RpmdbError('ERR_RPMDB_CORRUPT', `SQLite cannot read ${subject}${detail}: ${reason}`, {
    subject,
    cause,
  });
}

function cmp(a: string, b: string): number {
  return a === b ? 0 : a < b ? -1 : 1;
}
