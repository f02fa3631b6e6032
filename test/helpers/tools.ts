/**
 * Tests that drive a real Debian tool (rpm, createrepo_c, ostree, dnf, apache2, GLib) use
 * {@link testWithTools}: locally they are skipped when the tool is missing; under `CI=true` a missing
 * tool fails the test run, because CI installs every tool (.ci/debian-packages).
 */
import test, { type TestFn } from 'ava';
import { spawnSync } from 'node:child_process';

/** The Python that has Debian's bindings (rpm, createrepo_c, gi). */
export const systemPython = '/usr/bin/python3';

/** Something a test needs from the machine. */
export type Requirement = { command: string } | { python: string } | { pkgConfig: string };

const cache = new Map<string, boolean>();

/** True when the requirement is met on this machine. */
export function isAvailable(requirement: Requirement): boolean {
  const key = JSON.stringify(requirement);
  let found = cache.get(key);
  if (found === undefined) {
    found =
      'command' in requirement
        ? spawnSync('sh', ['-c', `command -v ${requirement.command}`], { stdio: 'ignore' }).status === 0
        : 'pkgConfig' in requirement
          ? // A -dev package: its .pc file and those it requires (headers come with them).
            spawnSync('pkg-config', ['--exists', requirement.pkgConfig], { stdio: 'ignore' }).status === 0
          : spawnSync(systemPython, ['-c', `import ${requirement.python}`], { stdio: 'ignore' }).status === 0;
    cache.set(key, found);
  }
  return found;
}

/**
 * `test` when every requirement is met; otherwise `test.skip` locally, and under `CI=true` an
 * error, since a missing oracle in CI means the proof did not run.
 */
export function testWithTools(...requirements: Requirement[]): TestFn {
  const missing = requirements
    .filter((r) => !isAvailable(r))
    .map((r) =>
      'command' in r ? r.command : 'pkgConfig' in r ? `pkg-config ${r.pkgConfig}` : `python3 ${r.python}`,
    );
  if (missing.length === 0) return test;
  if (process.env['CI'] === 'true') {
    throw new Error(
      `CI=true but required tools are missing: ${missing.join(', ')} (see .ci/debian-packages)`,
    );
  }
  return test.skip as unknown as TestFn;
}
