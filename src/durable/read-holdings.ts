/**
 * Which builds of a snapshot one durable source holds: its repomd.xml, then its primary.xml
 * streamed and verified against repomd.xml, keeping only the NEVRAs asked about. The archive's
 * primary.xml is large (FACTS §12: ~40 MB of metadata a client) and the snapshot small beside it,
 * so memory is bounded by the snapshot, not by the source.
 */
import { isComposeMatchError } from '../errors.js';
import { FetchError } from '../io/errors.js';
import type { Fetcher } from '../io/fetcher.js';
import { expectedFromRecord, readPrimaryBatches } from '../rpmmd/read-primary.js';
import { findRecord, parseRepomd } from '../rpmmd/repomd.js';
import { nevraText } from './nevra-text.js';
import type { DurableSourceLocation } from './source-urls.js';

/** What reading one source found. */
export interface SourceHoldings extends DurableSourceLocation {
  /** `read` (verified), `absent` (no repo there: 404), `failed` (see `detail`). */
  state: 'read' | 'absent' | 'failed';
  /** One sentence: what was read, or why not. */
  detail: string;
  /** The wanted NEVRAs it holds (empty unless `read`). */
  held: Set<string>;
}

/** Reads `source` and returns which of `wanted` (full NEVRA texts) it holds; never throws for the source's own failures. */
export async function readHoldings(
  fetcher: Fetcher,
  source: DurableSourceLocation,
  wanted: ReadonlySet<string>,
  signal?: AbortSignal,
): Promise<SourceHoldings> {
  const repomdUrl = `${source.url}repodata/repomd.xml`;
  const held = new Set<string>();
  try {
    let bytes: Uint8Array;
    try {
      bytes = await fetcher.get(repomdUrl, { signal, maxBytes: 16 * 1024 * 1024 });
    } catch (error) {
      if (error instanceof FetchError && error.code === 'ERR_NOT_FOUND')
        return { ...source, state: 'absent', detail: `${repomdUrl} does not exist (no repo there)`, held };
      throw error;
    }
    const repomd = parseRepomd(Buffer.from(bytes).toString('utf8'), repomdUrl);
    const primary = findRecord(repomd, 'primary');
    if (primary === undefined) throw new Error(`${repomdUrl} has no primary record`);
    const primaryUrl = new URL(primary.location, source.url).href;
    const stream = await fetcher.open(primaryUrl, { signal, immutable: true });
    let count = 0;
    // Provisional until the iteration ends: the checksums are verified there, and a mismatch throws.
    for await (const batch of readPrimaryBatches(stream.body, {
      filename: primaryUrl,
      expected: expectedFromRecord(primary),
    })) {
      for (const p of batch) {
        if (p.arch === 'src' || p.arch === 'nosrc') continue;
        count++;
        const key = nevraText(p);
        if (wanted.has(key)) held.add(key);
      }
    }
    return {
      ...source,
      state: 'read',
      detail: `${primaryUrl}: ${count} packages, ${held.size} of the snapshot's ${wanted.size} builds`,
      held,
    };
  } catch (error) {
    // A source that cannot be read holds nothing we can vouch for; the caller records why.
    if (signal?.aborted === true) throw error;
    const why = isComposeMatchError(error) || error instanceof Error ? error.message : String(error);
    return { ...source, state: 'failed', detail: why, held: new Set() };
  }
}
