import test from 'ava';
import { compareComposeIds, parseComposeId } from '../../src/compose/compose-id.js';

// The IDs named in FACTS.md §5 and productmd's create_compose_id grammar.
test('FACTS.md §5 compose IDs', (t) => {
  t.like(parseComposeId('Fedora-32-updates-20200817.0'), {
    short: 'Fedora',
    version: '32',
    series: 'updates',
    date: '20200817',
    typeSuffix: null,
    respin: 0,
  });
  t.like(parseComposeId('Fedora-32-updates-testing-20200817.1'), {
    short: 'Fedora',
    version: '32',
    series: 'updates-testing',
    respin: 1,
  });
  t.like(parseComposeId('Fedora-Epel-9-updates-20240101.0'), { short: 'Fedora-Epel', version: '9' });
  t.like(parseComposeId('Fedora-EPEL-10.0-updates-testing-20250102.3'), {
    short: 'Fedora-EPEL',
    version: '10.0',
    series: 'updates-testing',
    respin: 3,
  });
  t.like(parseComposeId('Fedora-Modular-32-updates-20200817.0'), { short: 'Fedora-Modular', version: '32' });
  t.like(parseComposeId('Fedora-Epel-Next-9-updates-20240101.12'), {
    short: 'Fedora-Epel-Next',
    version: '9',
    respin: 12,
  });
});

test('type suffixes (.n, .t, .ci) and a word version', (t) => {
  t.like(parseComposeId('Fedora-41-updates-20241001.n.0'), { typeSuffix: 'n', respin: 0 });
  t.like(parseComposeId('Fedora-41-updates-testing-20241001.t.2'), { typeSuffix: 't', respin: 2 });
  t.like(parseComposeId('Fedora-41-updates-20241001.ci.1'), { typeSuffix: 'ci' });
  t.like(parseComposeId('Fedora-Rawhide-updates-20241001.0'), { version: 'Rawhide' });
});

test('not updates compose IDs: null', (t) => {
  for (const name of [
    'f42-updates',
    'epel9-testing',
    'f32-updates-testing',
    'Fedora-32-20200415.0', // a GA compose
    'Fedora-32-updates-20200817', // no respin
    'Fedora-32-updates-20201332.0', // no such date
    'Fedora-32-updates-20200230.0',
    'Fedora-32-updates-20200817.x.0', // unknown type suffix
    'Fedora-32-updates-20200817.0/',
    '../Fedora-32-updates-20200817.0',
    'Fedora-32-updates-20200817.0.bak',
    'README',
    '',
  ]) {
    t.is(parseComposeId(name), null, name);
  }
});

test('order: date, then respin', (t) => {
  const ids = [
    'Fedora-32-updates-20200818.0',
    'Fedora-32-updates-20200817.10',
    'Fedora-32-updates-20200817.2',
  ].map((n) => parseComposeId(n)!);
  t.deepEqual(
    ids.sort(compareComposeIds).map((i) => i.id),
    ['Fedora-32-updates-20200817.2', 'Fedora-32-updates-20200817.10', 'Fedora-32-updates-20200818.0'],
  );
});
