/**
 * compareEvr on strings rpm still splits but that are not tidy EVRs (empty epoch, version or
 * release; stray colons and dashes): it must order them exactly as rpm.ver does, and never throw.
 */
import { spawnSync } from 'node:child_process';
import { compareEvr } from '../../src/rpm/evr.js';
import { systemPython, testWithTools } from '../helpers/tools.js';

const epochs = ['', '0:', ':', '1:', '007:', '10:', 'a:', '2:3:'];
const versions = ['', '1.0', '1.0~rc1', '1.0^git1', '2', '1-2', '01', 'a.b', '1:2'];
const releases = ['', '-', '-1', '-1.fc32', '-0', '-a-b', '-~'];
const strings = epochs.flatMap((e) => versions.flatMap((v) => releases.map((r) => `${e}${v}${r}`)));

const oracle = String.raw`
import json, sys, rpm
strings = json.load(sys.stdin)
out = {}
for a in strings:
    try:
        out[a] = rpm.ver(a)
    except Exception:
        pass
answers = []
for a in strings:
    for b in strings:
        if a in out and b in out:
            x, y = out[a], out[b]
            answers.append([a, b, (x > y) - (x < y)])
json.dump(answers, sys.stdout)
`;

testWithTools({ python: 'rpm' })('compareEvr orders irregular EVR strings exactly as rpm.ver', (t) => {
  const result = spawnSync(systemPython, ['-c', oracle], {
    input: JSON.stringify(strings),
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  t.is(result.status, 0, result.stderr);
  const answers = JSON.parse(result.stdout) as [string, string, number][];
  // rpm refuses only a few of these (an empty version); most pairs must be compared.
  t.true(answers.length > strings.length * strings.length * 0.5, `only ${answers.length} pairs compared`);
  const disagreements = answers
    .filter(([a, b, expected]) => compareEvr(a, b) !== expected)
    .slice(0, 10)
    .map(
      ([a, b, expected]) =>
        `${JSON.stringify(a)} vs ${JSON.stringify(b)}: rpm ${expected}, ours ${compareEvr(a, b)}`,
    );
  t.deepEqual(disagreements, []);
});
