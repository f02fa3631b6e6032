/**
 * Read the base and answer for it the way `match` does without Koji: the catalog of
 * src/cli/match-catalog.ts, and with `--index` a pruned snapshot placed in the durable sources
 * (restricted to the closure of `--for NAME…`). `install` and `state` both start here, so that the
 * snapshot they act on or checksum is the one `match` would print.
 */
import type { BaseImage } from '../base/base-image.js';
import { readBaseImage } from '../base/read-base-image.js';
import type { BaseSource } from '../base/source.js';
import { placePrunedSnapshots } from '../durable/place-pruned-snapshots.js';
import type { CombinedFetcher } from '../io/create-fetcher.js';
import { findMatchingCompose } from '../match/find-matching-compose.js';
import type { MatchReport } from '../report/match-report.js';
import type { CliIo } from './cli-io.js';
import { matchCatalog, optionalLocation, type MatchCatalogValues } from './match-catalog.js';

/** The option values the answer depends on. */
export interface MatchBaseValues extends MatchCatalogValues {
  arch?: string | undefined;
  release?: string | undefined;
  'archive-root'?: string | undefined;
  'updates-root'?: string | undefined;
}

export async function matchBaseForCli(
  source: BaseSource,
  forNames: readonly string[],
  values: MatchBaseValues,
  fetcher: CombinedFetcher,
  io: CliIo,
): Promise<{ base: BaseImage; report: MatchReport }> {
  const base = await readBaseImage(source, { cwd: io.cwd, fetcher, env: io.env });
  const catalog = await matchCatalog(fetcher, values, io);
  const matched = await findMatchingCompose(base, {
    catalog,
    arch: values.arch,
    release: values.release,
    stats: () => fetcher.stats(),
  });
  const report =
    values.index === undefined
      ? matched
      : await placePrunedSnapshots(matched, {
          fetcher,
          catalog,
          archiveRoot: optionalLocation(values['archive-root'], io),
          updatesRoot: optionalLocation(values['updates-root'], io),
          for: forNames,
          basePackages: base.packages,
        });
  return { base, report };
}
