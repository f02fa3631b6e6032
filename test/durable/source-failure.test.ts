/**
 * A durable source that cannot be read is recorded, not guessed: a corrupt archive primary.xml
 * (checksum mismatch) is `failed`, its builds are missing and the run exits 1 (a failure, not an
 * answer), with no archive stanza; an archive that has no repo for the release (404, as early in a
 * release) is `absent` and the run exits 3, the builds named.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { nevraText } from '../../src/durable/nevra-text.js';
import { durableMatch } from '../helpers/durable-match.js';
import { durableWorld, type DurableWorld } from '../helpers/durable-world.js';
import { testWithTools } from '../helpers/tools.js';
import { loadTruth } from '../helpers/world.js';

const truth = loadTruth();
const own = 'Fedora-32-updates-20200803.0';
const ref = 'fedora/x86_64/coreos/stable';
const archived = new Set(truth.updatesArchive.packages.map(nevraText));
const inArchive = truth.composes
  .find((c) => c.id === own)!
  .packages.map(nevraText)
  .filter((n) => archived.has(n))
  .sort();
const withTools = testWithTools({ command: 'createrepo_c' });

const cleanups: (() => void)[] = [];
withTools.after.always(() => {
  for (const c of cleanups) c();
});
async function world(): Promise<DurableWorld> {
  const w = await durableWorld({ prune: [own], archiveWithout: [] });
  cleanups.push(() => w.dispose());
  return w;
}

withTools(
  'a corrupt archive primary.xml: failed, its builds missing, exit 1, no archive stanza',
  async (t) => {
    const w = await world();
    const repodata = join(w.archiveRoot, 'fedora', '32', 'x86_64', 'repodata');
    const primary = join(
      repodata,
      readdirSync(repodata).find((f) => f.endsWith('-primary.xml.gz'))!,
    );
    const bytes = readFileSync(primary);
    bytes[bytes.length - 12]! ^= 0xff;
    writeFileSync(primary, bytes);
    const { code, report, stderr } = await durableMatch(w, ref, 'corrupt');
    t.is(code, 1, stderr);
    const c = report.matches[0]!.coverage!;
    const archive = c.sources.find((s) => s.role === 'updates-archive')!;
    t.is(archive.state, 'failed');
    t.true(archive.detail.length > 0);
    t.deepEqual(archive.includepkgs, []);
    t.deepEqual(
      c.missing.map((m) => m.nevra),
      inArchive,
    );
    t.false(/^\[.*-updates-archive\]$/m.test(report.repoFile), report.repoFile);
    t.regex(report.repoFile, /^# {3}\(updates-archive could not be read: /m);
    t.regex(stderr, /updates-archive could not be read/);
  },
);

withTools('no archive repo for the release (404): absent, the builds named, exit 3', async (t) => {
  const w = await world();
  const { code, report, stderr } = await durableMatch(
    { ...w, archiveRoot: join(w.dir, 'no-archive') },
    ref,
    'none',
  );
  t.is(code, 3, stderr);
  const c = report.matches[0]!.coverage!;
  t.is(c.sources.find((s) => s.role === 'updates-archive')!.state, 'absent');
  t.deepEqual(
    c.missing.map((m) => m.nevra),
    inArchive,
  );
  for (const n of inArchive) t.true(report.repoFile.includes(`#   ${n}\n`), n);
});
