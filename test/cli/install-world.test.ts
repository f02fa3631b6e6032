/**
 * Issue 19's proof for `compose-match install` on a host: `rpm-ostree` on PATH is the fake
 * (test/helpers/fake-rpm-ostree), which records its arguments and installs for real with dnf on
 * an installroot of the world's base with every base package locked, using the `.repo` files
 * found in --repo-dir at that moment. So each case passes only when what install left in place
 * let the real solver add the exact build, and the repo directory is checked byte for byte after.
 * With the world's Koji hub, a base whose compose was pruned and never indexed is matched from
 * Koji's tag history, and install layers from that answer's durable stanzas as for an index one.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installBase, nevraText, type OracleBase } from '../helpers/dnf-oracle.js';
import { durableWorld } from '../helpers/durable-world.js';
import {
  installArchivedBase,
  kernelDevelFor,
  kojiWorldRoots,
  withKojiWorld,
} from '../helpers/koji-world-hub.js';
import { adminRepo, makeFakeHost, type FakeHost } from '../helpers/fake-host.js';
import type { FakeInstallCall } from '../helpers/fake-rpm-ostree-main.js';
import { imageStatusJson, makeImageHost } from '../helpers/image-host.js';
import { statusJson } from '../helpers/status-json.js';
import { repoRoot } from '../helpers/repo-root.js';
import { runCli } from '../helpers/run-cli.js';
import { testWithTools } from '../helpers/tools.js';
import { exactEvrScenario, loadTruth, osRepoUrl, ownCompose, worldRoot } from '../helpers/world.js';

const truth = loadTruth();
const { scenario, base, compose } = exactEvrScenario(truth);
const own = ownCompose(base);
const wanted = nevraText(compose(own).packages.find((p) => p.name === scenario.package)!);
const test = testWithTools(
  { command: 'dnf' },
  { command: 'rpm' },
  { command: 'unshare' },
  { command: 'ostree' },
  { python: 'xmlrpc.server' },
);

const worldStatus = readFileSync(join(worldRoot, 'bases', 'status.json'), 'utf8');
const roots = [
  '--ostree-repo',
  join(worldRoot, 'ostree', 'repo'),
  '--compose-root',
  join(worldRoot, 'kojipkgs', 'compose', 'updates'),
  '--release-root',
  join(worldRoot, 'dl', 'pub', 'fedora', 'linux', 'releases'),
  '--no-cache',
];

/** Where install's fetch finds the builds no snapshot has: the world's pool, archive and Koji packages/. */
const fetchRoots = [
  '--pool-root',
  join(worldRoot, 'kojipkgs', 'repos-dist', 'coreos-pool', 'latest'),
  '--archive-root',
  join(worldRoot, 'updates-archive'),
  '--koji-root',
  join(worldRoot, 'kojipkgs', 'packages'),
  // The world has no live updates tree.
  '--skip',
  'updates',
];

let oracle: OracleBase | undefined;
const hosts: FakeHost[] = [];
const cleanups: (() => void)[] = [];
async function host(status = worldStatus, other?: OracleBase, container = false): Promise<FakeHost> {
  oracle ??= await installBase(base.packages, [
    { id: 'fedora', baseurl: osRepoUrl(worldRoot, truth.ga) },
    { id: 'updates', baseurl: osRepoUrl(worldRoot, compose(own)) },
  ]);
  const h = makeFakeHost(status, other ?? oracle, { container });
  hosts.push(h);
  return h;
}
test.after.always(() => {
  for (const h of hosts) h.dispose();
  for (const c of cleanups) c();
  oracle?.dispose();
});

/**
 * fcos-kernel-pool (built from the FCOS pool), the builds fetch takes for kernel-devel-matched on it
 * (sorted NEVRAs), and the base installed for dnf from GA and the pool.
 */
async function poolBase() {
  const pool = truth.bases['fcos-kernel-pool']!;
  // loadTruth's schema leaves out the fetch truth: read it raw, as fetch-world-dnf.test.ts does.
  const raw = JSON.parse(readFileSync(join(worldRoot, 'truth.json'), 'utf8')) as {
    bases: Record<
      string,
      { fetch: Record<string, { builds: { nevra: Parameters<typeof nevraText>[0] }[] }> }
    >;
  };
  const expected = raw.bases['fcos-kernel-pool']!.fetch['kernel-devel-matched']!.builds.map((b) =>
    nevraText(b.nevra),
  ).sort();
  const poolOracle = await installBase(pool.packages, [
    { id: 'fedora', baseurl: osRepoUrl(worldRoot, truth.ga) },
    {
      id: 'pool',
      baseurl: `file://${join(worldRoot, 'kojipkgs', 'repos-dist', 'coreos-pool', 'latest', 'x86_64')}/`,
    },
  ]);
  cleanups.push(() => poolOracle.dispose());
  return { pool, expected, poolOracle };
}

const snapshotName = `compose-match-install-${base.commit.slice(0, 12)}.repo`;

test.serial(
  'retained compose: rpm-ostree layers the exact build from the snapshot .repo, which is then removed',
  async (t) => {
    const h = await host();
    const r = await runCli(['install', scenario.package, '--repo-dir', h.repoDir, '--idempotent', ...roots], {
      env: h.env,
    });
    t.is(r.code, 0, r.stderr);
    const [call, ...more] = h.calls();
    t.is(more.length, 0);
    t.deepEqual(call!.argv, ['install', '--idempotent', scenario.package]);
    t.deepEqual(Object.keys(call!.repoFiles), ['admin.repo', snapshotName]);
    t.true(call!.repoFiles[snapshotName]!.includes(`compose/updates/${own}/`), call!.repoFiles[snapshotName]);
    t.true(call!.ok, call!.stderr);
    t.deepEqual(call!.added, [wanted]);
    t.deepEqual(call!.changedBase, []);
    t.deepEqual(h.repoDirContents(), { 'admin.repo': adminRepo });
    t.regex(r.stderr, /retained: a snapshot \.repo for this install only/);
  },
);

test.serial(
  'rpm-ostree failing: exit 1 with its message, the repo directory restored byte for byte',
  async (t) => {
    const h = await host();
    const before = h.repoDirContents();
    const r = await runCli(['install', 'no-such-package', '--repo-dir', h.repoDir, ...roots], { env: h.env });
    t.is(r.code, 1, r.stderr);
    t.regex(r.stderr, /rpm-ostree install failed \(exit 1\).*depsolve/);
    t.regex(r.stderr, /ERR_INSTALL_COMMAND/);
    const [call] = h.calls();
    t.false(call!.ok);
    t.true(snapshotName in call!.repoFiles, 'the snapshot .repo was in place while rpm-ostree ran');
    t.deepEqual(h.repoDirContents(), before);
  },
);

test.serial('--dry-run prints the decision, the file and the command, and writes nothing', async (t) => {
  const h = await host();
  const before = h.repoDirContents();
  const r = await runCli(['install', scenario.package, '--dry-run', '--repo-dir', h.repoDir, ...roots], {
    env: h.env,
  });
  t.is(r.code, 0, r.stderr);
  t.true(r.stdout.includes(`would write ${join(h.repoDir, snapshotName)}\n`), r.stdout);
  t.true(r.stdout.includes(`would run rpm-ostree install ${scenario.package}\n`), r.stdout);
  t.deepEqual(h.calls(), []);
  t.deepEqual(h.repoDirContents(), before);
});

test.serial(
  'SIGKILL while rpm-ostree runs: the journal names the .repo, and the next run cleans both',
  async (t) => {
    const h = await host();
    h.setHang(true);
    const bin = join(repoRoot, 'dist', 'src', 'cli', 'bin.js');
    const child = spawn(
      process.execPath,
      [bin, 'install', scenario.package, '--repo-dir', h.repoDir, ...roots],
      {
        env: h.env,
        stdio: 'ignore',
      },
    );
    const deadline = Date.now() + 60_000;
    while (h.calls().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const [call] = h.calls();
    t.truthy(call, 'rpm-ostree install was reached');
    child.kill('SIGKILL');
    await new Promise((r) => child.once('close', r));
    process.kill(call!.pid, 'SIGKILL');
    const left = h.repoDirContents();
    t.deepEqual(Object.keys(left), ['.compose-match-install.journal', 'admin.repo', snapshotName]);
    t.deepEqual(JSON.parse(left['.compose-match-install.journal']!).created, [join(h.repoDir, snapshotName)]);
    h.setHang(false);
    const r = await runCli(['install', scenario.package, '--repo-dir', h.repoDir, ...roots], { env: h.env });
    t.is(r.code, 0, r.stderr);
    t.regex(r.stderr, /removed .*left by an interrupted install/);
    t.deepEqual(h.repoDirContents(), { 'admin.repo': adminRepo });
  },
);

test.serial('a SIGKILL leftover is cleaned by fetch-prune too', async (t) => {
  const h = await host();
  const leftover = join(h.repoDir, snapshotName);
  writeFileSync(leftover, '[x]\n');
  writeFileSync(
    join(h.repoDir, '.compose-match-install.journal'),
    JSON.stringify({ program: 'compose-match install', created: [leftover] }),
  );
  const status = join(h.dir, 'status.json');
  const r = await runCli(
    ['fetch-prune', '--status', status, '--repo-files-dir', h.repoDir, '--repos-dir', join(h.dir, 'none')],
    { env: h.env },
  );
  t.is(r.code, 0, r.stderr);
  t.false(existsSync(leftover));
  t.deepEqual(h.repoDirContents(), { 'admin.repo': adminRepo });
  rmSync(join(h.dir, 'none'), { recursive: true, force: true });
});

test.serial(
  'pruned compose known from the index: the durable stanzas layer the exact build, then go',
  async (t) => {
    const w = await durableWorld({ prune: [own] });
    cleanups.push(() => w.dispose());
    const h = await host();
    const r = await runCli(
      [
        'install',
        scenario.package,
        '--repo-dir',
        h.repoDir,
        '--ostree-repo',
        join(worldRoot, 'ostree', 'repo'),
        '--index',
        w.index,
        '--compose-root',
        w.composeRoot,
        '--archive-root',
        w.archiveRoot,
        '--updates-root',
        w.updatesRoot,
        '--release-root',
        join(worldRoot, 'dl', 'pub', 'fedora', 'linux', 'releases'),
        '--no-cache',
      ],
      { env: h.env },
    );
    t.is(r.code, 0, r.stderr);
    t.regex(r.stderr, /is pruned; every build it needs is in a durable source/);
    const [call] = h.calls();
    t.false(call!.repoFiles[snapshotName]!.includes(`${own}/compose`));
    t.true(call!.ok, call!.stderr);
    t.deepEqual(call!.added, [wanted]);
    t.deepEqual(call!.changedBase, []);
    t.deepEqual(h.repoDirContents(), { 'admin.repo': adminRepo });
  },
);

test.serial(
  'image-deployed host: the snapshot .repo from the host repo layers the exact build',
  async (t) => {
    const image = makeImageHost({ commit: base.commit });
    cleanups.push(() => rmSync(image.sysroot, { recursive: true, force: true }));
    const h = await host(imageStatusJson([{ host: image, version: base.version, booted: true }]));
    const r = await runCli(
      ['install', scenario.package, '--repo-dir', h.repoDir, ...roots.slice(2), '--ostree-repo', image.repo],
      {
        env: h.env,
      },
    );
    t.is(r.code, 0, r.stderr);
    const [call] = h.calls();
    t.deepEqual(Object.keys(call!.repoFiles), ['admin.repo', snapshotName]);
    t.true(call!.ok, call!.stderr);
    t.deepEqual(call!.added, [wanted]);
    t.deepEqual(call!.changedBase, []);
    t.deepEqual(h.repoDirContents(), { 'admin.repo': adminRepo });
  },
);

test.serial(
  'pool-built base: fetch --host gives the exact kernel-devel, whose repo stays for fetch-prune',
  async (t) => {
    const { pool, expected, poolOracle } = await poolBase();
    const status = statusJson([
      {
        checksum: pool.commit,
        version: pool.version,
        timestamp: pool.commitTime,
        booted: true,
        baseRepos: pool.recordedRepos.map((x) => ({ id: x.id, timestamp: x.timestamp })),
        origin: `fedora:${pool.ref}`,
      },
    ]);
    const h = await host(status, poolOracle);
    const dest = join(h.dir, 'var-lib-compose-match', pool.commit);
    const r = await runCli(
      ['install', 'kernel-devel-matched', '--repo-dir', h.repoDir, '--dest', dest, ...roots, ...fetchRoots],
      { env: h.env },
    );
    t.is(r.code, 0, r.stderr);
    t.regex(r.stderr, /pool-built .*fetching the exact builds/);
    const hostRepo = `compose-match-${pool.commit.slice(0, 12)}.repo`;
    const [call] = h.calls();
    t.deepEqual(Object.keys(call!.repoFiles), ['admin.repo', hostRepo]);
    t.true(call!.ok, call!.stderr);
    t.deepEqual(call!.added, expected);
    t.deepEqual(call!.changedBase, []);
    t.deepEqual(Object.keys(h.repoDirContents()), ['admin.repo', hostRepo]);
    t.true(existsSync(join(dest, 'repodata', 'repomd.xml')));
  },
);

test.serial(
  'container build: dnf gets the snapshot on its command line and no file is left behind',
  async (t) => {
    const h = await host(worldStatus, undefined, true);
    const before = h.repoDirContents();
    const r = await runCli(
      [
        'install',
        scenario.package,
        '--repo-dir',
        h.repoDir,
        ...roots.slice(2),
        '--ostree-repo',
        join(worldRoot, 'ostree', 'repo'),
        '--commit',
        base.commit,
      ],
      { env: h.env },
    );
    t.is(r.code, 0, r.stderr);
    t.regex(r.stderr, /container build: dnf, no file left behind/);
    const [call] = h.calls() as (FakeInstallCall & { tool?: string })[];
    t.is(call!.tool, 'dnf');
    t.true(
      call!.argv.some((a) => a.startsWith('--repofrompath=') && a.includes(`compose/updates/${own}/`)),
      call!.argv.join(' '),
    );
    t.true(call!.ok, call!.stderr);
    t.deepEqual(call!.added, [wanted]);
    t.deepEqual(call!.changedBase, []);
    t.deepEqual(h.repoDirContents(), before);
  },
);

test.serial(
  'container build of a pool-built base: fetched into a temporary repo, given to dnf, then removed',
  async (t) => {
    const { pool, expected, poolOracle } = await poolBase();
    const h = await host(worldStatus, poolOracle, true);
    const before = h.repoDirContents();
    const before2 = readdirSync(tmpdir()).filter((n) => n.startsWith('compose-match-install-'));
    const r = await runCli(
      [
        'install',
        'kernel-devel-matched',
        '--repo-dir',
        h.repoDir,
        ...roots.slice(2),
        '--ostree-repo',
        join(worldRoot, 'ostree', 'repo'),
        '--commit',
        pool.commit,
        ...fetchRoots,
      ],
      { env: h.env },
    );
    t.is(r.code, 0, r.stderr);
    const [call] = h.calls();
    t.true(call!.ok, call!.stderr);
    t.deepEqual(call!.added, expected);
    t.deepEqual(h.repoDirContents(), before);
    t.deepEqual(
      readdirSync(tmpdir()).filter((n) => n.startsWith('compose-match-install-')),
      before2,
      'the fetched repo is gone',
    );
  },
);

test.serial(
  'SIGTERM while rpm-ostree runs: forwarded to it, then every created file removed, exit 1',
  async (t) => {
    const h = await host();
    h.setHang(true);
    const before = h.repoDirContents();
    const bin = join(repoRoot, 'dist', 'src', 'cli', 'bin.js');
    const child = spawn(
      process.execPath,
      [bin, 'install', scenario.package, '--repo-dir', h.repoDir, ...roots],
      {
        env: h.env,
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const deadline = Date.now() + 60_000;
    while (h.calls().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const [call] = h.calls();
    t.truthy(call, 'rpm-ostree install was reached');
    const closed = new Promise<number | null>((r) => child.once('close', (code) => r(code)));
    child.kill('SIGTERM');
    t.is(await closed, 1, stderr);
    t.regex(stderr, /Stopped by SIGTERM.*ERR_INSTALL_INTERRUPTED/);
    let fakeGone = false;
    try {
      process.kill(call!.pid, 0);
    } catch {
      fakeGone = true;
    }
    t.true(fakeGone, 'rpm-ostree got the signal');
    t.deepEqual(h.repoDirContents(), before);
  },
);

test.serial(
  "pruned, unindexed base with --koji: the Koji answer's durable stanzas (only what NAME needs) layer the exact build",
  async (t) => {
    const archived = truth.bases['fcos-kernel-archived']!;
    const expected = kernelDevelFor(archived);
    await withKojiWorld(async (hub, w) => {
      const archivedOracle = await installArchivedBase(archived.packages);
      cleanups.push(() => archivedOracle.dispose());
      const h = await host(worldStatus, archivedOracle);
      const before = h.repoDirContents();
      const repoName = `compose-match-install-${archived.commit!.slice(0, 12)}.repo`;
      const args = [
        'install',
        'kernel-devel-matched',
        '--repo-dir',
        h.repoDir,
        '--ostree-repo',
        join(worldRoot, 'ostree', 'repo'),
        '--commit',
        archived.commit,
        ...kojiWorldRoots(w),
        '--no-cache',
      ];
      // Without Koji no snapshot explains the base: install would fetch the builds.
      const without = await runCli([...args, '--dry-run'], { env: h.env });
      t.is(without.code, 0, without.stderr);
      t.regex(without.stderr, /no retained snapshot is consistent with the base: fetching the exact builds/);
      t.regex(without.stdout, /^would keep /m);

      const dry = await runCli([...args, '--koji-hub', hub.url, '--dry-run'], { env: h.env });
      t.is(dry.code, 0, dry.stderr);
      t.regex(
        dry.stderr,
        /snapshot Koji-f32-updates-event-\d+ was rebuilt from Koji's tag history \(no repo of it exists\); every build it needs is in a durable source: its stanzas for this install only/,
      );
      t.is(
        dry.stdout,
        `would write ${join(h.repoDir, repoName)}\nwould run rpm-ostree install kernel-devel-matched\n`,
      );
      t.deepEqual(h.calls(), []);
      t.deepEqual(h.repoDirContents(), before);

      const r = await runCli([...args, '--koji-hub', hub.url], { env: h.env });
      t.is(r.code, 0, r.stderr);
      const [call, ...more] = h.calls();
      t.deepEqual(more, []);
      const repoText = call!.repoFiles[repoName]!;
      t.notRegex(repoText, /^baseurl=.*Koji-/m);
      const listed = repoText
        .split('\n')
        .filter((l) => l.startsWith('includepkgs='))
        .flatMap((l) => l.slice('includepkgs='.length).split(/[\s,]+/))
        .filter((n) => n !== '');
      // --for is the NAMEs: only what layering them needs, never a base package.
      for (const n of expected) t.true(listed.includes(n), n);
      t.false(
        listed.some((n) => n.startsWith('kernel-core-')),
        listed.join(' '),
      );
      t.true(call!.ok, call!.stderr);
      t.deepEqual([...(call!.added ?? [])].sort(), expected);
      t.deepEqual(call!.changedBase, []);
      t.deepEqual(h.repoDirContents(), before);
    });
  },
);

test.serial('--koji-hub that is not an http(s) URL is bad usage (exit 2)', async (t) => {
  const h = await host();
  const r = await runCli(['install', 'nano', '--repo-dir', h.repoDir, '--koji-hub', 'ftp://x', ...roots], {
    env: h.env,
  });
  t.is(r.code, 2, r.stderr);
  t.regex(r.stderr, /--koji-hub takes the hub's http\(s\) URL/);
  t.deepEqual(h.calls(), []);
});
