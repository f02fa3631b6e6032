import test from 'ava';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescriptorSchema,
  ImageConfigSchema,
  IndexSchema,
  ManifestSchema,
  MediaTypeImageManifest,
  parseBoundedJson,
  layerCompression,
} from '../../src/oci/spec.js';
import { OciError } from '../../src/oci/errors.js';
import { testWithTools } from '../helpers/tools.js';

function blob(dir: string, digest: string): Uint8Array {
  return readFileSync(join(dir, 'blobs', 'sha256', digest.slice('sha256:'.length)));
}

testWithTools({ command: 'umoci' })('index, manifest and config written by umoci parse', (t) => {
  const work = mkdtempSync(join(tmpdir(), 'cm-oci-spec-'));
  try {
    const layout = join(work, 'layout');
    execFileSync('umoci', ['init', '--layout', layout]);
    execFileSync('umoci', ['new', '--image', `${layout}:v1`]);
    const root = join(work, 'add');
    mkdirSync(join(root, 'etc'), { recursive: true });
    writeFileSync(join(root, 'etc', 'hello'), 'hi\n');
    execFileSync('umoci', ['insert', '--image', `${layout}:v1`, root, '/']);
    execFileSync('umoci', ['config', '--image', `${layout}:v1`, '--config.label', 'ostree.commit=abc']);

    const index = parseBoundedJson(
      readFileSync(join(layout, 'index.json')),
      IndexSchema,
      'index',
      1 << 20,
      'index.json',
    );
    t.is(index.manifests.length, 1);
    const entry = index.manifests[0]!;
    t.is(entry.mediaType, MediaTypeImageManifest);
    t.is(entry.annotations?.['org.opencontainers.image.ref.name'], 'v1');
    const manifest = parseBoundedJson(
      blob(layout, entry.digest),
      ManifestSchema,
      'manifest',
      1 << 20,
      entry.digest,
    );
    t.is(manifest.layers.length, 1);
    t.is(layerCompression(manifest.layers[0]!.mediaType), 'gzip');
    const config = parseBoundedJson(
      blob(layout, manifest.config.digest),
      ImageConfigSchema,
      'config',
      1 << 20,
      'c',
    );
    t.is(config.config?.Labels?.['ostree.commit'], 'abc');
    t.is(config.rootfs.diff_ids.length, 1);
    t.regex(config.created ?? '', /^\d{4}-/);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test('a document over its bound is a typed error before it is parsed', (t) => {
  const error = t.throws(() => parseBoundedJson(new Uint8Array(11), ManifestSchema, 'manifest', 10, 'x'), {
    instanceOf: OciError,
  });
  t.is(error?.code, 'ERR_OCI_TOO_LARGE');
});

test('a manifest with a bad digest names the field', (t) => {
  const text = JSON.stringify({
    schemaVersion: 2,
    config: { mediaType: 'c', digest: 'sha256:00', size: 1 },
    layers: [],
  });
  const error = t.throws(
    () => parseBoundedJson(new TextEncoder().encode(text), ManifestSchema, 'manifest', 1000, 'm.json'),
    { instanceOf: OciError },
  );
  t.is(error?.code, 'ERR_OCI_BAD_JSON');
  t.is(error?.subject, 'm.json#config.digest');
});

test('not JSON is a typed error', (t) => {
  const error = t.throws(
    () => parseBoundedJson(new TextEncoder().encode('{'), DescriptorSchema, 'descriptor', 1000, 'd'),
    { instanceOf: OciError },
  );
  t.is(error?.code, 'ERR_OCI_BAD_JSON');
});

test('layer media types map to their compression; others are not layers', (t) => {
  t.is(layerCompression('application/vnd.oci.image.layer.v1.tar+zstd'), 'zstd');
  t.is(layerCompression('application/vnd.oci.image.layer.v1.tar'), 'none');
  t.is(layerCompression('application/vnd.docker.image.rootfs.diff.tar.gzip'), 'gzip');
  t.is(layerCompression('application/json'), undefined);
});
