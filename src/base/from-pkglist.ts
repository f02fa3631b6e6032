/** Base image from an `rpm -qa` list: packages only, arch from the packages. */
import type { BaseImage } from './base-image.js';
import { BaseImageError } from './errors.js';
import { majorityArch, parsePkglistText } from './packages.js';

/** Reads a base image from package list text. */
export function readPkglistBase(text: string, location: string): BaseImage {
  const { packages, skipped } = parsePkglistText(text, location);
  if (packages.length === 0) {
    throw new BaseImageError('ERR_BASE_NO_DATA', `${location} lists no packages`, { subject: location });
  }
  const notes = [
    'a package list records no repos, commit or version: only packages can identify the compose',
  ];
  if (skipped.length > 0) notes.push(`skipped ${skipped.length} gpg-pubkey entries`);
  const arch = majorityArch(packages);
  if (arch !== null) notes.push(`arch ${arch} taken from the package list`);
  return {
    source: { kind: 'pkglist', location, ref: null, deployment: null },
    commit: null,
    version: null,
    arch,
    commitTime: null,
    repos: [],
    packages,
    notes,
  };
}
