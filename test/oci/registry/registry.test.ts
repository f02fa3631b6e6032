/**
 * The docker:// transport against Debian's real docker-registry, behind a Bearer token front, with
 * blob requests redirected to a second origin (127.0.0.2) that records any Authorization header and
 * can tamper with bodies. Images are built with umoci and pushed with skopeo; skopeo inspect is the
 * differential oracle for manifests and digests.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHttpFetcher } from '../../../src/io/http-fetcher.js';
import { OciError } from '../../../src/oci/errors.js';
import { RegistryError } from '../../../src/oci/registry/errors.js';
import { openRegistrySource } from '../../../src/oci/registry/source.js';
import { buildLayout, inspectRaw, push, startRegistry } from '../../helpers/registry.js';
import { testWithTools } from '../../helpers/tools.js';

const test = testWithTools({ command: 'docker-registry' }, { command: 'skopeo' }, { command: 'umoci' });

async function readAll(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const chunk of stream) parts.push(chunk);
  return Buffer.concat(parts);
}

const sha256 = (b: Uint8Array) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

test.serial(
  'anonymous Bearer: resolve and blobs equal what skopeo inspect gives; blob redirect carries no Authorization',
  async (t) => {
    const registry = await startRegistry();
    const fetcher = createHttpFetcher({ retries: 0 });
    t.teardown(async () => {
      await fetcher.close();
      await registry.close();
    });
    const layout = await buildLayout({ 'etc/os-release': 'ID=test\n', 'usr/share/x': 'x'.repeat(10_000) });
    const reference = `docker://${registry.host}/test/image:1`;
    await push(layout, reference);
    const manifest = JSON.parse(await inspectRaw(reference)) as {
      config: { digest: string };
      layers: { digest: string }[];
    };
    const source = await openRegistrySource(reference, { fetcher, credentials: null });
    const resolved = await source.resolve({ arch: 'x86_64' });
    t.is(resolved.manifestDigest, sha256(Buffer.from(await inspectRaw(reference))));
    t.is(resolved.configDigest, manifest.config.digest);
    t.deepEqual(
      resolved.layers.map((l) => l.digest),
      manifest.layers.map((l) => l.digest),
    );
    const layer = await readAll(source.blob(resolved.layers[0]!));
    t.is(sha256(layer), manifest.layers[0]!.digest);
    t.true(registry.blobRequests > 0);
    t.deepEqual(registry.blobAuthorizations, []);
  },
);

test.serial('a tampered or truncated blob and a 401 without a challenge are typed errors', async (t) => {
  const registry = await startRegistry();
  const fetcher = createHttpFetcher({ retries: 0 });
  t.teardown(async () => {
    await fetcher.close();
    await registry.close();
  });
  const reference = `docker://${registry.host}/test/tamper:1`;
  await push(await buildLayout({ 'a/b': 'hello\n' }), reference);
  const source = await openRegistrySource(reference, { fetcher, credentials: null });
  const resolved = await source.resolve({ arch: 'amd64' });
  const layer = resolved.layers[0]!;
  registry.tamper.set(layer.digest, (body) => {
    const copy = Buffer.from(body);
    copy[copy.length - 1] = copy[copy.length - 1]! ^ 1;
    return copy;
  });
  const tampered = await t.throwsAsync(readAll(source.blob(layer)), { instanceOf: OciError });
  t.is(tampered?.code, 'ERR_OCI_DIGEST_MISMATCH');
  registry.tamper.set(layer.digest, (body) => body.subarray(0, body.length - 1));
  const truncated = await t.throwsAsync(readAll(source.blob(layer)), { instanceOf: OciError });
  t.is(truncated?.code, 'ERR_OCI_DIGEST_MISMATCH');

  registry.challenge = false;
  const fresh = await openRegistrySource(reference, { fetcher, credentials: null });
  const bare = await t.throwsAsync(fresh.resolve({ arch: 'amd64' }), { instanceOf: RegistryError });
  t.is(bare?.code, 'ERR_REGISTRY_BAD_CHALLENGE');
});

test.serial(
  'private registry: credentials from REGISTRY_AUTH_FILE work; without them a typed 401',
  async (t) => {
    const registry = await startRegistry({ username: 'alice', password: 's3cret' });
    const fetcher = createHttpFetcher({ retries: 0 });
    t.teardown(async () => {
      await fetcher.close();
      await registry.close();
    });
    const reference = `docker://${registry.host}/private/image:1`;
    await push(await buildLayout({ 'p/q': 'private\n' }), reference, 'alice:s3cret');
    const dir = await mkdtemp(join(tmpdir(), 'cm-auth-'));
    const authFile = join(dir, 'auth.json');
    await writeFile(
      authFile,
      JSON.stringify({
        auths: { [registry.host]: { auth: Buffer.from('alice:s3cret').toString('base64') } },
      }),
    );
    const source = await openRegistrySource(reference, {
      fetcher,
      env: { REGISTRY_AUTH_FILE: authFile, HOME: dir },
    });
    const resolved = await source.resolve({ arch: 'amd64' });
    t.is(resolved.manifestDigest, sha256(Buffer.from(await inspectRaw(reference, 'alice:s3cret'))));

    const anonymous = await openRegistrySource(reference, { fetcher, env: { HOME: dir } });
    const refused = await t.throwsAsync(anonymous.resolve({ arch: 'amd64' }), { instanceOf: RegistryError });
    t.is(refused?.code, 'ERR_REGISTRY_UNAUTHORIZED');
    t.false(refused?.message.includes('s3cret'));
  },
);

test.serial(
  'a layer blob dropped mid-way by the blob host is resumed with Range from docker-registry, and verifies',
  async (t) => {
    const registry = await startRegistry();
    const fetcher = createHttpFetcher({ retries: 2, retryDelay: 1 });
    t.teardown(async () => {
      await fetcher.close();
      await registry.close();
    });
    // Incompressible content, so the gzip layer is large enough to cut in the middle.
    const noise = createHash('sha512');
    const parts: string[] = [];
    for (let i = 0; i < 2000; i++) parts.push(noise.copy().update(String(i)).digest('base64'));
    const reference = `docker://${registry.host}/test/cut:1`;
    await push(await buildLayout({ 'usr/share/noise': parts.join('\n') }), reference);
    const source = await openRegistrySource(reference, { fetcher, credentials: null });
    const resolved = await source.resolve({ arch: 'amd64' });
    const layer = resolved.layers[0]!;
    t.true(layer.size > 100_000, `layer of ${layer.size} bytes`);
    registry.cut.set(layer.digest, Math.floor(layer.size / 2));
    const body = await readAll(source.blob(layer));
    t.is(sha256(body), layer.digest);
    t.is(registry.blobRanges.length, 1, registry.blobRanges.join(' '));
    const from = Number(/^bytes=([0-9]+)-$/.exec(registry.blobRanges[0]!)?.[1]);
    t.true(from > 0 && from <= layer.size / 2, registry.blobRanges[0]);
  },
);
