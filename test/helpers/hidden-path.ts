/**
 * A `PATH` without some commands, as on a machine where their Debian packages are not installed: one
 * directory of symlinks to every other executable of the current `PATH` (first one wins, as in a
 * lookup). Hiding by PATH is what tools.ts detects, so a test can run ava as a fresh machine would.
 */
import { mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { findOnPath } from './on-path.js';

/** Fills `dir` with symlinks and returns the PATH (just `dir`) that lacks `hidden`. */
export function pathWithout(
  hidden: readonly string[],
  dir: string,
  path = process.env['PATH'] ?? '',
): string {
  mkdirSync(dir, { recursive: true });
  const seen = new Set(hidden);
  for (const d of path.split(delimiter)) {
    if (d === '') continue;
    let names: string[];
    try {
      names = readdirSync(d);
    } catch {
      continue;
    }
    for (const name of names) {
      if (seen.has(name)) continue;
      const target = findOnPath(name, d);
      if (target === undefined) continue;
      seen.add(name);
      symlinkSync(target, join(dir, name));
    }
  }
  return dir;
}
