/**
 * A yum repo as a {@link BuildSource}: the base's compose, the live `updates` and GA trees, the FCOS
 * pool dist-repo and the updates-archive are all this (FACTS §12). The repo's repomd.xml and
 * primary.xml are read once, on the first lookup, and indexed by NEVRA and by name; every lookup
 * after that is answered from memory, however many names the planner asks for. The updates-archive's
 * primary is the largest (~40 MB compressed): it is streamed and only the fields a download needs are
 * kept (no dependencies, no file lists).
 */
import { fetchText, type Fetcher } from '../../io/fetcher.js';
import type { Nevra } from '../../rpm/types.js';
import { findRecord, parseRepomd } from '../../rpmmd/repomd.js';
import { expectedFromRecord, readPrimaryBatches } from '../../rpmmd/read-primary.js';
import type { PrimaryPackage } from '../../rpmmd/primary-types.js';
import type { BuildSource, BuildSourceRef, LocatedBuild } from '../build-source.js';
import { RpmFetchError } from '../errors.js';
import { nevraKey } from './nevra-key.js';

/** Options of {@link createRepoSource}. */
export interface RepoSourceOptions {
  /** How the source is named in reports; `ref.url` is the repo root (ending in `/`). */
  ref: BuildSourceRef;
  fetcher: Fetcher;
  /**
   * The repo never changes (a finished compose), so a caching fetcher may answer repomd.xml from
   * disk. primary.xml is content-addressed and always immutable.
   */
  immutable?: boolean | undefined;
  /** Abort the metadata reads. */
  signal?: AbortSignal | undefined;
}

/** What one read of the metadata gives. */
interface RepoIndex {
  byNevra: Map<string, PrimaryPackage>;
  byName: Map<string, PrimaryPackage[]>;
  /** Versioned capability (not the package's own name) → the names of packages providing it. */
  providers: Map<string, Set<string>>;
}

/** repomd.xml is small; anything larger is not one. */
const MAX_REPOMD_BYTES = 16 * 1024 * 1024;

/**
 * A {@link BuildSource} over the yum repo at `ref.url`.
 *
 * A failed read (a 403 from the archive, a pruned compose, bad metadata) is remembered: every lookup
 * of this run rethrows it rather than asking again, so a source costs at most one repomd.xml and one
 * primary.xml per run.
 *
 * @example
 * ```ts
 * const pool = createRepoSource({
 *   ref: { kind: 'pool', name: 'coreos-pool', url: 'https://kojipkgs.fedoraproject.org/repos-dist/coreos-pool/latest/x86_64/' },
 *   fetcher: createFetcher(),
 * });
 * await pool.locate(nevra, null); // LocatedBuild | null
 * ```
 */
export function createRepoSource(options: RepoSourceOptions): BuildSource {
  const root = options.ref.url.endsWith('/') ? options.ref.url : `${options.ref.url}/`;
  const ref: BuildSourceRef = { ...options.ref, url: root };
  let index: Promise<RepoIndex> | null = null;
  const load = (): Promise<RepoIndex> => (index ??= readIndex(root, options));

  return {
    ref,
    async locate(nevra: Nevra): Promise<LocatedBuild | null> {
      const pkg = (await load()).byNevra.get(nevraKey(nevra));
      if (pkg === undefined) return null;
      if (pkg.sourcerpm === null) return null; // a source package, never what is asked for
      return {
        nevra: {
          name: pkg.name,
          epoch: pkg.epoch,
          version: pkg.version,
          release: pkg.release,
          arch: pkg.arch,
        },
        sourcerpm: pkg.sourcerpm,
        source: ref,
        url: fileUrl(pkg, root),
        checksum: pkg.checksum ?? null,
        signatureUrl: null,
        signed: true,
      };
    },
    async packagesNamed(name: string): Promise<PrimaryPackage[]> {
      return [...((await load()).byName.get(name) ?? [])];
    },
    async providersOf(capability: string): Promise<string[]> {
      return [...((await load()).providers.get(capability) ?? [])].sort();
    },
  };
}

async function readIndex(root: string, options: RepoSourceOptions): Promise<RepoIndex> {
  const { fetcher, signal } = options;
  const repomdUrl = `${root}repodata/repomd.xml`;
  const repomd = parseRepomd(
    await fetchText(fetcher, repomdUrl, {
      signal,
      maxBytes: MAX_REPOMD_BYTES,
      immutable: options.immutable === true,
    }),
    repomdUrl,
  );
  const record = findRecord(repomd, 'primary');
  if (record === undefined) {
    throw new RpmFetchError(
      'ERR_FETCH_NO_PRIMARY',
      `${repomdUrl} lists no primary metadata, so the repo's packages cannot be known`,
      { subject: repomdUrl },
    );
  }
  const primaryUrl = new URL(record.location, root).href;
  const stream = await fetcher.open(primaryUrl, { signal, immutable: true });
  const byNevra = new Map<string, PrimaryPackage>();
  const byName = new Map<string, PrimaryPackage[]>();
  const providers = new Map<string, Set<string>>();
  const batches = readPrimaryBatches(stream.body, {
    filename: primaryUrl,
    expected: expectedFromRecord(record),
    withChecksum: true,
    // Only the capability index is kept (indexProvides): requires, most of the entries, are not read.
    withDeps: 'provides',
  });
  // Provisional until the stream verified: the maps are only returned once the loop completed.
  for await (const batch of batches) {
    for (const read of batch) {
      if (read.arch === 'src') continue;
      indexProvides(read, providers);
      // Only the capability index is kept: dependency lists would multiply the memory per package.
      // A fresh object, not `delete` (which turns V8 objects into slower, larger dictionaries), and
      // written out, not `{ provides, ...pkg }`: an object rest is a generic copy, a literal has its
      // shape ready (a measured ~0.3 s of the first lookup on 200,000 packages).
      const pkg: PrimaryPackage = {
        name: read.name,
        epoch: read.epoch,
        version: read.version,
        release: read.release,
        arch: read.arch,
        sourcerpm: read.sourcerpm,
        location: read.location,
        locationBase: read.locationBase,
        checksum: read.checksum ?? null,
      };
      byNevra.set(nevraKey(pkg), pkg);
      const same = byName.get(pkg.name);
      if (same === undefined) byName.set(pkg.name, [pkg]);
      else same.push(pkg);
    }
  }
  return { byNevra, byName, providers };
}

/** Records `pkg` under each of its `=` provides that is not its own name (`name`, `name(x86-64)`). */
function indexProvides(pkg: PrimaryPackage, providers: Map<string, Set<string>>): void {
  for (const p of pkg.provides ?? []) {
    if (p.flags !== 'EQ' || p.name === pkg.name || p.name.startsWith(`${pkg.name}(`)) continue;
    const names = providers.get(p.name);
    if (names === undefined) providers.set(p.name, new Set([pkg.name]));
    else names.add(pkg.name);
  }
}

/**
 * Absolute URL of a package file: `location href` against the repo root, or against `xml:base`
 * when the repo points elsewhere (joined as a directory even without its trailing `/`).
 */
export function fileUrl(pkg: PrimaryPackage, root: string): string {
  const base =
    pkg.locationBase === null
      ? root
      : pkg.locationBase.endsWith('/')
        ? pkg.locationBase
        : `${pkg.locationBase}/`;
  return new URL(pkg.location, base).href;
}
