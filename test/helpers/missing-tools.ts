/**
 * The shared record of missing tools: ava runs every test file in a process of its own, so no single
 * process sees every skip. Each test process that misses a tool appends a line to the file named by
 * {@link missingToolsFileVariable} (set by scripts/run-tests.ts, which outlives them all), and the
 * wrapper turns the lines into one summary. No ava import here: the wrapper is no test process.
 */
import { appendFileSync } from 'node:fs';

/** The environment variable naming the file the test processes append to. */
export const missingToolsFileVariable = 'COMPOSE_MATCH_MISSING_TOOLS_FILE';

/** Appends one line for `requirements` (keys) and the Debian packages that provide them. */
export function recordMissing(requirements: string[], packages: string[]): void {
  const file = process.env[missingToolsFileVariable];
  if (file === undefined || file === '') return;
  // One short O_APPEND write per call: concurrent test processes cannot interleave within it.
  appendFileSync(file, JSON.stringify({ requirements, packages }) + '\n');
}

/** The summary line for what the test processes recorded, or null when nothing was missing. */
export function missingToolsLine(recorded: string): string | null {
  const packages = new Set<string>();
  for (const line of recorded.split('\n')) {
    if (line.trim() === '') continue;
    for (const p of (JSON.parse(line) as { packages: string[] }).packages) packages.add(p);
  }
  if (packages.size === 0) return null;
  const list = [...packages].sort().join(' ');
  return (
    `Missing Debian packages (tests that need them skip, or fail under CI=true): ${list}. ` +
    `Install them with: sudo apt-get install -y --no-install-recommends ${list}`
  );
}
