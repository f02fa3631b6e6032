/**
 * Read the base and answer for it the way `match` does: the catalog of src/cli/match-catalog.ts,
 * Koji's tag history as the last strategy when a hub is given, and a pruned snapshot (known from
 * `--index`, or rebuilt from Koji) placed in the durable sources (restricted to the closure of
 * `--for NAME…`). `match`, `install` and `state` all answer through here, so the snapshot `install`
 * acts on and `state` checksums is the one `match` prints.
 */
import type { BaseImage } from '../base/base-image.js';
import { readBaseImage } from '../base/read-base-image.js';
import type { BaseSource } from '../base/source.js';
import { placePrunedSnapshots } from '../durable/place-pruned-snapshots.js';
import type { CombinedFetcher } from '../io/create-fetcher.js';
import type { KojiHubClient } from '../koji/hub-client.js';
import { findMatchingCompose } from '../match/find-matching-compose.js';
import type { MatchProgress } from '../match/prober.js';
import type { MatchReport } from '../report/match-report.js';
import type { CliIo } from './cli-io.js';
import { matchCatalog, optionalLocation, type MatchCatalogValues } from './match-catalog.js';

/** The option values the answer depends on. */
export interface MatchBaseValues extends MatchCatalogValues {
  arch?: string | undefined;
  release?: string | undefined;
  testing?: boolean | undefined;
  'repo-id'?: string | undefined;
  'archive-root'?: string | undefined;
  'updates-root'?: string | undefined;
  /** The pool dist-repo root a `pool` answer's stanza points at. */
  'pool-root'?: string | undefined;
}

/** What is not an option value: the Koji hub (from `kojiHubFromValues`) and a progress callback. */
export interface MatchBaseOptions {
  /** Match from Koji's tag history when no retained compose explains the base. */
  koji?: KojiHubClient | undefined;
  /** Each step of the search (the TTY progress line of `match`). */
  onProgress?: ((progress: MatchProgress) => void) | undefined;
}

export async function matchBaseForCli(
  source: BaseSource,
  forNames: readonly string[],
  values: MatchBaseValues,
  fetcher: CombinedFetcher,
  io: CliIo,
  options: MatchBaseOptions = {},
): Promise<{ base: BaseImage; report: MatchReport }> {
  const base = await readBaseImage(source, { cwd: io.cwd, fetcher, env: io.env });
  const catalog = await matchCatalog(fetcher, values, io);
  const matched = await findMatchingCompose(base, {
    catalog,
    arch: values.arch,
    release: values.release,
    testing: values.testing,
    repoId: values['repo-id'],
    stats: () => fetcher.stats(),
    onProgress: options.onProgress,
    koji: options.koji === undefined ? undefined : { hub: options.koji },
  });
  // Only a snapshot whose compose may be gone has durable stanzas to place.
  const report =
    values.index === undefined && !matched.matches.some((m) => m.koji !== undefined)
      ? matched
      : await placePrunedSnapshots(matched, {
          fetcher,
          catalog,
          archiveRoot: optionalLocation(values['archive-root'], io),
          updatesRoot: optionalLocation(values['updates-root'], io),
          poolRoot: optionalLocation(values['pool-root'], io),
          render: { repoId: values['repo-id'] },
          for: forNames,
          basePackages: base.packages,
        });
  return { base, report };
}
