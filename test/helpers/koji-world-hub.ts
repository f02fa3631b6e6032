/**
 * What every Koji test sets up around the world's hub (koji-hub.ts): the hub, closed after the test
 * however it ends, with a fetcher beside it for in-process clients or a durable world (nothing
 * pruned) for the CLI; the CLI's root options over that world and `match` with them; and, for the
 * dnf proofs, the base as it was installed and the kernel subpackages layering must add.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createFetcher, type CombinedFetcher } from '../../src/io/create-fetcher.js';
import { installBase, type OracleBase, type OracleNevra } from './dnf-oracle.js';
import { worldMatch, type WorldMatch } from './durable-match.js';
import { durableWorld, worldArchiveDir, type DurableWorld } from './durable-world.js';
import { startWorldHub, type WorldHub } from './koji-hub.js';
import { loadTruth, osRepoUrl, worldRoot } from './world.js';

/** Runs `body` with the hub (`stall`: see {@link startWorldHub}), then closes it. */
export async function withWorldHub<T>(
  body: (hub: WorldHub) => Promise<T>,
  stall?: Record<string, number>,
): Promise<T> {
  const hub = await startWorldHub(stall);
  try {
    return await body(hub);
  } finally {
    await hub.close();
  }
}

/** Runs `body` with the hub and a fetcher for `KojiHubClient`s of it, then closes both. */
export async function withWorldHubFetcher<T>(
  body: (hub: WorldHub, fetcher: CombinedFetcher) => Promise<T>,
): Promise<T> {
  return withWorldHub(async (hub) => {
    const fetcher = createFetcher();
    try {
      return await body(hub, fetcher);
    } finally {
      await fetcher.close();
    }
  });
}

/** Runs `body` with a durable world that pruned nothing and the hub, then closes and removes both. */
export async function withKojiWorld<T>(body: (hub: WorldHub, w: DurableWorld) => Promise<T>): Promise<T> {
  const w = await durableWorld({ prune: [] });
  try {
    return await withWorldHub((hub) => body(hub, w));
  } finally {
    w.dispose();
  }
}

/**
 * The root options of `match`/`install` over the world with `w`'s live updates tree: no compose
 * index, so a pruned base's answer can only come from Koji.
 */
export function kojiWorldRoots(w: DurableWorld): string[] {
  return [
    '--compose-root',
    join(worldRoot, 'kojipkgs', 'compose', 'updates'),
    '--release-root',
    join(worldRoot, 'dl', 'pub', 'fedora', 'linux', 'releases'),
    '--archive-root',
    join(worldRoot, 'updates-archive'),
    '--updates-root',
    w.updatesRoot,
  ];
}

/** `match --ref REF --koji-hub …` over the world and `w` ({@link worldMatch}; the caller checks `code`). */
export function kojiMatch(
  hub: WorldHub,
  w: DurableWorld,
  ref: string,
  extra: readonly string[] = [],
): Promise<WorldMatch> {
  return worldMatch(ref, [...kojiWorldRoots(w), '--koji-hub', hub.url], extra);
}

/** A base as it was installed from a pruned compose: GA plus the archived builds of that compose. */
export function installArchivedBase(packages: OracleNevra[]): Promise<OracleBase> {
  return installBase(packages, [
    { id: 'fedora', baseurl: osRepoUrl(worldRoot, loadTruth().ga) },
    { id: 'archive', baseurl: pathToFileURL(worldArchiveDir).href + '/' },
  ]);
}

/**
 * What `dnf install kernel-devel-matched` adds to a base, sorted: kernel-devel and
 * kernel-devel-matched at exactly the V-R of the base's kernel-core (the exact-EVR requirement).
 */
export function kernelDevelFor(base: { packages: readonly OracleNevra[] }): string[] {
  const kernel = base.packages.find((p) => p.name === 'kernel-core');
  if (kernel === undefined) throw new Error('the base has no kernel-core');
  return ['kernel-devel', 'kernel-devel-matched'].map(
    (n) => `${n}-${kernel.version}-${kernel.release}.x86_64`,
  );
}
