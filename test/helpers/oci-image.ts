/**
 * OCI images built at test time: layers written in a chosen entry order by Python's tarfile
 * (test/helpers/write-layer.py), assembled into an image layout by umoci, labels set by umoci
 * config. Not a test file.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
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
): string {
  const layout = join(dir, 'layout');
  run('umoci', ['init', '--layout', layout]);
  run('umoci', ['new', '--image', `${layout}:${tag}`]);
  layers.forEach((entries, i) => {
    const tar = writeLayer(join(dir, `layer-${tag}-${i}.tar`), entries);
    run('umoci', ['raw', 'add-layer', '--image', `${layout}:${tag}`, tar]);
  });
  const args = ['config', '--image', `${layout}:${tag}`, '--architecture', arch, '--os', 'linux'];
  for (const [k, v] of Object.entries(labels)) args.push('--config.label', `${k}=${v}`);
  run('umoci', args);
  run('umoci', ['gc', '--layout', layout]);
  return layout;
}
