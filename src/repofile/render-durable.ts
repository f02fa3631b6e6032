/**
 * The `.repo` stanzas of a pruned snapshot (`match --index`, issue 12 part 3): one per durable
 * source that holds some of its builds, each restricted to exactly those builds by full NEVRA.
 * {@link renderRepoFile} calls it for a match that has `coverage`.
 */
import type { Coverage, DurableSource, Match } from '../report/match-report.js';
import { RepoFileError } from './errors.js';
import { commentSafe, encodeUrl, option, sanitiseRepoId } from './ini-safe.js';

// What a full NEVRA may hold; anything else (a glob `*?[]`, a comma or a space splitting the list,
// `$` for a variable) would widen what `includepkgs` lets through, so it is refused.
const nevraChars = /^[A-Za-z0-9._+~^:-]+$/;

const roleNames: Record<DurableSource['role'], string> = {
  'updates-archive': 'updates-archive',
  updates: 'the live updates repo',
  'updates-testing': 'the live updates-testing repo',
  pool: 'the FCOS pool',
};

/** Above this many entries a whole-snapshot list costs rpm-ostree noticeably (bench/durable). */
export const largeList = 1000;

/** Lines for the file header when some snapshot is served from durable sources. */
export function durableHeader(matches: readonly Match[], release: string): string[] {
  const coverages = matches.flatMap((m) => (m.coverage == null ? [] : [m.coverage]));
  if (coverages.length === 0) return [];
  const lines = [
    '#',
    '# PRUNED SNAPSHOT: Bodhi has deleted the compose, so no stanza points at it. Its builds are served',
    '# from the sources that keep them, each stanza restricted to exactly the snapshot builds it holds',
    '# (includepkgs, full NEVRAs); a source that holds none of them gets no stanza, because libdnf',
    "# (rpm-ostree's resolver) leaves a repo unrestricted when no includepkgs entry matches.",
  ];
  for (const c of coverages)
    if (c.for === null && c.total > largeList)
      lines.push(
        `# It lists all ${c.total} builds of the snapshot: libdnf (rpm-ostree) resolves each includepkgs entry`,
        '# on every run, so with this file enabled every rpm-ostree command is slower (minutes at ~25,000).',
        "# 'compose-match match --for NAME' lists only what layering NAME needs.",
      );
    else if (c.for !== null)
      lines.push(
        `# Restricted to what layering ${commentSafe(c.for.names.join(' '))} needs (match --for): ${c.total} of the`,
        `# snapshot's ${c.for.snapshotBuilds} builds, the rest being the locked base's or GA's. Layer only those names`,
        '# with this file; a short includepkgs keeps libdnf fast (each entry costs a query on every run).',
      );
  if (coverages.some((c) => c.sources.some((s) => s.role === 'updates-archive' && s.includepkgs.length > 0)))
    lines.push(
      "# Fedora's updates-archive has had 403/404 outages; rpm-ostree treats every enabled repo as required,",
      '# so while this file is enabled an archive outage blocks every rpm-ostree command: remove the file.',
    );
  const live = (s: DurableSource) => s.role === 'updates' || s.role === 'updates-testing';
  if (coverages.some((c) => c.sources.some((s) => live(s) && s.includepkgs.length > 0)))
    lines.push(
      '# The live updates stanza lists the builds not yet superseded, at the default priority 99: they are',
      '# the newest of their names in updates, so they win without priority=1. When they leave updates they',
      '# move to updates-archive, whose stanza lists them too at priority 1. Once all have left, libdnf no',
      "# longer restricts the live stanza, which then offers what Fedora's own updates repo offers, no more.",
      `# After end of life, Fedora ${commentSafe(release)}'s live updates repo moves to the archive host`,
      `# (https://archives.fedoraproject.org/pub/archive/fedora/linux/updates/${commentSafe(release)}/Everything/<arch>/).`,
    );
  if (coverages.some((c) => c.sources.some((s) => s.role === 'pool' && s.includepkgs.length > 0)))
    lines.push(
      "# The FCOS pool stanza (Koji's dist-repo of coreos-pool) lists the builds only the pool holds, such as",
      '# overrides that never went through Bodhi, at the default priority 99: the pool drops a build when Koji',
      '# untags it, and once none of its entries matches, libdnf no longer restricts it; it must then not',
      "# outrank Fedora's repos. A dropped build is in Koji's packages/: 'compose-match fetch NAME' gets it.",
    );
  const missing = coverages.flatMap((c) => c.missing);
  if (missing.length > 0) {
    lines.push(
      `# INCOMPLETE: ${missing.length} snapshot build(s) are in no durable source, so they cannot be installed from`,
      '# this file:',
      ...missing.map((b) => `#   ${commentSafe(b.nevra)}`),
    );
    for (const c of coverages)
      for (const s of c.sources)
        if (s.state === 'failed') lines.push(`#   (${s.role} could not be read: ${commentSafe(s.detail)})`);
  }
  return lines;
}

/** The stanzas of one pruned snapshot; `used` holds the section ids taken so far. */
export function durableStanzas(
  m: Match,
  coverage: Coverage,
  gpgKey: string,
  priority: number,
  used: Set<string>,
): string[] {
  const composeId = sanitiseRepoId(m.compose!.id);
  const served = coverage.sources.filter((s) => s.includepkgs.length > 0);
  const lines = [
    '',
    m.koji === undefined
      ? `# ${commentSafe(m.series)} for base repo '${commentSafe(m.repoId)}': ${composeId}, matched by ${commentSafe(m.result)} from a compose index; pruned by Bodhi.`
      : `# ${commentSafe(m.series)} for base repo '${commentSafe(m.repoId)}': ${composeId}, matched by ${commentSafe(m.result)} from Koji's history of ${commentSafe(m.koji.tag)}; no repo of that state exists.`,
    `# Its ${coverage.total} builds: ${[
      ...served.map((s) => `${s.builds.length} in ${roleNames[s.role]}`),
      ...(coverage.missing.length === 0 ? [] : [`${coverage.missing.length} in no durable source`]),
    ].join(', ')}.`,
  ];
  for (const s of served) {
    let id = `${composeId}-${s.role}`;
    for (let n = 2; used.has(id); n++) id = `${composeId}-${s.role}-${n}`;
    used.add(id);
    lines.push(
      ...(s === served[0] ? [] : ['']),
      `[${id}]`,
      option(
        'name',
        `Fedora ${sanitiseRepoId(m.series)} snapshot ${composeId} - builds in ${s.role} - $basearch`,
      ),
      option('baseurl', encodeUrl(s.url)),
      'enabled=1',
      'gpgcheck=1',
      option('gpgkey', gpgKey),
      'repo_gpgcheck=0',
      // Both sources change (the archive grows, updates moves daily); the entries keep it exact.
      'metadata_expire=6h',
      // Only the archive keeps its builds: a live or pool stanza left unrestricted must not outrank the live repos.
      option('priority', s.role === 'updates-archive' ? String(Math.trunc(priority)) : '99'),
      option('includepkgs', s.includepkgs.map(checkNevra).join(',')),
    );
  }
  return lines;
}

function checkNevra(nevra: string): string {
  if (!nevraChars.test(nevra))
    throw new RepoFileError(
      'ERR_UNSAFE_VALUE',
      `'${commentSafe(nevra)}' is not a plain NEVRA; refusing it in includepkgs, where it could match more than one build`,
      { subject: 'includepkgs' },
    );
  return nevra;
}
