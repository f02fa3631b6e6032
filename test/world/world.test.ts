/**
 * The committed world read back by the real tools agrees with truth.json: `ostree show` for the
 * commits, createrepo_c's Python binding for every repo, productmd shapes for the compose metadata,
 * json-glib's output for the base sources, and Apache's listings for every directory.
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ComposeInfoSchema, RpmsSchema } from '../helpers/productmd.js';
import { systemPython, testWithTools } from '../helpers/tools.js';
import { bswap64, loadTruth, worldRoot, type BaseTruth } from '../helpers/world.js';

const truth = loadTruth();
const kojipkgs = join(worldRoot, 'kojipkgs');
const nevra = (p: { name: string; epoch: number | null; version: string; release: string; arch: string }) =>
  `${p.name}-${p.epoch !== null ? `${p.epoch}:` : ''}${p.version}-${p.release}.${p.arch}`;
const retained = truth.composes.filter((c) => !c.pruned);

/** A copy of the OSTree repo, so the CLI's tmp/ never lands in the checkout. */
function repoCopy(): { repo: string; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'world-ostree-'));
  cpSync(join(worldRoot, 'ostree', 'repo'), join(dir, 'repo'), { recursive: true });
  return { repo: join(dir, 'repo'), done: () => rmSync(dir, { recursive: true, force: true }) };
}

function ostree(args: string[]): { status: number | null; out: string; err: string } {
  const r = spawnSync('ostree', args, { encoding: 'utf8' });
  return { status: r.status, out: r.stdout.trim(), err: r.stderr };
}

/** `[{'id': <'fedora'>, 'timestamp': <uint64 N>}, …]` → [[id, N]]. */
function parseRepos(text: string): [string, bigint][] {
  return [...text.matchAll(/'id': <'([^']+)'>, 'timestamp': <uint64 (\d+)>/g)].map((m) => [
    m[1]!,
    BigInt(m[2]!),
  ]);
}

testWithTools({ command: 'ostree' })('ostree show reads every commit as truth.json says', (t) => {
  const { repo, done } = repoCopy();
  try {
    for (const [key, base] of Object.entries(truth.bases)) {
      t.is(ostree(['rev-parse', `--repo=${repo}`, base.ref]).out, base.commit, `${key} ref`);
      t.is(
        ostree(['show', `--repo=${repo}`, '--print-metadata-key=version', base.ref]).out,
        `'${base.version}'`,
      );
      // ostree's dump assumes big-endian metadata and byteswaps numbers on little-endian hosts, so
      // rpm-ostree's compose commits print true values and host-order (client layer) ones print swapped.
      const expected = base.recordedRepos.map((r): [string, bigint] => [
        r.id,
        r.byteOrder === 'big-endian' ? BigInt(r.timestamp) : bswap64(BigInt(r.timestamp)),
      ]);
      const inline = ostree([
        'show',
        `--repo=${repo}`,
        '--print-metadata-key=rpmostree.rpmmd-repos',
        base.ref,
      ]);
      const detached = ostree([
        'show',
        `--repo=${repo}`,
        '--print-detached-metadata-key=rpmostree.rpmmd-repos',
        base.ref,
      ]);
      if (base.repoMetadata === 'inline') {
        t.deepEqual(parseRepos(inline.out), expected, `${key} inline repos`);
        t.not(detached.status, 0);
      } else if (base.repoMetadata === 'detached') {
        t.not(inline.status, 0, `${key} has no inline repos`);
        t.deepEqual(parseRepos(detached.out), expected, `${key} detached repos`);
      } else {
        t.not(inline.status, 0, `${key} has no repos`);
        t.not(detached.status, 0);
      }
      const pkglist = ostree([
        'show',
        `--repo=${repo}`,
        '--print-metadata-key=rpmostree.rpmdb.pkglist',
        base.ref,
      ]);
      if (base.parent === null) {
        const tuples = [
          ...pkglist.out.matchAll(/\('([^']+)', '(\d+)', '([^']+)', '([^']+)', '([^']+)'\)/g),
        ].map((m) => `${m[1]}-${m[2] === '0' ? '' : `${m[2]}:`}${m[3]}-${m[4]}.${m[5]}`);
        t.deepEqual(tuples, base.packages.map(nevra), `${key} pkglist`);
        t.truthy(
          ostree(['show', `--repo=${repo}`, '--print-metadata-key=rpmostree.inputhash', base.ref]).out,
        );
      } else {
        // A client layer records no pkglist; its parent is the base commit.
        t.not(pkglist.status, 0);
        t.is(ostree(['rev-parse', `--repo=${repo}`, `${base.ref}^`]).out, base.parent);
        t.is(
          ostree(['show', `--repo=${repo}`, '--print-metadata-key=rpmostree.clientlayer', base.ref]).out,
          'true',
        );
      }
      const date = ostree(['show', `--repo=${repo}`, base.ref]).out;
      t.regex(
        date,
        new RegExp(new Date(base.commitTime * 1000).toISOString().slice(0, 16).replace('T', ' ')),
      );
    }
  } finally {
    done();
  }
});

testWithTools({ python: 'createrepo_c' })(
  'createrepo_c reads every repo; timestamps and packages match',
  (t) => {
    const script = `
import createrepo_c as cr, json, os, sys
out = {}
for dirpath, dirs, files in os.walk(sys.argv[1]):
    dirs.sort()
    if os.path.basename(dirpath) != 'repodata' or 'repomd.xml' not in files:
        continue
    repo = os.path.dirname(dirpath)
    md = cr.Repomd(os.path.join(dirpath, 'repomd.xml'))
    rec = {r.type: r for r in md.records}
    pkgs = []
    def cb(p):
        pkgs.append('%s-%s%s-%s.%s' % (p.name, (p.epoch + ':') if p.epoch not in ('0', None, '') else '', p.version, p.release, p.arch))
    cr.xml_parse_primary(os.path.join(repo, rec['primary'].location_href), pkgcb=cb, do_files=False)
    out[os.path.relpath(repo, sys.argv[1])] = {
        'revision': md.revision,
        'largest': max(r.timestamp for r in md.records),
        'types': sorted(rec),
        'updateinfo': rec['updateinfo'].timestamp if 'updateinfo' in rec else None,
        'primary': rec['primary'].timestamp,
        'packages': sorted(pkgs),
    }
print(json.dumps(out))
`;
    const r = spawnSync(systemPython, ['-c', script, kojipkgs], { encoding: 'utf8' });
    t.is(r.status, 0, r.stderr);
    const repos = JSON.parse(r.stdout) as Record<
      string,
      {
        revision: string;
        largest: number;
        types: string[];
        updateinfo: number | null;
        primary: number;
        packages: string[];
      }
    >;
    const withRepodata = [truth.ga, ...retained].filter((c) => c.repoTimestamp !== null);
    const pool = truth.pool as { path: string; revision: number; packages: Parameters<typeof nevra>[0][] };
    t.deepEqual(
      Object.keys(repos).sort(),
      [
        ...withRepodata.map((c) => `${c.path}compose/Everything/x86_64/os`),
        pool.path.replace(/\/$/, ''),
      ].sort(),
      'exactly the retained composes with repodata, GA and the FCOS pool have a repo',
    );
    const poolRepo = repos[pool.path.replace(/\/$/, '')]!;
    t.deepEqual(poolRepo.packages, pool.packages.map(nevra).sort(), 'the pool holds what the truth says');
    t.is(poolRepo.revision, String(pool.revision));
    for (const c of withRepodata) {
      const repo = repos[`${c.path}compose/Everything/x86_64/os`]!;
      t.is(repo.revision, String(c.revision), c.id);
      t.is(repo.largest, c.repoTimestamp!, c.id);
      t.deepEqual(repo.packages, c.packages.map(nevra).sort(), c.id);
      t.is(repo.primary, c.revision!, `${c.id}: createrepo_c pinned record timestamps to --revision`);
      if (c.series) {
        t.true(repo.types.includes('updateinfo'), c.id);
        t.true(repo.updateinfo! > c.revision!, `${c.id}: Bodhi's updateinfo is later than <revision>`);
        t.is(repo.largest, repo.updateinfo!);
      }
    }
    const nextDay = retained.find((c) => c.id === 'Fedora-32-updates-20200806.0')!;
    t.is(new Date(nextDay.repoTimestamp! * 1000).toISOString().slice(0, 10), '2020-08-07');
  },
);

test('compose directories: markers, productmd shapes, pruning, koji-tag links', (t) => {
  for (const c of truth.composes) {
    const dir = join(kojipkgs, c.path);
    if (c.pruned) {
      t.false(existsSync(dir), `${c.id} was pruned`);
      continue;
    }
    t.is(readFileSync(join(dir, 'COMPOSE_ID'), 'utf8'), c.id, 'COMPOSE_ID has no trailing newline');
    t.is(readFileSync(join(dir, 'STATUS'), 'utf8').trim(), c.status);
    if (!c.hasRepodata) {
      t.false(existsSync(join(dir, 'compose')), `${c.id} (${c.status}) has no repodata`);
      continue;
    }
    const info = ComposeInfoSchema.parse(
      JSON.parse(readFileSync(join(dir, 'compose/metadata/composeinfo.json'), 'utf8')),
    );
    t.is(info.payload.compose.id, c.id);
    t.is(info.payload.release.type, c.series!);
    const rpms = RpmsSchema.parse(JSON.parse(readFileSync(join(dir, 'compose/metadata/rpms.json'), 'utf8')));
    const listed: string[] = [];
    for (const bySrpm of Object.values(rpms.payload.rpms['Everything']!['x86_64']!)) {
      for (const [key, entry] of Object.entries(bySrpm)) {
        t.true(existsSync(join(dir, 'compose', entry.path)), entry.path);
        listed.push(key);
      }
    }
    t.deepEqual(
      listed.sort(),
      c.packages.map((p) => `${p.name}-${p.epoch ?? 0}:${p.version}-${p.release}.${p.arch}`).sort(),
    );
  }
  const updates = join(kojipkgs, 'compose/updates');
  for (const [tag, id] of Object.entries(truth.kojiTags)) {
    t.true(lstatSync(join(updates, tag)).isSymbolicLink());
    t.is(readlinkSync(join(updates, tag)), id);
  }
  const stable = retained.filter((c) => c.series === 'updates');
  t.is(stable.length, truth.retention.composesPerSeries, 'Bodhi keeps the newest ten of a series');
});

test('captured listings cover every directory and list exactly its entries', (t) => {
  const walk = (rel: string): void => {
    const dir = join(kojipkgs, rel);
    const html = readFileSync(join(worldRoot, 'listings', rel, 'index.html'), 'latin1');
    t.regex(html, /<pre>/, `${rel}: FancyIndexing without HTMLTable`);
    const hrefs = [...html.matchAll(/<a href="([^"]+)">/g)]
      .map((m) => m[1]!)
      .filter((h) => !h.startsWith('?') && !h.startsWith('/'))
      .map((h) => decodeURIComponent(h))
      .sort();
    const entries = readdirSync(dir, { withFileTypes: true })
      .map((e) => (statSync(join(dir, e.name)).isDirectory() ? `${e.name}/` : e.name))
      .sort();
    t.deepEqual(hrefs, entries, rel || '/');
    for (const e of entries.filter((n) => n.endsWith('/'))) walk(rel + e);
  };
  walk('');
  t.regex(readFileSync(join(worldRoot, 'listings-table', 'compose/updates/index.html'), 'latin1'), /<table>/);
});

function garbled(ts: number): number {
  return Number(BigInt.asIntN(64, bswap64(BigInt(ts))));
}

test('status.json is json-glib output: base timestamps garbled, layered ones right, no base pkglist', (t) => {
  const status = JSON.parse(readFileSync(join(worldRoot, truth.sources.status.file), 'utf8')) as {
    deployments: Record<string, unknown>[];
  };
  t.is(status.deployments.length, truth.sources.status.deployments.length);
  truth.sources.status.deployments.forEach((d, i) => {
    const dep = status.deployments[i]!;
    const base = truth.bases[d.base] as BaseTruth;
    t.is(dep['booted'], d.booted);
    const meta = dep['base-commit-meta'] as Record<string, unknown>;
    t.false('rpmostree.rpmdb.pkglist' in meta);
    t.deepEqual(
      meta['rpmostree.rpmmd-repos'],
      base.recordedRepos.map((r) => ({ id: r.id, timestamp: garbled(r.timestamp) })),
    );
    if (d.layered) {
      const layered = truth.bases[d.layered] as BaseTruth;
      t.is(dep['checksum'], layered.commit);
      t.is(dep['base-checksum'], base.commit);
      const lmeta = dep['layered-commit-meta'] as Record<string, unknown>;
      t.deepEqual(
        lmeta['rpmostree.rpmmd-repos'],
        layered.recordedRepos.map((r) => ({ id: r.id, timestamp: r.timestamp })),
      );
    } else {
      t.is(dep['checksum'], base.commit);
    }
  });
  // Exact in a double: a swapped 32-bit value has its low 32 bits zero.
  const text = readFileSync(join(worldRoot, truth.sources.status.file), 'utf8');
  t.regex(text, /"timestamp" : -?\d{15,}/);
});

test('commitmeta.json (cosa) has true timestamps and the pkglist; pkglist.txt is rpm -qa', (t) => {
  const cm = JSON.parse(readFileSync(join(worldRoot, truth.sources.commitmeta.file), 'utf8')) as Record<
    string,
    unknown
  >;
  const base = truth.bases[truth.sources.commitmeta.base]!;
  t.deepEqual(
    cm['rpmostree.rpmmd-repos'],
    base.recordedRepos.map((r) => ({ id: r.id, timestamp: r.timestamp })),
  );
  t.deepEqual(
    cm['rpmostree.rpmdb.pkglist'],
    base.packages.map((p) => [p.name, String(p.epoch ?? 0), p.version, p.release, p.arch]),
  );
  t.is(cm['version'], base.version);
  const lines = readFileSync(join(worldRoot, truth.sources.pkglist.file), 'utf8').split('\n').filter(Boolean);
  t.deepEqual(lines, truth.bases[truth.sources.pkglist.base]!.packages.map(nevra).sort());
});
