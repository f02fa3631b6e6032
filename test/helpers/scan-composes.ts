/**
 * A small compose root like kojipkgs `compose/updates/` (FACTS.md §5), from the RPMs of
 * scan-repos.ts: two finished composes (one with rpms.json, one without), a STARTED one, one whose
 * COMPOSE_ID names another compose, a koji-tag symlink and a stray file.
 */
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtRpms } from './scan-repos.js';

const systemPython = '/usr/bin/python3';

/** Compose directory names of the root. */
export const composeNames = {
  withRpmsJson: 'Fedora-41-updates-20241001.0',
  primaryOnly: 'Fedora-41-updates-20241002.0',
  started: 'Fedora-41-updates-20241003.0',
  mismatched: 'Fedora-41-updates-testing-20241002.0',
} as const;

const rpmsJsonScript = `
import sys, json, os, rpm
packages_dir, compose_id = sys.argv[1], sys.argv[2]
ts = rpm.TransactionSet(); ts.setVSFlags(-1)
rpms = {}
for f in sorted(os.listdir(packages_dir)):
    with open(os.path.join(packages_dir, f), 'rb') as fd:
        h = ts.hdrFromFdno(fd.fileno())
    epoch = h['epoch'] or 0
    nevra = '%s-%s:%s-%s.%s' % (h['name'], epoch, h['version'], h['release'], h['arch'])
    src = h['sourcerpm'][:-len('.src.rpm')]
    n, v, r = src.rsplit('-', 2)
    srpm = '%s-%s:%s-%s.src' % (n, epoch, v, r)
    rpms.setdefault(srpm, {})[nevra] = {'path': 'Everything/x86_64/os/Packages/%s/%s' % (f[0], f), 'sigkey': None, 'category': 'binary'}
    rpms[srpm][srpm] = {'path': 'Everything/source/tree/Packages/x/x.src.rpm', 'sigkey': None, 'category': 'source'}
    rpms[srpm]['%s-debuginfo-%s:%s-%s.%s' % (h['name'], epoch, h['version'], h['release'], h['arch'])] = {'path': 'x', 'sigkey': None, 'category': 'debug'}
print(json.dumps({'header': {'type': 'productmd.rpms', 'version': '1.2'}, 'payload': {
  'compose': {'id': compose_id, 'date': compose_id.split('-')[-1].split('.')[0], 'respin': 0, 'type': 'production', 'extra': 1},
  'rpms': {'Everything': {'x86_64': rpms}}}}))
`;

function composeInfo(id: string): string {
  const date = id.split('-').at(-1)!.split('.')[0]!;
  return JSON.stringify({
    header: { type: 'productmd.composeinfo', version: '1.2' },
    payload: {
      compose: { id, date, respin: 0, type: 'production', unknown_future_field: true },
      release: { name: 'Fedora', short: 'Fedora', version: '41', type: 'updates', internal: false },
      variants: {
        Everything: { arches: ['x86_64'], paths: { repository: { x86_64: 'Everything/x86_64/os' } } },
      },
    },
  });
}

/** Builds the root; returns the directory `compose/updates/` (world-readable, under /tmp). */
export function makeComposeRoot(): string {
  const top = mkdtempSync(join(tmpdir(), 'scan-composes-'));
  chmodSync(top, 0o755);
  const root = join(top, 'compose', 'updates');
  mkdirSync(root, { recursive: true });
  const rpms = builtRpms();
  const make = (name: string, id: string, status: string, withRpmsJson: boolean, timestamp: number) => {
    const dir = join(root, name);
    const os = join(dir, 'compose/Everything/x86_64/os');
    mkdirSync(join(dir, 'compose/metadata'), { recursive: true });
    for (const file of readdirSync(rpms)) {
      mkdirSync(join(os, 'Packages', file[0]!), { recursive: true });
      copyFileSync(join(rpms, file), join(os, 'Packages', file[0]!, file));
    }
    execFileSync(
      'createrepo_c',
      ['--quiet', '--no-database', '--revision', String(timestamp), '--set-timestamp-to-revision', os],
      {
        stdio: 'ignore',
      },
    );
    writeFileSync(join(dir, 'COMPOSE_ID'), id);
    writeFileSync(join(dir, 'STATUS'), `${status}\n`);
    writeFileSync(join(dir, 'compose/metadata/composeinfo.json'), composeInfo(id));
    if (withRpmsJson) {
      const packagesDir = join(dir, 'packages-flat');
      mkdirSync(packagesDir);
      for (const file of readdirSync(rpms)) copyFileSync(join(rpms, file), join(packagesDir, file));
      writeFileSync(
        join(dir, 'compose/metadata/rpms.json'),
        execFileSync(systemPython, ['-c', rpmsJsonScript, packagesDir, id], { encoding: 'utf8' }),
      );
    }
  };
  make(composeNames.withRpmsJson, composeNames.withRpmsJson, 'FINISHED', true, 1727740800);
  make(composeNames.primaryOnly, composeNames.primaryOnly, 'FINISHED_INCOMPLETE', false, 1727827200);
  make(composeNames.started, composeNames.started, 'STARTED', false, 1727913600);
  make(composeNames.mismatched, composeNames.primaryOnly, 'FINISHED', false, 1727827300);
  symlinkSync(composeNames.primaryOnly, join(root, 'f41-updates'));
  writeFileSync(join(root, 'README'), 'not a compose');
  return root;
}
