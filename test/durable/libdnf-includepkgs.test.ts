/**
 * Issue 12 part 3, the proof with libdnf (DnfContext, rpm-ostree's path; test/helpers/libdnf-list.c
 * compiled at test time) beside dnf 4: the includepkgs trap, and that the durable `.repo` avoids it.
 *
 * - A stanza whose includepkgs entries all miss: dnf offers nothing from it, libdnf offers the whole
 *   repo (FACTS §12; libdnf's process_excludes sets use-includes only when an entry matched).
 * - The durable `.repo` of a pruned snapshot: both offer exactly the builds it placed, per stanza.
 * - When the live repo has moved on and holds none of the snapshot's builds, the file has no stanza
 *   for it (exit 3, the build missing), so libdnf offers nothing from it either.
 * - A file made earlier, after its live builds have left updates: libdnf stops restricting the live
 *   stanza, but the archive stanza (priority 1) lists them and wins; the live stanza's default
 *   priority is what keeps the newer build out (the control raises it to 1).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { nevraText } from '../../src/durable/nevra-text.js';
import { durableMatch } from '../helpers/durable-match.js';
import { composeOsDir, durableWorld, type DurableWorld } from '../helpers/durable-world.js';
import {
  dnfOffered,
  libdnfInstalls,
  libdnfOffered,
  libdnfRequirements,
  type Offered,
} from '../helpers/libdnf-oracle.js';
import { testWithTools } from '../helpers/tools.js';
import { exactEvrScenario, loadTruth } from '../helpers/world.js';

const truth = loadTruth();
const { base, compose } = exactEvrScenario(truth);
const own = 'Fedora-32-updates-20200803.0';
const latest = truth.kojiTags['f32-updates']!;
const withTools = testWithTools(...libdnfRequirements, { command: 'createrepo_c' });

const cleanups: (() => void)[] = [];
withTools.after.always(() => {
  for (const c of cleanups) c();
});
async function world(liveCompose?: string, archiveWithout?: string[]): Promise<DurableWorld> {
  const w = await durableWorld({ prune: [own], liveCompose, archiveWithout });
  cleanups.push(() => w.dispose());
  return w;
}

function stanzaFile(w: DurableWorld, name: string, includepkgs: string): string {
  const file = join(w.dir, `${name}.repo`);
  writeFileSync(
    file,
    [
      `[${name}]`,
      `name=${name}`,
      `baseurl=${pathToFileURL(join(w.updatesRoot, '32', 'Everything', 'x86_64')).href}/`,
      'enabled=1',
      'gpgcheck=0',
      'priority=1',
      `includepkgs=${includepkgs}`,
      '',
    ].join('\n'),
  );
  return file;
}

withTools.serial(
  'the trap: an includepkgs that matches nothing restricts dnf to nothing, libdnf not at all',
  async (t) => {
    const w = await world();
    const left = truth.updatesArchive.packages.map(nevraText).find((n) => n.startsWith('gnutls-3.6.13-4'))!;
    const file = stanzaFile(w, 'trap', left);
    const whole = compose(latest)
      .packages.map((p) => `trap\t${nevraText(p)}` as Offered)
      .sort();
    t.deepEqual(dnfOffered([file]), []);
    t.deepEqual(libdnfOffered([file]), whole, 'libdnf exposes every package of the repo');
    // One entry that matches restricts both to it.
    const present = nevraText(compose(latest).packages[0]!);
    const one = stanzaFile(w, 'one', `${left},${present}`);
    t.deepEqual(dnfOffered([one]), [`one\t${present}`]);
    t.deepEqual(libdnfOffered([one]), [`one\t${present}`]);
  },
);

withTools.serial(
  'the durable .repo: dnf and libdnf offer exactly the placed builds, per stanza',
  async (t) => {
    const w = await world();
    const { code, report, repoFile, stderr } = await durableMatch(w, base.ref, 'durable');
    t.is(code, 0, stderr);
    const ids = [...report.repoFile.matchAll(/^\[(.+)\]$/gm)].map((x) => x[1]!);
    const coverage = report.matches[0]!.coverage!;
    const served = coverage.sources.filter((s) => s.includepkgs.length > 0);
    t.is(ids.length, served.length);
    t.is(served.length, 2, 'archive and live both hold some of the builds');
    const expected = served.flatMap((s, i) => s.builds.map((b) => `${ids[i]}\t${b}` as Offered)).sort();
    t.deepEqual(libdnfOffered([repoFile]), expected);
    t.deepEqual(dnfOffered([repoFile]), expected);
  },
);

withTools.serial(
  'a live repo holding none of the builds gets no stanza, so libdnf offers nothing from it',
  async (t) => {
    // The live repo has moved on (here: a mirror of updates-testing, whose curl is newer).
    const w = await world('Fedora-32-updates-testing-20200809.0');
    const { code, report, repoFile, stderr } = await durableMatch(w, base.ref, 'moved');
    t.is(code, 3, stderr);
    const coverage = report.matches[0]!.coverage!;
    const updates = coverage.sources.find((s) => s.role === 'updates')!;
    t.is(updates.state, 'read');
    t.deepEqual(updates.includepkgs, []);
    t.deepEqual(
      coverage.missing.map((b) => b.nevra),
      compose(own)
        .packages.map(nevraText)
        .filter((n) => !truth.updatesArchive.packages.some((p) => nevraText(p) === n)),
    );
    t.false(report.repoFile.includes(pathToFileURL(w.updatesRoot).href), report.repoFile);
    const offered = libdnfOffered([repoFile]);
    t.true(offered.length > 0);
    t.true(
      offered.every((o) => o.startsWith(`${own}-updates-archive\t`)),
      offered.join('\n'),
    );
    t.deepEqual(offered, dnfOffered([repoFile]));
  },
);

withTools.serial(
  'later, its live builds gone from updates: the archive stanza still wins over the unrestricted live one',
  async (t) => {
    const w = await world(undefined, []);
    const { code, report, repoFile, stderr } = await durableMatch(w, base.ref, 'earlier');
    t.is(code, 0, stderr);
    const live = report.matches[0]!.coverage!.sources.find((s) => s.role === 'updates')!;
    t.deepEqual(live.builds, ['curl-7.69.1-4.fc32.x86_64']);
    t.deepEqual(libdnfInstalls([repoFile], 'curl'), [`${own}-updates\tcurl-7.69.1-4.fc32.x86_64`]);
    // The next push: updates now carries curl 7.69.1-5, and -4 has moved to the archive.
    w.moveLive('Fedora-32-updates-testing-20200809.0');
    w.archive([join(composeOsDir(latest), 'Packages', 'c', 'curl-7.69.1-4.fc32.x86_64.rpm')]);
    const fromLive = (o: Offered[]) => o.filter((x) => x.startsWith(`${own}-updates\t`));
    t.deepEqual(
      fromLive(libdnfOffered([repoFile])),
      [`${own}-updates\tcurl-7.69.1-5.fc32.x86_64`],
      'unrestricted',
    );
    t.deepEqual(fromLive(dnfOffered([repoFile])), [], 'dnf still restricts it');
    t.deepEqual(libdnfInstalls([repoFile], 'curl'), [`${own}-updates-archive\tcurl-7.69.1-4.fc32.x86_64`]);
    // Control: the same file with the live stanza at the snapshot's priority takes the newer build.
    const raised = join(w.dir, 'raised.repo');
    const text = readFileSync(repoFile, 'utf8');
    const at = text.indexOf(`[${own}-updates]`);
    t.true(at > 0);
    writeFileSync(raised, text.slice(0, at) + text.slice(at).replace('priority=99', 'priority=1'));
    t.deepEqual(libdnfInstalls([raised], 'curl'), [`${own}-updates\tcurl-7.69.1-5.fc32.x86_64`]);
  },
);
