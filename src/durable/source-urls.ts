/**
 * Where the durable sources of a snapshot's builds are (FACTS §12): Fedora's updates-archive
 * (`<root>fedora/<release>/<arch>/`, RPMs flat) and the live updates repo the mirrors carry
 * (`<root><release>/Everything/<arch>/`, `testing/<release>/…` for updates-testing; ppc64le and
 * s390x under `fedora-secondary`); for a base built from Fedora CoreOS's pool, also the pool
 * dist-repo (`<root><arch>/`, see {@link poolRepoUrl}).
 */
import { defaultPoolRoot, poolRepoUrl } from '../koji/pool-repo.js';
import type { DurableSourceRole, Series } from '../report/match-report.js';
import { DurableError } from './errors.js';

/** Fedora's public updates-archive host (fedora-repos `fedora-updates-archive.repo`). */
export const defaultArchiveRoot = 'https://fedoraproject-updates-archive.fedoraproject.org/';

/** Fedora's live updates trees, primary arches. */
export const defaultUpdatesRoot = 'https://dl.fedoraproject.org/pub/fedora/linux/updates/';

/** Fedora's live updates trees, secondary arches (ppc64le, s390x). */
export const defaultSecondaryUpdatesRoot = 'https://dl.fedoraproject.org/pub/fedora-secondary/updates/';

const secondaryArches = new Set(['ppc64le', 's390x']);

/** Roots of the durable sources (URLs ending in `/`); defaults are Fedora's. */
export interface DurableRoots {
  archiveRoot?: string | undefined;
  updatesRoot?: string | undefined;
  /** The FCOS pool dist-repo root, `<root><arch>/` (default Fedora's `repos-dist/coreos-pool/latest/`). */
  poolRoot?: string | undefined;
}

/** One source to read, in order of preference. */
export interface DurableSourceLocation {
  role: DurableSourceRole;
  /** The repo directory (ends in `/`). */
  url: string;
}

/**
 * The sources of a snapshot of `series`, in order of preference: the archive first (it never
 * drops a build, so a stanza for it keeps matching), then the live repo(s) of the series.
 * A snapshot of updates-testing may hold builds that have since reached stable, so it reads the
 * live updates repo too. A `pool` answer (`pool: true`) reads the FCOS pool last: its overrides
 * never went through Bodhi, so only the pool has them, while a build the archive or a live repo
 * also holds is served from there (the pool drops what Koji untags).
 */
export function durableSources(
  release: string,
  arch: string,
  series: Series,
  roots: DurableRoots = {},
  pool = false,
): DurableSourceLocation[] {
  const archive = checkRoot(roots.archiveRoot ?? defaultArchiveRoot, 'archive-root');
  const updates = checkRoot(
    roots.updatesRoot ?? (secondaryArches.has(arch) ? defaultSecondaryUpdatesRoot : defaultUpdatesRoot),
    'updates-root',
  );
  const seg = (s: string) => encodeURIComponent(s);
  const live = (testing: boolean): string =>
    `${updates}${testing ? 'testing/' : ''}${seg(release)}/Everything/${seg(arch)}/`;
  const sources: DurableSourceLocation[] = [
    { role: 'updates-archive', url: `${archive}fedora/${seg(release)}/${seg(arch)}/` },
  ];
  if (series === 'updates-testing') sources.push({ role: 'updates-testing', url: live(true) });
  sources.push({ role: 'updates', url: live(false) });
  if (pool)
    sources.push({
      role: 'pool',
      url: poolRepoUrl(checkRoot(roots.poolRoot ?? defaultPoolRoot, 'pool-root'), arch),
    });
  return sources;
}

function checkRoot(root: string, option: string): string {
  let url: URL;
  try {
    url = new URL(root);
  } catch {
    throw new DurableError('ERR_DURABLE_ROOT', `--${option} '${root}' is not a URL or directory`, {
      subject: option,
    });
  }
  if (!['http:', 'https:', 'file:'].includes(url.protocol))
    throw new DurableError(
      'ERR_DURABLE_ROOT',
      `--${option} '${root}' must be an http(s) URL or a directory (not ${url.protocol})`,
      { subject: option },
    );
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}
