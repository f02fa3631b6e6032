import test from 'ava';
import { parseComposeId, parseNightlyComposeId } from '../../src/compose/compose-id.js';

test('an IoT nightly compose ID is parsed as series nightly', (t) => {
  t.deepEqual(parseNightlyComposeId('Fedora-IoT-42-20250302.0'), {
    id: 'Fedora-IoT-42-20250302.0',
    short: 'Fedora-IoT',
    version: '42',
    series: 'nightly',
    date: '20250302',
    typeSuffix: null,
    respin: 0,
  });
  t.like(parseNightlyComposeId('Fedora-IoT-43-20251201.n.2'), { typeSuffix: 'n', respin: 2, version: '43' });
  t.like(parseNightlyComposeId('Fedora-Rawhide-20250101.n.0'), { short: 'Fedora', version: 'Rawhide' });
});

test('updates compose IDs, pungi latest- symlinks and bad dates are not nightly composes', (t) => {
  for (const name of [
    'Fedora-42-updates-20250302.0',
    'Fedora-42-updates-testing-20250302.1',
    'Fedora-EPEL-10.0-updates-20250102.0',
    'latest-Fedora-IoT-42',
    'Fedora-IoT-42-20250230.0',
    'Fedora-IoT-42',
    'f42-updates',
  ])
    t.is(parseNightlyComposeId(name), null, name);
  // And the updates parser does not take a nightly ID.
  t.is(parseComposeId('Fedora-IoT-42-20250302.0'), null);
});
