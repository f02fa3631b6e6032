/**
 * One read of a yum repo's metadata for the durable `.repo`: repomd.xml, then primary.xml streamed
 * and verified against it, handing each binary package to `keep`. Only what `keep` returns is held,
 * so memory is bounded by what the caller asks about, not by the repo (the updates-archive's
 * primary.xml is ~40 MB compressed, FACTS §12).
 */
import type { Fetcher } from '../io/fetcher.js';
import type { PrimaryPackage } from '../rpmmd/primary-types.js';
import { expectedFromRecord, readPrimaryBatches } from '../rpmmd/read-primary.js';
import { findRecord, parseRepomd } from '../rpmmd/repomd.js';

/** What was read: the primary.xml URL and how many binary packages it lists. */
export interface RepoRead {
  primaryUrl: string;
  count: number;
}

/**
 * Streams the binary packages of the repo at `root` (ending in `/`) through `visit`. Resolves once
 * the checksums verified, so anything `visit` collected is provisional until then. Throws the
 * fetcher's errors (a 404 of repomd.xml is `ERR_NOT_FOUND`).
 */
export async function readRepoPackages(
  fetcher: Fetcher,
  root: string,
  visit: (p: PrimaryPackage) => void,
  options: { withDeps?: boolean; signal?: AbortSignal | undefined } = {},
): Promise<RepoRead> {
  const repomdUrl = `${root}repodata/repomd.xml`;
  const bytes = await fetcher.get(repomdUrl, { signal: options.signal, maxBytes: 16 * 1024 * 1024 });
  const repomd = parseRepomd(Buffer.from(bytes).toString('utf8'), repomdUrl);
  const primary = findRecord(repomd, 'primary');
  if (primary === undefined) throw new Error(`${repomdUrl} has no primary record`);
  const primaryUrl = new URL(primary.location, root).href;
  const stream = await fetcher.open(primaryUrl, { signal: options.signal, immutable: true });
  let count = 0;
  for await (const batch of readPrimaryBatches(stream.body, {
    filename: primaryUrl,
    expected: expectedFromRecord(primary),
    withDeps: options.withDeps === true,
  })) {
    for (const p of batch) {
      if (p.arch === 'src' || p.arch === 'nosrc') continue;
      count++;
      visit(p);
    }
  }
  return { primaryUrl, count };
}
