/**
 * bench/durable: what the durable `.repo` costs rpm-ostree (issue 22 part 3). libdnf's sack setup
 * (test/helpers/libdnf-list.c: DnfContext, rpm-ostree's path) over a 100,000-package metadata-only
 * repo made by createrepo_c's Python binding, whose 25,000 newest builds are a pruned snapshot:
 *
 * - `none`: the repo with no includepkgs (the floor: what the host pays without the file);
 * - `--for`: the stanza `match --for TARGET` writes (the closure of TARGET, from layeringClosure);
 * - `1,000`: a 1,000-entry list, for scale;
 * - `whole`: the whole snapshot (25,000 entries, what the file lists without --for): minutes, so
 *   only with `--whole`.
 *
 * Run: `npm run bench:durable [-- --whole]`. Prints each median of 3 and its ratio to `none`
 * (goal: `--for` ≤ 1.2×). Not a test.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { layeringClosure, type BuildWithDeps } from '../../src/durable/closure.js';
import { nevraText } from '../../src/durable/nevra-text.js';
import { libdnfLister } from '../../test/helpers/libdnf-oracle.js';
import { repoRoot } from '../../test/helpers/repo-root.js';

const GA = 75_000;
const SNAPSHOT = 25_000;
const RUNS = 3;
const whole = process.argv.includes('--whole');

const name = (prefix: string, i: number) => `${prefix}${String(i).padStart(5, '0')}`;
const dep = (n: string, flags: string | null = null, version: string | null = null) => ({
  name: n,
  flags,
  epoch: null,
  version,
  release: version === null ? null : '1.fc40',
  pre: false,
});
// Real packages state about eight provides and a dozen requires each; the sack's cost grows with them.
const build = (n: string, version: string, requires: string[] = []): BuildWithDeps => ({
  name: n,
  epoch: null,
  version,
  release: '1.fc40',
  arch: 'x86_64',
  provides: [
    dep(`${n}(x86-64)`, 'EQ', version),
    ...Array.from({ length: 6 }, (_, k) => dep(`lib${n}_${k}.so.${version}()(64bit)`)),
    dep(`config(${n})`, 'EQ', version),
  ],
  requires: [
    ...requires.map((r) => dep(r)),
    dep('libc.so.6()(64bit)'),
    dep('libc.so.6(GLIBC_2.34)(64bit)'),
    dep('rtld(GNU_HASH)'),
    dep('/usr/bin/sh'),
    dep('config(glibc)', 'EQ', '2'),
  ],
});

// The target needs 40 snapshot builds directly and 20 through GA packages, like a -devel package
// whose toolchain reaches into the snapshot; 500 GA names and the last 1,000 snapshot builds are
// the locked base.
const ga: BuildWithDeps[] = [];
for (let i = 0; i < GA; i++) ga.push(build(name('g', i), '1', i < 20 ? [name('s', 41 + i)] : []));
const snapshot: BuildWithDeps[] = [];
for (let i = 0; i < SNAPSHOT; i++) {
  const requires =
    i === 0
      ? [
          ...Array.from({ length: 40 }, (_, k) => name('s', k + 1)),
          ...Array.from({ length: 20 }, (_, k) => name('g', k)),
        ]
      : [];
  snapshot.push(build(name('s', i), '2', requires));
}
const base = [...ga.slice(100, 600), ...snapshot.slice(SNAPSHOT - 1000)];
const closure = layeringClosure({ names: [name('s', 0)], snapshot, ga, base, arch: 'x86_64' });

const dir = mkdtempSync(join(tmpdir(), 'cm-bench-durable-'));
try {
  const repo = join(dir, 'repo');
  const list = join(dir, 'packages.json');
  writeFileSync(
    list,
    JSON.stringify(
      [...ga, ...snapshot].map((p) => ({
        name: p.name,
        version: p.version,
        release: p.release,
        arch: p.arch,
        provides: p.provides.map((r) => [
          r.name,
          r.flags,
          r.version === null ? null : `${r.version}-${r.release}`,
        ]),
        requires: p.requires.map((r) => [
          r.name,
          r.flags,
          r.version === null ? null : `${r.version}-${r.release}`,
        ]),
      })),
    ),
  );
  const started = Date.now();
  const made = spawnSync(
    '/usr/bin/python3',
    [join(repoRoot, 'bench', 'durable', 'write-repo.py'), list, repo],
    {
      encoding: 'utf8',
    },
  );
  if (made.status !== 0) throw new Error(`write-repo.py failed:\n${made.stderr}`);
  console.log(
    `repo: ${GA + SNAPSHOT} packages (createrepo_c, ${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
  console.log(`--for ${name('s', 0)}: ${closure.builds.length} of ${SNAPSHOT} snapshot builds listed\n`);

  const variants: [string, string[] | null][] = [
    ['none', null],
    ['--for', closure.builds],
    ['1,000', snapshot.slice(0, 1000).map(nevraText)],
  ];
  if (whole) variants.push(['whole', snapshot.map(nevraText)]);
  const lister = libdnfLister();
  const medians = new Map<string, number>();
  for (const [label, includepkgs] of variants) {
    const times: number[] = [];
    for (let run = 0; run < RUNS; run++) times.push(sackSetup(lister, repo, includepkgs));
    times.sort((a, b) => a - b);
    medians.set(label, times[1]!);
    const ratio = times[1]! / medians.get('none')!;
    console.log(
      `${label.padEnd(6)} ${String(includepkgs?.length ?? 0).padStart(6)} entries  ${(times[1]! / 1000).toFixed(2).padStart(7)} s  ${ratio.toFixed(2)}×`,
    );
  }
  if (!whole) console.log('\n(whole snapshot: `-- --whole`; it takes minutes)');
} finally {
  if (process.env['KEEP'] === undefined) rmSync(dir, { recursive: true, force: true });
}

/** One sack setup in a fresh cache, in ms, as the harness reports it. */
function sackSetup(lister: string, repo: string, includepkgs: string[] | null): number {
  const top = mkdtempSync(join(dir, 'run-'));
  const repos = join(top, 'repos');
  mkdirSync(repos);
  mkdirSync(join(top, 'root'));
  mkdirSync(join(top, 'cache'));
  writeFileSync(
    join(repos, 'bench.repo'),
    [
      '[snapshot]',
      'name=snapshot',
      `baseurl=${pathToFileURL(repo).href}/`,
      'enabled=1',
      'gpgcheck=0',
      'priority=1',
      ...(includepkgs === null ? [] : [`includepkgs=${includepkgs.join(',')}`]),
      '',
    ].join('\n'),
  );
  const r = spawnSync(lister, [join(top, 'root'), repos, join(top, 'cache'), '40', 'x86_64'], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  rmSync(top, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`libdnf-list failed:\n${r.stderr}`);
  const m = /sack-setup-ms (\d+)/.exec(r.stderr);
  if (m === null) throw new Error(`no sack-setup-ms in:\n${r.stderr}`);
  return Number(m[1]);
}
