import { encodeRecord, sha256Hex } from './codec.js';
import { diffSets, setOf, sizeOf, type PackageSet } from './packages.js';
import type { ComposeRecord, IndexFile, RepoState } from './schema.js';
import { writeRecordFile, type StepHook } from './store.js';

/** What a compose record is made of. */
export interface ComposeRecordInput {
  stream: string;
  compose: string;
  status: ComposeRecord['status'];
  repo: RepoState;
  /** The previous recorded compose of the stream and its set, or null (the delta base is empty). */
  previous: { id: string; set: PackageSet } | null;
  set: PackageSet;
}

/**
 * Writes the record of one compose (its set as a delta against the previous one) under
 * `records/<stream>/<compose>.<sha256 prefix>.json.br`; not yet listed by any manifest.
 */
export async function writeComposeRecord(
  dir: string,
  input: ComposeRecordInput,
  onStep?: StepHook,
): Promise<{ file: IndexFile; packageCount: number }> {
  const record: ComposeRecord = {
    kind: 'compose-match-index-record',
    version: 1,
    compose: input.compose,
    stream: input.stream,
    status: input.status,
    repo: input.repo,
    previous: input.previous?.id ?? null,
    packageCount: sizeOf(input.set),
    delta: diffSets(input.previous?.set ?? setOf([]), input.set),
  };
  const bytes = encodeRecord(record);
  const path = `records/${input.stream}/${input.compose}.${sha256Hex(bytes).slice(0, 16)}.json.br`;
  return { file: await writeRecordFile(dir, path, bytes, onStep), packageCount: record.packageCount };
}
