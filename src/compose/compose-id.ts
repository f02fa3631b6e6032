/**
 * productmd compose IDs of updates composes (FACTS.md §5):
 * `<short>-<version>-<updates|updates-testing>-<YYYYMMDD>[.<type suffix>].<respin>`, as productmd's
 * `create_compose_id` writes them (release type suffix `-updates`, compose type suffix `.n`, `.t`,
 * `.ci` or nothing for production).
 */
import type { ComposeId } from './catalog.js';

/** The ID of a Bodhi updates compose: a {@link ComposeId} of series `updates` or `updates-testing`. */
export type UpdatesComposeId = ComposeId & { series: 'updates' | 'updates-testing' };

// Short: productmd's RELEASE_SHORT_RE (letters first, dash-separated alphanumeric runs), any case
// as Fedora writes `Fedora-EPEL`. Version: dot-separated numbers (`10.0`) or a word (`Rawhide`);
// never a dash, which is what makes the split after a dashed short name unambiguous.
const pattern =
  /^([A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*)-([0-9]+(?:\.[0-9]+)*|[A-Za-z][A-Za-z0-9._]*)-(updates-testing|updates)-([0-9]{8})(?:\.(n|t|ci))?\.([0-9]{1,6})$/;

/**
 * Parses an updates compose ID, or returns `null` for anything else (koji-tag symlinks such as
 * `f42-updates`, GA composes, stray files).
 *
 * @example
 * ```ts
 * parseComposeId('Fedora-EPEL-10.0-updates-testing-20250102.0');
 * // { short: 'Fedora-EPEL', version: '10.0', series: 'updates-testing', date: '20250102', typeSuffix: null, respin: 0, … }
 * ```
 */
export function parseComposeId(name: string): UpdatesComposeId | null {
  const m = pattern.exec(name);
  if (m === null) return null;
  const [, short, version, series, date, typeSuffix, respin] = m as unknown as [
    string,
    string,
    string,
    string,
    string,
    string | undefined,
    string,
  ];
  // The short name's last part must not itself be the release type (`Fedora-updates-…`).
  if (/(^|-)updates$/.test(short) || /(^|-)updates-testing$/.test(short)) return null;
  if (!validDate(date)) return null;
  return {
    id: name,
    short,
    version,
    series: series as UpdatesComposeId['series'],
    date,
    typeSuffix: typeSuffix ?? null,
    respin: Number(respin),
  };
}

/** Orders compose IDs by date, then respin (then the ID text, for a stable order). */
export function compareComposeIds(a: ComposeId, b: ComposeId): number {
  if (a.date !== b.date) return a.date < b.date ? -1 : 1;
  if (a.respin !== b.respin) return a.respin - b.respin;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function validDate(date: string): boolean {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(4, 6));
  const day = Number(date.slice(6, 8));
  if (year < 2000 || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

// A nightly compose: productmd's `create_compose_id` without a release type suffix,
// `<short>-<version>-<YYYYMMDD>[.<type suffix>].<respin>` (`Fedora-IoT-42-20250302.0`).
const nightlyPattern =
  /^([A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*)-([0-9]+(?:\.[0-9]+)*|[A-Za-z][A-Za-z0-9._]*)-([0-9]{8})(?:\.(n|t|ci))?\.([0-9]{1,6})$/;

/**
 * Parses the ID of a nightly compose of a productmd family (`compose/iot/`: pungi's composes
 * that hold their whole package set), or returns `null` for anything else: an updates compose
 * ID (see {@link parseComposeId}), pungi's `latest-<short>-<version>` symlinks, stray files.
 *
 * @example
 * ```ts
 * parseNightlyComposeId('Fedora-IoT-42-20250302.0');
 * // { short: 'Fedora-IoT', version: '42', series: 'nightly', date: '20250302', typeSuffix: null, respin: 0, … }
 * ```
 */
export function parseNightlyComposeId(name: string): ComposeId | null {
  if (parseComposeId(name) !== null) return null;
  const m = nightlyPattern.exec(name);
  if (m === null) return null;
  const [, short, version, date, typeSuffix, respin] = m as unknown as [
    string,
    string,
    string,
    string,
    string | undefined,
    string,
  ];
  // `Fedora-42-updates-…` with a dashed short name would read `updates` as the version.
  if (/(^|-)updates(-testing)?$/.test(short) || /^updates/.test(version)) return null;
  if (/(^|-)latest$/i.test(short) || /^latest/i.test(short)) return null;
  if (!validDate(date)) return null;
  return {
    id: name,
    short,
    version,
    series: 'nightly',
    date,
    typeSuffix: typeSuffix ?? null,
    respin: Number(respin),
  };
}
