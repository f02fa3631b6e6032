/** layeringClosure: what `match --for` lists, on small hand-made repos (the world test has the real ones). */
import test from 'ava';
import { layeringClosure, type BuildWithDeps } from '../../src/durable/closure.js';
import type { PrimaryDependency } from '../../src/rpmmd/primary-types.js';

function dep(text: string): PrimaryDependency {
  const [name, op, evr] = text.split(' ');
  const flags =
    op === undefined ? null : ({ '=': 'EQ', '>=': 'GE', '<': 'LT' } as Record<string, string>)[op]!;
  const [version, release] = evr === undefined ? [null, null] : (evr.split('-') as [string, string]);
  return { name: name!, flags, epoch: null, version: version ?? null, release: release ?? null, pre: false };
}

function pkg(nevr: string, requires: string[] = [], provides: string[] = [], arch = 'x86_64'): BuildWithDeps {
  const m = /^(.+)-([^-]+)-([^-]+)$/.exec(nevr)!;
  return {
    name: m[1]!,
    epoch: null,
    version: m[2]!,
    release: m[3]!,
    arch,
    requires: requires.map(dep),
    provides: provides.map(dep),
  };
}

const lib = pkg('libfoo-1.2-1.fc32');
const base = [pkg('glibc-2.31-4.fc32', [], ['libc.so.6()(64bit)']), lib];

test('stops at the locked base: a -devel pinned to a base package lists only itself', (t) => {
  const devel = pkg('libfoo-devel-1.2-1.fc32', ['libfoo = 1.2-1.fc32', 'libc.so.6()(64bit)']);
  const c = layeringClosure({
    names: ['libfoo-devel'],
    snapshot: [...base, devel],
    ga: [],
    base,
    arch: 'x86_64',
  });
  t.deepEqual(c.builds, ['libfoo-devel-1.2-1.fc32.x86_64']);
  t.deepEqual(c.unresolved, []);
});

test('walks through a GA package to the snapshot build it needs, and lists only snapshot builds', (t) => {
  const tool = pkg('tool-2-1.fc32', ['helper']);
  const helperGa = pkg('helper-1-1.fc32', ['libbar >= 3']);
  const libbarGa = pkg('libbar-3.0-1.fc32');
  const libbarSnap = pkg('libbar-3.1-2.fc32');
  const c = layeringClosure({
    names: ['tool'],
    snapshot: [...base, tool, libbarSnap],
    ga: [helperGa, libbarGa],
    base,
    arch: 'x86_64',
  });
  // helper is GA-only (the system's fedora repo serves it); libbar's best is the snapshot's.
  t.deepEqual(c.builds, ['libbar-3.1-2.fc32.x86_64', 'tool-2-1.fc32.x86_64']);
});

test('a capability provided by another name is followed; every provider is listed', (t) => {
  const app = pkg('app-1-1.fc32', ['webserver']);
  const a = pkg('httpd-2.4-1.fc32', [], ['webserver']);
  const b = pkg('nginx-1.18-1.fc32', [], ['webserver']);
  const c = layeringClosure({ names: ['app'], snapshot: [...base, app, a, b], ga: [], base, arch: 'x86_64' });
  t.deepEqual(c.builds, ['app-1-1.fc32.x86_64', 'httpd-2.4-1.fc32.x86_64', 'nginx-1.18-1.fc32.x86_64']);
});

test('a versioned requirement the base satisfies is not followed; one it does not is', (t) => {
  const old = pkg('needs-old-1-1.fc32', ['libfoo >= 1.0']);
  const newer = pkg('needs-new-1-1.fc32', ['libfoo >= 1.3']);
  const libfooNew = pkg('libfoo-1.3-1.fc32');
  const c1 = layeringClosure({
    names: ['needs-old'],
    snapshot: [old, libfooNew],
    ga: [],
    base,
    arch: 'x86_64',
  });
  t.deepEqual(c1.builds, ['needs-old-1-1.fc32.x86_64']);
  const c2 = layeringClosure({
    names: ['needs-new'],
    snapshot: [newer, libfooNew],
    ga: [],
    base,
    arch: 'x86_64',
  });
  // The base's libfoo is locked, so no libfoo build can help: the walk does not offer one.
  t.deepEqual(c2.builds, ['needs-new-1-1.fc32.x86_64']);
  t.deepEqual(c2.unresolved, ['needs-new-1-1.fc32.x86_64: libfoo']);
});

test('names in the base, names nowhere, file and rpmlib requirements', (t) => {
  const script = pkg(
    'script-1-1.fc32',
    ['/usr/bin/python3', 'rpmlib(CompressedFileNames) <= 3.0.4-1'],
    [],
    'noarch',
  );
  const c = layeringClosure({
    names: ['script', 'glibc', 'nowhere'],
    snapshot: [...base, script],
    ga: [],
    base,
    arch: 'x86_64',
  });
  t.deepEqual(c.builds, ['script-1-1.fc32.noarch']);
  t.deepEqual(c.inBase, ['glibc']);
  t.deepEqual(c.unknownNames, ['nowhere']);
  t.deepEqual(c.unresolved, ['script-1-1.fc32.noarch: /usr/bin/python3']);
});

test('other arches are not candidates', (t) => {
  const x = pkg('dual-1-1.fc32', [], [], 'x86_64');
  const i = pkg('dual-1-1.fc32', [], [], 'i686');
  const c = layeringClosure({ names: ['dual'], snapshot: [x, i], ga: [], base, arch: 'x86_64' });
  t.deepEqual(c.builds, ['dual-1-1.fc32.x86_64']);
});
