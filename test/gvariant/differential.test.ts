import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { decodeGVariant, offsetWidth } from '../../src/gvariant/decode.js';
import { parseGVariantType } from '../../src/gvariant/type.js';
import { canon } from '../helpers/gvariant-canon.js';
import { repoRoot } from '../helpers/repo-root.js';
import { systemPython, testWithTools } from '../helpers/tools.js';

const COUNT = 2000;
const SEED = 20240517;

interface OracleCase {
  type: string;
  le: string;
  be: string;
  canon: unknown;
}

testWithTools({ python: 'gi' })(`${COUNT} random GLib values decode equal in both byte orders`, (t) => {
  const run = spawnSync(
    systemPython,
    [join(repoRoot, 'test/helpers/glib-oracle.py'), String(SEED), String(COUNT)],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 30,
    },
  );
  t.is(run.status, 0, run.stderr);
  const cases = run.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as OracleCase);
  t.is(cases.length, COUNT);
  const widths = new Set<number>();
  let compared = 0;
  const failures: string[] = [];
  for (const c of cases) {
    const type = parseGVariantType(c.type);
    for (const [bigEndian, hex] of [
      [false, c.le],
      [true, c.be],
    ] as const) {
      const data = Buffer.from(hex, 'hex');
      const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      if (type.fixedSize === 0 && bytes.length > 0) widths.add(offsetWidth(bytes.length));
      try {
        const got = canon(type, decodeGVariant(type, bytes, { bigEndian }));
        if (JSON.stringify(got) !== JSON.stringify(c.canon)) {
          failures.push(`${c.type} ${bigEndian ? 'BE' : 'LE'} ${hex.slice(0, 80)}`);
        }
      } catch (error) {
        failures.push(`${c.type} ${bigEndian ? 'BE' : 'LE'} ${hex.slice(0, 80)}: ${String(error)}`);
      }
      compared++;
    }
  }
  t.deepEqual(failures.slice(0, 10), []);
  t.is(compared, 2 * COUNT);
  // The corpus exercises 1-, 2- and 4-byte framing offsets.
  t.deepEqual([...widths].sort(), [1, 2, 4]);
  t.log(`compared ${compared} decodings of ${COUNT} GLib values`);
});
