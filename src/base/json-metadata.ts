/**
 * Commit metadata as JSON (`base-commit-meta` of `rpm-ostree status --json`, cosa
 * `commitmeta.json`): numbers were read in host order, so big-endian values arrive garbled and are
 * repaired one by one by plausibility (FACTS.md §2).
 */
import type { Nevra } from '../rpm/types.js';
import type { BaseRepo } from './base-image.js';
import { BaseImageError } from './errors.js';
import { nevrasFromRows } from './packages.js';
import { jsonIntegerDigits, parseJsonKeepingIntegers } from './json-integers.js';
import { repairJsonTimestamp } from './timestamps.js';

/** Repairs `rpmostree.rpmmd-repos` from JSON; notes say which were swapped or dropped. */
export function reposFromJson(value: unknown, subject: string, notes: string[]): BaseRepo[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw badShape(subject, 'rpmostree.rpmmd-repos is not an array');
  const repos: BaseRepo[] = [];
  for (const [index, item] of (value as unknown[]).entries()) {
    const entry = item as { id?: unknown; timestamp?: unknown } | null;
    if (entry === null || typeof entry !== 'object' || typeof entry.id !== 'string') {
      throw badShape(subject, `rpmostree.rpmmd-repos[${index}] is not an object with a string id`);
    }
    // The digits as the file wrote them: a swapped timestamp is beyond 2^53 and prints otherwise.
    const digits = jsonIntegerDigits(entry, 'timestamp');
    const repaired = repairJsonTimestamp(entry.timestamp, digits);
    const written = digits ?? String(entry.timestamp);
    if (repaired === null) {
      notes.push(
        `repo ${entry.id}: timestamp ${written} is not a plausible date in either byte order: ignored`,
      );
      continue;
    }
    if (repaired.swapped) {
      notes.push(
        `repo ${entry.id}: timestamp ${written} was byte-swapped; repaired to ${repaired.timestamp}`,
      );
    }
    repos.push({ id: entry.id, timestamp: repaired.timestamp, swapped: repaired.swapped });
  }
  return repos;
}

/** `rpmostree.rpmdb.pkglist` rows from JSON, as sorted {@link Nevra}s (`[]` when absent). */
export function packagesFromJson(value: unknown, subject: string): Nevra[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw badShape(subject, 'rpmostree.rpmdb.pkglist is not an array');
  return nevrasFromRows(value, `${subject} rpmostree.rpmdb.pkglist`);
}

/** A string field, or null. */
export function optionalString(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** Parses JSON text into an object (big integers keep their digits, see json-integers.ts), or throws `ERR_BASE_BAD_JSON`. */
export function parseJsonObject(text: string, subject: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = parseJsonKeepingIntegers(text);
  } catch (cause) {
    throw new BaseImageError(
      'ERR_BASE_BAD_JSON',
      `${subject} is not valid JSON (${(cause as Error).message.replace(/\s+/g, ' ')})`,
      {
        subject,
        cause,
      },
    );
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw badShape(subject, 'expected a JSON object');
  }
  return value as Record<string, unknown>;
}

/** `ERR_BASE_BAD_JSON` for valid JSON of the wrong shape. */
export function badShape(subject: string, detail: string): BaseImageError {
  return new BaseImageError('ERR_BASE_BAD_JSON', `${subject}: ${detail}`, { subject });
}
