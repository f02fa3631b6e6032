/**
 * The world's Koji `packages/` tree is what Koji keeps (FACTS §12): unsigned copies, and per build the
 * signature header of its signed copy in `data/sigcache/<keyid>/`. Splicing that header onto the
 * unsigned file gives back the signed bytes the composes and the pool serve; rpm agrees on both.
 */
import test from 'ava';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spliceSignature } from '../../src/rpmfile/splice-signature.js';
import { worldGpgKey } from '../helpers/dnf-oracle.js';
import { testWithTools } from '../helpers/tools.js';
import { loadTruth, worldRoot } from '../helpers/world.js';

interface KojiTruth {
  path: string;
  keyid: string;
  builds: {
    nvr: string;
    sigcache: boolean;
    packages: { name: string; version: string; release: string; arch: string }[];
  }[];
}

const truth = loadTruth();
const koji = truth.koji as KojiTruth;
const kojipkgs = join(worldRoot, 'kojipkgs');

/** Every signed `.rpm` the world serves, by file name. */
function signedCopies(): Map<string, string> {
  const out = new Map<string, string>();
  for (const top of [
    join(kojipkgs, 'compose'),
    join(kojipkgs, 'repos-dist'),
    join(worldRoot, 'updates-archive'),
  ]) {
    for (const f of readdirSync(top, { recursive: true, withFileTypes: true })) {
      if (f.isFile() && f.name.endsWith('.rpm')) out.set(f.name, join(f.parentPath, f.name));
    }
  }
  return out;
}

test('every build is in packages/<srpm>/<v>/<r>/<arch>/, with a sigcache header unless the truth says none', (t) => {
  t.true(koji.builds.length > 10);
  t.true(
    koji.builds.some((b) => !b.sigcache),
    'the world has a build without a signature header',
  );
  for (const b of koji.builds) {
    for (const p of b.packages) {
      const file = `${p.name}-${p.version}-${p.release}.${p.arch}.rpm`;
      const source = b.nvr.slice(0, -`-${p.version}-${p.release}`.length);
      const dir = join(kojipkgs, koji.path, source, p.version, p.release);
      t.true(existsSync(join(dir, p.arch, file)), file);
      t.is(existsSync(join(dir, 'data', 'sigcache', koji.keyid, p.arch, `${file}.sig`)), b.sigcache, file);
    }
  }
});

testWithTools({ command: 'rpm' })(
  'splicing each sigcache header onto the unsigned copy gives the served signed bytes; rpm -K agrees',
  (t) => {
    const signed = signedCopies();
    const db = mkdtempSync(join(tmpdir(), 'koji-tree-'));
    try {
      execFileSync('rpm', ['--dbpath', db, '--import', worldGpgKey]);
      let compared = 0;
      for (const b of koji.builds.filter((x) => x.sigcache)) {
        for (const p of b.packages) {
          const file = `${p.name}-${p.version}-${p.release}.${p.arch}.rpm`;
          const source = b.nvr.slice(0, -`-${p.version}-${p.release}`.length);
          const dir = join(kojipkgs, koji.path, source, p.version, p.release);
          const unsigned = readFileSync(join(dir, p.arch, file));
          const spliced = spliceSignature(
            unsigned,
            readFileSync(join(dir, 'data', 'sigcache', koji.keyid, p.arch, `${file}.sig`)),
          );
          const served = signed.get(file);
          if (served !== undefined) {
            t.deepEqual(Buffer.from(spliced), readFileSync(served), file);
            compared++;
          } else {
            // A Koji-only build: rpm is the judge.
            const out = join(db, file);
            writeFileSync(out, spliced);
            t.regex(
              execFileSync('rpm', ['--dbpath', db, '-K', out], { encoding: 'utf8' }),
              /digests signatures OK/,
            );
          }
          const plain = execFileSync('rpm', ['--dbpath', db, '-Kv', join(dir, p.arch, file)], {
            encoding: 'utf8',
          });
          t.notRegex(plain, /Signature/, `${file}: Koji's packages/ copy is unsigned`);
        }
      }
      t.true(compared > 20);
    } finally {
      rmSync(db, { recursive: true, force: true });
    }
  },
);
