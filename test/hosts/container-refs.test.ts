/**
 * ostree-ext's ref escaping and image references. The expected strings are the examples in
 * ostree-ext's own refescape.rs tests; `ostree refs --create` (in image-host.test.ts) checks that
 * the refs are valid.
 */
import test from 'ava';
import { blobRef, escapeForRef } from '../../src/base/container-refs.js';
import {
  parseOstreeImageReference,
  registryReferenceByDigest,
} from '../../src/base/container-image-reference.js';
import { BaseImageError } from '../../src/base/errors.js';

test('escapeForRef: ostree-ext examples', (t) => {
  t.is(escapeForRef('localhost:5000/foo:latest'), 'localhost_3A_5000/foo_3A_latest');
  t.is(
    escapeForRef('registry:quay.io/coreos/fedora:latest'),
    'registry_3A_quay_2E_io/coreos/fedora_3A_latest',
  );
  t.is(escapeForRef('foo/bar/baz-blah/foo'), 'foo/bar/baz-blah/foo');
  // A '/' not after an alphanumeric, or last, is escaped; '_' quotes itself.
  t.is(escapeForRef('/foo/'), '_2F_foo_2F_');
  t.is(escapeForRef('a//b'), 'a/_2F_b');
  t.is(escapeForRef('a_b'), 'a__b');
  t.throws(() => escapeForRef(''), { instanceOf: RangeError });
});

test('blobRef: the layers[0] digest with its colon escaped', (t) => {
  const hex = 'ab'.repeat(32);
  t.is(blobRef(`sha256:${hex}`), `ostree/container/blob/sha256_3A_${hex}`);
});

test('parseOstreeImageReference: every scheme rpm-ostree prints', (t) => {
  t.deepEqual(parseOstreeImageReference('ostree-unverified-registry:quay.io/fedora/fedora-coreos:stable'), {
    verification: 'unverified',
    transport: 'registry',
    name: 'quay.io/fedora/fedora-coreos:stable',
  });
  t.deepEqual(parseOstreeImageReference('ostree-image-signed:docker://quay.io/fedora/fedora-coreos:stable'), {
    verification: 'image-signed',
    transport: 'registry',
    name: 'quay.io/fedora/fedora-coreos:stable',
  });
  t.deepEqual(
    parseOstreeImageReference('ostree-remote-image:fedora:registry:quay.io/fedora/fedora-coreos:next'),
    {
      verification: 'remote:fedora',
      transport: 'registry',
      name: 'quay.io/fedora/fedora-coreos:next',
    },
  );
  t.deepEqual(parseOstreeImageReference('ostree-unverified-image:oci-archive:/var/tmp/fcos.ociarchive'), {
    verification: 'unverified',
    transport: 'oci-archive',
    name: '/var/tmp/fcos.ociarchive',
  });
  for (const bad of ['quay.io/fedora/fedora-coreos', 'docker://quay.io/x:y', 'ostree-remote-image:fedora']) {
    const error = t.throws(() => parseOstreeImageReference(bad), { instanceOf: BaseImageError });
    t.is(error?.code, 'ERR_BASE_BAD_JSON');
  }
});

test('registryReferenceByDigest: the tag (not a port) gives way to the digest', (t) => {
  const digest = `sha256:${'cd'.repeat(32)}`;
  t.is(
    registryReferenceByDigest('ostree-unverified-registry:quay.io/fedora/fedora-coreos:stable', digest),
    `docker://quay.io/fedora/fedora-coreos@${digest}`,
  );
  t.is(
    registryReferenceByDigest('ostree-image-signed:docker://127.0.0.1:5000/fcos', digest),
    `docker://127.0.0.1:5000/fcos@${digest}`,
  );
  t.is(
    registryReferenceByDigest(
      `ostree-unverified-registry:127.0.0.1:5000/fcos@sha256:${'ef'.repeat(32)}`,
      digest,
    ),
    `docker://127.0.0.1:5000/fcos@${digest}`,
  );
  const error = t.throws(
    () => registryReferenceByDigest('ostree-unverified-image:oci:/srv/layout:stable', digest),
    { instanceOf: BaseImageError },
  );
  t.is(error?.code, 'ERR_BASE_CONTAINER_IMAGE');
});
