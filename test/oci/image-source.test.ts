import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { openImageSource } from '../../src/oci/open-image-source.js';
import { OciError } from '../../src/oci/errors.js';
import { testWithTools } from '../helpers/tools.js';

const test = testWithTools({ command: 'umoci' }, { command: 'skopeo' });

/** A layout with images `amd` (amd64) and `arm` (arm64), one file layer each, made by umoci. */
function makeLayout(): { work: string; layout: string } {
  const work = mkdtempSync(join(tmpdir(), 'cm-oci-src-'));
  const layout = join(work, 'layout');
  execFileSync('umoci', ['init', '--layout', layout]);
  for (const [tag, arch] of [
    ['amd', 'amd64'],
    ['arm', 'arm64'],
  ] as const) {
    execFileSync('umoci', ['new', '--image', `${layout}:${tag}`]);
    const root = join(work, tag);
    mkdirSync(root);
    writeFileSync(join(root, 'arch'), arch);
    execFileSync('umoci', ['insert', '--image', `${layout}:${tag}`, root, '/']);
    execFileSync('umoci', [
      'config',
      '--image',
      `${layout}:${tag}`,
      '--architecture',
      arch,
      '--config.label',
      `arch=${arch}`,
    ]);
  }
  return { work, layout };
}

function sha(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** Adds tag `multi`: an index blob over the two manifests with their platforms. */
function addIndex(layout: string): string {
  const top = JSON.parse(readFileSync(join(layout, 'index.json'), 'utf8'));
  const entries = top.manifests.map((d: { annotations: Record<string, string> }) => {
    const arch = d.annotations['org.opencontainers.image.ref.name'] === 'amd' ? 'amd64' : 'arm64';
    return { ...d, annotations: undefined, platform: { architecture: arch, os: 'linux' } };
  });
  const index = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: entries,
    }),
  );
  const digest = sha(index);
  writeFileSync(join(layout, 'blobs', 'sha256', digest.slice(7)), index);
  top.manifests.push({
    mediaType: 'application/vnd.oci.image.index.v1+json',
    digest,
    size: index.byteLength,
    annotations: { 'org.opencontainers.image.ref.name': 'multi' },
  });
  writeFileSync(join(layout, 'index.json'), JSON.stringify(top));
  return digest;
}

test('oci:DIR:TAG and an oci-archive skopeo wrote resolve to the same manifest', async (t) => {
  const { work, layout } = makeLayout();
  try {
    const source = await openImageSource(`oci:${layout}:arm`);
    const image = await source.resolve({ arch: 'x86_64' });
    t.is(image.config.config?.Labels?.['arch'], 'arm64', 'a tagged single manifest is taken as is');
    t.is(image.indexDigest, null);
    t.is(image.layers.length, 1);
    let bytes = 0;
    for await (const chunk of source.blob(image.layers[0]!)) bytes += chunk.byteLength;
    t.is(bytes, image.layers[0]!.size);

    const archive = join(work, 'image.tar');
    execFileSync('skopeo', ['copy', '--quiet', `oci:${layout}:arm`, `oci-archive:${archive}:arm`]);
    const fromArchive = await openImageSource(`oci-archive:${archive}:arm`);
    const same = await fromArchive.resolve({ arch: 'arm64' });
    t.is(same.config.config?.Labels?.['arch'], 'arm64');
    t.is(same.layers[0]!.digest, image.layers[0]!.digest);
    await fromArchive.close();
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test('a multi-arch index resolves to the requested arch, rpm or GOARCH name; a missing arch is typed', async (t) => {
  const { work, layout } = makeLayout();
  try {
    const indexDigest = addIndex(layout);
    const inspect = JSON.parse(
      execFileSync('skopeo', ['inspect', '--raw', `oci:${layout}:multi`], { encoding: 'utf8' }),
    );
    t.is(inspect.manifests.length, 2, 'skopeo reads the index');
    const source = await openImageSource(`oci:${layout}:multi`);
    const arm = await source.resolve({ arch: 'aarch64' });
    t.is(arm.config.config?.Labels?.['arch'], 'arm64');
    t.is(arm.indexDigest, indexDigest);
    const amd = await source.resolve({ arch: 'amd64' });
    t.is(amd.config.config?.Labels?.['arch'], 'amd64');
    const error = await t.throwsAsync(source.resolve({ arch: 's390x' }), { instanceOf: OciError });
    t.is(error?.code, 'ERR_OCI_NO_ARCH');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test('a blob whose bytes do not match its digest, and a missing tag, are typed errors', async (t) => {
  const { work, layout } = makeLayout();
  try {
    const source = await openImageSource(`oci:${layout}:amd`);
    const image = await source.resolve({ arch: 'amd64' });
    const path = join(layout, 'blobs', 'sha256', image.layers[0]!.digest.slice(7));
    const bytes = readFileSync(path);
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff;
    writeFileSync(path, bytes);
    const drain = async (): Promise<void> => {
      for await (const _ of source.blob(image.layers[0]!)) void _;
    };
    const error = await t.throwsAsync(drain(), { instanceOf: OciError });
    t.is(error?.code, 'ERR_OCI_DIGEST_MISMATCH');
    const missing = await t.throwsAsync(openImageSource(`oci:${layout}:nope`), { instanceOf: OciError });
    t.is(missing?.code, 'ERR_OCI_NOT_FOUND');
    const bad = await t.throwsAsync(openImageSource('foo:bar'), { instanceOf: OciError });
    t.is(bad?.code, 'ERR_OCI_BAD_REFERENCE');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test('a directory or a symlink loop where oci-layout, index.json or a blob should be is ERR_OCI_UNREADABLE', async (t) => {
  const { work, layout } = makeLayout();
  try {
    const source = await openImageSource(`oci:${layout}:amd`);
    const image = await source.resolve({ arch: 'amd64' });
    const blobs = {
      manifest: image.manifestDigest,
      config: image.configDigest,
      layer: image.layers[0]!.digest,
    };
    const targets = [
      'oci-layout',
      'index.json',
      ...Object.values(blobs).map((d) => join('blobs', 'sha256', d.slice(7))),
    ];
    for (const target of targets) {
      for (const damage of ['directory', 'loop'] as const) {
        const copy = join(work, `copy-${damage}-${target.replaceAll('/', '_')}`);
        cpSync(layout, copy, { recursive: true });
        const path = join(copy, target);
        rmSync(path);
        if (damage === 'directory') mkdirSync(path);
        else symlinkSync(basename(path), path);
        const read = async (): Promise<void> => {
          const opened = await openImageSource(`oci:${copy}:amd`);
          const got = await opened.resolve({ arch: 'amd64' });
          for await (const _ of opened.blob(got.layers[0]!)) void _;
        };
        const error = await t.throwsAsync(read(), { instanceOf: OciError }, `${target} as a ${damage}`);
        t.is(error?.code, 'ERR_OCI_UNREADABLE', `${target} as a ${damage}: ${error?.message}`);
        t.regex(error?.message ?? '', damage === 'directory' ? /is a directory/ : /symlink loop/);
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
