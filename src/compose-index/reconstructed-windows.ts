/**
 * The windows of Koji history a reconstructed stream covers. One window is the stream's own
 * `since`/`until`; runs over disjoint windows leave a `windows` list (schema.ts), each window owning
 * a run of the stream's records. A record's state is known to hold only inside its window, so the
 * matcher needs to know which window each record came from.
 */
import { IndexError } from './errors.js';
import type { ManifestReconstructedStream, ReconstructedWindow } from './schema.js';

/** The stream's windows, oldest first, each with the number of records it holds. */
export function windowsOf(stream: ManifestReconstructedStream): ReconstructedWindow[] {
  const windows = stream.windows ?? [
    { since: stream.since, until: stream.until, records: stream.records.length },
  ];
  const total = windows.reduce((n, w) => n + w.records, 0);
  if (total !== stream.records.length)
    throw new IndexError(
      'ERR_INDEX_FORMAT',
      `The reconstructed stream ${stream.key} lists ${stream.records.length} records, but its windows hold ${total}`,
      { subject: stream.key },
    );
  return windows;
}

/** For each record of the stream, in order, the window it belongs to. */
export function recordWindows(
  stream: ManifestReconstructedStream,
  windows = windowsOf(stream),
): ReconstructedWindow[] {
  return windows.flatMap((w) => Array.from({ length: w.records }, () => w));
}
