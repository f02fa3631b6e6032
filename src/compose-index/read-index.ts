/**
 * Reading an index through a {@link Fetcher}: a directory on disk (`file://`) or any web server or
 * object store. `index.json` is fetched fresh; record files are content-named, so they are fetched
 * as immutable (a caching fetcher keeps them), and every one is checked against its sha256.
 */
import { FetchError } from '../io/errors.js';
import type { Fetcher } from '../io/fetcher.js';
import { checkFile, decodeRecord, validate } from './codec.js';
import { IndexError } from './errors.js';
import { applyDelta, setOf, type PackageSet } from './packages.js';
import {
  ComposeRecordSchema,
  GaRecordSchema,
  IndexManifestSchema,
  ReconstructedRecordSchema,
  type ComposeRecord,
  type GaRecord,
  type IndexFile,
  type IndexManifest,
  type ManifestStream,
  type ReconstructedRecord,
} from './schema.js';

/** An index opened for reading. */
export interface ComposeIndex {
  /** The index root URL, ending in `/`. */
  readonly url: string;
  readonly manifest: IndexManifest;
  /** A compose record of a stream (verified, cached). */
  record(file: IndexFile): Promise<ComposeRecord>;
  /** The GA record of a release/arch, or null when none was recorded. */
  ga(release: string, arch: string): Promise<GaRecord | null>;
  /** The package set of a recorded compose, rebuilt from the stream's delta chain. */
  packageSet(streamKey: string, composeId: string): Promise<PackageSet>;
  /** A reconstructed record (`index backfill`), verified and cached. */
  reconstructedRecord(file: IndexFile): Promise<ReconstructedRecord>;
  /** The package set of a reconstructed state, rebuilt from its stream's own delta chain. */
  reconstructedSet(streamKey: string, id: string): Promise<PackageSet>;
}

/** Opens the index at `url` (a directory URL; `index.json` is read from it). */
export async function openIndex(fetcher: Fetcher, url: string): Promise<ComposeIndex> {
  const root = url.endsWith('/') ? url : `${url}/`;
  const manifestUrl = `${root}index.json`;
  let bytes: Uint8Array;
  try {
    bytes = await fetcher.get(manifestUrl, { maxBytes: 256 * 1024 * 1024 });
  } catch (error) {
    if (error instanceof FetchError && error.code === 'ERR_NOT_FOUND') {
      throw new IndexError(
        'ERR_INDEX_MISSING',
        `No compose index at ${root} (${manifestUrl} is missing); create one with 'compose-match index update --index DIR'`,
        { subject: manifestUrl, cause: error },
      );
    }
    throw error;
  }
  const manifest = validate(IndexManifestSchema, decodeRecord(bytes, manifestUrl), manifestUrl);
  return indexFromManifest(fetcher, root, manifest);
}

/** A {@link ComposeIndex} over an already parsed manifest. */
export function indexFromManifest(fetcher: Fetcher, root: string, manifest: IndexManifest): ComposeIndex {
  const files = new Map<string, Promise<unknown>>();
  const load = <T>(file: IndexFile, parse: (v: unknown, subject: string) => T): Promise<T> => {
    let pending = files.get(file.path) as Promise<T> | undefined;
    if (pending === undefined) {
      const fileUrl = new URL(file.path, root).href;
      pending = (async () => {
        const bytes = await fetcher.get(fileUrl, { immutable: true, maxBytes: file.size + 1 });
        checkFile(bytes, file, fileUrl);
        return parse(decodeRecord(bytes, fileUrl), fileUrl);
      })();
      pending.catch(() => files.delete(file.path));
      files.set(file.path, pending);
    }
    return pending;
  };
  const record = (file: IndexFile) => load(file, (v, s) => validate(ComposeRecordSchema, v, s));
  const stream = (key: string): ManifestStream => {
    const found = manifest.streams.find((s) => s.key === key);
    if (found === undefined)
      throw new IndexError('ERR_INDEX_NO_RECORD', `The index at ${root} has no stream ${key}`, {
        subject: key,
      });
    return found;
  };
  const reconstructedRecord = (file: IndexFile) =>
    load(file, (v, s) => validate(ReconstructedRecordSchema, v, s));
  return {
    url: root,
    manifest,
    record,
    reconstructedRecord,
    reconstructedSet: async (key, id) => {
      const s = manifest.reconstructed?.find((x) => x.key === key);
      const end = s?.records.findIndex((r) => r.id === id) ?? -1;
      if (s === undefined || end < 0)
        throw new IndexError('ERR_INDEX_NO_RECORD', `The index has no reconstructed ${id} in ${key}`, {
          subject: id,
        });
      const records = await Promise.all(s.records.slice(0, end + 1).map((r) => reconstructedRecord(r.file)));
      return applyChain(records, key, (r) => r.id);
    },
    ga: async (release, arch) => {
      const entry = manifest.ga.find((g) => g.release === release && g.arch === arch);
      if (entry === undefined || entry.file === null) return null;
      return load(entry.file, (v, s) => validate(GaRecordSchema, v, s));
    },
    packageSet: async (key, composeId) => {
      const s = stream(key);
      const end = s.composes.findIndex((c) => c.id === composeId && c.file !== null);
      if (end < 0) {
        throw new IndexError(
          'ERR_INDEX_NO_RECORD',
          `The index has no usable record of ${composeId} in ${key}`,
          {
            subject: composeId,
          },
        );
      }
      // Every record of the chain up to it: fetched together, applied in order.
      const chain = s.composes.slice(0, end + 1).filter((c) => c.file !== null);
      const records = await Promise.all(chain.map((c) => record(c.file!)));
      return applyChain(records, key, (r) => r.compose);
    },
  };
}

/** The set a delta chain ends at, checking each record applies to the one before it. */
function applyChain<R extends { previous: string | null; delta: ComposeRecord['delta'] }>(
  records: readonly R[],
  key: string,
  idOf: (r: R) => string,
): PackageSet {
  const set: PackageSet = setOf([]);
  let previous: string | null = null;
  for (const r of records) {
    if (r.previous !== previous) {
      throw new IndexError(
        'ERR_INDEX_FORMAT',
        `The record of ${idOf(r)} in ${key} applies to ${r.previous ?? 'the empty set'}, but the chain has ${previous ?? 'nothing'} before it`,
        { subject: idOf(r) },
      );
    }
    applyDelta(set, r.delta);
    previous = idOf(r);
  }
  return set;
}

/** Verifies every file an index lists (sha256, format, delta chains); resolves to the number checked. */
export async function verifyIndex(index: ComposeIndex): Promise<number> {
  let checked = 0;
  for (const g of index.manifest.ga) {
    if (g.file === null) continue;
    await index.ga(g.release, g.arch);
    checked++;
  }
  for (const s of index.manifest.streams) {
    const last = [...s.composes].reverse().find((c) => c.file !== null);
    if (last === undefined) continue;
    // Rebuilding the newest set reads and checks every record of the chain.
    await index.packageSet(s.key, last.id);
    for (const c of s.composes) {
      if (c.file === null) continue;
      const r = await index.record(c.file);
      if (r.compose !== c.id || r.stream !== s.key || r.repo.repomdSha256 !== c.repomdSha256) {
        throw new IndexError(
          'ERR_INDEX_FORMAT',
          `${c.file.path} records ${r.compose} in ${r.stream}, but the manifest lists it for ${c.id} in ${s.key}`,
          { subject: c.file.path },
        );
      }
      checked++;
    }
  }
  for (const s of index.manifest.reconstructed ?? []) {
    const last = s.records.at(-1);
    if (last === undefined) continue;
    await index.reconstructedSet(s.key, last.id);
    for (const m of s.records) {
      const r = await index.reconstructedRecord(m.file);
      if (r.id !== m.id || r.stream !== s.key || r.event.id !== m.event.id) {
        throw new IndexError(
          'ERR_INDEX_FORMAT',
          `${m.file.path} records ${r.id} in ${r.stream}, but the manifest lists it for ${m.id} in ${s.key}`,
          { subject: m.file.path },
        );
      }
      checked++;
    }
  }
  return checked;
}
