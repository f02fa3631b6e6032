/**
 * Writes a realistic primary.xml (createrepo_c's layout: the same elements, attributes, order and
 * indentation) of `count` packages with provides, requires and file entries, deterministically.
 * ~2.9 KB per package, so 70,000 packages is ~200 MB like Fedora's Everything repo.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/** A small deterministic PRNG (mulberry32), so every run writes the same bytes. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const syllables = [
  'lib',
  'py',
  'perl',
  'gnome',
  'kde',
  'x',
  'gtk',
  'qt',
  'font',
  'rust',
  'golang',
  'ghc',
  'texlive',
  'nodejs',
  'php',
  'ruby',
  'java',
  'R',
  'ocaml',
  'mingw64',
];
const words = [
  'core',
  'utils',
  'devel',
  'common',
  'tools',
  'data',
  'doc',
  'libs',
  'server',
  'client',
  'plugin',
  'theme',
  'parser',
  'crypto',
  'json',
  'xml',
  'http',
  'sql',
  'image',
  'audio',
  'video',
  'net',
  'fs',
  'cli',
];
const arches = ['x86_64', 'x86_64', 'x86_64', 'noarch', 'noarch', 'i686'];
const lorem =
  'This package provides the runtime libraries and command line tools needed to build, inspect and manage data in the format described by the upstream project. It is used by several desktop environments and server components. ';

/** Writes the document to `path`; resolves to the number of bytes written. */
export async function generatePrimary(path: string, count: number, seed = 42): Promise<number> {
  const rnd = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const out = createWriteStream(path);
  let written = 0;
  let buffer = '';
  const write = async (text: string) => {
    buffer += text;
    if (buffer.length > 1 << 20) {
      written += Buffer.byteLength(buffer);
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  };
  await write(
    `<?xml version="1.0" encoding="UTF-8"?>\n<metadata xmlns="http://linux.duke.edu/metadata/common" xmlns:rpm="http://linux.duke.edu/metadata/rpm" packages="${count}">\n`,
  );
  for (let i = 0; i < count; i++) {
    const name = `${pick(syllables)}-${pick(words)}${i % 7 === 0 ? '' : `-${pick(words)}`}${i}`;
    const arch = pick(arches);
    const epoch = rnd() < 0.1 ? String(1 + Math.floor(rnd() * 3)) : '0';
    const ver = `${Math.floor(rnd() * 20)}.${Math.floor(rnd() * 30)}${rnd() < 0.3 ? `.${Math.floor(rnd() * 10)}` : ''}${rnd() < 0.05 ? '~rc1' : ''}`;
    const rel = `${1 + Math.floor(rnd() * 12)}.fc41${rnd() < 0.1 ? '.1' : ''}`;
    const src = `${name.replace(/-(devel|libs|doc|common)\d*$/, '')}-${ver}-${rel}.src.rpm`;
    const sum = Array.from({ length: 64 }, () => '0123456789abcdef'[Math.floor(rnd() * 16)]).join('');
    const desc = lorem
      .repeat(1 + Math.floor(rnd() * 3))
      .slice(0, 200 + Math.floor(rnd() * 500))
      .replace(/and/g, '&amp;');
    let text = `<package type="rpm">
  <name>${name}</name>
  <arch>${arch}</arch>
  <version epoch="${epoch}" ver="${ver}" rel="${rel}"/>
  <checksum type="sha256" pkgid="YES">${sum}</checksum>
  <summary>The ${name} package &lt;${pick(words)}&gt;</summary>
  <description>${desc}</description>
  <packager>Fedora Project</packager>
  <url>https://example.org/${name}</url>
  <time file="${1700000000 + i}" build="${1690000000 + i}"/>
  <size package="${10000 + Math.floor(rnd() * 1e7)}" installed="${20000 + Math.floor(rnd() * 1e8)}" archive="${20000 + Math.floor(rnd() * 1e8)}"/>
  <location href="Packages/${name[0]}/${name}-${ver}-${rel}.${arch}.rpm"/>
  <format>
    <rpm:license>MIT AND (GPL-2.0-or-later OR BSD-3-Clause)</rpm:license>
    <rpm:vendor>Fedora Project</rpm:vendor>
    <rpm:group>Unspecified</rpm:group>
    <rpm:buildhost>buildhw-x86-${String(i % 16).padStart(2, '0')}.iad2.fedoraproject.org</rpm:buildhost>
    <rpm:sourcerpm>${src}</rpm:sourcerpm>
    <rpm:header-range start="4504" end="${20000 + i}"/>
    <rpm:provides>
      <rpm:entry name="${name}" flags="EQ" epoch="${epoch}" ver="${ver}" rel="${rel}"/>
      <rpm:entry name="${name}(${arch === 'noarch' ? 'noarch' : 'x86-64'})" flags="EQ" epoch="${epoch}" ver="${ver}" rel="${rel}"/>
`;
    const nprov = Math.floor(rnd() * 6);
    for (let p = 0; p < nprov; p++)
      text += `      <rpm:entry name="lib${pick(words)}${i}-${p}.so.${Math.floor(rnd() * 9)}()(64bit)"/>\n`;
    text += '    </rpm:provides>\n    <rpm:requires>\n';
    const nreq = 8 + Math.floor(rnd() * 16);
    for (let r = 0; r < nreq; r++) {
      const kind = rnd();
      if (kind < 0.4)
        text += `      <rpm:entry name="lib${pick(words)}.so.${Math.floor(rnd() * 9)}()(64bit)"/>\n`;
      else if (kind < 0.7)
        text += `      <rpm:entry name="${pick(syllables)}-${pick(words)}" flags="GE" epoch="0" ver="${Math.floor(rnd() * 9)}.${Math.floor(rnd() * 9)}"/>\n`;
      else if (kind < 0.8) text += `      <rpm:entry name="/bin/sh" pre="1"/>\n`;
      else text += `      <rpm:entry name="libc.so.6(GLIBC_2.${Math.floor(rnd() * 40)})(64bit)"/>\n`;
    }
    text += '    </rpm:requires>\n';
    const nfiles = Math.floor(rnd() * 10);
    for (let f = 0; f < nfiles; f++) text += `    <file>/usr/bin/${name}-${f}</file>\n`;
    if (rnd() < 0.3) text += `    <file type="dir">/etc/${name}</file>\n`;
    text += '  </format>\n</package>\n';
    await write(text);
  }
  await write('</metadata>\n');
  written += Buffer.byteLength(buffer);
  out.end(buffer);
  await once(out, 'finish');
  return written;
}
