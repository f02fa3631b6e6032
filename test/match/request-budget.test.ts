import test from 'ava';
import { findMatchingCompose } from '../../src/match/find-matching-compose.js';
import { fakeCatalog, type FakeCompose } from '../helpers/fake-catalog.js';
import { makeBase } from '../helpers/make-base.js';
import { syntheticHistory } from '../helpers/synthetic-history.js';

// The budget for an exact timestamp match among N composes: 3 + ceil(log2 N) requests,
// with STATUS counted as two (COMPOSE_ID + STATUS), and no package list.
for (const n of [10, 100, 1000]) {
  for (const perDay of new Set([1, 2, 10, n])) {
    test(`budget: N=${n}, ${perDay} composes a day: every exact timestamp match within 3 + ceil(log2 N) requests`, async (t) => {
      const composes = syntheticHistory(n, { perDay });
      const budget = 3 + Math.ceil(Math.log2(n));
      const step = n > 100 ? 7 : 1;
      let worst = 0;
      for (let k = 0; k < n; k += k + step >= n && k !== n - 1 ? n - 1 - k : step) {
        const catalog = fakeCatalog(composes);
        const report = await findMatchingCompose(
          makeBase({
            repos: [{ id: 'updates', timestamp: composes[k]!.timestamp! }],
            version: '40.20240101.0.0',
          }),
          { catalog },
        );
        t.is(report.result, 'timestamp');
        t.is(report.matches[0]!.compose!.id, composes[k]!.id);
        t.is(catalog.calls.packages, 0);
        worst = Math.max(worst, report.requests.count);
      }
      t.true(worst <= budget, `worst ${worst} > budget ${budget}`);
      t.log(`N=${n} perDay=${perDay}: worst ${worst} requests (budget ${budget})`);
    });
  }
}

test('a compose stamped days after its start date is still found (gallop back from the window)', async (t) => {
  const composes: FakeCompose[] = syntheticHistory(50);
  const last = composes[49]!;
  composes[49] = { ...last, timestamp: last.timestamp! + 4 * 86_400 };
  const catalog = fakeCatalog(composes);
  const report = await findMatchingCompose(
    makeBase({ repos: [{ id: 'updates', timestamp: composes[49]!.timestamp! }], version: '40.20240101.0.0' }),
    {
      catalog,
    },
  );
  t.is(report.result, 'timestamp');
  t.is(report.matches[0]!.compose!.id, last.id);
});

test('a timestamp no compose carries probes only repomd.xml around its day before the package strategy', async (t) => {
  const composes = syntheticHistory(1000, { perDay: 2 });
  const catalog = fakeCatalog(composes);
  const ts = composes[500]!.timestamp! + 60;
  const report = await findMatchingCompose(makeBase({ repos: [{ id: 'updates', timestamp: ts }] }), {
    catalog,
    release: '40',
  });
  t.is(report.result, 'none', 'the base lists no packages to compare');
  t.true(catalog.calls.repomd <= 6, `${catalog.calls.repomd} repomd probes`);
});
