/**
 * The small world the planner's tests share, built once per test file with rpmbuild: a kernel
 * family in two builds (the base's 6.11.4 and a newer 6.11.5), a cross-source-package chain
 * (gnutls-devel pins nettle-devel, which pins nettle), a -devel requiring another family's -devel by
 * name only (app-devel → libz-devel, in two builds), and a -devel whose pin the base contradicts.
 */
import { buildRpms, type SpecInput } from '../helpers/rpm-build.js';
import type { BasePackage } from '../../src/base/base-image.js';
import { fakeRpm, type FakeRpm } from './plan-fakes.js';

const kernel = (version: string, release: string): SpecInput => ({
  name: 'kernel',
  version,
  release,
  packages: [
    { name: 'kernel-core' },
    { name: 'kernel-devel' },
    {
      name: 'kernel-devel-matched',
      requires: ['kernel-devel = %{version}-%{release}', 'kernel-core = %{version}-%{release}'],
    },
  ],
});

const libz = (version: string, release: string): SpecInput => ({
  name: 'libz',
  version,
  release,
  packages: [{ name: 'libz' }, { name: 'libz-devel', requires: ['libz = %{version}-%{release}'] }],
});

const specs: SpecInput[] = [
  kernel('6.11.4', '301.fc41'),
  kernel('6.11.5', '300.fc41'),
  {
    name: 'gnutls',
    version: '3.8.6',
    release: '1.fc41',
    packages: [
      { name: 'gnutls' },
      { name: 'gnutls-devel', requires: ['gnutls = %{version}-%{release}', 'nettle-devel = 3.10-1.fc41'] },
    ],
  },
  {
    name: 'nettle',
    version: '3.10',
    release: '1.fc41',
    packages: [{ name: 'nettle' }, { name: 'nettle-devel', requires: ['nettle = %{version}-%{release}'] }],
  },
  libz('1.2', '3'),
  libz('1.2', '4'),
  {
    name: 'app',
    version: '2.0',
    release: '1',
    packages: [{ name: 'app' }, { name: 'app-devel', requires: ['libz-devel'] }],
  },
  {
    name: 'foo',
    version: '1.0',
    release: '1',
    packages: [{ name: 'foo' }, { name: 'foo-devel', requires: ['bar = 2.0-1'] }],
  },
];

/** Every built RPM by `name-version-release`, read back from its header. */
export type World = Map<string, FakeRpm>;

/** Builds the world (about a second of rpmbuild). */
export async function buildWorld(): Promise<World> {
  const world: World = new Map();
  for (const spec of specs) {
    for (const path of buildRpms(spec).values()) {
      const rpm = await fakeRpm(path);
      world.set(`${rpm.name}-${rpm.version}-${rpm.release}`, rpm);
    }
  }
  return world;
}

/** The RPMs named `name-version-release`. */
export function pick(world: World, ...nvrs: string[]): FakeRpm[] {
  return nvrs.map((nvr) => {
    const rpm = world.get(nvr);
    if (rpm === undefined) throw new Error(`no ${nvr} in the test world`);
    return rpm;
  });
}

/** Base packages (noarch, as the world builds them), with SOURCERPM unless `packageOnly`. */
export function basePackages(world: World, nvrs: readonly string[], packageOnly = false): BasePackage[] {
  return pick(world, ...nvrs).map((r) => ({
    name: r.name,
    epoch: r.epoch,
    version: r.version,
    release: r.release,
    arch: r.arch,
    ...(packageOnly ? {} : { sourcerpm: r.sourcerpm }),
  }));
}

/** The base of most tests: kernel 6.11.4, gnutls, nettle, foo and an older bar. */
export const baseNvrs = [
  'kernel-core-6.11.4-301.fc41',
  'gnutls-3.8.6-1.fc41',
  'nettle-3.10-1.fc41',
  'foo-1.0-1',
  'libz-1.2-3',
  'app-2.0-1',
];
