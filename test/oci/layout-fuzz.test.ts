/**
 * The oci: transport against seeded damage to a layout umoci wrote: mutated bytes of oci-layout,
 * index.json and each blob (manifest, config, layer), and a directory, a symlink loop, a dangling
 * symlink or nothing where one of those files should be.
 */
import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { openImageSource } from '../../src/oci/open-image-source.js';
import { fuzz, mutateBytes } from '../helpers/fuzz.js';
import { testWithTools } from '../helpers/tools.js';

const CASES = 400;
const SEED = 1500;

type Layout = Map<string, Uint8Array>;
type Damaged = {
  files: Layout;
  odd: { path: string; as: 'directory' | 'loop' | 'dangling' | 'missing' } | null;
};

function files(dir: string, root = dir, out: Layout = new Map()): Layout {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files(path, root, out);
    else out.set(relative(root, path), readFileSync(path));
  }
  return out;
}

function mutate(layout: Damaged, rand: () => number): Damaged {
  const names = [...layout.files.keys()].sort();
  const name = names[Math.floor(rand() * names.length)]!;
  const out = new Map(layout.files);
  if (rand() < 0.75) {
    out.set(name, mutateBytes(out.get(name)!, rand));
    return { files: out, odd: null };
  }
  const kinds = ['directory', 'loop', 'dangling', 'missing'] as const;
  out.delete(name);
  return { files: out, odd: { path: name, as: kinds[Math.floor(rand() * kinds.length)]! } };
}

let counter = 0;

testWithTools({ command: 'umoci' })(
  `${CASES} damaged real OCI layouts: each reads or is a typed error`,
  async (t) => {
    const work = mkdtempSync(join(tmpdir(), 'cm-layout-fuzz-'));
    t.teardown(() => rmSync(work, { recursive: true, force: true }));
    const layout = join(work, 'layout');
    execFileSync('umoci', ['init', '--layout', layout]);
    execFileSync('umoci', ['new', '--image', `${layout}:t`]);
    const root = join(work, 'root');
    mkdirSync(root);
    writeFileSync(join(root, 'file'), 'x'.repeat(2000));
    execFileSync('umoci', ['insert', '--image', `${layout}:t`, root, '/']);
    execFileSync('umoci', ['config', '--image', `${layout}:t`, '--architecture', 'amd64', '--os', 'linux']);
    execFileSync('umoci', ['gc', '--layout', layout]);
    const seed: Damaged = { files: files(layout), odd: null };
    t.true(seed.files.size >= 5);

    const { refused } = await fuzz(t, {
      cases: CASES,
      seed: SEED,
      seeds: [seed],
      limitMs: 3000,
      mutate,
      attempt: async ({ files: layoutFiles, odd }) => {
        const dir = join(work, `case-${counter++}`);
        for (const [name, bytes] of layoutFiles) {
          mkdirSync(dirname(join(dir, name)), { recursive: true });
          writeFileSync(join(dir, name), bytes);
        }
        if (odd !== null) {
          const path = join(dir, odd.path);
          mkdirSync(dirname(path), { recursive: true });
          if (odd.as === 'directory') mkdirSync(path);
          else if (odd.as === 'loop') symlinkSync(basename(path), path);
          else if (odd.as === 'dangling') symlinkSync('nowhere', path);
        }
        try {
          const source = await openImageSource(`oci:${dir}:t`);
          const image = await source.resolve({ arch: 'amd64' });
          for (const layer of image.layers) for await (const part of source.blob(layer)) void part;
          await source.close();
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    });
    t.true(refused > CASES / 4, `${refused} refused`);
  },
);
