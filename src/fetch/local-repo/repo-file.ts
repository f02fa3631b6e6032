/**
 * The `.repo` for a host's persistent local repo. On a host, the fetched builds are installed by
 * name from this repo, never as `rpm-ostree install DIR/*.rpm`: rpm-ostree carries local RPM files
 * through every upgrade unchanged, so the next base's kernel could never be satisfied (FACTS §12).
 * A `file://` repo's packages are local to rpm-ostree too, which is why the files live in DIR.
 */
import { pathToFileURL } from 'node:url';
import { fedoraGpgKey } from '../../repofile/render-repo-file.js';

/** Input of {@link renderLocalRepoFile}. */
export interface LocalRepoFileInput {
  /** Section id (`compose-match-1a2b3c4d5e6f`). */
  id: string;
  /** The directory holding the RPMs and repodata/. */
  dir: string;
  /** What the base is, for the header (`commit 1a2b…, version 41.20241108.0`). */
  base: string;
  /** False when an unsigned Koji copy was taken with --allow-unsigned. */
  gpgcheck: boolean;
  /** Default {@link fedoraGpgKey}. */
  gpgkey?: string | undefined;
}

/** The `.repo` text. */
export function renderLocalRepoFile(input: LocalRepoFileInput): string {
  const url = pathToFileURL(input.dir.endsWith('/') ? input.dir : `${input.dir}/`).href;
  return [
    `# Written by compose-match fetch: the exact builds ${input.base} needs, in ${input.dir}.`,
    '# Install them by name (rpm-ostree install NAME). `compose-match fetch-prune --status -',
    '# --ostree-repo /ostree/repo` removes this file and the directory once no deployment uses that base.',
    ...(input.gpgcheck ? [] : ['# gpgcheck is off: an unsigned Koji copy was taken with --allow-unsigned.']),
    `[${input.id}]`,
    `name=compose-match: exact builds for ${input.base}`,
    `baseurl=${url}`,
    'enabled=1',
    `gpgcheck=${input.gpgcheck ? 1 : 0}`,
    ...(input.gpgcheck ? [`gpgkey=${input.gpgkey ?? fedoraGpgKey}`] : []),
    'metadata_expire=never',
    '',
  ].join('\n');
}
