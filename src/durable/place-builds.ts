/**
 * {@link placeBuilds}: which durable source serves each build of a pruned snapshot, and the
 * `includepkgs` of each stanza.
 *
 * The trap (FACTS §12): dnf 4 and dnf5 restrict a repo to `includepkgs` whenever it is set, but
 * libdnf (rpm-ostree's path, `process_excludes`) restricts it only when at least one entry matched;
 * a stanza whose entries all miss exposes the whole repo at the snapshot's priority. So a stanza is
 * written only for a source that was read and holds at least one of the builds, and every build it
 * lists there was seen in it. The archive never drops a build, so its stanza keeps matching; it
 * also lists the builds placed in a live repo, which move to the archive when they leave `updates`.
 * A live stanza can come to match nothing (its builds all superseded); the renderer gives it the
 * default priority, so that it then offers no more than Fedora's own updates repo does. The FCOS
 * pool (a `pool` answer) comes last: it is asked only for what neither the archive nor a live repo
 * holds, and drops a build when Koji untags it, so it is treated like a live repo.
 */
import type { Nevra } from '../rpm/types.js';
import type { Coverage } from '../report/match-report.js';
import { evrText, nevraText } from './nevra-text.js';
import type { SourceHoldings } from './read-holdings.js';

/** Places each snapshot build in the first source (in the given order) that holds it. */
export function placeBuilds(snapshot: readonly Nevra[], sources: readonly SourceHoldings[]): Coverage {
  const byKey = new Map<string, Nevra>();
  for (const p of snapshot) byKey.set(nevraText(p), p);
  const placed = new Map<string, string[]>(sources.map((s) => [s.url, []]));
  const missing: Coverage['missing'] = [];
  for (const [key, p] of [...byKey].sort(([a], [b]) => compareText(a, b))) {
    const source = sources.find((s) => s.state === 'read' && s.held.has(key));
    if (source === undefined) missing.push({ nevra: key, name: p.name, arch: p.arch, evr: evrText(p) });
    else placed.get(source.url)!.push(key);
  }
  // Builds leave a live repo for the archive; the pool's overrides never went through Bodhi, so
  // the archive will never hold them and its stanza does not list them.
  const live = sources
    .filter((s) => s.role === 'updates' || s.role === 'updates-testing')
    .flatMap((s) => placed.get(s.url)!);
  return {
    total: byKey.size,
    complete: missing.length === 0,
    sources: sources.map((s) => {
      const builds = placed.get(s.url)!;
      // No build of its own: no stanza at all (an includepkgs that matches nothing restricts nothing).
      const includepkgs =
        builds.length === 0
          ? []
          : s.role === 'updates-archive'
            ? [...new Set([...builds, ...live])].sort(compareText)
            : builds;
      return { role: s.role, url: s.url, state: s.state, detail: s.detail, builds, includepkgs };
    }),
    missing,
    for: null,
  };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
