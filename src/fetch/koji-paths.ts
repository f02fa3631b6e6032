/**
 * Where Koji keeps a build's files (FACTS §12): the unsigned copy at
 * `packages/<srpm-name>/<v>/<r>/<arch>/<nvra>.rpm` and each signature header at
 * `packages/<srpm-name>/<v>/<r>/data/sigcache/<keyid>/<arch>/<nvra>.rpm.sig`. The directory is named
 * after the source package, not the binary one, so the SOURCERPM is needed to find a file.
 */
import type { Nevra } from '../rpm/types.js';
import { RpmFetchError } from './errors.js';

/** Name, version and release of a source package, from its file name. */
export interface SourceRpmName {
  name: string;
  version: string;
  release: string;
}

/**
 * Splits `kernel-6.11.4-301.fc41.src.rpm` at its last two dashes (name may hold dashes, version and
 * release may not).
 *
 * @throws {@link RpmFetchError} `ERR_FETCH_BAD_SOURCERPM` when the value has not that shape.
 */
export function parseSourceRpm(sourcerpm: string): SourceRpmName {
  const base = sourcerpm.endsWith('.src.rpm') ? sourcerpm.slice(0, -'.src.rpm'.length) : null;
  const r = base === null ? -1 : base.lastIndexOf('-');
  const v = base === null || r <= 0 ? -1 : base.lastIndexOf('-', r - 1);
  if (base === null || v <= 0 || r === base.length - 1 || v === r - 1) {
    throw new RpmFetchError(
      'ERR_FETCH_BAD_SOURCERPM',
      `SOURCERPM ${JSON.stringify(sourcerpm)} is not <name>-<version>-<release>.src.rpm`,
      { subject: sourcerpm },
    );
  }
  return { name: base.slice(0, v), version: base.slice(v + 1, r), release: base.slice(r + 1) };
}

/** The `<nvra>.rpm` file name (epoch never appears in file names). */
export function rpmFileName(p: Nevra): string {
  return `${p.name}-${p.version}-${p.release}.${p.arch}.rpm`;
}

/** Path of the unsigned copy, relative to the Koji root (`…/packages/` excluded). */
export function kojiRpmPath(srpm: SourceRpmName, p: Nevra): string {
  return `${srpm.name}/${srpm.version}/${srpm.release}/${p.arch}/${rpmFileName(p)}`;
}

/** Path of the sigcache header for `keyid` (8 lowercase hex digits), relative to the Koji root. */
export function kojiSigPath(srpm: SourceRpmName, keyid: string, p: Nevra): string {
  return `${srpm.name}/${srpm.version}/${srpm.release}/data/sigcache/${keyid.toLowerCase()}/${p.arch}/${rpmFileName(p)}.sig`;
}
