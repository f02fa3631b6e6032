/**
 * OCI images built at test time: layers written in a chosen entry order by Python's tarfile
 * (test/helpers/write-layer.py), assembled into an image layout by umoci, labels set by umoci
 * config. Not a test file.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './repo-root.js';
import { systemPython } from './tools.js';

/** One tar entry of a layer. */
export type LayerEntry =
  | { path: string; type: 'dir' }
  | { path: string; type: 'file'; src?: string; data?: string }
  | { path: string; type: 'symlink' | 'hardlink'; linkpath: string };

function run(cmd: string, args: readonly string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

/** Writes an uncompressed layer tar at `out`. */
export function writeLayer(out: string, entries: readonly LayerEntry[]): string {
  const spec = `${out}.json`;
  writeFileSync(spec, JSON.stringify({ out, entries }));
  run(systemPython, [join(repoRoot, 'test/helpers/write-layer.py'), spec]);
  return out;
}

/** Builds `layout:tag` from layers (each a list of entries) with config labels; returns the layout dir. */
export function buildImage(
  dir: string,
  tag: string,
  layers: readonly (readonly LayerEntry[])[],
  labels: Record<string, string>,
  arch = 'amd64',
  /** Further `umoci config` options (`--created`, `--history.created`, …). */
  config: readonly string[] = [],
): string {
  const layout = join(dir, 'layout');
  if (!existsSync(layout)) run('umoci', ['init', '--layout', layout]);
  run('umoci', ['new', '--image', `${layout}:${tag}`]);
  layers.forEach((entries, i) => {
    const tar = writeLayer(join(dir, `layer-${tag}-${i}.tar`), entries);
    run('umoci', ['raw', 'add-layer', '--image', `${layout}:${tag}`, tar]);
  });
  const args = ['config', '--image', `${layout}:${tag}`, '--architecture', arch, '--os', 'linux'];
  for (const [k, v] of Object.entries(labels)) args.push('--config.label', `${k}=${v}`);
  args.push(...config);
  run('umoci', args);
  run('umoci', ['gc', '--layout', layout]);
  return layout;
}

/** sha256 of a file as an OCI digest (a layer tar's diff_id). */
export function fileDigest(path: string): string {
  return `sha256:${createHash('sha256').update(readFileSync(path)).digest('hex')}`;
}

/**
 * Adds tag `tag` naming a new image index over the manifests of `tags` (each with its config's
 * platform), as a multi-arch image's index is: written as a blob, referenced from index.json.
 */
export function addIndex(layout: string, tag: string, tags: Record<string, string>): void {
  const top = JSON.parse(readFileSync(join(layout, 'index.json'), 'utf8')) as {
    manifests: { annotations?: Record<string, string> }[];
  };
  const manifests = Object.entries(tags).map(([t, architecture]) => {
    const d = top.manifests.find((m) => m.annotations?.['org.opencontainers.image.ref.name'] === t)!;
    return { ...d, annotations: undefined, platform: { architecture, os: 'linux' } };
  });
  const bytes = Buffer.from(
    JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests }),
  );
  const hex = createHash('sha256').update(bytes).digest('hex');
  writeFileSync(join(layout, 'blobs/sha256', hex), bytes);
  top.manifests.push({
    mediaType: 'application/vnd.oci.image.index.v1+json',
    digest: `sha256:${hex}`,
    size: bytes.byteLength,
    annotations: { 'org.opencontainers.image.ref.name': tag },
  } as never);
  writeFileSync(join(layout, 'index.json'), JSON.stringify(top));
}

/** Copies `from` (a transport reference) to `to` with skopeo, recompressing layers with zstd. */
export function skopeoZstd(from: string, to: string): void {
  run('skopeo', ['copy', '--dest-compress-format', 'zstd', from, to]);
}
