/**
 * Koji's `packages/` tree as a {@link BuildSource}, the last resort of the chain (FACTS §12): a
 * build stays there while it is tagged, but the copy there is unsigned. Its signature headers stay
 * in `data/sigcache/<keyid>/<arch>/<nvra>.rpm.sig`, and splicing one onto the unsigned copy gives
 * the signed bytes (download.ts does that). When the base was matched from Koji (`answer`), the
 * answer says which builds and rpms the tag held and which keys signed them, so the file and its
 * header are known without a request. Otherwise directories are found by listing them (kojipkgs
 * serves Apache index pages; a mirror on disk lists natively), and each listing is read once per
 * run, so the subpackages of one build share their requests.
 */
import { parseListing } from '../../compose/listing.js';
import { FetchError } from '../../io/errors.js';
import { fetchText, type DirectoryEntry, type Fetcher } from '../../io/fetcher.js';
import type { Nevra } from '../../rpm/types.js';
import type { PrimaryPackage } from '../../rpmmd/primary-types.js';
import type { BuildSource, BuildSourceRef, LocatedBuild } from '../build-source.js';
import { RpmFetchError } from '../errors.js';
import { kojiRpmPath, kojiSigPath, parseSourceRpm, rpmFileName, type SourceRpmName } from '../koji-paths.js';
import { answerHolds, type KojiBuildIndex } from './koji-answer.js';

/** Fedora's Koji `packages/` root. */
export const defaultKojiRoot = 'https://kojipkgs.fedoraproject.org/packages/';

/** Options of {@link createKojiSource}. */
export interface KojiSourceOptions {
  /** The `packages/` root URL (ending in `/`); a `file://` URL for a tree on disk. */
  root?: string | undefined;
  fetcher: Fetcher;
  /**
   * Signing keys to take a sigcache header from, in order of preference (8 hex digits, as the
   * directories are named). Default: any key the build has a header for, in listing order.
   */
  keyIds?: readonly string[] | undefined;
  /** Abort the listings. */
  signal?: AbortSignal | undefined;
  /**
   * The builds of the base's Koji answer (asked on the first lookup, once), or `null` when the base
   * was not matched from Koji. A build it names is located from it; any other is listed.
   */
  answer?: (() => Promise<KojiBuildIndex | null>) | undefined;
}

/** {@link createKojiSource}'s source, with what it cost. */
export interface KojiSource extends BuildSource {
  /** Directory listings read so far (each a request). */
  listings(): number;
  /** Lookups answered from the Koji answer alone, with no request. */
  fromAnswer(): number;
}

/** An index page of a directory of one build is small; more is not one. */
const MAX_LISTING_BYTES = 8 * 1024 * 1024;

/**
 * A {@link BuildSource} over Koji's `packages/`. `locate` needs the build's SOURCERPM (the
 * directory is named after the source package) and answers `null` when Koji has no such file;
 * `signed` is false when no sigcache header exists for it (usable only with `--allow-unsigned`).
 * `packagesNamed` returns `[]`: Koji has no index by binary package name.
 */
export function createKojiSource(options: KojiSourceOptions): KojiSource {
  const given = options.root ?? defaultKojiRoot;
  const root = given.endsWith('/') ? given : `${given}/`;
  const ref: BuildSourceRef = { kind: 'koji', name: 'koji', url: root };
  const preferred = options.keyIds?.map((k) => k.toLowerCase()) ?? null;
  const listings = new Map<string, Promise<DirectoryEntry[] | null>>();
  const list = (url: string): Promise<DirectoryEntry[] | null> => {
    let entries = listings.get(url);
    if (entries === undefined) {
      entries = listOrNull(options.fetcher, url, options.signal);
      listings.set(url, entries);
    }
    return entries;
  };
  let answer: Promise<KojiBuildIndex | null> | undefined;
  let answered = 0;
  const located = (nevra: Nevra, sourcerpm: string, srpm: SourceRpmName, signatureUrl: string | null) => ({
    nevra,
    sourcerpm,
    source: ref,
    url: root + kojiRpmPath(srpm, nevra),
    checksum: null,
    signatureUrl,
    signed: signatureUrl !== null,
  });
  const has = async (dirUrl: string, name: string): Promise<boolean> =>
    (await list(dirUrl))?.some((e) => e.name === name && !e.isDirectory) ?? false;

  return {
    ref,
    async locate(nevra: Nevra, sourcerpm: string | null): Promise<LocatedBuild | null> {
      if (sourcerpm === null) {
        throw new RpmFetchError(
          'ERR_FETCH_NO_SOURCERPM',
          `Koji keeps ${rpmFileName(nevra)} under its source package's directory, and no SOURCERPM is known for it`,
          { subject: rpmFileName(nevra) },
        );
      }
      const srpm = parseSourceRpm(sourcerpm);
      const index = await (answer ??= options.answer?.() ?? Promise.resolve(null));
      const known = index?.locations.get(`${srpm.name}-${srpm.version}-${srpm.release}`);
      if (index != null && known !== undefined && known.sigkeys !== null) {
        answered++;
        // The tag's state lists every rpm of the build for the arch and noarch: not there, not in Koji.
        if (!answerHolds(index, nevra)) return null;
        const dir = { name: known.packageName, version: known.version, release: known.release };
        const keys = known.sigkeys;
        const key = preferred === null ? keys[0] : preferred.find((k) => keys.includes(k));
        return located(nevra, sourcerpm, dir, key === undefined ? null : root + kojiSigPath(dir, key, nevra));
      }
      const file = rpmFileName(nevra);
      const url = root + kojiRpmPath(srpm, nevra);
      if (!(await has(url.slice(0, url.length - file.length), file))) return null;
      const sigcache = `${root}${srpm.name}/${srpm.version}/${srpm.release}/data/sigcache/`;
      const keys = ((await list(sigcache)) ?? [])
        .filter((e) => e.isDirectory)
        .map((e) => e.name.toLowerCase());
      const ordered = preferred === null ? keys : preferred.filter((k) => keys.includes(k));
      let signatureUrl: string | null = null;
      for (const key of ordered) {
        const sig = root + kojiSigPath(srpm, key, nevra);
        if (await has(sig.slice(0, sig.length - file.length - 4), `${file}.sig`)) {
          signatureUrl = sig;
          break;
        }
      }
      return located(nevra, sourcerpm, srpm, signatureUrl);
    },
    packagesNamed(): Promise<PrimaryPackage[]> {
      return Promise.resolve([]);
    },
    listings: () => listings.size,
    fromAnswer: () => answered,
  };
}

/** The directory's entries, or `null` when it does not exist (the build is not, or no longer, there). */
async function listOrNull(
  fetcher: Fetcher,
  dirUrl: string,
  signal: AbortSignal | undefined,
): Promise<DirectoryEntry[] | null> {
  try {
    const native = (await fetcher.list?.(dirUrl, { signal })) ?? null;
    return (
      native ??
      parseListing(await fetchText(fetcher, dirUrl, { signal, maxBytes: MAX_LISTING_BYTES }), dirUrl)
    );
  } catch (error) {
    if (error instanceof FetchError && error.code === 'ERR_NOT_FOUND') return null;
    throw error;
  }
}

/** Whether a chain's source is the Koji one (for its costs). */
export function isKojiSource(source: BuildSource): source is KojiSource {
  return source.ref.kind === 'koji' && 'listings' in source && 'fromAnswer' in source;
}
