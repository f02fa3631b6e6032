/**
 * The image archive (`npm run dist:image`, built here from executables built here): an oci-archive
 * whose index names amd64 and arm64 images with the OCI labels; unpacked by umoci, the amd64 root
 * holds the executable, the libraries it links, the CA bundle, passwd/group and the copyright files,
 * nothing else, and its entrypoint, run in a chroot as the image's user, gives the in-process CLI's
 * `match` on the world served by Apache. The arm64 root runs under qemu-user with itself as the
 * loader's root. Built twice, the archive has the same bytes.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, lstatSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { buildExecutables, packageVersion } from '../../scripts/dist/executables.js';
import { buildImageArchive, imageUser } from '../../scripts/dist/image.js';
import { startApache, type ApacheServer } from '../helpers/apache.js';
import { repoRoot } from '../helpers/repo-root.js';
import { runCli } from '../helpers/run-cli.js';
import { distRuntimes, testWithTools } from '../helpers/tools.js';
import { loadTruth, worldRoot } from '../helpers/world.js';

const test = testWithTools(
  distRuntimes,
  { command: 'apache2' },
  { command: 'umoci' },
  { command: 'skopeo' },
  { command: 'chroot' },
  { command: 'qemu-aarch64' },
  { command: 'readelf' },
);
const truth = loadTruth();
const tmp = mkdtempSync(join(tmpdir(), 'cm-dist-image-'));
const servers: ApacheServer[] = [];
let archive = '';
let version = '';
test.before(async (t) => {
  version = await packageVersion();
  const started = performance.now();
  const release = join(tmp, 'release');
  await buildExecutables(release);
  archive = await buildImageArchive(release, join(tmp, 'image.oci.tar'));
  t.log(`npm run dist + dist:image: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  // The world's release tree is a symlink into kojipkgs (outside a docroot): served from a copy.
  const releases = join(tmp, 'releases');
  cpSync(join(worldRoot, 'dl', 'pub', 'fedora', 'linux', 'releases'), releases, {
    recursive: true,
    dereference: true,
  });
  for (const root of [join(worldRoot, 'kojipkgs'), join(worldRoot, 'ostree', 'repo'), releases]) {
    servers.push(await startApache({ root }));
  }
});
test.after.always(async () => {
  await Promise.all(servers.map((s) => s.close()));
  rmSync(tmp, { recursive: true, force: true });
});

function run(command: string, args: readonly string[]): string {
  const r = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

/** The image of `arch` unpacked by umoci; returns the bundle directory. */
function unpack(arch: string): string {
  const layout = join(tmp, `layout-${arch}`);
  run('skopeo', [
    'copy',
    '--quiet',
    '--override-arch',
    arch,
    `oci-archive:${archive}:${version}`,
    `oci:${layout}:${arch}`,
  ]);
  const bundle = join(tmp, `bundle-${arch}`);
  run('umoci', ['unpack', '--image', `${layout}:${arch}`, bundle]);
  return bundle;
}

function tree(root: string, dir = root): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    return [relative(root, path), ...(e.isDirectory() ? tree(root, path) : [])];
  });
}

/** The world over Apache only: what a container reaches over the network. */
const matchArgs = (base: (typeof truth.bases)[string]): string[] => [
  'match',
  '--ostree-repo',
  servers[1]!.url,
  '--commit',
  base.commit,
  '--compose-root',
  `${servers[0]!.url}compose/updates/`,
  '--release-root',
  servers[2]!.url,
  '--no-cache',
  '--json',
];

test.serial('the archive is a multi-arch index of amd64 and arm64 images with the OCI labels', (t) => {
  const index = JSON.parse(run('skopeo', ['inspect', '--raw', `oci-archive:${archive}:${version}`])) as {
    mediaType: string;
    manifests: { platform: { architecture: string; os: string } }[];
  };
  t.is(index.mediaType, 'application/vnd.oci.image.index.v1+json');
  t.deepEqual(
    index.manifests.map((m) => m.platform),
    [
      { architecture: 'amd64', os: 'linux' },
      { architecture: 'arm64', os: 'linux' },
    ],
  );
  const revision = run('git', ['-C', repoRoot, 'rev-parse', 'HEAD']).trim();
  const created = new Date(Number(run('git', ['-C', repoRoot, 'log', '-1', '--format=%ct']).trim()) * 1000);
  for (const arch of ['amd64', 'arm64']) {
    const config = JSON.parse(
      run('skopeo', ['inspect', '--override-arch', arch, '--config', `oci-archive:${archive}:${version}`]),
    ) as {
      architecture: string;
      created: string;
      config: { Entrypoint: string[]; User: string; Labels: Record<string, string> };
    };
    t.is(config.architecture, arch);
    t.deepEqual(config.config.Entrypoint, ['/usr/bin/compose-match']);
    t.is(config.config.User, `${imageUser.uid}:${imageUser.uid}`);
    t.is(new Date(config.created).getTime(), created.getTime(), 'SOURCE_DATE_EPOCH: the last commit');
    t.like(config.config.Labels, {
      'org.opencontainers.image.title': 'compose-match',
      'org.opencontainers.image.version': version,
      'org.opencontainers.image.revision': revision,
      'org.opencontainers.image.licenses': 'MIT',
      'org.opencontainers.image.created': created.toISOString().replace('.000Z', 'Z'),
    });
  }
});

test.serial(
  'the amd64 root holds only what the executable needs, and its entrypoint matches in a chroot',
  async (t) => {
    const bundle = unpack('amd64');
    const rootfs = join(bundle, 'rootfs');
    const entry = (
      JSON.parse(readFileSync(join(bundle, 'config.json'), 'utf8')) as { process: { args: string[] } }
    ).process;
    t.is(entry.args[0], '/usr/bin/compose-match');
    const files = tree(rootfs).filter((p) => !lstatSync(join(rootfs, p)).isDirectory());
    const optional = [
      'usr/share/man/man1/compose-match.1',
      'usr/share/bash-completion/completions/compose-match',
    ];
    // libstdc++'s file carries the host's GCC minor version.
    const named = files
      .filter((f) => !optional.includes(f))
      .map((f) => f.replace(/libstdc\+\+\.so\.6\.0\.\d+$/, 'libstdc++.so.6.0.N'))
      .sort();
    t.deepEqual(
      named,
      [
        'etc/group',
        'etc/passwd',
        'etc/ssl/certs/ca-certificates.crt',
        'lib',
        'lib64',
        'usr/bin/compose-match',
        'usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2',
        'usr/lib/x86_64-linux-gnu/libc.so.6',
        'usr/lib/x86_64-linux-gnu/libdl.so.2',
        'usr/lib/x86_64-linux-gnu/libgcc_s.so.1',
        'usr/lib/x86_64-linux-gnu/libm.so.6',
        'usr/lib/x86_64-linux-gnu/libpthread.so.0',
        'usr/lib/x86_64-linux-gnu/libstdc++.so.6',
        'usr/lib/x86_64-linux-gnu/libstdc++.so.6.0.N',
        'usr/lib64/ld-linux-x86-64.so.2',
        'usr/share/doc/ca-certificates/copyright',
        'usr/share/doc/libc6/copyright',
        'usr/share/doc/libgcc-s1/copyright',
        'usr/share/doc/libstdc++6/copyright',
        'usr/share/doc/nodejs/LICENSE',
      ].sort(),
    );
    t.regex(
      readFileSync(join(rootfs, 'etc/passwd'), 'utf8'),
      new RegExp(`^${imageUser.name}:x:${imageUser.uid}:`, 'm'),
    );

    // The image's PATH (/usr/bin) is the environment inside; chroot itself is found outside.
    const chroot = run('sh', ['-c', 'command -v chroot']).trim();
    for (const name of ['fcos-stable', 'fcos-testing', 'silverblue']) {
      const base = truth.bases[name]!;
      const args = matchArgs(base);
      const inside = spawnSync(
        chroot,
        [`--userspec=${imageUser.uid}:${imageUser.uid}`, rootfs, entry.args[0]!, ...args],
        {
          encoding: 'utf8',
          env: { PATH: '/usr/bin', HOME: `/home/${imageUser.name}` },
          maxBuffer: 64 * 1024 * 1024,
        },
      );
      const want = await runCli(args);
      t.is(inside.status, want.code, inside.stderr);
      t.is(inside.stdout, want.stdout, name);
      t.is((JSON.parse(inside.stdout) as { result: string }).result, base.expected.result, name);
    }
  },
);

test.serial('the arm64 root runs its executable under qemu-user with itself as the root', async (t) => {
  const rootfs = join(unpack('arm64'), 'rootfs');
  const qemuPath = run('sh', ['-c', 'command -v qemu-aarch64']).trim();
  t.true(statSync(join(rootfs, 'usr/lib/aarch64-linux-gnu/libc.so.6')).isFile());
  const qemu = (args: string[]) =>
    spawnSync(qemuPath, ['-L', rootfs, join(rootfs, 'usr/bin/compose-match'), ...args], {
      encoding: 'utf8',
      env: { PATH: '/nonexistent' },
      maxBuffer: 64 * 1024 * 1024,
    });
  const v = qemu(['--version']);
  t.is(v.status, 0, v.stderr);
  t.is(v.stdout, `compose-match ${version}\n`);
  const args = [
    'inspect',
    '--ostree-repo',
    servers[1]!.url,
    '--commit',
    truth.bases['fcos-stable']!.commit,
    '--json',
  ];
  const got = qemu(args);
  t.is(got.status, 0, got.stderr);
  t.is(got.stdout, (await runCli(args)).stdout);
});

test.serial('built twice from the same executables and commit, the archive has the same bytes', async (t) => {
  const again = await buildImageArchive(join(tmp, 'release'), join(tmp, 'again.oci.tar'));
  const digest = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');
  t.is(digest(again), digest(archive));
});
