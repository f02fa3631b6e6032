/**
 * `npm run dist:image`: the OCI image of the tool, `dist/release/compose-match-<version>.oci.tar`
 * (an oci-archive whose index names an amd64 and an arm64 image), from the executables `npm run
 * dist` wrote. No daemon, no base image: each root holds the executable at /usr/bin/compose-match
 * (the entrypoint), the shared libraries it links (found by reading the ELF NEEDED entries, taken
 * from installed Debian packages: amd64 from the host's libc6/libstdc++6/libgcc-s1, arm64 from the
 * cross packages libc6-arm64-cross/libstdc++6-arm64-cross/libgcc-s1-arm64-cross, which hold the same
 * upstream builds for the arm64 loader), the CA bundle, passwd/group with an unprivileged user, and
 * each package's /usr/share/doc/<pkg>/copyright as distroless images carry them.
 *
 * umoci builds the layout (init, new, insert, config); the index and the archive are written here,
 * because umoci makes one image per tag and skopeo's oci-archive writer stamps the archive's
 * entries with the time of the copy. Every time is SOURCE_DATE_EPOCH (default: the last commit's).
 *
 * Usage: node dist/scripts/dist/image.js [RELEASE_DIR] [OUT_FILE]
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import {
  chmod,
  chown,
  copyFile,
  lutimes,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  realpath,
  rename,
  rm,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { executableName, packageVersion, targets, type Target } from './executables.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The unprivileged user the image runs as (distroless' `nonroot`). */
export const imageUser = { name: 'nonroot', uid: 65532 };

/** Where each architecture's libraries come from, and where they go in the image. */
const layouts: Record<
  Target['oci'],
  { from: string; multiarch: string; loader: string; loaderLink: string }
> = {
  amd64: {
    from: '/usr/lib/x86_64-linux-gnu',
    multiarch: 'x86_64-linux-gnu',
    loader: 'ld-linux-x86-64.so.2',
    // The ELF interpreter is /lib64/ld-linux-x86-64.so.2.
    loaderLink: 'usr/lib64/ld-linux-x86-64.so.2',
  },
  arm64: {
    from: '/usr/aarch64-linux-gnu/lib',
    multiarch: 'aarch64-linux-gnu',
    loader: 'ld-linux-aarch64.so.1',
    // The ELF interpreter is /lib/ld-linux-aarch64.so.1.
    loaderLink: 'usr/lib/ld-linux-aarch64.so.1',
  },
};

function run(command: string, args: readonly string[], cwd?: string): string {
  const r = spawnSync(command, args, { encoding: 'utf8', cwd, maxBuffer: 64 * 1024 * 1024 });
  if (r.error !== undefined) throw new Error(`${command}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

/** The NEEDED sonames of an ELF file (readelf -d). */
function needed(file: string): string[] {
  return [...run('readelf', ['-d', file]).matchAll(/\(NEEDED\)\s+Shared library: \[([^\]]+)\]/g)].map(
    (m) => m[1]!,
  );
}

/**
 * The Debian package owning a file, and its version. With merged /usr, dpkg knows some libraries by
 * their /lib path (libc6) and others by /usr/lib (libstdc++6), so both are asked.
 */
function owner(file: string): { name: string; version: string } {
  for (const path of [file, file.replace(/^\/usr\/lib\//, '/lib/')]) {
    const r = spawnSync('dpkg-query', ['-S', path], { encoding: 'utf8' });
    if (r.status !== 0) continue;
    const name = r.stdout.split(':')[0]!.trim();
    return { name, version: run('dpkg-query', ['-W', '-f=${Version}', name]).trim() };
  }
  throw new Error(`no installed Debian package owns ${file}`);
}

/** The sonames `executable` needs, transitively, each with the file in `from` that provides it. */
function libraryClosure(executable: string, from: string): Map<string, string> {
  const found = new Map<string, string>();
  const queue = needed(executable);
  while (queue.length > 0) {
    const soname = queue.shift()!;
    if (found.has(soname)) continue;
    const file = join(from, soname);
    if (!existsSync(file))
      throw new Error(`${soname} (needed by the executable) is not in ${from}: install .ci/debian-packages`);
    found.set(soname, file);
    queue.push(...needed(file));
  }
  return found;
}

/** Lays out one architecture's root in `root`; returns the Debian packages it took files from. */
async function stageRoot(
  root: string,
  executable: string,
  target: Target,
): Promise<{ name: string; version: string }[]> {
  const l = layouts[target.oci];
  const packages = new Map<string, string>();
  const dir = async (path: string, mode = 0o755) => {
    await mkdir(join(root, path), { recursive: true });
    await chmod(join(root, path), mode);
  };
  const file = async (path: string, from: string, mode = 0o644) => {
    await dir(dirname(path));
    await copyFile(from, join(root, path));
    await chmod(join(root, path), mode);
  };
  const text = async (path: string, content: string) => {
    await dir(dirname(path));
    await writeFile(join(root, path), content, { mode: 0o644 });
  };

  // Debian's merged /usr: /lib → usr/lib, and the loader where the ELF interpreter names it.
  await dir(`usr/lib/${l.multiarch}`);
  await symlink('usr/lib', join(root, 'lib'));
  if (target.oci === 'amd64') {
    await dir('usr/lib64');
    await symlink('usr/lib64', join(root, 'lib64'));
  }
  await symlink(
    `${target.oci === 'amd64' ? '../lib/' : ''}${l.multiarch}/${l.loader}`,
    join(root, l.loaderLink),
  );
  for (const [soname, from] of libraryClosure(executable, l.from)) {
    const real = await realpath(from);
    const owned = owner(from);
    packages.set(owned.name, owned.version);
    await file(`usr/lib/${l.multiarch}/${basename(real)}`, real, 0o755);
    if (basename(real) !== soname)
      await symlink(basename(real), join(root, `usr/lib/${l.multiarch}/${soname}`));
  }

  await file('usr/bin/compose-match', executable, 0o755);
  const ca = '/etc/ssl/certs/ca-certificates.crt';
  await file('etc/ssl/certs/ca-certificates.crt', ca);
  packages.set('ca-certificates', owner('/usr/share/ca-certificates').version);
  const { name, uid } = imageUser;
  await text(
    'etc/passwd',
    `root:x:0:0:root:/root:/sbin/nologin\n${name}:x:${uid}:${uid}:${name}:/home/${name}:/sbin/nologin\n`,
  );
  await text('etc/group', `root:x:0:\n${name}:x:${uid}:\n`);
  await dir('root', 0o700);
  await dir(`home/${name}`, 0o700);
  await chown(join(root, `home/${name}`), uid, uid);
  await dir('tmp', 0o1777);
  await chmod(join(root, 'tmp'), 0o1777);

  for (const pkg of packages.keys()) {
    await file(`usr/share/doc/${pkg}/copyright`, await realpath(`/usr/share/doc/${pkg}/copyright`));
  }
  const runtimeLicense = join(
    repoRoot,
    'scripts',
    'dist',
    'runtimes',
    'node_modules',
    target.runtime,
    'LICENSE',
  );
  await file('usr/share/doc/nodejs/LICENSE', runtimeLicense);
  // The man page and completion, when the build made them.
  for (const [from, to] of [
    ['dist/share/man/man1/compose-match.1', 'usr/share/man/man1/compose-match.1'],
    [
      'dist/share/bash-completion/completions/compose-match',
      'usr/share/bash-completion/completions/compose-match',
    ],
  ] as const) {
    if (existsSync(join(repoRoot, from))) await file(to, join(repoRoot, from));
  }
  return [...packages]
    .map(([n, version]) => ({ name: n, version }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Sets every mtime under `dir` (symlinks themselves included) to `epoch`. */
async function clamp(dir: string, epoch: number): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await clamp(path, epoch);
    await lutimes(path, epoch, epoch);
  }
  await lutimes(dir, epoch, epoch);
}

/** SOURCE_DATE_EPOCH, or the last commit's time. */
export function sourceDateEpoch(): number {
  const env = process.env['SOURCE_DATE_EPOCH'];
  if (env !== undefined && /^\d+$/.test(env)) return Number(env);
  return Number(run('git', ['-C', repoRoot, 'log', '-1', '--format=%ct']).trim());
}

/** Builds the image archive from the executables in `releaseDir`; returns its path. */
export async function buildImageArchive(releaseDir: string, out: string): Promise<string> {
  const version = await packageVersion();
  const pkg = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as {
    description: string;
    license: string;
  };
  const epoch = sourceDateEpoch();
  const created = new Date(epoch * 1000).toISOString().replace('.000Z', 'Z');
  const revision = run('git', ['-C', repoRoot, 'rev-parse', 'HEAD']).trim();
  const work = await mkdtemp(join(tmpdir(), 'compose-match-image-'));
  try {
    const layout = join(work, 'layout');
    run('umoci', ['init', '--layout', layout]);
    const manifests: { tag: Target['oci']; packages: { name: string; version: string }[] }[] = [];
    for (const target of targets) {
      const root = join(work, `root-${target.oci}`);
      await mkdir(root);
      const packages = await stageRoot(root, join(releaseDir, executableName(version, target)), target);
      await clamp(root, epoch);
      const image = `${layout}:${target.oci}`;
      run('umoci', ['new', '--image', image]);
      run('umoci', [
        'insert',
        '--image',
        image,
        '--history.created',
        created,
        '--history.created_by',
        'scripts/dist/image.ts',
        root,
        '/',
      ]);
      const labels: Record<string, string> = {
        'org.opencontainers.image.title': 'compose-match',
        'org.opencontainers.image.description': pkg.description,
        'org.opencontainers.image.version': version,
        'org.opencontainers.image.revision': revision,
        'org.opencontainers.image.created': created,
        'org.opencontainers.image.licenses': pkg.license,
      };
      const args = ['config', '--image', image, '--no-history', '--created', created];
      args.push('--architecture', target.oci, '--os', 'linux');
      args.push('--config.entrypoint', '/usr/bin/compose-match', '--config.cmd', '--help');
      args.push(
        '--config.user',
        `${imageUser.uid}:${imageUser.uid}`,
        '--config.workingdir',
        `/home/${imageUser.name}`,
      );
      args.push(
        '--config.env',
        'PATH=/usr/bin',
        '--config.env',
        'SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt',
      );
      for (const [k, v] of Object.entries(labels))
        args.push('--config.label', `${k}=${v}`, '--manifest.annotation', `${k}=${v}`);
      run('umoci', args);
      manifests.push({ tag: target.oci, packages });
    }
    run('umoci', ['gc', '--layout', layout]);

    // The multi-arch index: a blob naming both manifests with their platforms, tagged `version`.
    const indexPath = join(layout, 'index.json');
    const top = JSON.parse(await readFile(indexPath, 'utf8')) as {
      schemaVersion: number;
      manifests: { mediaType: string; digest: string; size: number; annotations?: Record<string, string> }[];
    };
    const entries = manifests.map(({ tag }) => {
      const d = top.manifests.find((m) => m.annotations?.['org.opencontainers.image.ref.name'] === tag)!;
      return {
        mediaType: d.mediaType,
        digest: d.digest,
        size: d.size,
        platform: { architecture: tag, os: 'linux' },
      };
    });
    const index = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.index.v1+json',
        manifests: entries,
        annotations: {
          'org.opencontainers.image.version': version,
          'org.opencontainers.image.revision': revision,
        },
      }),
    );
    const digest = createHash('sha256').update(index).digest('hex');
    await writeFile(join(layout, 'blobs', 'sha256', digest), index);
    await writeFile(
      indexPath,
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.index.v1+json',
        manifests: [
          {
            mediaType: 'application/vnd.oci.image.index.v1+json',
            digest: `sha256:${digest}`,
            size: index.length,
            annotations: { 'org.opencontainers.image.ref.name': version },
          },
        ],
      }),
    );
    // What each image took from Debian, beside the archive (the copyright files are inside).
    const sources = manifests
      .map((m) => `${m.tag}: ${m.packages.map((p) => `${p.name} ${p.version}`).join(', ')}\n`)
      .join('');
    await clamp(layout, epoch);
    await mkdir(dirname(out), { recursive: true });
    const staged = join(dirname(out), `.${basename(out)}.tmp`);
    run('tar', [
      '--sort=name',
      `--mtime=@${epoch}`,
      '--owner=0',
      '--group=0',
      '--numeric-owner',
      '--format=posix',
      '--pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime',
      '-C',
      layout,
      '-cf',
      staged,
      '.',
    ]);
    await rename(staged, out);
    await writeFile(`${out}.packages`, sources);
    return out;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const releaseDir = resolve(process.argv[2] ?? join(repoRoot, 'dist', 'release'));
  const out = resolve(process.argv[3] ?? join(releaseDir, `compose-match-${await packageVersion()}.oci.tar`));
  const started = performance.now();
  console.log(await buildImageArchive(releaseDir, out));
  console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s)`);
}
