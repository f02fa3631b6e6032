/**
 * In-memory build sources for the planner's tests, over real RPMs built with rpmbuild: each fake
 * holds files, answers `locate` / `packagesNamed` from their headers, and counts what it was asked.
 * The real sources (yum repos, Koji) are tested on their own in test/fetch/; here only the walk is.
 */
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type {
  BuildSource,
  BuildSourceKind,
  BuildSourceRef,
  LocatedBuild,
} from '../../src/fetch/build-source.js';
import { RpmFetchError } from '../../src/fetch/errors.js';
import { readRpmFileHeaders } from '../../src/fetch/local-repo/rpm-file-headers.js';
import type {
  ChainAnswer,
  DownloadFunction,
  DownloadedFile,
  LocateFunction,
} from '../../src/fetch/plan/types.js';
import { isComposeMatchError } from '../../src/errors.js';
import { compareNevra } from '../../src/rpm/nevra-order.js';
import { formatNevra } from '../../src/rpm/nevra.js';
import type { Nevra } from '../../src/rpm/types.js';
import { RpmFileError } from '../../src/rpmfile/errors.js';
import { headerNevra, headerSourceRpm } from '../../src/rpmfile/header-nevra.js';
import type { PrimaryPackage } from '../../src/rpmmd/primary-types.js';

/** An RPM file with what its header says. */
export interface FakeRpm extends PrimaryPackage {
  path: string;
}

/** Reads NEVRA and SOURCERPM from the built file's header. */
export async function fakeRpm(path: string): Promise<FakeRpm> {
  const { layout } = await readRpmFileHeaders(path);
  const nevra = headerNevra(layout.header);
  return {
    ...nevra,
    sourcerpm: headerSourceRpm(layout.header),
    location: basename(path),
    locationBase: null,
    path,
  };
}

/** How a fake source misbehaves. */
export interface FakeSourceOptions {
  /** Every call throws this (a 403, say). */
  fail?: Error | undefined;
  /** Koji-like: no metadata (`packagesNamed` is []), found only under the right SOURCERPM. */
  koji?: boolean | undefined;
  /** Koji-like copies have no signature header. */
  unsigned?: boolean | undefined;
  /** Files whose download fails with a checksum mismatch (by file name). */
  corrupt?: readonly string[] | undefined;
}

/** A source holding `rpms`. */
export class FakeSource implements BuildSource {
  readonly ref: BuildSourceRef;
  readonly rpms: readonly FakeRpm[];
  readonly options: FakeSourceOptions;
  readonly asked = { locate: [] as string[], packagesNamed: [] as string[] };

  constructor(kind: BuildSourceKind, rpms: readonly FakeRpm[], options: FakeSourceOptions = {}) {
    this.ref = { kind, name: kind, url: `file:///fake/${kind}/` };
    this.rpms = rpms;
    this.options = options;
  }

  async locate(nevra: Nevra, sourcerpm: string | null): Promise<LocatedBuild | null> {
    this.asked.locate.push(formatNevra(nevra));
    if (this.options.fail !== undefined) throw this.options.fail;
    const hit = this.rpms.find(
      (r) => compareNevra(r, nevra) === 0 && (this.options.koji !== true || r.sourcerpm === sourcerpm),
    );
    if (hit === undefined) return null;
    const signed = this.options.unsigned !== true;
    return {
      nevra: { name: hit.name, epoch: hit.epoch, version: hit.version, release: hit.release, arch: hit.arch },
      sourcerpm: hit.sourcerpm!,
      source: this.ref,
      url: pathToFileURL(hit.path).href,
      checksum: this.options.koji === true ? null : { type: 'sha256', value: '0'.repeat(64) },
      signatureUrl: null,
      signed,
    };
  }

  async packagesNamed(name: string): Promise<PrimaryPackage[]> {
    this.asked.packagesNamed.push(name);
    if (this.options.fail !== undefined) throw this.options.fail;
    if (this.options.koji === true) return [];
    return this.rpms.filter((r) => r.name === name).map(({ path: _path, ...p }) => p);
  }
}

/** A 403 from a source, as the io layer would type it. */
export function forbidden(kind: string): RpmFetchError {
  // Any ComposeMatchError stands for "the source could not answer"; the code is what the report shows.
  return new RpmFetchError('ERR_FETCH_BAD_SOURCERPM', `403 Forbidden from ${kind}`, { subject: kind });
}

/** `locateInChain` as the contract describes it: first holder wins, a failed source is recorded. */
export const fakeLocate: LocateFunction = async (nevra, sourcerpm, sources): Promise<ChainAnswer> => {
  const answers: ChainAnswer['answers'] = [];
  for (const source of sources) {
    try {
      const located = await source.locate(nevra, sourcerpm);
      answers.push({ source: source.ref, status: located === null ? 'absent' : 'found' });
      if (located !== null) return { located, answers };
    } catch (error) {
      if (!isComposeMatchError(error)) throw error;
      answers.push({
        source: source.ref,
        status: 'failed',
        error: { code: error.code, message: error.message },
      });
    }
  }
  return { located: null, answers };
};

/** Copies the located file into a fresh directory (or fails for a source's `corrupt` files). */
export function fakeDownload(sources: readonly FakeSource[]): { dir: string; download: DownloadFunction } {
  const dir = mkdtempSync(join(tmpdir(), 'cm-plan-'));
  const download: DownloadFunction = async (located): Promise<DownloadedFile> => {
    const from = fileURLToPath(located.url);
    const source = sources.find((s) => s.ref.url === located.source.url);
    if (source?.options.corrupt?.includes(basename(from)) === true) {
      throw new RpmFileError('ERR_RPM_FILE_DIGEST_MISMATCH', `checksum mismatch for ${located.url}`, {
        subject: located.url,
      });
    }
    const path = join(dir, basename(from));
    copyFileSync(from, path);
    return { path, bytes: 1, requests: 1 };
  };
  return { dir, download };
}
