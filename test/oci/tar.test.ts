import test from 'ava';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, linkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { readTar, type TarEntry } from '../../src/oci/tar/reader.js';
import { decompressLayer } from '../../src/oci/tar/decompress.js';
import { TarError } from '../../src/oci/tar/errors.js';
import { FetchError } from '../../src/io/errors.js';
import type { LayerCompression } from '../../src/oci/spec.js';
import { testWithTools } from '../helpers/tools.js';

const longDir = `sysroot/ostree/repo/objects/ab/${'c'.repeat(62)}`;

/** A tree with a long name, a hardlink, a symlink and whiteouts, packed by GNU tar in `format`. */
function makeTar(
  format: 'gnu' | 'pax' | 'ustar',
  compress?: 'gzip' | 'zstd',
): { bytes: Uint8Array; cleanup: () => void } {
  const work = mkdtempSync(join(tmpdir(), 'cm-tar-'));
  const root = join(work, 'root');
  mkdirSync(join(root, longDir), { recursive: true });
  mkdirSync(join(root, 'usr/share/rpm'), { recursive: true });
  mkdirSync(join(root, 'etc'), { recursive: true });
  const long = join(root, longDir, `${'d'.repeat(40)}.commitmeta`);
  writeFileSync(long, 'commitmeta bytes');
  // One component over 100 bytes: no ustar prefix split fits, so GNU tar must use L or a PAX path.
  writeFileSync(join(root, 'etc', 'e'.repeat(120)), 'long');
  writeFileSync(join(root, 'objects.file'), 'x'.repeat(5000));
  linkSync(join(root, 'objects.file'), join(root, 'usr/share/rpm/rpmdb.sqlite'));
  symlinkSync('../../usr/share/rpm', join(root, 'etc/rpm'));
  writeFileSync(join(root, 'etc/.wh.gone'), '');
  writeFileSync(join(root, 'usr/.wh..wh..opq'), '');
  const tarFile = join(work, 'out.tar');
  execFileSync('tar', [`--format=${format}`, '--sort=name', '-C', root, '-cf', tarFile, '.']);
  let file = tarFile;
  if (compress === 'gzip') {
    execFileSync('gzip', ['-k', tarFile]);
    file = `${tarFile}.gz`;
  } else if (compress === 'zstd') {
    execFileSync('zstd', ['-q', tarFile]);
    file = `${tarFile}.zst`;
  }
  return { bytes: readFileSync(file), cleanup: () => rmSync(work, { recursive: true, force: true }) };
}

async function* chunks(bytes: Uint8Array, size = 777): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.byteLength; i += size) yield bytes.subarray(i, i + size);
}

async function entriesOf(
  stream: AsyncIterable<Uint8Array>,
): Promise<Map<string, { entry: TarEntry; body: string }>> {
  const found = new Map<string, { entry: TarEntry; body: string }>();
  await readTar(
    stream,
    async (entry, body) => {
      const parts: Uint8Array[] = [];
      for await (const part of body) parts.push(part);
      found.set(entry.path, { entry, body: Buffer.concat(parts).toString() });
    },
    { subject: 'test' },
  );
  return found;
}

for (const format of ['gnu', 'pax'] as const) {
  testWithTools({ command: 'tar' })(
    `GNU tar --format=${format}: long names, links, whiteouts, ./ stripped`,
    async (t) => {
      const { bytes, cleanup } = makeTar(format);
      try {
        const found = await entriesOf(chunks(bytes));
        t.true(found.has(''), 'the root entry "./" becomes ""');
        const long = found.get(`${longDir}/${'d'.repeat(40)}.commitmeta`);
        t.is(long?.body, 'commitmeta bytes');
        t.is(found.get('objects.file')?.body.length, 5000);
        t.is(found.get(`etc/${'e'.repeat(120)}`)?.body, 'long');
        const link = found.get('usr/share/rpm/rpmdb.sqlite')?.entry;
        t.is(link?.type, 'hardlink');
        t.is(link?.linkpath, 'objects.file');
        t.deepEqual(found.get('etc/rpm')?.entry.linkpath, '../../usr/share/rpm');
        t.deepEqual(found.get('etc/.wh.gone')?.entry.whiteout, { opaque: false, target: 'etc/gone' });
        t.deepEqual(found.get('usr/.wh..wh..opq')?.entry.whiteout, { opaque: true, target: 'usr' });
      } finally {
        cleanup();
      }
    },
  );
}

for (const compression of ['gzip', 'zstd', 'none'] as const) {
  testWithTools(
    { command: 'tar' },
    { command: 'zstd' },
    { command: 'gzip' },
  )(`a ${compression} layer decodes and an early stop reports the bytes consumed`, async (t) => {
    const { bytes, cleanup } = makeTar('gnu', compression === 'none' ? undefined : compression);
    try {
      const all = await entriesOf(decompressLayer(chunks(bytes), compression, 'layer'));
      t.is(all.get('objects.file')?.body.length, 5000);
      let seen = 0;
      const result = await readTar(
        decompressLayer(chunks(bytes), compression, 'layer'),
        (entry) => {
          seen++;
          return entry.path.endsWith('.commitmeta') ? 'stop' : undefined;
        },
        { subject: 'layer' },
      );
      t.true(result.stopped);
      t.is(result.entries, seen);
      t.true(result.bytesConsumed > 0 && result.bytesConsumed % 512 === 0);
    } finally {
      cleanup();
    }
  });
}

testWithTools({ command: 'tar' }, { command: 'gzip' })(
  'a layer whose bytes are not what its media type says is a typed error',
  async (t) => {
    const { bytes, cleanup } = makeTar('gnu', 'gzip');
    try {
      const error = await t.throwsAsync(
        entriesOf(decompressLayer(chunks(bytes), 'zstd' as LayerCompression, 'L')),
        {
          instanceOf: TarError,
        },
      );
      t.is(error?.code, 'ERR_TAR_COMPRESSION');
    } finally {
      cleanup();
    }
  },
);

testWithTools({ command: 'tar' })('a stream cut inside a body is ERR_TAR_TRUNCATED', async (t) => {
  const { bytes, cleanup } = makeTar('gnu');
  try {
    const error = await t.throwsAsync(entriesOf(chunks(bytes.subarray(0, 512 * 20 + 100))), {
      instanceOf: TarError,
    });
    t.is(error?.code, 'ERR_TAR_TRUNCATED');
  } finally {
    cleanup();
  }
});

test('a corrupted header checksum is ERR_TAR_BAD_HEADER', async (t) => {
  const header = new Uint8Array(512);
  header.set(new TextEncoder().encode('a'), 0);
  header.set(new TextEncoder().encode('00000000123'), 148);
  const error = await t.throwsAsync(entriesOf(chunks(header)), { instanceOf: TarError });
  t.is(error?.code, 'ERR_TAR_BAD_HEADER');
});

testWithTools({ command: 'tar' })(
  'a path with .. is ERR_TAR_BAD_PATH; an oversize long name is bounded',
  async (t) => {
    const work = mkdtempSync(join(tmpdir(), 'cm-tar-'));
    try {
      writeFileSync(join(work, 'f'), 'x');
      const tarFile = join(work, 'bad.tar');
      execFileSync('tar', ['--format=gnu', '-C', work, '--transform=s,^f$,../f,', '-P', '-cf', tarFile, 'f']);
      const error = await t.throwsAsync(entriesOf(chunks(readFileSync(tarFile))), { instanceOf: TarError });
      t.is(error?.code, 'ERR_TAR_BAD_PATH');
      const longFile = join(work, 'long.tar');
      const name = 'n'.repeat(200);
      writeFileSync(join(work, name), 'x');
      execFileSync('tar', ['--format=gnu', '-C', work, '-cf', longFile, name]);
      const bounded = await t.throwsAsync(
        readTar(chunks(readFileSync(longFile)), () => undefined, { subject: 's', maxExtensionBytes: 100 }),
        { instanceOf: TarError },
      );
      t.is(bounded?.code, 'ERR_TAR_HEADER_TOO_LARGE');
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  },
);

testWithTools({ command: 'tar' })(
  'a stop closes the source: the rest of the layer is never pulled',
  async (t) => {
    // 4 MiB of random bytes after a small first entry: far more than any stream read-ahead.
    const work = mkdtempSync(join(tmpdir(), 'cm-tar-'));
    try {
      writeFileSync(join(work, 'a'), 'first');
      writeFileSync(join(work, 'b'), randomBytes(4 * 1024 * 1024));
      execFileSync('tar', ['--format=gnu', '-C', work, '-czf', join(work, 'l.tar.gz'), 'a', 'b']);
      const bytes = readFileSync(join(work, 'l.tar.gz'));
      let pulled = 0;
      let closed = false;
      async function* source(): AsyncGenerator<Uint8Array> {
        try {
          for (let i = 0; i < bytes.byteLength; i += 16384) {
            pulled += Math.min(16384, bytes.byteLength - i);
            yield bytes.subarray(i, i + 16384);
          }
        } finally {
          closed = true;
        }
      }
      const result = await readTar(decompressLayer(source(), 'gzip', 'L'), () => 'stop', { subject: 'L' });
      t.true(result.stopped);
      t.is(result.entries, 1);
      t.true(closed, 'the source generator was returned');
      t.true(pulled < bytes.byteLength / 2, `pulled ${pulled} of ${bytes.byteLength} bytes`);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  },
);

for (const compression of ['gzip', 'zstd'] as const) {
  testWithTools(
    { command: 'tar' },
    { command: 'zstd' },
    { command: 'gzip' },
  )(
    `a ${compression} layer whose source fails mid-way reports the network failure, not a corrupt layer`,
    async (t) => {
      const { bytes, cleanup } = makeTar('gnu', compression);
      const dropped = new FetchError('ERR_NETWORK', 'Cannot read https://registry/blob: other side closed', {
        subject: 'https://registry/blob',
      });
      async function* breaksOff(): AsyncGenerator<Uint8Array> {
        yield bytes.subarray(0, Math.floor(bytes.byteLength / 2));
        throw dropped;
      }
      try {
        const error = await t.throwsAsync(entriesOf(decompressLayer(breaksOff(), compression, 'L')));
        t.is(error, dropped, String(error));
      } finally {
        cleanup();
      }
    },
  );
}
