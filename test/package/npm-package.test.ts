/**
 * The npm package as a user gets it: `npm pack` holds only dist/src (no maps), dist/share and the
 * README; it installs into an empty prefix with no network; its bin and man page land there; a
 * TypeScript consumer type-checks against it under node16 and bundler resolution; publint and attw
 * find nothing.
 *
 * The runtime dependencies come from the npm cache: `npm ci` stores their tarballs but not their
 * registry metadata, so `npm install -g --offline` of the plain tarball fails (ENOTCACHED). What
 * works offline is `npm ci --omit=dev --offline` from package-lock.json (tarballs by integrity),
 * then packing with them bundled; docs/package.md says so.
 */
import test from 'ava';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

const run = promisify(execFile);
const repo = fileURLToPath(new URL('../../../', import.meta.url));
const bin = (name: string) => join(repo, 'node_modules/.bin', name);
const quiet = { npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };

async function npm(args: string[], cwd: string): Promise<string> {
  const { stdout } = await run('npm', args, { cwd, env: { ...process.env, ...quiet }, maxBuffer: 64 << 20 });
  return stdout;
}

const consumer = `import { compareEvr, parseNevra, version, type Nevra } from 'compose-match';

const nevra: Nevra = parseNevra('bash-5.2.26-3.fc40.x86_64');
const order: number = compareEvr(nevra, { epoch: 0, version: '5.2.26', release: '4.fc40' });
const named: string = version;
export { order, named };
`;

const tsconfigs = {
  node16: { module: 'node16', moduleResolution: 'node16' },
  bundler: { module: 'esnext', moduleResolution: 'bundler' },
} as const;

test('npm pack ships no tests, installs offline, runs, type-checks and lints clean', async (t) => {
  const work = await mkdtemp(join(tmpdir(), 'compose-match-pack-'));
  t.teardown(() => rm(work, { recursive: true, force: true }));
  // --ignore-scripts: `prepare` would rebuild dist/ under the other tests; the build is done.
  const [packed] = JSON.parse(
    await npm(['pack', '--json', '--ignore-scripts', '--pack-destination', work], repo),
  ) as { filename: string; files: { path: string }[]; size: number }[];
  const paths = packed!.files.map((f) => f.path);
  t.deepEqual(
    paths.filter((p) => !/^(dist\/src\/.*\.(js|d\.ts)|dist\/share\/.*|README\.md|package\.json)$/.test(p)),
    [],
    'only dist/src code and types, dist/share, README and package.json',
  );
  t.true(paths.includes('dist/share/man/man1/compose-match.1'));
  t.true(paths.includes('dist/share/bash-completion/completions/compose-match'));
  // A stale dist/ file (its source deleted) would ship: every module must have its source.
  const orphans = paths
    .filter((p) => p.startsWith('dist/src/') && p.endsWith('.js'))
    .filter((p) => !existsSync(join(repo, p.replace(/^dist\//, '').replace(/\.js$/, '.ts'))));
  t.deepEqual(orphans, [], 'dist/src holds files without a source in src/');
  const tarball = join(work, packed!.filename);

  // Lint the tarball exactly as published.
  const bytes = await readFile(tarball);
  const lint = await publint({
    pack: {
      tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    },
  });
  t.deepEqual(
    lint.messages.map((m) => formatMessage(m, lint.pkg)),
    [],
    'publint',
  );
  // ESM only by design (top-level await in the bin): the esm-only profile leaves out require().
  const attw = await run(bin('attw'), [tarball, '--profile', 'esm-only', '--format', 'ascii'], {
    cwd: work,
  }).catch((error: { stdout: string; code: number }) => error);
  t.is('code' in attw ? attw.code : 0, 0, `attw: ${attw.stdout}`);

  // Offline install: dependencies bundled from the npm cache (see the header).
  const stage = join(work, 'stage');
  await mkdir(stage);
  await run('tar', ['xzf', tarball, '-C', stage]);
  const pkgDir = join(stage, 'package');
  await writeFile(join(pkgDir, 'package-lock.json'), await readFile(join(repo, 'package-lock.json')));
  await npm(['ci', '--omit=dev', '--offline', '--ignore-scripts'], pkgDir);
  const manifest = JSON.parse(await readFile(join(pkgDir, 'package.json'), 'utf8')) as {
    version: string;
    dependencies: Record<string, string>;
    bundleDependencies?: string[];
  };
  manifest.bundleDependencies = Object.keys(manifest.dependencies);
  await writeFile(join(pkgDir, 'package.json'), JSON.stringify(manifest, null, 2));
  await rm(join(pkgDir, 'package-lock.json'));
  const bundledDir = join(work, 'bundled');
  await mkdir(bundledDir);
  await npm(['pack', '--ignore-scripts', '--pack-destination', bundledDir], pkgDir);
  const prefix = join(work, 'prefix');
  await npm(['install', '-g', '--offline', '--prefix', prefix, join(bundledDir, packed!.filename)], work);
  const { stdout } = await run(join(prefix, 'bin/compose-match'), ['--version'], {
    env: { PATH: process.env.PATH! },
  });
  t.is(stdout, `compose-match ${manifest.version}\n`);
  t.true(existsSync(join(prefix, 'share/man/man1/compose-match.1')), 'the man field links the page');

  // Consumers: the installed package, and @types/node as any Node consumer has it.
  for (const [name, options] of Object.entries(tsconfigs)) {
    const dir = join(work, `consumer-${name}`);
    await mkdir(join(dir, 'node_modules/@types'), { recursive: true });
    await symlink(join(prefix, 'lib/node_modules/compose-match'), join(dir, 'node_modules/compose-match'));
    await symlink(join(repo, 'node_modules/@types/node'), join(dir, 'node_modules/@types/node'));
    await writeFile(join(dir, 'package.json'), JSON.stringify({ name: `consumer-${name}`, type: 'module' }));
    await writeFile(join(dir, 'main.ts'), consumer);
    await writeFile(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { ...options, target: 'es2022', strict: true, noEmit: true, types: ['node'] },
        files: ['main.ts'],
      }),
    );
    const tsc = await run(process.execPath, [join(repo, 'node_modules/typescript/bin/tsc'), '-p', dir]).catch(
      (error: { stdout: string; code: number }) => error,
    );
    t.is('code' in tsc ? tsc.code : 0, 0, `tsc (${name}): ${tsc.stdout}`);
  }
});
