/** Package lists of a base image: rpm-ostree's `rpmostree.rpmdb.pkglist` rows and `rpm -qa` lines. */
import { isComposeMatchError } from '../errors.js';
import { compareNevra, normaliseEpoch } from '../rpm/nevra-order.js';
import { parseNevra } from '../rpm/nevra.js';
import type { Nevra } from '../rpm/types.js';
import { BaseImageError } from './errors.js';

// Defined below both the base sources and the rpmdb reader, which sort the same way.
export { compareNevra, normaliseEpoch } from '../rpm/nevra-order.js';

/**
 * Converts `a(sssss)` rows (name, epoch, version, release, arch) to sorted {@link Nevra}s. rpm-ostree
 * writes epoch `"0"` when unset; like a missing epoch it becomes `null` (rpm compares both as 0).
 */
export function nevrasFromRows(rows: readonly unknown[], subject: string): Nevra[] {
  const out = rows.map((row, i) => {
    if (!Array.isArray(row) || row.length !== 5 || !row.every((f) => typeof f === 'string' && f !== '')) {
      throw badRow(subject, i, 'expected [name, epoch, version, release, arch] strings');
    }
    const [name, epoch, version, release, arch] = row as string[];
    if (!/^\d+$/.test(epoch!) || epoch!.length > 10)
      throw badRow(subject, i, `epoch '${epoch}' is not a number`);
    return {
      name: name!,
      epoch: normaliseEpoch(Number(epoch)),
      version: version!,
      release: release!,
      arch: arch!,
    };
  });
  return out.sort(compareNevra);
}

/** Result of parsing an `rpm -qa` list. */
export interface ParsedPkglist {
  /** The packages, sorted by name, EVR, arch. */
  packages: Nevra[];
  /** Lines skipped on purpose (`gpg-pubkey-…`, which has no arch). */
  skipped: string[];
}

/**
 * Parses `rpm -qa` output: one NEVRA per line; blank lines and `#` comments are ignored,
 * `gpg-pubkey` pseudo-packages are skipped.
 *
 * @throws {@link BaseImageError} `ERR_BASE_BAD_PKGLIST` naming the first bad line.
 */
export function parsePkglistText(text: string, subject: string): ParsedPkglist {
  const packages: Nevra[] = [];
  const skipped: string[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('gpg-pubkey-')) {
      skipped.push(line);
      continue;
    }
    try {
      const nevra = parseNevra(line);
      packages.push({ ...nevra, epoch: normaliseEpoch(nevra.epoch) });
    } catch (cause) {
      if (!isComposeMatchError(cause)) throw cause;
      throw new BaseImageError(
        'ERR_BASE_BAD_PKGLIST',
        `${subject} line ${i + 1}: '${line.slice(0, 200)}' is not name-[epoch:]version-release.arch`,
        { subject, cause },
      );
    }
  }
  return { packages: packages.sort(compareNevra), skipped };
}

/** The most common non-`noarch` arch of the packages (ties: alphabetical); `null` if none. */
export function majorityArch(packages: readonly Nevra[]): string | null {
  const counts = new Map<string, number>();
  for (const p of packages) if (p.arch !== 'noarch') counts.set(p.arch, (counts.get(p.arch) ?? 0) + 1);
  let best: string | null = null;
  let bestCount = 0;
  for (const [arch, count] of [...counts].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (count > bestCount) {
      best = arch;
      bestCount = count;
    }
  }
  return best;
}

function badRow(subject: string, index: number, detail: string): BaseImageError {
  return new BaseImageError('ERR_BASE_BAD_PKGLIST', `${subject}: package row ${index}: ${detail}`, {
    subject,
  });
}
