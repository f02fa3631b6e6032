import test from 'ava';
import { rpmvercmp } from '../../src/rpm/vercmp.js';
import { NUL_CASES, RPM_AT, RULES, type VercmpCase } from './vercmp-cases.js';

function table(title: string, cases: readonly VercmpCase[]): void {
  test(title, (t) => {
    for (const [a, b, expected] of cases) {
      t.is(rpmvercmp(a, b), expected, `rpmvercmp(${JSON.stringify(a)}, ${JSON.stringify(b)})`);
      // The walk is symmetric: swapping the arguments flips the answer.
      t.is<number, number>(
        rpmvercmp(b, a),
        -expected || 0,
        `rpmvercmp(${JSON.stringify(b)}, ${JSON.stringify(a)})`,
      );
    }
  });
}

table("rpm's own tests/rpmvercmp.at vectors", RPM_AT);
table('one vector per rule of rpmvercmp.cc', RULES);
table('a NUL ends the string, as in C', NUL_CASES);

test('the README example: 1.0~rc1 sorts before 1.0', (t) => {
  t.is(rpmvercmp('1.0~rc1', '1.0'), -1);
});
