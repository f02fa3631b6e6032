import test from 'ava';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseChallenges } from '../../../src/oci/registry/challenge.js';
import { authFilePaths, findCredentials } from '../../../src/oci/registry/credentials.js';
import { RegistryError } from '../../../src/oci/registry/errors.js';
import { parseRegistryReference } from '../../../src/oci/registry/reference.js';

test('Docker Hub names default to registry-1.docker.io and library/', (t) => {
  const ref = parseRegistryReference('docker://fedora:41');
  t.like(ref, {
    registry: 'docker.io',
    apiHost: 'registry-1.docker.io',
    name: 'library/fedora',
    tag: '41',
    digest: null,
  });
  t.like(parseRegistryReference('docker://docker.io/fedora'), { name: 'library/fedora', tag: 'latest' });
  t.like(parseRegistryReference('docker://org/img'), { registry: 'docker.io', name: 'org/img' });
});

test('a host with a port, a tag and a digest', (t) => {
  const digest = `sha256:${'a'.repeat(64)}`;
  t.like(parseRegistryReference('docker://127.0.0.1:5000/fedora/base:41.1'), {
    registry: '127.0.0.1:5000',
    apiHost: '127.0.0.1:5000',
    name: 'fedora/base',
    tag: '41.1',
  });
  t.like(parseRegistryReference(`docker://quay.io/fedora/fedora-coreos@${digest}`), {
    registry: 'quay.io',
    name: 'fedora/fedora-coreos',
    tag: null,
    digest,
  });
  t.like(parseRegistryReference('docker://localhost/x'), { registry: 'localhost', name: 'x' });
});

test('bad references are ERR_REGISTRY_BAD_REFERENCE usage errors', (t) => {
  for (const bad of [
    'quay.io/x',
    'docker://quay.io/Upper',
    'docker://quay.io/x@sha256:abc',
    'docker://quay.io/x:bad tag',
    'docker://',
    'docker://quay.io/a//b',
  ]) {
    const error = t.throws(() => parseRegistryReference(bad), { instanceOf: RegistryError }, bad);
    t.is(error?.code, 'ERR_REGISTRY_BAD_REFERENCE');
    t.is(error?.category, 'usage');
  }
});

test('challenges: Bearer with quoted params, Basic, several in one header', (t) => {
  t.deepEqual(
    parseChallenges(
      'Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a/b:pull"',
    ),
    [
      {
        scheme: 'bearer',
        params: {
          realm: 'https://auth.example/token',
          service: 'registry.example',
          scope: 'repository:a/b:pull',
        },
      },
    ],
  );
  t.deepEqual(parseChallenges('Basic realm="Registry Realm"'), [
    { scheme: 'basic', params: { realm: 'Registry Realm' } },
  ]);
  t.deepEqual(
    parseChallenges('Basic realm="x", Bearer realm="y",service="s"').map((c) => c.scheme),
    ['basic', 'bearer'],
  );
  t.is(parseChallenges('').length, 0);
});

test('auth.json: REGISTRY_AUTH_FILE first, auths[host].auth decoded; none is null; bad base64 typed', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'cm-auth-'));
  const file = join(dir, 'auth.json');
  await writeFile(
    file,
    JSON.stringify({ auths: { 'reg.example:5000': { auth: Buffer.from('u:p:w').toString('base64') } } }),
  );
  const env = { REGISTRY_AUTH_FILE: file, HOME: dir };
  t.deepEqual(authFilePaths(env), [file, join(dir, '.docker', 'config.json')]);
  t.deepEqual(await findCredentials('reg.example:5000', env), { username: 'u', password: 'p:w' });
  t.is(await findCredentials('other.example', env), null);
  await writeFile(file, JSON.stringify({ auths: { 'reg.example:5000': { auth: 'bm9jb2xvbg==' } } }));
  const error = await t.throwsAsync(findCredentials('reg.example:5000', env), { instanceOf: RegistryError });
  t.is(error?.code, 'ERR_REGISTRY_AUTH_FILE');
  t.false(error?.message.includes('bm9jb2xvbg'));
});
