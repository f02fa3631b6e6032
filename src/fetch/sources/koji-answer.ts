/**
 * What a Koji answer (`match --koji`: results `koji` and `pool`) tells `fetch` about Koji's
 * `packages/`: the state's binary rpms, and for each build that holds base packages its directory
 * and signing keys. With it the Koji source knows where a file and its sigcache header are without
 * listing a directory (three listings per build before).
 */
import type { KojiAnswer, KojiBuildLocation } from '../../report/match-report.js';
import { parseNevra } from '../../rpm/nevra.js';
import type { Nevra } from '../../rpm/types.js';
import { nevraKey } from './nevra-key.js';

/** The builds of one or more Koji answers, by NVR, and the NEVRAs of their states. */
export interface KojiBuildIndex {
  /** Build NVR (`kernel-6.11.4-301.fc41`) → where Koji keeps it. */
  locations: ReadonlyMap<string, KojiBuildLocation>;
  /**
   * Every binary rpm the answers' states held (arch and `noarch`), as
   * `name-epoch:version-release.arch` (epoch 0 when unset).
   */
  packages: ReadonlySet<string>;
}

/** Indexes the answers of a report's matches (a base with several series has several). */
export function kojiBuildIndex(answers: readonly KojiAnswer[]): KojiBuildIndex {
  const locations = new Map<string, KojiBuildLocation>();
  const packages = new Set<string>();
  for (const a of answers) {
    for (const l of a.locations) if (!locations.has(l.nvr)) locations.set(l.nvr, l);
    for (const p of a.packages) packages.add(nevraKey(parseNevra(p)));
  }
  return { locations, packages };
}

/** Whether the answer's state held exactly this rpm. */
export function answerHolds(index: KojiBuildIndex, nevra: Nevra): boolean {
  return index.packages.has(nevraKey(nevra));
}
