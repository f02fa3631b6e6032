/** The tar and layer readers against seeded mutations of archives GNU tar wrote (gnu, pax, ustar; gzip). */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decompressLayer } from '../../src/oci/tar/decompress.js';
import { readTar } from '../../src/oci/tar/reader.js';
import { fuzz, mutateBytes } from '../helpers/fuzz.js';
import { testWithTools } from '../helpers/tools.js';

const CASES = 1500;
const SEED = 5150;

/** Archives of one small tree, in three formats, plain and gzip. */
function seeds(): { bytes: Uint8Array; gzip: boolean }[] {
  const work = mkdtempSync(join(tmpdir(), 'cm-tar-fuzz-'));
  try {
    const root = join(work, 'root');
    mkdirSync(join(root, 'usr/share/rpm'), { recursive: true });
    mkdirSync(join(root, `sysroot/ostree/repo/objects/ab/${'c'.repeat(80)}`), { recursive: true });
    writeFileSync(join(root, 'usr/share/rpm/rpmdb.sqlite'), 'x'.repeat(3000));
    writeFileSync(join(root, `${'e'.repeat(120)}.commit`), 'commit');
    symlinkSync('usr/share/rpm', join(root, 'rpm'));
    writeFileSync(join(root, '.wh.gone'), '');
    const out: { bytes: Uint8Array; gzip: boolean }[] = [];
    for (const format of ['gnu', 'pax', 'ustar']) {
      const file = join(work, `${format}.tar`);
      try {
        execFileSync(
          'tar',
          [`--format=${format}`, '--sort=name', '--mtime=@0', '-C', root, '-cf', file, '.'],
          {
            stdio: 'ignore',
          },
        );
      } catch {
        continue; // ustar cannot hold the long name: the other two can
      }
      out.push({ bytes: readFileSync(file), gzip: false });
      execFileSync('gzip', ['-kn', file]);
      out.push({ bytes: readFileSync(`${file}.gz`), gzip: true });
    }
    return out;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function* chunks(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.byteLength; i += 700) yield bytes.subarray(i, i + 700);
}

testWithTools({ command: 'tar' }, { command: 'gzip' })(
  `${CASES} mutated real tar layers: each reads or is a typed error`,
  async (t) => {
    const base = seeds();
    t.true(base.length >= 4);
    const { refused } = await fuzz(t, {
      cases: CASES,
      seed: SEED,
      seeds: base,
      limitMs: 1000,
      mutate: (input, rand) => ({ bytes: mutateBytes(input.bytes, rand), gzip: input.gzip }),
      attempt: async ({ bytes, gzip }) => {
        const stream = decompressLayer(chunks(bytes), gzip ? 'gzip' : 'none', 'layer');
        await readTar(
          stream,
          async (_entry, body) => {
            for await (const part of body) void part;
          },
          { subject: 'layer' },
        );
      },
    });
    t.true(refused > CASES / 10, `${refused} refused`);
  },
);
