/** The durable header: a long whole-snapshot list warns about its cost; a --for list says what it is for. */
import test from 'ava';
import type { Coverage, Match } from '../../src/report/match-report.js';
import { durableHeader, largeList } from '../../src/repofile/render-durable.js';

function match(coverage: Coverage): Match {
  return { coverage } as unknown as Match;
}

const archive = (n: number) => ({
  role: 'updates-archive' as const,
  url: 'https://example.org/a/',
  state: 'read' as const,
  detail: 'd',
  builds: Array.from({ length: n }, (_, i) => `p${i}-1-1.fc32.x86_64`),
  includepkgs: Array.from({ length: n }, (_, i) => `p${i}-1-1.fc32.x86_64`),
});

test('a whole snapshot over the threshold gets the cost warning and the --for hint', (t) => {
  const total = largeList + 1;
  const lines = durableHeader(
    [match({ total, complete: true, sources: [archive(total)], missing: [], for: null })],
    '32',
  ).join('\n');
  t.regex(lines, new RegExp(`lists all ${total} builds of the snapshot`));
  t.regex(lines, /match --for NAME/);
  t.notRegex(lines, /Restricted to/);
});

test('a small whole snapshot gets no warning', (t) => {
  const lines = durableHeader(
    [match({ total: 3, complete: true, sources: [archive(3)], missing: [], for: null })],
    '32',
  );
  t.false(lines.join('\n').includes('lists all'));
});

test('a --for list says which names it is for and how much of the snapshot it lists', (t) => {
  const lines = durableHeader(
    [
      match({
        total: 2,
        complete: true,
        sources: [archive(2)],
        missing: [],
        for: {
          names: ['kernel-devel-matched'],
          snapshotBuilds: 25000,
          inBase: [],
          unknownNames: [],
          unresolved: [],
        },
      }),
    ],
    '32',
  ).join('\n');
  t.regex(lines, /Restricted to what layering kernel-devel-matched needs \(match --for\): 2 of the/);
  t.regex(lines, /snapshot's 25000 builds/);
  t.false(lines.includes('lists all'));
});
