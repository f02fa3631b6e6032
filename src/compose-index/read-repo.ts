/**
 * Reads what the index records of one yum repo (a compose's `os/` repo or a GA tree): repomd.xml's
 * revision, largest timestamp and sha256, and the binary packages of primary.xml with their source
 * RPM. primary.xml, not rpms.json, because it is what the repo serves and repomd.xml vouches for it.
 */
import { FetchError } from '../io/errors.js';
import type { Fetcher } from '../io/fetcher.js';
import { expectedFromRecord } from '../rpmmd/read-primary.js';
import { findRecord, parseRepomd } from '../rpmmd/repomd.js';
import { sha256Hex } from './codec.js';
import { IndexError } from './errors.js';
import type { RepoState } from './schema.js';

/** repomd.xml of a repo: its state, or null when the repo has no repomd.xml. */
export async function readRepoState(
  fetcher: Fetcher,
  repoUrl: string,
  signal?: AbortSignal,
): Promise<{ state: RepoState; primaryUrl: string; expected: ReturnType<typeof expectedFromRecord> } | null> {
  const url = `${repoUrl}repodata/repomd.xml`;
  let bytes: Uint8Array;
  try {
    bytes = await fetcher.get(url, { signal, maxBytes: 16 * 1024 * 1024 });
  } catch (error) {
    if (error instanceof FetchError && error.code === 'ERR_NOT_FOUND') return null;
    throw error;
  }
  const repomd = parseRepomd(Buffer.from(bytes).toString('utf8'), url);
  const primary = findRecord(repomd, 'primary');
  if (primary === undefined) {
    throw new IndexError('ERR_INDEX_FORMAT', `${url} has no primary record; cannot record its packages`, {
      subject: url,
    });
  }
  return {
    state: {
      revision: repomd.revision,
      timestamp: repomd.largestTimestamp,
      repomdSha256: sha256Hex(bytes),
      primaryChecksum: `${primary.checksum.type}:${primary.checksum.value}`,
    },
    primaryUrl: new URL(primary.location, repoUrl).href,
    expected: expectedFromRecord(primary),
  };
}
