/**
 * A synthetic updates stream with the shape FACTS.md §12 gives: 25,000 binary packages from about
 * 8,000 source packages (1–8 subpackages each, a few noarch), and each day ~370 changed entries:
 * source builds re-released (every subpackage moves), a few new packages, a few dropped.
 */
import { prng } from '../../test/helpers/prng.js';
import type { IndexPackage } from '../../src/compose-index/packages.js';

const syllables = [
  'lib',
  'py',
  'gnome',
  'kde',
  'rust',
  'golang',
  'perl',
  'texlive',
  'qt',
  'x',
  'ghc',
  'nodejs',
];
const words = [
  'core',
  'util',
  'net',
  'crypto',
  'font',
  'http',
  'xml',
  'json',
  'gtk',
  'term',
  'sql',
  'image',
  'zip',
  'mail',
];
const suffixes = ['', '-devel', '-libs', '-doc', '-common', '-tools', '-static', '-data'];

interface Source {
  name: string;
  version: string;
  release: number;
  subpackages: { name: string; arch: string }[];
}

/** A deterministic stream of `days` package sets of about `size` packages, ~`changes` entries apart. */
export function* syntheticStream(days: number, size = 25_000, changes = 370): Generator<IndexPackage[]> {
  const random = prng(20260101);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const sources: Source[] = [];
  let made = 0;
  const newSource = (): Source => {
    const name = `${pick(syllables)}${pick(words)}${Math.floor(random() * 400)}-${sources.length}`;
    const count = 1 + Math.floor(random() * random() * 8);
    const subpackages = suffixes.slice(0, count).map((s) => ({
      name: `${name}${s}`,
      arch: s === '-doc' || s === '-data' ? 'noarch' : 'x86_64',
    }));
    const version = `${1 + Math.floor(random() * 9)}.${Math.floor(random() * 30)}.${Math.floor(random() * 12)}`;
    return { name, version, release: 1, subpackages };
  };
  while (made < size) {
    const s = newSource();
    sources.push(s);
    made += s.subpackages.length;
  }
  for (let day = 0; day < days; day++) {
    if (day > 0) {
      let changed = 0;
      while (changed < changes) {
        const roll = random();
        if (roll < 0.02) {
          const s = newSource();
          sources.push(s);
          changed += s.subpackages.length;
        } else if (roll < 0.03) {
          const [gone] = sources.splice(Math.floor(random() * sources.length), 1);
          changed += gone!.subpackages.length;
        } else {
          const s = pick(sources);
          if (random() < 0.4) {
            const parts = s.version.split('.').map(Number);
            parts[2] = parts[2]! + 1;
            s.version = parts.join('.');
            s.release = 1;
          } else s.release++;
          changed += s.subpackages.length;
        }
      }
    }
    const set: IndexPackage[] = [];
    for (const s of sources) {
      const release = `${s.release}.fc40`;
      for (const p of s.subpackages)
        set.push({
          name: p.name,
          epoch: null,
          version: s.version,
          release,
          arch: p.arch,
          sourcerpm: `${s.name}-${s.version}-${release}.src.rpm`,
        });
    }
    yield set;
  }
}
