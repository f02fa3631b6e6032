/**
 * How every test and helper finds a tool: on `PATH`, as `spawn` and Python's `subprocess` do. Its own
 * module (no ava import) so helpers that benches also load can use it.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The absolute path `spawn(command)` would run, or undefined when no `PATH` directory has it. */
export function findOnPath(command: string, path = process.env['PATH'] ?? ''): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}
