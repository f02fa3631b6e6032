/**
 * Layer contents for test images, as ostree-ext lays them out (bootc crates/ostree-ext
 * tar/export.rs): layer 0 holds the repo directories and config, then the commit object (and its
 * .commitmeta), then content stored once as `objects/xx/….file` with the real path a tar hardlink
 * to it. Not a test file.
 */
import { createHash } from 'node:crypto';
import { basename, join } from 'node:path';
import { existsSync } from 'node:fs';
import type { LayerEntry } from './oci-image.js';
import { repoRoot } from './repo-root.js';
import { worldRpms } from './rpmdb-fixture.js';

const objects = join(repoRoot, 'fixtures/world/ostree/repo/objects');
const obj = (sum: string): string => `sysroot/ostree/repo/objects/${sum.slice(0, 2)}/${sum.slice(2)}`;

/** The parent directories of `path`, outermost first, as dir entries. */
function parents(path: string): LayerEntry[] {
  const parts = path.split('/').slice(0, -1);
  return parts.map((_, i) => ({ path: parts.slice(0, i + 1).join('/'), type: 'dir' as const }));
}

/** An object name for test content (only the link from the real path matters, not the hash). */
const fakeObject = (seed: string): string => createHash('sha256').update(seed).digest('hex');

/**
 * A content object as ostree-ext's `append_content` writes it: the `.file-xattrs` object, the
 * `.file-xattrs-link` hardlink to it, the object itself (a file, or a symlink for a symlink), then
 * the real path as a hardlink to the object (`append_content_hardlink`).
 */
function content(path: string, body: { src: string } | { symlink: string }): LayerEntry[] {
  const sum = fakeObject(path);
  const xattrs = `${obj(fakeObject(`xattrs:${path}`))}.file-xattrs`;
  return [
    { path: xattrs, type: 'file', data: '' },
    { path: `${obj(sum)}.file-xattrs-link`, type: 'hardlink', linkpath: xattrs },
    'src' in body
      ? { path: `${obj(sum)}.file`, type: 'file', src: body.src }
      : { path: `${obj(sum)}.file`, type: 'symlink', linkpath: body.symlink },
    ...parents(path),
    { path, type: 'hardlink', linkpath: `${obj(sum)}.file` },
  ];
}

/**
 * Layer 0 of an ostree-native image in ostree-ext's order (tar/export.rs `write_commit`,
 * `write_repo_structure`): the root `./`, the repo's directories (all 256 object directories and
 * the standard subdirectories), its config, the commit object and its `.commitmeta`, a dirmeta,
 * then content. `commit` is a world commit (its .commitmeta goes in too when the world has one)
 * unless `commitObject` names the commit file to use; `db` is a directory holding an
 * `rpmdb.sqlite`, stored as an object with `usr/share/rpm/rpmdb.sqlite` hardlinked to it, and
 * `usr/lib/sysimage/rpm` a symlink object (`../../share/rpm`) hardlinked from its path, as
 * rpm-ostree trees have it.
 */
export function ostreeLayer(commit: string | null, db: string | null, commitObject?: string): LayerEntry[] {
  const entries: LayerEntry[] = [
    { path: './', type: 'dir' },
    { path: 'sysroot', type: 'dir' },
    { path: 'sysroot/ostree', type: 'dir' },
    { path: 'sysroot/ostree/repo', type: 'dir' },
    { path: 'sysroot/ostree/repo/objects', type: 'dir' },
    ...Array.from({ length: 256 }, (_, i): LayerEntry => ({
      path: `sysroot/ostree/repo/objects/${i.toString(16).padStart(2, '0')}`,
      type: 'dir',
    })),
    ...['extensions', 'refs', 'refs/heads', 'refs/mirrors', 'refs/remotes', 'state', 'tmp', 'tmp/cache'].map(
      (d): LayerEntry => ({ path: `sysroot/ostree/repo/${d}`, type: 'dir' }),
    ),
    {
      path: 'sysroot/ostree/repo/config',
      type: 'file',
      data: '[core]\nrepo_version=1\nmode=bare-split-xattrs\n',
    },
  ];
  if (commit !== null) {
    const src = commitObject ?? join(objects, commit.slice(0, 2), `${commit.slice(2)}.commit`);
    entries.push({ path: `${obj(commit)}.commit`, type: 'file', src });
    const meta = join(objects, commit.slice(0, 2), `${commit.slice(2)}.commitmeta`);
    if (commitObject === undefined && existsSync(meta))
      entries.push({ path: `${obj(commit)}.commitmeta`, type: 'file', src: meta });
  }
  entries.push({ path: `${obj(fakeObject('dirmeta'))}.dirmeta`, type: 'file', data: 'dirmeta' });
  if (db !== null) {
    entries.push(
      ...content('usr/share/rpm/rpmdb.sqlite', { src: join(db, 'rpmdb.sqlite') }),
      ...content('usr/lib/sysimage/rpm', { symlink: '../../share/rpm' }),
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
