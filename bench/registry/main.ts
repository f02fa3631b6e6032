/**
 * bench/registry: bytes and wall time to read a 1,000-package image base from a registry, our way
 * (docker:// through readImageBase: the commit-only path on an image whose commit records the
 * package list, the rpmdb path on the same image with an empty F43-style commit) against the way
 * without compose-match: `skopeo copy` of the whole image, `umoci raw unpack`, `rpm -qa --dbpath`.
 *
 * Run: `npm run bench:registry [-- --packages N --files N --file-bytes N --chunks N --runs N]`.
 * Not a test: prints figures and ratios. The registry is Debian's docker-registry behind the test
 * token front (test/helpers/registry.ts), over loopback; bytes are response bodies the registry
 * sent, counted the same way for both clients. The image is built once into a cache directory
 * (bench/registry/fixture.ts); times are medians over the runs.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { readImageBase } from '../../src/base/from-image.js';
import { createHttpFetcher } from '../../src/io/http-fetcher.js';
import { openImageSource } from '../../src/oci/open-image-source.js';
import { push, startRegistry, type TestRegistry } from '../../test/helpers/registry.js';
import { benchFixture, type FixtureSpec } from './fixture.js';

const execFileAsync = promisify(execFile);

const { values } = parseArgs({
  options: {
    packages: { type: 'string', default: '1000' },
    files: { type: 'string', default: '8' },
    'file-bytes': { type: 'string', default: '8192' },
    chunks: { type: 'string', default: '16' },
    runs: { type: 'string', default: '3' },
    cache: { type: 'string' },
  },
});
const spec: FixtureSpec = {
  packages: Number(values.packages),
  filesPerPackage: Number(values.files),
  bytesPerFile: Number(values['file-bytes']),
  chunks: Number(values.chunks),
};
const runs = Number(values.runs);
const cache =
  values.cache ??
  join(
    process.env['XDG_CACHE_HOME'] ?? join(tmpdir(), 'cm-bench-cache'),
    'compose-match-bench',
    `registry-${spec.packages}-${spec.filesPerPackage}-${spec.bytesPerFile}-${spec.chunks}`,
  );

interface Sample {
  ms: number;
  bytes: number;
  packages: number;
  detail: string;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function ours(registry: TestRegistry, reference: string): Promise<Sample> {
  const fetcher = createHttpFetcher({ retries: 0 });
  registry.bytesServed = 0;
  const start = performance.now();
  try {
    const source = await openImageSource(reference, { fetcher });
    const base = await readImageBase(source, 'x86_64');
    await source.close();
    const ms = performance.now() - start;
    const stats = fetcher.stats();
    return {
      ms,
      bytes: registry.bytesServed,
      packages: base.packages.length,
      detail: `${stats.requests} requests, ${(base.image!.bytesRead / 1e6).toFixed(3)} MB of tar read, rpmdb layer ${base.image!.rpmdbLayer ?? '-'}`,
    };
  } finally {
    await fetcher.close();
  }
}

async function skopeoWay(registry: TestRegistry, reference: string): Promise<Sample> {
  const dir = mkdtempSync(join(tmpdir(), 'cm-bench-skopeo-'));
  registry.bytesServed = 0;
  try {
    const start = performance.now();
    // Asynchronous: the token front and blob origin answer on this process's event loop.
    await execFileAsync('skopeo', [
      'copy',
      '--quiet',
      '--src-tls-verify=false',
      reference,
      `oci:${dir}/oci:t`,
    ]);
    const copied = performance.now();
    const rootless = process.geteuid?.() === 0 ? [] : ['--rootless'];
    execFileSync('umoci', ['raw', 'unpack', ...rootless, '--image', `${dir}/oci:t`, `${dir}/rootfs`], {
      stdio: 'ignore',
    });
    const unpacked = performance.now();
    const qa = execFileSync(
      'rpm',
      [
        '--define',
        '_db_backend sqlite',
        '-qa',
        '--dbpath',
        `${dir}/rootfs/usr/share/rpm`,
        '--qf',
        '%{NEVRA}\\n',
      ],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    const end = performance.now();
    return {
      ms: end - start,
      bytes: registry.bytesServed,
      packages: qa.split('\n').filter((l) => l !== '' && !l.startsWith('gpg-pubkey')).length,
      detail: `copy ${(copied - start).toFixed(0)} ms, unpack ${(unpacked - copied).toFixed(0)} ms, rpm -qa ${(end - unpacked).toFixed(0)} ms`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function sample(label: string, once: () => Promise<Sample>, want: number): Promise<Sample> {
  const all: Sample[] = [];
  for (let i = 0; i < runs; i++) all.push(await once());
  for (const s of all)
    if (s.packages !== want) throw new Error(`${label}: read ${s.packages} packages, expected ${want}`);
  const ms = median(all.map((s) => s.ms));
  return { ...all.find((s) => s.ms === ms)!, ms };
}

const started = performance.now();
const fixture = benchFixture(cache, spec);
console.log(
  `bench image: ${spec.packages} packages, rpmdb ${(fixture.rpmdbBytes / 1e6).toFixed(1)} MB, ` +
    `${spec.chunks + 1} layers, ${(fixture.layerBytes / 1e6).toFixed(1)} MB uncompressed ` +
    `(built or reused in ${((performance.now() - started) / 1000).toFixed(1)} s, cache ${cache})`,
);
const registry = await startRegistry();
try {
  const rows: [string, Sample][] = [];
  for (const tag of ['full', 'empty'] as const) {
    const reference = `docker://${registry.host}/bench/fcos:${tag}`;
    await push(`oci:${fixture.layout}:${tag}`, reference);
    const path = tag === 'full' ? 'commit-only' : 'rpmdb';
    rows.push([
      `ours, ${path} (${tag} commit)`,
      await sample(path, () => ours(registry, reference), spec.packages),
    ]);
    rows.push([
      `skopeo copy + unpack + rpm -qa (${tag} commit)`,
      await sample('skopeo', () => skopeoWay(registry, reference), spec.packages),
    ]);
  }
  const width = Math.max(...rows.map(([l]) => l.length));
  console.log(`\n${'way'.padEnd(width)}  ${'MB'.padStart(9)}  ${'ms'.padStart(8)}  detail`);
  for (const [label, s] of rows)
    console.log(
      `${label.padEnd(width)}  ${(s.bytes / 1e6).toFixed(3).padStart(9)}  ${s.ms.toFixed(0).padStart(8)}  ${s.detail}`,
    );
  console.log('\nratios (skopeo way / ours):');
  for (let i = 0; i < rows.length; i += 2) {
    const [label, o] = rows[i]!;
    const p = rows[i + 1]![1];
    console.log(`  ${label}: bytes ×${(p.bytes / o.bytes).toFixed(1)}, time ×${(p.ms / o.ms).toFixed(1)}`);
  }
} finally {
  await registry.close();
}
