/**
 * Layer contents for test images, as ostree-ext lays them out (bootc crates/ostree-ext
 * tar/export.rs): layer 0 holds the repo directories and config, then the commit object (and its
 * .commitmeta), then content stored once as `objects/xx/….file` with the real path a tar hardlink
 * to it. Not a test file.
 */
import { basename, join } from 'node:path';
import { existsSync } from 'node:fs';
import type { LayerEntry } from './oci-image.js';
import { repoRoot } from './repo-root.js';
import { worldRpms } from './rpmdb-fixture.js';

const objects = join(repoRoot, 'fixtures/world/ostree/repo/objects');
const obj = (sum: string): string => `sysroot/ostree/repo/objects/${sum.slice(0, 2)}/${sum.slice(2)}`;
/** The content object name the rpmdb is stored under (any 64-hex name: only the link matters). */
const DBOBJ = 'ab'.padEnd(64, 'c');

/** The parent directories of `path`, outermost first, as dir entries. */
function parents(path: string): LayerEntry[] {
  const parts = path.split('/').slice(0, -1);
  return parts.map((_, i) => ({ path: parts.slice(0, i + 1).join('/'), type: 'dir' as const }));
}

/**
 * Layer 0 of an ostree-native image. `commit` is a world commit (its .commitmeta goes in too when
 * the world has one) unless `commitObject` names the commit file to use; `db` is a directory
 * holding an `rpmdb.sqlite`, stored as an object with `usr/share/rpm/rpmdb.sqlite` hardlinked to
 * it and `usr/lib/sysimage/rpm` a relative symlink to `../../share/rpm`, as rpm-ostree trees have.
 */
export function ostreeLayer(commit: string | null, db: string | null, commitObject?: string): LayerEntry[] {
  const entries: LayerEntry[] = [
    { path: 'sysroot', type: 'dir' },
    { path: 'sysroot/ostree', type: 'dir' },
    { path: 'sysroot/ostree/repo', type: 'dir' },
    {
      path: 'sysroot/ostree/repo/config',
      type: 'file',
      data: '[core]\nrepo_version=1\nmode=bare-split-xattrs\n',
    },
    { path: 'sysroot/ostree/repo/objects', type: 'dir' },
  ];
  if (commit !== null) {
    entries.push({ path: `sysroot/ostree/repo/objects/${commit.slice(0, 2)}`, type: 'dir' });
    const src = commitObject ?? join(objects, commit.slice(0, 2), `${commit.slice(2)}.commit`);
    entries.push({ path: `${obj(commit)}.commit`, type: 'file', src });
    const meta = join(objects, commit.slice(0, 2), `${commit.slice(2)}.commitmeta`);
    if (commitObject === undefined && existsSync(meta))
      entries.push({ path: `${obj(commit)}.commitmeta`, type: 'file', src: meta });
  }
  if (db !== null) {
    entries.push(
      { path: `sysroot/ostree/repo/objects/${DBOBJ.slice(0, 2)}`, type: 'dir' },
      { path: `${obj(DBOBJ)}.file`, type: 'file', src: join(db, 'rpmdb.sqlite') },
      ...parents('usr/share/rpm/rpmdb.sqlite'),
      { path: 'usr/share/rpm/rpmdb.sqlite', type: 'hardlink', linkpath: `${obj(DBOBJ)}.file` },
      ...parents('usr/lib/sysimage/rpm'),
      { path: 'usr/lib/sysimage/rpm', type: 'symlink', linkpath: '../../share/rpm' },
    );
  }
  return entries;
}

/**
 * A plain layer writing `db`'s `rpmdb.sqlite` (and `-wal` when present) into `dir`, plus
 * `[path, target]` symlinks (each with its parent directories).
 */
export function dbLayer(db: string, dir: string, links: readonly [string, string][] = []): LayerEntry[] {
  const entries: LayerEntry[] = [
    ...parents(`${dir}/rpmdb.sqlite`),
    { path: `${dir}/rpmdb.sqlite`, type: 'file', src: join(db, 'rpmdb.sqlite') },
  ];
  if (existsSync(join(db, 'rpmdb.sqlite-wal')))
    entries.push({ path: `${dir}/rpmdb.sqlite-wal`, type: 'file', src: join(db, 'rpmdb.sqlite-wal') });
  for (const [path, target] of links)
    entries.push(...parents(path), { path, type: 'symlink', linkpath: target });
  return entries;
}

/** The world's RPM files for `packages` (by file name). */
export function rpmsOf(
  packages: readonly { name: string; version: string; release: string; arch: string }[],
): string[] {
  const want = new Set(packages.map((p) => `${p.name}-${p.version}-${p.release}.${p.arch}.rpm`));
  const found = worldRpms().filter((f) => want.has(basename(f)));
  if (found.length !== want.size) throw new Error(`the world lacks RPMs for some of ${[...want].join(', ')}`);
  return found;
}
