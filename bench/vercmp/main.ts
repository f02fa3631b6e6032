/**
 * Benchmark (not a test): comparisons per second of our rpmvercmp/compareEvr against rpm's own
 * `rpm.labelCompare` through python3-rpm, on the same generated pairs. Each side times its own loop
 * in-process, so process start-up and data transfer are not counted.
 *
 * Run: npm run bench:vercmp
 */
import { spawnSync } from 'node:child_process';
import { compareEvr } from '../../src/rpm/evr.js';
import { rpmvercmp } from '../../src/rpm/vercmp.js';
// The Python with Debian's python3-rpm (test/helpers/tools.ts would pull in ava).
const systemPython = '/usr/bin/python3';
import { generateEvrPairs, generateVersionPairs } from '../../test/helpers/version-gen.js';

const MIN_SECONDS = 2;

interface Timing {
  comparisons: number;
  seconds: number;
  /** Sum of one round's results, to check both sides did the same work. */
  checksum: number;
}

/** Runs `round` (one pass over all pairs) until MIN_SECONDS have passed, after a warm-up. */
function time(pairs: number, round: () => number): Timing {
  const checksum = round();
  for (let i = 0; i < 3; i++) round();
  let rounds = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < MIN_SECONDS) {
    round();
    rounds++;
    elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  }
  return { comparisons: rounds * pairs, seconds: elapsed, checksum };
}

const PYTHON = String.raw`
import json, sys, time, rpm
req = json.loads(sys.stdin.buffer.read().decode('utf-8'))
lc = rpm.labelCompare
def bench(pairs):
    def one_round():
        s = 0
        for a, b in pairs:
            s += lc(a, b)
        return s
    checksum = one_round()
    for _ in range(3): one_round()
    rounds, start = 0, time.perf_counter()
    while True:
        one_round(); rounds += 1
        elapsed = time.perf_counter() - start
        if elapsed >= ${MIN_SECONDS}: break
    return {'comparisons': rounds * len(pairs), 'seconds': elapsed, 'checksum': checksum}
versions = [(('0', '1', a), ('0', '1', b)) for a, b in req['versions']]
evrs = [(tuple(a), tuple(b)) for a, b in req['evrs']]
print(json.dumps({'versions': bench(versions), 'evrs': bench(evrs)}))
`;

const versionPairs = generateVersionPairs(20200428, 10_000);
const evrPairs = generateEvrPairs(32, 2_000);

const ours = {
  versions: time(versionPairs.length, () => {
    let sum = 0;
    for (const [a, b] of versionPairs) sum += rpmvercmp(a, b);
    return sum;
  }),
  evrs: time(evrPairs.length, () => {
    let sum = 0;
    for (const [a, b] of evrPairs) sum += compareEvr(a.evr, b.evr);
    return sum;
  }),
};

const python = spawnSync(systemPython, ['-c', PYTHON], {
  input: JSON.stringify({
    versions: versionPairs,
    evrs: evrPairs.map(([a, b]) => [
      [a.epoch, a.version, a.release],
      [b.epoch, b.version, b.release],
    ]),
  }),
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
});
if (python.status !== 0) {
  process.stderr.write(`python3-rpm benchmark failed: ${python.stderr}`);
  process.exit(1);
}
const rpm = JSON.parse(python.stdout) as { versions: Timing; evrs: Timing };

const perSecond = (t: Timing): number => t.comparisons / t.seconds;
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US').padStart(12);
process.stdout.write(
  `node ${process.version}, ${versionPairs.length} version pairs, ${evrPairs.length} EVR pairs, >= ${MIN_SECONDS}s per row\n\n`,
);
process.stdout.write(`${'case'.padEnd(58)}${'ours/s'.padStart(12)}${'rpm/s'.padStart(12)}   ratio\n`);
for (const [label, key] of [
  ["rpmvercmp(a, b) vs labelCompare(('0','1',a), ('0','1',b))", 'versions'],
  ['compareEvr(Evr, Evr) vs labelCompare((e,v,r), (e,v,r))', 'evrs'],
] as const) {
  const same = ours[key].checksum === rpm[key].checksum ? '' : '  (checksums differ!)';
  const ratio = perSecond(ours[key]) / perSecond(rpm[key]);
  process.stdout.write(
    `${label.padEnd(58)}${fmt(perSecond(ours[key]))}${fmt(perSecond(rpm[key]))}   ${ratio.toFixed(2)}x${same}\n`,
  );
}
