/** rpm 6's digest layout on a real rpmbuild output (test/helpers/rpm-v6.py says how and why). */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './repo-root.js';

/**
 * A copy of `rpm` reshaped as rpm 6 lays out its digests; `damage` (279, 5121 or 5123) records a
 * wrong digest for that tag, every other digest right.
 */
export function asRpm6(rpm: string, damage?: number): string {
  const out = join(mkdtempSync(join(tmpdir(), 'cm-v6-')), 'v6.rpm');
  const args = [join(repoRoot, 'test/helpers/rpm-v6.py'), rpm, out];
  if (damage !== undefined) args.push('--damage', String(damage));
  execFileSync('/usr/bin/python3', args);
  return out;
}
