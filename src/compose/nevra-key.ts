import type { Nevra } from '../rpm/types.js';
import { ComposeError } from './errors.js';

/**
 * Parses a productmd NEVRA key, `name-epoch:version-release.arch` (the epoch always present:
 * `bash-0:5.0.17-1.fc32.x86_64`). productmd writes epoch 0 for packages without one; like
 * rpm-ostree's package list, epoch 0 is kept as 0.
 */
export function parseNevraKey(key: string, subject?: string): Nevra {
  const m = /^(.+)-(?:([0-9]+):)?([^-:]+)-([^-:]+)\.([^.-]+)$/.exec(key);
  if (m === null) {
    throw new ComposeError(
      'ERR_COMPOSE_NEVRA',
      `'${key}' is not name-epoch:version-release.arch${subject === undefined ? '' : ` in ${subject}`}`,
      {
        subject,
      },
    );
  }
  return {
    name: m[1]!,
    epoch: m[2] === undefined ? null : Number(m[2]),
    version: m[3]!,
    release: m[4]!,
    arch: m[5]!,
  };
}
