/**
 * The bench image: a 1,000-package ostree-native base, built with real tools into a cache
 * directory (rebuilt only when missing): rpmbuild makes the packages (one spec, one subpackage
 * each, a few files apiece, so the headers carry real file lists), Debian's rpm writes their
 * database (`--justdb`), the ostree CLI writes two commits (full rpm-ostree metadata with the
 * 1,000-row `rpmostree.rpmdb.pkglist`, and an empty one as `build-chunked-oci` writes), Python's
 * tarfile writes the layers in ostree-ext's order, umoci assembles two images that differ only in
 * the commit. Not a test.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LayerEntry } from '../../test/helpers/oci-image.js';
import { repoRoot } from '../../test/helpers/repo-root.js';

// Not from test/helpers/tools.js: that module loads ava, which refuses to run outside its CLI.
const systemPython = '/usr/bin/python3';

/** Byte-swaps a 64-bit value (rpm-ostree's big-endian repo timestamps). */
function bswap64(value: bigint): bigint {
  let out = 0n;
  for (let i = 0n; i < 8n; i++) out |= ((value >> (8n * i)) & 0xffn) << (8n * (7n - i));
  return out;
}

/** A layer tar in the given entry order (test/helpers/write-layer.py). */
function writeLayer(out: string, entries: readonly LayerEntry[]): string {
  writeFileSync(`${out}.json`, JSON.stringify({ out, entries }));
  run(systemPython, [join(repoRoot, 'test/helpers/write-layer.py'), `${out}.json`]);
  return out;
}

/** Sizes of the bench image. */
export interface FixtureSpec {
  packages: number;
  filesPerPackage: number;
  bytesPerFile: number;
  /** Chunk layers after layer 0 (ostree-ext splits content into up to ~50). */
  chunks: number;
}

/** What was built. */
export interface BenchFixture {
  /** OCI layout holding tags `full` (commit with metadata) and `empty` (empty commit). */
  layout: string;
  rpmdbBytes: number;
  /** Uncompressed bytes of all layers of one image. */
  layerBytes: number;
}

function run(cmd: string, args: readonly string[], env?: NodeJS.ProcessEnv): string {
  return execFileSync(cmd, args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
    ...(env === undefined ? {} : { env }),
  }).trim();
}

const pkgName = (i: number): string => `bench-pkg-${String(i).padStart(4, '0')}`;
const VERSION = '1.0';
const RELEASE = '1.fc40';

/** One spec whose subpackages are the bench packages; returns the RPM paths. */
function buildRpms(dir: string, spec: FixtureSpec): string[] {
  const top = join(dir, 'rpmbuild');
  const lines = [
    'Name: bench-base',
    `Version: ${VERSION}`,
    `Release: ${RELEASE}`,
    'Summary: bench packages',
    'License: MIT',
    'BuildArch: noarch',
    '%description',
    'bench',
  ];
  for (let i = 0; i < spec.packages; i++)
    lines.push(
      `%package -n ${pkgName(i)}`,
      'Summary: bench package',
      `%description -n ${pkgName(i)}`,
      'bench',
    );
  lines.push(
    '%install',
    `for i in $(seq -f '%04g' 0 ${spec.packages - 1}); do`,
    '  d=%{buildroot}/usr/share/bench/bench-pkg-$i; mkdir -p $d',
    `  for k in $(seq 0 ${spec.filesPerPackage - 1}); do echo "bench $i $k" > $d/f$k; done`,
    'done',
  );
  for (let i = 0; i < spec.packages; i++)
    lines.push(`%files -n ${pkgName(i)}`, `/usr/share/bench/${pkgName(i)}`);
  const specPath = join(dir, 'bench.spec');
  writeFileSync(specPath, `${lines.join('\n')}\n`);
  run('rpmbuild', [
    '-bb',
    '--quiet',
    '--define',
    `_topdir ${top}`,
    '--define',
    '__os_install_post %{nil}',
    '--define',
    '_binary_payload w1.gzdio',
    specPath,
  ]);
  const rpms = join(top, 'RPMS', 'noarch');
  return readdirSync(rpms)
    .filter((f) => f.endsWith('.rpm'))
    .sort()
    .map((f) => join(rpms, f));
}

function ostreeCommit(repo: string, tree: string, extra: string[]): string {
  return run('ostree', [
    'commit',
    `--repo=${repo}`,
    '--orphan',
    '--no-bindings',
    `--tree=dir=${tree}`,
    '--timestamp=@1714000000',
    ...extra,
  ]);
}

const objPath = (sum: string, kind: string): string =>
  `sysroot/ostree/repo/objects/${sum.slice(0, 2)}/${sum.slice(2)}.${kind}`;

/** Builds the fixture under `dir` unless it is already there. */
export function benchFixture(dir: string, spec: FixtureSpec): BenchFixture {
  const layout = join(dir, 'layout');
  const done = join(dir, 'done.json');
  if (existsSync(done)) return JSON.parse(readFileSync(done, 'utf8')) as BenchFixture;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });

  const rpms = buildRpms(dir, spec);
  const db = join(dir, 'db');
  mkdirSync(db);
  run('rpm', [
    '--define',
    '_db_backend sqlite',
    '--dbpath',
    db,
    '--justdb',
    '--nodeps',
    '--noscripts',
    '--nosignature',
    '--nodigest',
    '-i',
    ...rpms,
  ]);

  const repo = join(dir, 'ostree');
  const tree = join(dir, 'tree');
  mkdirSync(join(tree, 'usr'), { recursive: true });
  run('ostree', ['init', `--repo=${repo}`, '--mode=archive']);
  const rows = Array.from(
    { length: spec.packages },
    (_, i) => `('${pkgName(i)}', '0', '${VERSION}', '${RELEASE}', 'noarch')`,
  );
  const full = ostreeCommit(repo, tree, [
    '--add-metadata-string=version=40.20240425.3.0',
    '--add-metadata-string=coreos-assembler.basearch=x86_64',
    // rpm-ostree stores the repo timestamps big-endian (FACTS.md §2): these are byte-swapped.
    `--add-metadata=rpmostree.rpmmd-repos=[{'id': <'fedora'>, 'timestamp': <uint64 ${bswap64(1713463000n)}>}, {'id': <'updates'>, 'timestamp': <uint64 ${bswap64(1713990000n)}>}]`,
    `--add-metadata=rpmostree.rpmdb.pkglist=[${rows.join(', ')}]`,
  ]);
  const empty = ostreeCommit(repo, tree, []);

  // Layer 0 as ostree-ext writes it: repo skeleton, the commit, then dirtree/dirmeta objects
  // (filler here), then content; the rpmdb's bytes once as an object, its path a hardlink.
  const dbObject = 'db'.padEnd(64, '0');
  const layer0 = (commit: string): LayerEntry[] => [
    { path: 'sysroot', type: 'dir' },
    { path: 'sysroot/ostree', type: 'dir' },
    { path: 'sysroot/ostree/repo', type: 'dir' },
    {
      path: 'sysroot/ostree/repo/config',
      type: 'file',
      data: '[core]\nrepo_version=1\nmode=bare-split-xattrs\n',
    },
    { path: 'sysroot/ostree/repo/objects', type: 'dir' },
    { path: `sysroot/ostree/repo/objects/${commit.slice(0, 2)}`, type: 'dir' },
    {
      path: objPath(commit, 'commit'),
      type: 'file',
      src: join(repo, 'objects', commit.slice(0, 2), `${commit.slice(2)}.commit`),
    },
    ...Array.from({ length: 256 }, (_, i): LayerEntry => ({
      path: objPath(`${i.toString(16).padStart(2, '0')}${'e'.repeat(62)}`, 'dirtree'),
      type: 'file',
      data: `dirtree ${i} `.repeat(200),
    })),
    { path: `sysroot/ostree/repo/objects/${dbObject.slice(0, 2)}`, type: 'dir' },
    { path: objPath(dbObject, 'file'), type: 'file', src: join(db, 'rpmdb.sqlite') },
    { path: 'usr', type: 'dir' },
    { path: 'usr/share', type: 'dir' },
    { path: 'usr/share/rpm', type: 'dir' },
    { path: 'usr/share/rpm/rpmdb.sqlite', type: 'hardlink', linkpath: objPath(dbObject, 'file') },
    { path: 'usr/lib', type: 'dir' },
    { path: 'usr/lib/sysimage', type: 'dir' },
    { path: 'usr/lib/sysimage/rpm', type: 'symlink', linkpath: '../../share/rpm' },
  ];
  const chunks: string[] = [];
  const per = Math.ceil(spec.packages / spec.chunks);
  for (let c = 0; c < spec.chunks; c++) {
    const out = join(dir, `chunk-${c}.tar`);
    const first = c * per;
    const last = Math.min(spec.packages, first + per);
    run(systemPython, [
      join(repoRoot, 'bench/registry/write-chunk.py'),
      out,
      String(c + 1),
      String(first),
      String(last),
      String(spec.filesPerPackage),
      String(spec.bytesPerFile),
    ]);
    chunks.push(out);
  }
  run('umoci', ['init', '--layout', layout]);
  let layerBytes = 0;
  for (const [tag, commit] of [
    ['full', full],
    ['empty', empty],
  ] as const) {
    run('umoci', ['new', '--image', `${layout}:${tag}`]);
    const tars = [writeLayer(join(dir, `layer0-${tag}.tar`), layer0(commit)), ...chunks];
    layerBytes = tars.reduce((n, t) => n + statSync(t).size, 0);
    for (const tar of tars)
      run('umoci', ['raw', 'add-layer', '--no-history', '--image', `${layout}:${tag}`, tar]);
    run('umoci', [
      'config',
      '--image',
      `${layout}:${tag}`,
      '--architecture',
      'amd64',
      '--os',
      'linux',
      '--config.label',
      `ostree.commit=${commit}`,
      '--config.label',
      'org.opencontainers.image.version=40.20240425.3.0',
    ]);
  }
  run('umoci', ['gc', '--layout', layout]);
  const fixture: BenchFixture = { layout, rpmdbBytes: statSync(join(db, 'rpmdb.sqlite')).size, layerBytes };
  writeFileSync(done, JSON.stringify(fixture));
  return fixture;
}
