import { readdirSync } from 'node:fs';
import type { BasePackage } from '../../src/base/base-image.js';
import { FetchPlanError } from '../../src/fetch/errors.js';
import { planFetch } from '../../src/fetch/plan/plan-fetch.js';
import type { PlanFetchOptions } from '../../src/fetch/plan/types.js';
import { formatNevra } from '../../src/rpm/nevra.js';
import { isAvailable, testWithTools } from '../helpers/tools.js';
import { fakeDownload, fakeLocate, FakeSource, forbidden } from './plan-fakes.js';
import { baseNvrs, basePackages, buildWorld, pick, type World } from './plan-world.js';

const rpmTest = testWithTools({ command: 'rpmbuild' });
const world: Promise<World> | null = isAvailable({ command: 'rpmbuild' }) ? buildWorld() : null;

const bar: BasePackage = {
  name: 'bar',
  epoch: null,
  version: '1.0',
  release: '1',
  arch: 'noarch',
  sourcerpm: 'bar-1.0-1.src.rpm',
};

async function plan(
  sources: FakeSource[],
  names: string[],
  extra: Partial<PlanFetchOptions> & { packageOnly?: boolean } = {},
) {
  const w = (await world)!;
  const { dir, download } = fakeDownload(sources);
  const base = extra.base ?? {
    arch: 'x86_64',
    packages: [...basePackages(w, baseNvrs, extra.packageOnly), bar],
  };
  const result = await planFetch({ base, names, sources, locate: fakeLocate, download, ...extra });
  return { result, dir, files: readdirSync(dir).sort() };
}

/** The usual chain: the compose pruned (empty), updates has the newer kernel, the archive the base's. */
async function chain(): Promise<{
  compose: FakeSource;
  updates: FakeSource;
  archive: FakeSource;
  koji: FakeSource;
}> {
  const w = (await world)!;
  const k5 = ['kernel-core', 'kernel-devel', 'kernel-devel-matched'].map((n) => `${n}-6.11.5-300.fc41`);
  const k4 = ['kernel-core', 'kernel-devel', 'kernel-devel-matched'].map((n) => `${n}-6.11.4-301.fc41`);
  return {
    compose: new FakeSource('compose', []),
    updates: new FakeSource(
      'updates',
      pick(
        w,
        ...k5,
        'gnutls-3.8.6-1.fc41',
        'gnutls-devel-3.8.6-1.fc41',
        'nettle-3.10-1.fc41',
        'nettle-devel-3.10-1.fc41',
        'app-devel-2.0-1',
        'libz-devel-1.2-4',
        'libz-devel-1.2-3',
        'foo-devel-1.0-1',
      ),
    ),
    archive: new FakeSource('archive', pick(w, ...k4)),
    koji: new FakeSource('koji', pick(w, ...k4), { koji: true, unsigned: true }),
  };
}

const fetched = (r: Awaited<ReturnType<typeof plan>>['result']) =>
  r.builds.map((b) => `${b.status} ${formatNevra(b.nevra)} from ${b.located?.source.kind ?? '-'}`);

rpmTest('kernel-devel-matched at the base EVR from the archive, and the kernel-devel it pins', async (t) => {
  const { compose, updates, archive, koji } = await chain();
  const { result, files } = await plan([compose, updates, archive, koji], ['kernel-devel-matched']);
  t.is(result.outcome, 'complete');
  t.deepEqual(fetched(result), [
    'fetched kernel-devel-matched-6.11.4-301.fc41.noarch from archive',
    'fetched kernel-devel-6.11.4-301.fc41.noarch from archive',
  ]);
  t.deepEqual(files, [
    'kernel-devel-6.11.4-301.fc41.noarch.rpm',
    'kernel-devel-matched-6.11.4-301.fc41.noarch.rpm',
  ]);
  const [matched, devel] = result.builds;
  t.deepEqual(matched!.reason, {
    kind: 'requested',
    name: 'kernel-devel-matched',
    family: 'kernel-core-6.11.4-301.fc41.noarch',
  });
  t.deepEqual(devel!.reason, {
    kind: 'pinned',
    by: 'kernel-devel-matched-6.11.4-301.fc41.noarch',
    requirement: 'kernel-devel = 6.11.4-301.fc41',
  });
  // The base's kernel-core satisfies its pin: nothing fetched for it, and Koji was never asked.
  t.deepEqual(koji.asked.locate, []);
  t.deepEqual(
    matched!.answers.map((a) => `${a.source.kind}:${a.status}`),
    ['compose:absent', 'updates:absent', 'archive:found'],
  );
});

rpmTest('a package-only base learns SOURCERPMs from the metadata and gets the same builds', async (t) => {
  const { compose, updates, archive, koji } = await chain();
  const { result } = await plan([compose, updates, archive, koji], ['kernel-devel-matched'], {
    packageOnly: true,
  });
  t.is(result.outcome, 'complete');
  t.deepEqual(fetched(result), [
    'fetched kernel-devel-matched-6.11.4-301.fc41.noarch from archive',
    'fetched kernel-devel-6.11.4-301.fc41.noarch from archive',
  ]);
});

rpmTest('a source that fails (403) before the holder does not change the result', async (t) => {
  const { compose, updates, archive, koji } = await chain();
  const denied = new FakeSource('pool', [], { fail: forbidden('pool') });
  const { result } = await plan([compose, updates, denied, archive, koji], ['kernel-devel-matched'], {
    packageOnly: true,
  });
  t.is(result.outcome, 'complete');
  t.is(result.builds.length, 2);
  t.deepEqual(
    result.builds[0]!.answers.map((a) => `${a.source.kind}:${a.status}`),
    ['compose:absent', 'updates:absent', 'pool:failed', 'archive:found'],
  );
  t.is(result.failedLookups[0]?.source.kind, 'pool');
});

rpmTest('Koji-only: found under the base SOURCERPM; unsigned copies need allowUnsigned', async (t) => {
  const { compose, updates, koji } = await chain();
  const refused = await plan([compose, updates, koji], ['kernel-devel-matched']);
  t.is(refused.result.outcome, 'missing');
  t.deepEqual(fetched(refused.result), ['unsigned kernel-devel-matched-6.11.4-301.fc41.noarch from koji']);
  t.deepEqual(refused.files, []);
  const allowed = await plan([compose, updates, koji], ['kernel-devel-matched'], { allowUnsigned: true });
  t.is(allowed.result.outcome, 'complete');
  t.deepEqual(fetched(allowed.result), [
    'fetched kernel-devel-matched-6.11.4-301.fc41.noarch from koji',
    'fetched kernel-devel-6.11.4-301.fc41.noarch from koji',
  ]);
  t.true(koji.asked.locate.every((n) => n.includes('6.11.4-301.fc41')));
});

rpmTest('a bad copy is recorded as a failed source and the next source serves the build', async (t) => {
  const { compose, updates, koji } = await chain();
  const w = (await world)!;
  const archive = new FakeSource(
    'archive',
    pick(w, 'kernel-devel-matched-6.11.4-301.fc41', 'kernel-devel-6.11.4-301.fc41'),
    {
      corrupt: ['kernel-devel-6.11.4-301.fc41.noarch.rpm'],
    },
  );
  const { result } = await plan([compose, updates, archive, koji], ['kernel-devel-matched'], {
    allowUnsigned: true,
  });
  t.is(result.outcome, 'complete');
  t.deepEqual(fetched(result), [
    'fetched kernel-devel-matched-6.11.4-301.fc41.noarch from archive',
    'fetched kernel-devel-6.11.4-301.fc41.noarch from koji',
  ]);
  const answer = result.builds[1]!.answers.find((a) => a.source.kind === 'archive');
  t.is(answer?.status, 'failed');
  t.is(answer?.error?.code, 'ERR_RPM_FILE_DIGEST_MISMATCH');
});

rpmTest('nowhere: exit-3 outcome when every source answered, exit-1 outcome when one failed', async (t) => {
  const { compose, updates } = await chain();
  const missing = await plan([compose, updates], ['kernel-devel']);
  t.is(missing.result.outcome, 'missing');
  t.deepEqual(fetched(missing.result), ['missing kernel-devel-6.11.4-301.fc41.noarch from -']);
  const denied = new FakeSource('archive', [], { fail: forbidden('archive') });
  const incomplete = await plan([compose, updates, denied], ['kernel-devel']);
  t.is(incomplete.result.outcome, 'incomplete');
});

rpmTest('exact pins chain across source packages until nothing new is pinned', async (t) => {
  const { compose, updates, archive } = await chain();
  const { result } = await plan([compose, updates, archive], ['gnutls-devel']);
  t.is(result.outcome, 'complete');
  t.deepEqual(fetched(result), [
    'fetched gnutls-devel-3.8.6-1.fc41.noarch from updates',
    'fetched nettle-devel-3.10-1.fc41.noarch from updates',
  ]);
  t.deepEqual(result.conflicts, []);
});

rpmTest('a pin the base contradicts is a conflict, and the outcome is not complete', async (t) => {
  const { compose, updates } = await chain();
  const { result } = await plan([compose, updates], ['foo-devel']);
  t.is(result.outcome, 'missing');
  t.deepEqual(result.conflicts, [
    { by: 'foo-devel-1.0-1.noarch', requirement: 'bar = 2.0-1', holder: 'bar-1.0-1.noarch' },
  ]);
});

rpmTest('a name no source lists, and a family the base lacks, are typed input errors', async (t) => {
  const { compose, updates, archive } = await chain();
  const unknown = await t.throwsAsync(plan([compose, updates, archive], ['nosuch-devel']), {
    instanceOf: FetchPlanError,
  });
  t.is(unknown.code, 'ERR_FETCH_UNKNOWN_PACKAGE');
  t.is(unknown.subject, 'nosuch-devel');
  t.is(unknown.category, 'input');
  const w = (await world)!;
  const noKernel = { arch: 'x86_64', packages: basePackages(w, ['gnutls-3.8.6-1.fc41']) };
  const err = await t.throwsAsync(plan([compose, updates, archive], ['kernel-devel'], { base: noKernel }), {
    instanceOf: FetchPlanError,
  });
  t.is(err.code, 'ERR_FETCH_NO_FAMILY');
  t.regex(err.message, /'kernel-devel' is built from kernel, but the base has no package built from it/);
  t.regex(err.message, /the base has 1 others/);
});

rpmTest('metadata is asked once per name and source, and later sources only when needed', async (t) => {
  const { compose, updates, archive, koji } = await chain();
  await plan([compose, updates, archive, koji], ['gnutls-devel', 'gnutls-devel']);
  // gnutls-devel and nettle-devel are in updates: the archive's metadata is never needed.
  t.deepEqual(archive.asked.packagesNamed, []);
  t.deepEqual(updates.asked.packagesNamed, ['gnutls-devel', 'nettle-devel']);
});

rpmTest(
  'a package-only base whose kernel only Koji has: Koji confirms the source package by its directory',
  async (t) => {
    const { compose, updates, koji } = await chain();
    const { result } = await plan([compose, updates, koji], ['kernel-devel-matched'], {
      packageOnly: true,
      allowUnsigned: true,
    });
    t.is(result.outcome, 'complete');
    t.deepEqual(fetched(result), [
      'fetched kernel-devel-matched-6.11.4-301.fc41.noarch from koji',
      'fetched kernel-devel-6.11.4-301.fc41.noarch from koji',
    ]);
    // The base's own kernel-core was looked up under the kernel source package first.
    t.is(koji.asked.locate[0], 'kernel-core-6.11.4-301.fc41.noarch');
  },
);

rpmTest(
  'a by-name requirement on a package of a base family is fetched at the base build, not the newest',
  async (t) => {
    const { compose, updates } = await chain();
    const { result } = await plan([compose, updates], ['app-devel']);
    t.is(result.outcome, 'complete');
    t.deepEqual(fetched(result), [
      'fetched app-devel-2.0-1.noarch from updates',
      'fetched libz-devel-1.2-3.noarch from updates',
    ]);
    t.deepEqual(result.builds[1]!.reason, {
      kind: 'required',
      by: 'app-devel-2.0-1.noarch',
      requirement: 'libz-devel',
    });
  },
);

rpmTest(
  'a package-only base build no source lists: its source package from another build of the name, then nowhere with what each source holds',
  async (t) => {
    const w = (await world)!;
    // The base holds libz-1.2-4; the sources list only the 1.2-3 build (libz and libz-devel).
    const updates = new FakeSource('updates', pick(w, 'libz-1.2-3', 'libz-devel-1.2-3'));
    const koji = new FakeSource('koji', [], { koji: true });
    const base = { arch: 'x86_64', packages: basePackages(w, ['libz-1.2-4', 'app-2.0-1'], true) };
    const { result, files } = await plan([updates, koji], ['libz-devel'], { base });
    t.is(result.outcome, 'missing');
    t.deepEqual(files, []);
    t.deepEqual(fetched(result), ['missing libz-devel-1.2-4.noarch from -']);
    t.deepEqual(result.builds[0]!.reason, {
      kind: 'requested',
      name: 'libz-devel',
      family: 'libz-1.2-4.noarch',
    });
    t.is(result.builds[0]!.sourcerpm, 'libz-1.2-4.src.rpm');
    t.deepEqual(result.inferred, [
      {
        package: 'libz-1.2-4.noarch',
        sourcerpm: 'libz-1.2-4.src.rpm',
        from: 'libz-1.2-3.noarch',
        source: updates.ref,
      },
    ]);
    t.deepEqual(
      result.builds[0]!.answers.map((a) => [a.source.kind, a.status, a.holds]),
      // Asked once per candidate arch (the member's noarch, then the base's x86_64).
      [
        ['updates', 'absent', ['1.2-3.noarch']],
        ['koji', 'absent', []],
        ['updates', 'absent', ['1.2-3.noarch']],
        ['koji', 'absent', []],
      ],
    );
  },
);

rpmTest('a base build that a source lists at its exact NEVRA needs no inference', async (t) => {
  const { compose, updates, archive } = await chain();
  const { result } = await plan([compose, updates, archive], ['kernel-devel-matched'], { packageOnly: true });
  t.is(result.outcome, 'complete');
  t.deepEqual(result.inferred, []);
  t.true(result.builds.every((b) => b.answers.every((a) => a.holds === undefined)));
});
