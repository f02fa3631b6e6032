/**
 * The state checksum of `compose-match state`: one sha256 over exactly what decides the answer —
 * the base's identity, the composes it matched with the sha256 of their repomd.xml (or, for a
 * pruned snapshot, of its build list), and with `--for` the exact builds fetch takes with the
 * sha256 of their bytes. Nothing else goes in: no URL or host name (another mirror serving the
 * same files gives the same checksum), no time, no cache path, no request order (every list is
 * sorted, every object's keys too), so the same inputs give the same bytes on any machine.
 */
import { createHash } from 'node:crypto';

/** Bumped when the inputs change shape (a new checksum for the same answer, once). */
export const stateSchemaVersion = 1;

/** What identifies the base. */
export type StateBase =
  | { kind: 'commit'; commit: string }
  | { kind: 'manifest'; digest: string }
  /** A base with neither (a package list, a root): the sha256 of its sorted NEVRA list. */
  | { kind: 'packages'; sha256: string };

/** One series' answer. */
export interface StateCompose {
  series: string;
  /** The matcher's result (`timestamp`, `version`, `packages`, `nearest`, `none`). */
  result: string;
  /** The compose matched (null when none is). */
  compose: string | null;
  /** sha256 of its repomd.xml (retained), or null. */
  repomdSha256: string | null;
  /** For a pruned snapshot: sha256 of its sorted build list (what the durable stanzas list). */
  buildsSha256: string | null;
}

/** One build fetch would take. */
export interface StateBuild {
  nevra: string;
  /** sha256 of the verified file; null when no source holds it (also an answer). */
  sha256: string | null;
}

/** Everything the checksum covers. */
export interface StateInputs {
  schemaVersion: typeof stateSchemaVersion;
  arch: string;
  release: string;
  base: StateBase;
  composes: StateCompose[];
  /** The `--for` names (sorted), empty without `--for`. */
  for: string[];
  builds: StateBuild[];
}

/** JSON with every object's keys sorted and no whitespace: the bytes hashed. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Hex sha256 of bytes or text. */
export function sha256Of(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The inputs in canonical order (lists sorted), whatever order they were gathered in. */
export function normalizeInputs(inputs: StateInputs): StateInputs {
  return {
    ...inputs,
    composes: [...inputs.composes].sort((a, b) => byText(a.series, b.series)),
    for: [...new Set(inputs.for)].sort(byText),
    builds: [...inputs.builds].sort((a, b) => byText(a.nevra, b.nevra)),
  };
}

/** The state checksum of `inputs`. */
export function stateChecksum(inputs: StateInputs): string {
  return sha256Of(canonicalJson(normalizeInputs(inputs)));
}
