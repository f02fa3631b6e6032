/**
 * The trees `compose-match fetch` is run against in the CLI tests, laid out under their real
 * paths (`<pool-root><arch>/`, `<archive-root><release>/<arch>/`, `<updates-root><release>/Everything/<arch>/`,
 * `<release-root><release>/Everything/<arch>/os/`, Koji `packages/`) over the fetch-sources test
 * world (test/fetch/helpers/sources-world.ts: a kernel family in four builds, signed copies in the
 * repos, unsigned ones plus sigcache headers on Koji). updates and GA are empty repos.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeRpmdb } from '../helpers/rpmdb-fixture.js';
import { builds, sourcesWorld, type BuildName, type SourcesWorld } from '../fetch/helpers/sources-world.js';

export interface FetchWorld extends SourcesWorld {
  /** The root options every run passes (no network, no compose). */
  roots: string[];
  rootsDir: string;
}

let cached: FetchWorld | undefined;

/** Builds (once) the trees. */
export function fetchWorld(): FetchWorld {
  if (cached !== undefined) return cached;
  const w = sourcesWorld();
  const top = mkdtempSync(join(tmpdir(), 'cm-fetch-cli-'));
  const place = (link: string, target: string) => {
    mkdirSync(join(link, '..'), { recursive: true });
    symlinkSync(target, link);
  };
  const emptyRepo = (dir: string) => {
    mkdirSync(dir, { recursive: true });
    execFileSync('createrepo_c', ['--quiet', '--no-database', dir], { stdio: 'ignore' });
  };
  place(join(top, 'pool', 'x86_64'), w.poolDir);
  place(join(top, 'archive', '41', 'x86_64'), w.archiveDir);
  emptyRepo(join(top, 'updates', '41', 'Everything', 'x86_64'));
  emptyRepo(join(top, 'releases', '41', 'Everything', 'x86_64', 'os'));
  const roots = [
    '--skip',
    'compose',
    '--updates-root',
    join(top, 'updates'),
    '--release-root',
    join(top, 'releases'),
    '--pool-root',
    join(top, 'pool'),
    '--archive-root',
    join(top, 'archive'),
    '--koji-root',
    w.kojiRoot,
    '--arch',
    'x86_64',
    '--release',
    '41',
  ];
  cached = { ...w, roots, rootsDir: top };
  return cached;
}

/** A `rpm -qa` list of the base's kernel at `build` (package-only: no SOURCERPM). */
export function pkglistBase(build: BuildName): string {
  const { version, release } = builds[build];
  const file = join(mkdtempSync(join(tmpdir(), 'cm-pkglist-')), 'pkglist.txt');
  writeFileSync(
    file,
    ['kernel', 'kernel-core'].map((n) => `${n}-${version}-${release}.noarch`).join('\n') + '\n',
  );
  return file;
}

/** A filesystem tree whose rpm database holds the kernel at `build` (SOURCERPM recorded). */
export function rootBase(build: BuildName): string {
  const w = fetchWorld();
  const root = mkdtempSync(join(tmpdir(), 'cm-root-'));
  makeRpmdb(join(root, 'usr/lib/sysimage/rpm'), [
    w.unsigned[build]['kernel']!,
    w.unsigned[build]['kernel-core']!,
  ]);
  mkdirSync(join(root, 'usr/lib'), { recursive: true });
  writeFileSync(join(root, 'usr/lib/os-release'), 'NAME="Fedora Linux"\nVERSION_ID=41\n');
  return root;
}
