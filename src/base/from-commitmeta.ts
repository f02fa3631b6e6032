/**
 * Base image from a coreos-assembler `commitmeta.json` (the commit metadata dumped as JSON). Its
 * repo timestamps are right only if cosa byteswapped them first, so each is repaired by
 * plausibility like status JSON. It names no commit checksum and no commit time.
 */
import type { BaseImage } from './base-image.js';
import { BaseImageError } from './errors.js';
import { optionalString, packagesFromJson, parseJsonObject, reposFromJson } from './json-metadata.js';
import { majorityArch } from './packages.js';

/** Reads a base image from commitmeta.json text. */
export function readCommitmetaBase(text: string, location: string): BaseImage {
  const meta = parseJsonObject(text, location);
  const notes: string[] = [];
  const repos = reposFromJson(meta['rpmostree.rpmmd-repos'], location, notes);
  if (meta['rpmostree.rpmmd-repos'] === undefined) notes.push(`${location} records no rpmostree.rpmmd-repos`);
  const packages = packagesFromJson(meta['rpmostree.rpmdb.pkglist'], location);
  const basearch = optionalString(meta['coreos-assembler.basearch']);
  const arch = basearch ?? majorityArch(packages);
  if (basearch === null && arch !== null) notes.push(`arch ${arch} taken from the package list`);
  if (repos.length === 0 && packages.length === 0) {
    throw new BaseImageError(
      'ERR_BASE_NO_DATA',
      `${location} records neither rpm-md repos nor a package list (expected a coreos-assembler commitmeta.json with rpmostree.rpmmd-repos or rpmostree.rpmdb.pkglist)`,
      {
        subject: location,
      },
    );
  }
  return {
    source: { kind: 'commitmeta', location, ref: null, deployment: null },
    commit: optionalString(meta['ostree-commit']),
    version: optionalString(meta['version']),
    arch,
    commitTime: null,
    repos,
    packages,
    notes,
  };
}
