/**
 * `inspect --image` and `match --image` end to end over images built at test time from the world's
 * real commits and rpm databases: served by Debian's docker-registry (docker://), as an
 * oci-archive written by skopeo, and as OCI layouts; each variant finds its truth compose, and the
 * resolved manifest digest reaches the report and the .repo header.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWorldServer, type WorldServer } from '../../scripts/world-server.js';
import { installBase, nevraText, writeRepoFile, type OracleRepo } from '../helpers/dnf-oracle.js';
import { addIndex, buildImage, fileDigest } from '../helpers/oci-image.js';
import { inspectRaw, push, startRegistry, type TestRegistry } from '../helpers/registry.js';
import { makeRpmdb } from '../helpers/rpmdb-fixture.js';
import { runCli } from '../helpers/run-cli.js';
import { testWithTools } from '../helpers/tools.js';
import { loadTruth, osRepoUrl, ownCompose, worldRoot, type BaseTruth } from '../helpers/world.js';
import { dbLayer, ostreeLayer, rpmsOf } from '../helpers/image-layers.js';

const test = testWithTools(
  { command: 'umoci' },
  { command: 'skopeo' },
  { command: 'rpm' },
  { command: 'ostree' },
  { command: 'docker-registry' },
  { command: 'dnf' },
);
const truth = loadTruth();
const fcos = truth.bases['fcos-stable']!;
const next = truth.bases['fcos-next']!;
const tmp = mkdtempSync(join(tmpdir(), 'cm-image-e2e-'));
let server: WorldServer;
let registry: TestRegistry;
test.before(async () => {
  server = await startWorldServer();
  registry = await startRegistry();
});
test.after.always(async () => {
  await server?.close();
  await registry?.close();
  rmSync(tmp, { recursive: true, force: true });
});

const sources = (): string[] => [
  '--compose-root',
  `${server.url}compose/updates/`,
  '--release-root',
  join(worldRoot, 'dl', 'pub', 'fedora', 'linux', 'releases'),
  '--no-cache',
];

interface Report {
  result: string;
  base: {
    commit: string | null;
    version: string | null;
    commitTime: number | null;
    packageCount: number;
    notes: string[];
    image?: { reference: string; manifestDigest: string; indexDigest: string | null };
  };
  matches: { result: string; compose: { id: string } | null }[];
  repoFile: string;
}

async function matchJson(
  reference: string,
  extra: string[] = [],
  cwd?: string,
): Promise<{ code: number; report: Report }> {
  const r = await runCli(
    ['match', '--image', reference, ...sources(), '--json', ...extra],
    cwd === undefined ? {} : { cwd },
  );
  if (r.stdout === '') throw new Error(`match printed nothing (exit ${r.code}): ${r.stderr}`);
  return { code: r.code, report: JSON.parse(r.stdout) as Report };
}

/**
 * dnf as rpm-ostree's base lock (test/helpers/dnf-oracle.ts): with every base package installed
 * and locked, the emitted .repo (beside the release's fedora repo, as on a host) layers gnutls-devel,
 * which requires exactly the base's gnutls, adding only it at the base's EVR.
 */
async function layersExactSubpackage(
  base: BaseTruth,
  repoFile: string,
  name: string,
): Promise<string | null> {
  const gaRepo: OracleRepo = { id: 'fedora', baseurl: osRepoUrl(worldRoot, truth.ga) };
  const compose = truth.composes.find((c) => c.id === ownCompose(base))!;
  const oracle = await installBase(base.packages, [
    gaRepo,
    { id: 'updates', baseurl: osRepoUrl(worldRoot, compose) },
  ]);
  try {
    const at = dir(`oracle-${name}`);
    const fedora = writeRepoFile(join(at, 'fedora.repo'), [gaRepo]);
    const emitted = join(at, 'emitted.repo');
    writeFileSync(emitted, repoFile);
    const r = await oracle.tryInstall(['gnutls-devel'], [fedora, emitted]);
    const gnutls = base.packages.find((p) => p.name === 'gnutls')!;
    if (!r.ok) return `dnf failed: ${r.stderr}`;
    const want = nevraText({ ...gnutls, name: 'gnutls-devel' });
    if (r.added.join(' ') !== want) return `dnf added ${r.added.join(' ')}, not ${want}`;
    if (r.changedBase.length > 0) return `dnf changed base packages ${r.changedBase.join(' ')}`;
    return null;
  } finally {
    oracle.dispose();
  }
}

const dir = (name: string): string => {
  const d = join(tmp, name);
  mkdirSync(d, { recursive: true });
  return d;
};
const sha256 = (s: string): string => `sha256:${createHash('sha256').update(s).digest('hex')}`;

/**
 * A commit as `rpm-ostree compose build-chunked-oci` writes it (F43+): a real ostree commit with
 * empty metadata. Made with the ostree CLI (`--no-bindings`: no ref-binding key either).
 */
function emptyCommit(at: string, timestamp: number): { checksum: string; object: string } {
  const repo = join(at, 'repo');
  const tree = join(at, 'tree');
  mkdirSync(join(tree, 'usr'), { recursive: true });
  const run = (args: string[]): string => {
    const r = spawnSync('ostree', args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`ostree ${args.join(' ')}: ${r.stderr}`);
    return r.stdout.trim();
  };
  run(['init', `--repo=${repo}`, '--mode=archive']);
  const checksum = run([
    'commit',
    `--repo=${repo}`,
    '--orphan',
    '--no-bindings',
    `--timestamp=@${timestamp}`,
    `--tree=dir=${tree}`,
  ]);
  return { checksum, object: join(repo, 'objects', checksum.slice(0, 2), `${checksum.slice(2)}.commit`) };
}

test.serial(
  'match --image docker:// over the registry finds the fcos-stable compose; the digest is in the report and the .repo',
  async (t) => {
    const d = dir('docker');
    const db = makeRpmdb(join(d, 'db'), rpmsOf(fcos.packages));
    const layout = buildImage(d, 't', [ostreeLayer(fcos.commit, db)], {
      'ostree.commit': fcos.commit,
      'org.opencontainers.image.version': fcos.version,
      'ostree.bootable': 'true',
      'containers.bootc': '1',
    });
    const reference = `docker://${registry.host}/fedora/fedora-coreos:stable`;
    await push(`oci:${layout}:t`, reference);
    const digest = sha256(await inspectRaw(reference));

    const inspect = await runCli(['inspect', '--image', reference, '--json']);
    t.is(inspect.code, 0, inspect.stderr);
    const base = JSON.parse(inspect.stdout) as {
      commit: string;
      version: string;
      image: { manifestDigest: string; commitLayer: number | null; rpmdbLayer: number | null };
    };
    t.is(base.commit, fcos.commit);
    t.is(base.version, fcos.version);
    t.is(base.image.manifestDigest, digest);
    // Full rpm-ostree metadata and no derived layer: the rpmdb is not read.
    t.is(base.image.rpmdbLayer, null);

    const { code, report } = await matchJson(reference);
    t.is(code, 0);
    t.is(report.result, fcos.expected.result);
    t.is(report.matches[0]?.compose?.id ?? null, fcos.expected.compose);
    t.deepEqual(report.base.image, { reference, manifestDigest: digest, indexDigest: null });
    t.true(report.repoFile.includes(`# Base image: ${reference}\n`));
    t.true(report.repoFile.includes(`#   resolved to manifest ${digest}.\n`));
    t.regex(report.repoFile, new RegExp(`^\\[${fcos.expected.compose!.replace(/\./g, '\\.')}\\]$`, 'm'));

    const plain = await runCli(['match', '--image', reference, ...sources()]);
    t.is(plain.code, 0, plain.stderr);
    t.is(plain.stdout, report.repoFile);
    t.deepEqual(registry.blobAuthorizations, []);
    t.true(registry.blobRequests > 0);
    t.is(await layersExactSubpackage(fcos, report.repoFile, 'docker'), null);
  },
);

test('empty commit (F43+ build-chunked-oci): a package-only base from the rpmdb, version from the label, date from the commit', async (t) => {
  const d = dir('empty');
  const commit = emptyCommit(d, next.commitTime);
  const db = makeRpmdb(join(d, 'db'), rpmsOf(next.packages));
  const layout = buildImage(
    d,
    't',
    [ostreeLayer(commit.checksum, db, commit.object)],
    { 'ostree.commit': commit.checksum, 'org.opencontainers.image.version': next.version },
    'amd64',
    ['--created', '2026-01-01T00:00:00Z'],
  );
  const { code, report } = await matchJson(`oci:${layout}:t`);
  t.is(code, 0, JSON.stringify(report.base.notes));
  t.is(report.base.commit, commit.checksum);
  t.is(report.base.version, next.version);
  // The empty commit still dates the build; the config's created (a later, unrelated date) is not used.
  t.is(report.base.commitTime, next.commitTime);
  t.is(report.base.packageCount, next.packages.length);
  t.true(report.base.notes.some((n) => n.includes('from the org.opencontainers.image.version label')));
  t.true(report.base.notes.some((n) => n.startsWith('packages from the rpm database /usr/share/rpm/')));
  t.is(report.result, 'packages');
  t.is(report.matches[0]?.compose?.id ?? null, next.expected.compose);
  t.is(await layersExactSubpackage(next, report.repoFile, 'empty'), null);
});

test('no commit (chunkah): the rpmdb through var/lib/rpm gives the base, the version label and created its date', async (t) => {
  const d = dir('chunkah');
  const db = makeRpmdb(join(d, 'db'), rpmsOf(next.packages));
  const created = new Date(next.commitTime * 1000).toISOString().replace(/\.000Z$/, 'Z');
  const layout = buildImage(
    d,
    't',
    [dbLayer(db, 'var/lib/rpm', [['usr/share/rpm', '/var/lib/rpm']])],
    { 'org.opencontainers.image.version': next.version },
    'amd64',
    ['--created', created],
  );
  const { code, report } = await matchJson(`oci:${layout}:t`);
  t.is(code, 0, JSON.stringify(report.base.notes));
  t.is(report.base.commit, null);
  t.is(report.base.version, next.version);
  t.is(report.base.commitTime, next.commitTime);
  t.true(report.base.notes.some((n) => n.startsWith(`date from the image config's created (${created})`)));
  t.true(report.base.notes.some((n) => n.startsWith('packages from the rpm database /var/lib/rpm/')));
  t.is(report.matches[0]?.compose?.id ?? null, next.expected.compose);
  t.is(report.result, 'packages');
  t.is(await layersExactSubpackage(next, report.repoFile, 'chunkah'), null);
});

test('derived image as an oci-archive (skopeo): commit repos match the compose, the whole-base check runs on the derived rpmdb', async (t) => {
  const d = dir('derived');
  const rpms = rpmsOf(fcos.packages);
  const added = { name: 'gnutls-devel', version: '3.6.13', release: '4.fc32', arch: 'x86_64' };
  const db0 = makeRpmdb(join(d, 'db0'), rpms);
  const db1 = makeRpmdb(join(d, 'db1'), [...rpms, ...rpmsOf([added])]);
  const layer0 = ostreeLayer(fcos.commit, db0);
  buildImage(d, 'base', [layer0], {});
  const layout = buildImage(d, 't', [layer0, dbLayer(db1, 'usr/share/rpm')], {
    'ostree.commit': fcos.commit,
    'org.opencontainers.image.version': fcos.version,
    'ostree.final-diffid': fileDigest(join(d, 'layer-base-0.tar')),
  });
  const archive = join(d, 'derived.tar');
  const copy = spawnSync('skopeo', ['copy', '--quiet', `oci:${layout}:t`, `oci-archive:${archive}:derived`], {
    encoding: 'utf8',
  });
  t.is(copy.status, 0, copy.stderr);
  // A relative path resolves against the CLI's working directory.
  const { code, report } = await matchJson('oci-archive:derived.tar:derived', [], d);
  t.is(code, 0, JSON.stringify(report.base.notes));
  t.is(report.base.commit, fcos.commit);
  t.is(report.base.packageCount, fcos.packages.length + 1);
  t.true(
    report.base.notes.some((n) => n.startsWith('layered on top of the commit') && n.includes('gnutls-devel')),
  );
  t.is(report.result, 'timestamp');
  t.is(report.matches[0]?.compose?.id ?? null, fcos.expected.compose);
  t.regex(report.base.image?.manifestDigest ?? '', /^sha256:[0-9a-f]{64}$/);
});

test('a single-manifest image is checked against --arch; an index entry whose config disagrees is refused', async (t) => {
  const d = dir('arch');
  const iot = truth.bases['iot']!;
  const layout = buildImage(d, 'arm', [ostreeLayer(iot.commit, null)], {}, 'arm64');
  const ref = `oci:${layout}:arm`;
  const wrong = await runCli(['inspect', '--image', ref, '--arch', 'x86_64']);
  t.is(wrong.code, 2, wrong.stderr);
  t.regex(wrong.stderr, /ERR_OCI_ARCH_MISMATCH|config says linux\/arm64, not amd64/);
  const right = await runCli(['inspect', '--image', ref, '--arch', 'aarch64', '--json']);
  t.is(right.code, 0, right.stderr);
  t.is((JSON.parse(right.stdout) as { commit: string }).commit, iot.commit);
  // Without --arch the image is read as the arch it is, whatever the host's.
  const any = await runCli(['inspect', '--image', ref, '--json']);
  t.is(any.code, 0, any.stderr);
  // An index that lists the arm64 image as amd64: the config is what the image is.
  addIndex(layout, 'lie', { arm: 'amd64' });
  const lie = await runCli(['inspect', '--image', `oci:${layout}:lie`, '--arch', 'x86_64']);
  t.is(lie.code, 2, lie.stderr);
  t.regex(lie.stderr, /lists manifest sha256:[0-9a-f]{64} as linux\/amd64, but its config says linux\/arm64/);
});

test.serial(
  'a private registry: match --image reads credentials from REGISTRY_AUTH_FILE, never prints them',
  async (t) => {
    const d = dir('private');
    const secret = 'pr1vate-s3cret';
    const privateRegistry = await startRegistry({ username: 'alice', password: secret });
    t.teardown(() => privateRegistry.close());
    const layout = buildImage(d, 't', [ostreeLayer(fcos.commit, null)], { 'ostree.commit': fcos.commit });
    const reference = `docker://${privateRegistry.host}/private/fcos:stable`;
    await push(`oci:${layout}:t`, reference, `alice:${secret}`);
    const authFile = join(d, 'auth.json');
    writeFileSync(
      authFile,
      JSON.stringify({
        auths: { [privateRegistry.host]: { auth: Buffer.from(`alice:${secret}`).toString('base64') } },
      }),
    );
    const ok = await runCli(['match', '--image', reference, ...sources(), '--json'], {
      env: { REGISTRY_AUTH_FILE: authFile, HOME: d },
    });
    t.is(ok.code, 0, ok.stderr);
    const report = JSON.parse(ok.stdout) as Report;
    t.is(report.matches[0]?.compose?.id ?? null, fcos.expected.compose);
    t.false(ok.stdout.includes(secret) || ok.stderr.includes(secret));
    t.false(ok.stdout.includes(Buffer.from(`alice:${secret}`).toString('base64')));
    // No auth file: the token endpoint refuses, a typed error and nothing on stdout.
    const refused = await runCli(['match', '--image', reference, ...sources()], { env: { HOME: d } });
    t.not(refused.code, 0);
    t.is(refused.stdout, '');
    t.regex(refused.stderr, /ERR_REGISTRY_UNAUTHORIZED|401/);
  },
);
