/**
 * Issue 19's proof for `compose-match install` on a host: `rpm-ostree` on PATH is the fake
 * (test/helpers/fake-rpm-ostree), which records its arguments and installs for real with dnf on
 * an installroot of the world's base with every base package locked, using the `.repo` files
 * found in --repo-dir at that moment. So each case passes only when what install left in place
 * let the real solver add the exact build, and the repo directory is checked byte for byte after.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { installBase, nevraText, type OracleBase } from '../helpers/dnf-oracle.js';
import { adminRepo, makeFakeHost, type FakeHost } from '../helpers/fake-host.js';
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

let oracle: OracleBase | undefined;
const hosts: FakeHost[] = [];
async function host(status = worldStatus): Promise<FakeHost> {
  oracle ??= await installBase(base.packages, [
    { id: 'fedora', baseurl: osRepoUrl(worldRoot, truth.ga) },
    { id: 'updates', baseurl: osRepoUrl(worldRoot, compose(own)) },
  ]);
  const h = makeFakeHost(status, oracle);
  hosts.push(h);
  return h;
}
test.after.always(() => {
  for (const h of hosts) h.dispose();
  oracle?.dispose();
});

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
