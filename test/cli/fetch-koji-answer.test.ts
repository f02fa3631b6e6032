/**
 * `fetch --koji-hub`: for a base matched from Koji's history (fcos-kernel-archived: its compose
 * pruned, never indexed), the Koji source takes each build's place in `packages/` and its signing
 * key from the answer instead of listing directories. The files fetched from Koji (unsigned copies
 * with their sigcache headers spliced on) are then installed by dnf with every base package locked
 * and gpgcheck on with the world's key. The same fetch without the hub lists packages/, as before.
 * When Koji has since garbage-collected the build the answer located, its 404 is "absent from
 * Koji" (exit 3, with what each source answered), not a network failure.
 */
import plainTest from 'ava';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeRepoFile } from '../helpers/dnf-oracle.js';
import { installArchivedBase, kernelDevelFor, withWorldHub } from '../helpers/koji-world-hub.js';
import { runCli } from '../helpers/run-cli.js';
import { testWithTools } from '../helpers/tools.js';
import { loadTruth, worldRoot } from '../helpers/world.js';

const test = testWithTools({ python: 'xmlrpc.server' }, { command: 'dnf' }, { command: 'rpm' });

const truth = loadTruth();
const base = truth.bases['fcos-kernel-archived']!;

interface FetchJson {
  builds: {
    nevra: { name: string };
    status: string;
    located: { source: { kind: string }; signed: boolean };
  }[];
  requests: { requests: number; bytes: number };
  koji: { answers: { tag: string; event: number; builds: number }[]; listings: number; fromAnswer: number };
}

function fetchArgs(dest: string, extra: string[]): string[] {
  return [
    'fetch',
    '--ostree-repo',
    join(worldRoot, 'ostree', 'repo'),
    '--commit',
    base.commit!,
    'kernel-devel-matched',
    '--compose-root',
    join(worldRoot, 'kojipkgs', 'compose', 'updates'),
    '--release-root',
    join(worldRoot, 'dl', 'pub', 'fedora', 'linux', 'releases'),
    '--koji-root',
    join(worldRoot, 'kojipkgs', 'packages'),
    // Koji is the only source that can hold the base kernel's build here (GA only names the package).
    '--skip',
    'updates,pool,archive',
    '--container',
    '--no-cache',
    '--dest',
    dest,
    '--json',
    ...extra,
  ];
}

async function fetchKernel(dest: string, extra: string[]): Promise<FetchJson> {
  const r = await runCli(fetchArgs(dest, extra));
  if (r.code !== 0) throw new Error(`fetch exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as FetchJson;
}

test('fetch takes Koji builds from the Koji answer, no listing; dnf installs them on the locked base', async (t) => {
  const listed = mkdtempSync(join(tmpdir(), 'cm-fetch-listed-'));
  const dest = mkdtempSync(join(tmpdir(), 'cm-fetch-answer-'));
  try {
    await withWorldHub(async (hub) => {
      const before = await fetchKernel(listed, []);
      t.true(before.koji.listings > 0, 'without an answer Koji packages/ is listed');
      t.deepEqual(before.koji.answers, []);

      const after = await fetchKernel(dest, ['--koji-hub', hub.url]);
      t.is(after.koji.listings, 0, 'with the answer no directory is listed');
      t.true(after.koji.fromAnswer >= 2);
      t.is(after.koji.answers.length, 1);
      t.is(after.koji.answers[0]!.tag, 'f32-updates');
      const names = after.builds.map((b) => b.nevra.name).sort();
      t.deepEqual(names, ['kernel-devel', 'kernel-devel-matched']);
      for (const b of after.builds) {
        t.is(b.status, 'fetched', b.nevra.name);
        t.is(b.located.source.kind, 'koji', b.nevra.name);
        t.true(b.located.signed, b.nevra.name);
      }
      t.log(
        `requests: listing ${before.requests.requests} (${before.koji.listings} listings), from the answer ${after.requests.requests} (hub included)`,
      );

      const oracle = await installArchivedBase(base.packages);
      try {
        const repoFile = writeRepoFile(join(dest, '..', `${dest.split('/').pop()}.repo`), [
          { id: 'fetched', baseurl: pathToFileURL(dest).href },
        ]);
        const res = await oracle.tryInstall(['kernel-devel-matched'], [repoFile]);
        rmSync(repoFile);
        t.true(res.ok, res.stderr);
        t.deepEqual(res.added.sort(), kernelDevelFor(base));
        t.deepEqual(res.removed, []);
        t.deepEqual(res.changedBase, []);
      } finally {
        oracle.dispose();
      }
    });
  } finally {
    rmSync(listed, { recursive: true, force: true });
    rmSync(dest, { recursive: true, force: true });
  }
});

plainTest(
  'fetch --koji-hub that is not an http(s) URL is bad usage (exit 2), before anything is read',
  async (t) => {
    const r = await runCli([
      'fetch',
      '--pkglist',
      '/nonexistent',
      'kernel-devel-matched',
      '--koji-hub',
      'koji.fedoraproject.org/kojihub',
    ]);
    t.is(r.code, 2, r.stderr);
    t.true(r.stderr.includes("--koji-hub takes the hub's http(s) URL"), r.stderr);
  },
);

test('a build Koji garbage-collected since its tag history was read is absent from Koji (exit 3), not a failed download', async (t) => {
  const kernel = base.packages!.find((p) => p.name === 'kernel-core')!;
  // Koji packages/ after the GC: the same tree without the base kernel's build directory.
  const packages = join(worldRoot, 'kojipkgs', 'packages');
  const gc = mkdtempSync(join(tmpdir(), 'cm-koji-gc-'));
  for (const name of readdirSync(packages))
    if (name !== 'kernel') symlinkSync(join(packages, name), join(gc, name));
  mkdirSync(join(gc, 'kernel'));
  for (const version of readdirSync(join(packages, 'kernel')))
    if (version !== kernel.version)
      symlinkSync(join(packages, 'kernel', version), join(gc, 'kernel', version));
  const dest = mkdtempSync(join(tmpdir(), 'cm-fetch-gc-'));
  try {
    await withWorldHub(async (hub) => {
      const args = fetchArgs(dest, ['--koji-hub', hub.url]);
      args[args.indexOf('--koji-root') + 1] = gc;
      const r = await runCli(args);
      t.is(r.code, 3, r.stderr);
      const out = JSON.parse(r.stdout) as {
        builds: {
          nevra: { name: string; version: string };
          status: string;
          answers: { source: { kind: string }; status: string; detail?: string }[];
        }[];
        koji: { fromAnswer: number; listings: number };
      };
      t.true(out.koji.fromAnswer >= 1, 'located from the answer');
      const [build, ...more] = out.builds;
      t.deepEqual(more, []);
      t.is(build!.nevra.name, 'kernel-devel-matched');
      t.is(build!.nevra.version, kernel.version);
      t.is(build!.status, 'missing');
      t.false(
        build!.answers.some((a) => a.status === 'failed'),
        JSON.stringify(build!.answers),
      );
      const koji = build!.answers.filter((a) => a.source.kind === 'koji');
      t.true(koji.length > 0);
      t.true(koji.every((a) => a.status === 'absent'));
      t.regex(koji.map((a) => a.detail ?? '').join(' '), /answers 404: garbage-collected from Koji/);
      t.regex(r.stderr, /kernel-devel-matched-5\.7\.10-201\.fc32\.x86_64 .*: nowhere\. Tried: .*koji absent/);
      t.regex(r.stderr, /what the sources hold of kernel-devel-matched: .*koji: gone \(/);
      t.deepEqual(readdirSync(dest), [], 'nothing was written');
    });
  } finally {
    rmSync(gc, { recursive: true, force: true });
    rmSync(dest, { recursive: true, force: true });
  }
});
