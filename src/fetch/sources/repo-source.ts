/**
 * A yum repo as a {@link BuildSource}: the base's compose, the live `updates` and GA trees, the FCOS
 * pool dist-repo and the updates-archive are all this (FACTS §12). The repo's repomd.xml and
 * primary.xml are read once, on the first lookup, and indexed by name and by capability; every lookup
 * after that is answered from memory, however many names the planner asks for. The updates-archive's
 * primary is the largest (~40 MB compressed): it is streamed and only the fields a download needs are
 * kept (no requires, only the few provides the capability index needs, no file lists).
 */
import { fetchText, type Fetcher } from '../../io/fetcher.js';
import type { Nevra } from '../../rpm/types.js';
import { findRecord, parseRepomd } from '../../rpmmd/repomd.js';
import { expectedFromRecord, readPrimaryBatches } from '../../rpmmd/read-primary.js';
import type { PrimaryPackage } from '../../rpmmd/primary-types.js';
import type { BuildSource, BuildSourceRef, LocatedBuild } from '../build-source.js';
import { RpmFetchError } from '../errors.js';

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
  /**
   * The packages as read, by name: a NEVRA is found among the few builds of its name, so no key
   * string per package and no second map (on 200,000 packages, both cost more than the lookups).
   */
  byName: Map<string, PrimaryPackage | PrimaryPackage[]>;
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
      const pkg = named(await load(), nevra.name).find((p) => sameBuild(p, nevra));
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
      return [...named(await load(), name)];
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
  // Most names have one build: that package itself, an array only from the second one.
  const byName = new Map<string, PrimaryPackage | PrimaryPackage[]>();
  const providers = new Map<string, Set<string>>();
  const batches = readPrimaryBatches(stream.body, {
    filename: primaryUrl,
    expected: expectedFromRecord(record),
    withChecksum: true,
    // Only what the capability index needs: `=` provides not named after their package. The rest
    // (own names, libraries, and requires, most of the entries) is not read.
    withDeps: 'exact-provides',
  });
  // Provisional until the stream verified: the maps are only returned once the loop completed.
  // Packages are kept as read, not copied: their provides are the few the index needs (most often
  // a shared empty list), so a copy without them would save nothing and cost an object each.
  const packages: PrimaryPackage[] = [];
  for await (const batch of batches) {
    for (const pkg of batch) {
      if (pkg.arch === 'src') continue;
      indexProvides(pkg, providers);
      packages.push(pkg);
    }
  }
  // Indexed by name once the read is done: interleaved with the scan, the 200,000 lookups of a
  // large map missed the cache the scan had filled (bench/fetch: ~0.2 s, against 0.10-0.15 s here).
  for (const pkg of packages) {
    const same = byName.get(pkg.name);
    if (same === undefined) byName.set(pkg.name, pkg);
    else if (Array.isArray(same)) same.push(pkg);
    else byName.set(pkg.name, [same, pkg]);
  }
  return { byName, providers };
}

/** The packages called `name` (not a copy: callers copy what they return). */
function named(index: RepoIndex, name: string): readonly PrimaryPackage[] {
  const found = index.byName.get(name);
  return found === undefined ? [] : Array.isArray(found) ? found : [found];
}

/** `pkg` is the build `nevra` names; an unset epoch is 0, as primary.xml writes it (see nevraKey). */
function sameBuild(pkg: PrimaryPackage, nevra: Nevra): boolean {
  return (
    pkg.version === nevra.version &&
    pkg.release === nevra.release &&
    pkg.arch === nevra.arch &&
    (pkg.epoch ?? 0) === (nevra.epoch ?? 0)
  );
}

/** Records `pkg` under each of its provides (an `'exact-provides'` read: `=` ones, not its own name). */
function indexProvides(pkg: PrimaryPackage, providers: Map<string, Set<string>>): void {
  for (const p of pkg.provides ?? []) {
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
