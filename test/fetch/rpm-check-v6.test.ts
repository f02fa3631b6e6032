/**
 * `fetch`'s streaming check (src/fetch/rpm-check.ts) on rpm 6 packages (issue 22 part 6): no
 * PAYLOADDIGESTALGO, so PAYLOADDIGEST is SHA-256; PAYLOADSHA512, PAYLOADSHA3_256 and SHA3_256HEADER
 * are checked as the bytes stream, chunk by chunk.
 */
import { readFileSync } from 'node:fs';
import { RpmFetchError } from '../../src/fetch/errors.js';
import { RpmStreamCheck } from '../../src/fetch/rpm-check.js';
import { RpmTag } from '../../src/rpmfile/tags.js';
import { buildRpms } from '../helpers/rpm-build.js';
import { asRpm6 } from '../helpers/rpm-v6.js';
import { testWithTools } from '../helpers/tools.js';

// rpm-v6.py hashes with Python's hashlib, independent of the Node code under test.
const test = testWithTools({ command: 'rpmbuild' }, { python: 'hashlib' });

function check(file: string): ReturnType<RpmStreamCheck['finish']> {
  const bytes = readFileSync(file);
  const c = new RpmStreamCheck({
    subject: file,
    checksum: null,
    requireDigests: true,
    maxHeaderBytes: 1 << 24,
  });
  // Chunks that cut the headers and the payload at odd places.
  for (let at = 0; at < bytes.length; at += 333) c.push(bytes.subarray(at, at + 333));
  return c.finish();
}

test('an rpm 6 package passes; each of its new digests, wrong, is a mismatch naming the hash', (t) => {
  const rpm = buildRpms({
    name: 'hl',
    version: '1.0',
    release: '1',
    packages: [{ name: 'hl' }],
  }).get('hl')!;
  const plain = check(rpm);
  t.true(plain.headerDigestChecked && plain.payloadDigestChecked);
  const v6 = check(asRpm6(rpm));
  t.is(v6.nevra.name, 'hl');
  t.true(v6.headerDigestChecked && v6.payloadDigestChecked);
  for (const [tag, what] of [
    [RpmTag.SHA3_256HEADER, /main header's sha3-256 is/],
    [RpmTag.PAYLOADSHA512, /payload sha512 digest is/],
    [RpmTag.PAYLOADSHA3_256, /payload sha3-256 digest is/],
  ] as const) {
    const error = t.throws(() => check(asRpm6(rpm, tag)), { instanceOf: RpmFetchError });
    t.is(error?.code, 'ERR_FETCH_DIGEST_MISMATCH', `tag ${tag}`);
    t.regex(error?.message ?? '', what);
  }
});
