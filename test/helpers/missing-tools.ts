/**
 * The shared record of missing tools: ava runs every test file in a process of its own, so no single
 * process sees every skip. Each test process that misses a tool appends a line to the file named by
 * {@link missingToolsFileVariable} (set by scripts/run-tests.ts, which outlives them all), and the
 * wrapper turns the lines into one summary. No ava import here: the wrapper is no test process.
 */
import { appendFileSync } from 'node:fs';

/** The environment variable naming the file the test processes append to. */
export const missingToolsFileVariable = 'COMPOSE_MATCH_MISSING_TOOLS_FILE';

/**
 * Appends one line for `requirements` (keys), the Debian packages that provide them and the other
 * commands that would (`npm ci --prefix …` for the project's own npm parts outside node_modules).
 */
export function recordMissing(requirements: string[], packages: string[], commands: string[] = []): void {
  const file = process.env[missingToolsFileVariable];
  if (file === undefined || file === '') return;
  // One short O_APPEND write per call: concurrent test processes cannot interleave within it.
  appendFileSync(file, JSON.stringify({ requirements, packages, commands }) + '\n');
}

/** The summary line for what the test processes recorded, or null when nothing was missing. */
export function missingToolsLine(recorded: string): string | null {
  const packages = new Set<string>();
  const commands = new Set<string>();
  for (const line of recorded.split('\n')) {
    if (line.trim() === '') continue;
    const entry = JSON.parse(line) as { packages: string[]; commands?: string[] };
    for (const p of entry.packages) packages.add(p);
    for (const c of entry.commands ?? []) commands.add(c);
  }
  if (packages.size === 0 && commands.size === 0) return null;
  const list = [...packages].sort().join(' ');
  const also = [...commands].sort().join(' && ');
  if (packages.size === 0)
    return `Missing parts of the project (tests that need them skip, or fail under CI=true); install them with: ${also}`;
  return (
    `Missing Debian packages (tests that need them skip, or fail under CI=true): ${list}. ` +
    `Install them with: sudo apt-get install -y --no-install-recommends ${list}` +
    (also === '' ? '' : `; and run: ${also}`)
  );
}
