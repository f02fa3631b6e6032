/**
 * The release executables (`npm run dist`, built here once into a temporary directory by the same
 * script) on a host without Node: the x86_64 one, copied alone into an empty directory and run with
 * a PATH holding nothing else, gives the in-process CLI's exact output and the world's truth for
 * `match` by --status, by --ostree-repo URL and by --image oci-archive:, and `fetch
 * kernel-devel-matched --container` writes what dnf installs on the locked base. The decode worker
 * runs from inside an executable; the aarch64 one runs under qemu-user.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildExecutables, executableName, packageVersion, targets } from '../../scripts/dist/executables.js';
import { collectPrimary } from '../../src/rpmmd/read-primary.js';
import { startApache, type ApacheServer } from '../helpers/apache.js';
import { installBase, nevraText, writeRepoFile } from '../helpers/dnf-oracle.js';
import { dbLayer, ostreeLayer, rpmsOf } from '../helpers/image-layers.js';
import { buildImage, fileDigest } from '../helpers/oci-image.js';
import { makeRpmdb } from '../helpers/rpmdb-fixture.js';
import { runCli } from '../helpers/run-cli.js';
import { distRuntimes, testWithTools } from '../helpers/tools.js';
import { loadTruth, worldFetchRoots, worldRoot } from '../helpers/world.js';
import { isolate, runExecutable } from './run-executable.js';

const test = testWithTools(
  distRuntimes,
  { command: 'apache2' },
  { command: 'dnf' },
  { command: 'rpm' },
  { command: 'unshare' },
  { command: 'umoci' },
  { command: 'skopeo' },
  { command: 'qemu-aarch64' },
  { command: 'xz' },
  { command: 'objdump' },
);
const truth = loadTruth();
const tmp = mkdtempSync(join(tmpdir(), 'cm-dist-test-'));
let kojipkgs: ApacheServer | undefined;
let ostree: ApacheServer | undefined;
let exe = '';
let release = '';
test.before(async (t) => {
  const started = performance.now();
  release = join(tmp, 'release');
  await buildExecutables(release);
  t.log(`npm run dist: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  exe = isolate(join(release, executableName(await packageVersion(), targets[0])));
  [kojipkgs, ostree] = await Promise.all([
    startApache({ root: join(worldRoot, 'kojipkgs') }),
    startApache({ root: join(worldRoot, 'ostree', 'repo') }),
  ]);
});
test.after.always(async () => {
  await Promise.all([kojipkgs?.close(), ostree?.close()]);
  rmSync(tmp, { recursive: true, force: true });
  if (exe !== '') rmSync(join(exe, '..'), { recursive: true, force: true });
});

const roots = (): string[] => [
  '--compose-root',
  `${kojipkgs!.url}compose/updates/`,
  '--release-root',
  join(worldRoot, 'dl', 'pub', 'fedora', 'linux', 'releases'),
  '--no-cache',
];

interface Report {
  result: string;
  base: { packageCount: number };
  matches: { series: string; compose: { id: string } | null }[];
}

/** The executable and the in-process CLI on the same arguments: the same exit and bytes. */
async function sameAsCli(
  t: import('ava').ExecutionContext,
  args: string[],
  cwd?: string,
): Promise<{ code: number; stdout: string }> {
  const [got, want] = await Promise.all([
    runExecutable(exe, args, cwd === undefined ? {} : { cwd }),
    runCli(args, cwd === undefined ? {} : { cwd }),
  ]);
  t.is(got.code, want.code, got.stderr);
  t.is(got.stdout, want.stdout);
  t.is(got.stderr, want.stderr);
  return got;
}

const updatesCompose = (r: Report) => r.matches.find((m) => m.series === 'updates')?.compose?.id ?? null;

test.serial(
  'the copied executable runs with no node on its PATH and prints the package version',
  async (t) => {
    t.deepEqual(readdirSync(join(exe, '..')), ['compose-match']);
    t.not(spawnSync('sh', ['-c', 'command -v node'], { env: { PATH: join(exe, '..') } }).status, 0);
    const r = await runExecutable(exe, ['--version']);
    t.is(r.code, 0, r.stderr);
    t.is(r.stdout, `compose-match ${await packageVersion()}\n`);
    // SHA256SUMS names both executables with their digests.
    const sums = readFileSync(join(release, 'SHA256SUMS'), 'utf8');
    for (const target of targets)
      t.regex(sums, new RegExp(`^[0-9a-f]{64}  ${executableName(await packageVersion(), target)}$`, 'm'));
  },
);

test.serial('match --status: the booted deployment, as the CLI and the truth say', async (t) => {
  const status = truth.sources.status;
  const deployment = status.deployments[status.bootedDeployment]!;
  const base = truth.bases[deployment.layered ?? deployment.base]!;
  const r = await sameAsCli(t, ['match', '--status', join(worldRoot, status.file), ...roots(), '--json']);
  const report = JSON.parse(r.stdout) as Report;
  t.is(report.result, base.expected.result);
  t.is(r.code, base.expected.exit);
  t.is(updatesCompose(report), base.expected.compose);
});

test.serial(
  'match --ostree-repo URL --commit: every base of the world, as the CLI and the truth say',
  async (t) => {
    for (const [name, base] of Object.entries(truth.bases)) {
      const r = await sameAsCli(t, [
        'match',
        '--ostree-repo',
        ostree!.url,
        '--commit',
        base.commit,
        ...roots(),
        '--json',
      ]);
      const report = JSON.parse(r.stdout) as Report;
      t.is(report.result, base.expected.result, name);
      t.is(r.code, base.expected.exit, name);
      t.is(updatesCompose(report), base.expected.compose ?? base.nearest?.compose ?? null, name);
    }
  },
);

test.serial(
  'match --image oci-archive: a derived image, its rpm database read by sql.js from inside the executable',
  async (t) => {
    const fcos = truth.bases['fcos-stable']!;
    const d = join(tmp, 'image');
    const rpms = rpmsOf(fcos.packages);
    const added = { name: 'gnutls-devel', version: '3.6.13', release: '4.fc32', arch: 'x86_64' };
    const layer0 = ostreeLayer(fcos.commit, makeRpmdb(join(d, 'db0'), rpms));
    buildImage(d, 'base', [layer0], {});
    const layout = buildImage(
      d,
      't',
      [layer0, dbLayer(makeRpmdb(join(d, 'db1'), [...rpms, ...rpmsOf([added])]), 'usr/share/rpm')],
      {
        'ostree.commit': fcos.commit,
        'org.opencontainers.image.version': fcos.version,
        'ostree.final-diffid': fileDigest(join(d, 'layer-base-0.tar')),
      },
    );
    const copy = spawnSync(
      'skopeo',
      ['copy', '--quiet', `oci:${layout}:t`, `oci-archive:${join(d, 'derived.tar')}:derived`],
      {
        encoding: 'utf8',
      },
    );
    t.is(copy.status, 0, copy.stderr);
    const r = await sameAsCli(
      t,
      ['match', '--image', 'oci-archive:derived.tar:derived', ...roots(), '--json'],
      d,
    );
    const report = JSON.parse(r.stdout) as Report;
    t.is(r.code, 0);
    t.is(report.base.packageCount, fcos.packages.length + 1);
    t.is(report.result, 'timestamp');
    t.is(updatesCompose(report), fcos.expected.compose);
  },
);

test.serial(
  'fetch kernel-devel-matched --container: dnf installs what the executable fetched on the locked base',
  async (t) => {
    const base = truth.bases['fcos-kernel']!;
    // The fetch truth is not in the typed schema (as in test/cli/fetch-world-dnf.test.ts).
    const raw = JSON.parse(readFileSync(join(worldRoot, 'truth.json'), 'utf8')) as {
      bases: Record<
        string,
        { fetch: Record<string, { builds: { nevra: Parameters<typeof nevraText>[0] }[] }> }
      >;
    };
    const expected = raw.bases['fcos-kernel']!.fetch['kernel-devel-matched']!;
    const fetchInto = async (names: string[]): Promise<string> => {
      const dest = mkdtempSync(join(tmp, 'fetched-'));
      const args = [
        'fetch',
        '--ostree-repo',
        join(worldRoot, 'ostree', 'repo'),
        '--commit',
        base.commit,
        ...names,
      ];
      const r = await runExecutable(exe, [
        ...args,
        ...worldFetchRoots(`${kojipkgs!.url}compose/updates/`),
        '--dest',
        dest,
      ]);
      t.is(r.code, 0, r.stderr);
      return dest;
    };
    const own = await fetchInto([...new Set(base.packages.map((p) => p.name))]);
    const dir = await fetchInto(['kernel-devel-matched']);
    const oracle = await installBase(base.packages, [{ id: 'base', baseurl: pathToFileURL(own).href }]);
    try {
      t.deepEqual(
        oracle.installed,
        base.packages.map(nevraText).sort(),
        'the executable fetched the whole base',
      );
      const repoFile = writeRepoFile(join(tmp, 'fetched.repo'), [
        { id: 'fetched', baseurl: pathToFileURL(dir).href },
      ]);
      const r = await oracle.tryInstall(['kernel-devel-matched'], [repoFile]);
      t.true(r.ok, r.stderr);
      t.deepEqual(r.added, expected.builds.map((b) => nevraText(b.nevra)).sort());
      t.deepEqual(r.changedBase, []);
      t.deepEqual(r.removed, []);
    } finally {
      oracle.dispose();
    }
  },
);

test.serial('the decode worker runs from inside an executable (gzip and xz primary.xml)', async (t) => {
  const probeDir = join(tmp, 'probe');
  const [probe] = await buildExecutables(probeDir, {
    entry: 'dist/test/dist/decode-probe.js',
    only: [targets[0]],
  });
  const compose = truth.composes.find((c) => c.id === truth.bases['fcos-stable']!.expected.compose)!;
  const repodata = join(
    worldRoot,
    'kojipkgs',
    'compose',
    'updates',
    compose.id,
    'compose',
    'Everything',
    'x86_64',
    'os',
    'repodata',
  );
  const gz = join(
    repodata,
    readdirSync(repodata).find((f) => f.endsWith('-primary.xml.gz'))!,
  );
  const xz = join(tmp, 'primary.xml.xz');
  const made = spawnSync('sh', ['-c', `gzip -dc '${gz}' | xz -c > '${xz}'`]);
  t.is(made.status, 0);
  for (const file of [gz, xz]) {
    const want = (await collectPrimary([readFileSync(file)], { filename: file })).map(
      (p) => `${p.name}-${p.version}-${p.release}.${p.arch}`,
    );
    t.true(want.length > 0);
    const r = await runExecutable(isolate(probe!), [file]);
    t.is(r.code, 0, r.stderr);
    t.deepEqual(JSON.parse(r.stdout), { inExecutable: true, packages: want });
  }
});

test.serial('the aarch64 executable runs --version and inspect on the world under qemu-user', async (t) => {
  const arm = isolate(join(release, executableName(await packageVersion(), targets[1])));
  const qemu = spawnSync('sh', ['-c', 'command -v qemu-aarch64'], { encoding: 'utf8' }).stdout.trim();
  const prefix = [qemu, '-L', '/usr/aarch64-linux-gnu'];
  const version = await runExecutable(arm, ['--version'], { prefix });
  t.is(version.code, 0, version.stderr);
  t.is(version.stdout, `compose-match ${await packageVersion()}\n`);
  const fcos = truth.bases['fcos-stable']!;
  const args = ['inspect', '--ostree-repo', join(worldRoot, 'ostree', 'repo'), '--ref', fcos.ref, '--json'];
  const [got, want] = await Promise.all([runExecutable(arm, args, { prefix }), runCli(args)]);
  t.is(got.code, 0, got.stderr);
  t.is(got.stdout, want.stdout);
  t.is((JSON.parse(got.stdout) as { commit: string }).commit, fcos.commit);
});

test.serial(
  'both executables need at most glibc 2.28, below RHEL 9 (2.34), RHEL 10 (2.39) and Fedora 41-43 (2.40-2.42)',
  async (t) => {
    for (const target of targets) {
      const file = join(release, executableName(await packageVersion(), target));
      const symbols = spawnSync('objdump', ['-T', file], {
        encoding: 'utf8',
        maxBuffer: 256 * 1024 * 1024,
      }).stdout;
      const versions = [
        ...new Set(
          [...symbols.matchAll(/\bGLIBC_(\d+)\.(\d+)/g)].map((m) => Number(m[1]) * 1000 + Number(m[2])),
        ),
      ];
      t.true(versions.length > 0, target.arch);
      t.is(Math.max(...versions), 2028, `${target.arch}: the newest GLIBC_ symbol version`);
    }
  },
);
