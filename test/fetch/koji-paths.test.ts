import test from 'ava';
import { RpmFetchError } from '../../src/fetch/errors.js';
import { kojiRpmPath, kojiSigPath, parseSourceRpm } from '../../src/fetch/koji-paths.js';

const devel = { name: 'kernel-devel', epoch: null, version: '6.11.4', release: '301.fc41', arch: 'x86_64' };

test('source RPM names split at the last two dashes and map to Koji paths', (t) => {
  const srpm = parseSourceRpm('kernel-6.11.4-301.fc41.src.rpm');
  t.deepEqual(srpm, { name: 'kernel', version: '6.11.4', release: '301.fc41' });
  t.deepEqual(parseSourceRpm('python-setuptools-69.0.3-3.fc40.src.rpm').name, 'python-setuptools');
  t.is(kojiRpmPath(srpm, devel), 'kernel/6.11.4/301.fc41/x86_64/kernel-devel-6.11.4-301.fc41.x86_64.rpm');
  t.is(
    kojiSigPath(srpm, 'A15B79CC', devel),
    'kernel/6.11.4/301.fc41/data/sigcache/a15b79cc/x86_64/kernel-devel-6.11.4-301.fc41.x86_64.rpm.sig',
  );
});

test('malformed SOURCERPM values are typed errors naming the value', (t) => {
  for (const bad of [
    'kernel.src.rpm',
    'kernel-6.11.4.src.rpm',
    '-1-2.src.rpm',
    'kernel-1-.src.rpm',
    'a-1-2.rpm',
  ]) {
    const error = t.throws(() => parseSourceRpm(bad), { instanceOf: RpmFetchError }, bad);
    t.is(error?.code, 'ERR_FETCH_BAD_SOURCERPM');
    t.is(error?.subject, bad);
  }
});
