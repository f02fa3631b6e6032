import type { DirectoryEntry, Fetcher } from '../io/fetcher.js';
import { fetchText } from '../io/fetcher.js';
import { parseListing } from '../compose/listing.js';

/**
 * A directory's entries, koji-tag symlinks included (the catalog's `list()` leaves them out, and
 * the updater needs them to know what Bodhi published): one request, native or an index page.
 */
export async function listDirectory(
  fetcher: Fetcher,
  dirUrl: string,
  signal?: AbortSignal,
): Promise<DirectoryEntry[]> {
  const native = (await fetcher.list?.(dirUrl, { signal })) ?? null;
  return (
    native ?? parseListing(await fetchText(fetcher, dirUrl, { signal, maxBytes: 64 * 1024 * 1024 }), dirUrl)
  );
}
