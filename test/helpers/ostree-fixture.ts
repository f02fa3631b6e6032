/**
 * Builds small OSTree repos with the real `ostree` CLI, shaped like what rpm-ostree writes:
 * compose commits with big-endian metadata (numbers passed byteswapped to `--add-metadata`, as
 * FACTS.md §9 says), a commit whose repos live only in detached metadata, and a client-layered
 * commit in host order. Returns the checksums and the values that went in, so tests compare what
 * we read against what was written and against `ostree show`.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemPython } from './tools.js';

/** Byte-swaps a 64-bit unsigned value. */
export function bswap64(value: bigint): bigint {
  let out = 0n;
  for (let i = 0n; i < 8n; i++) out |= ((value >> (8n * i)) & 0xffn) << (8n * (7n - i));
  return out;
}

/** A package row of `rpmostree.rpmdb.pkglist`. */
export type PkgRow = [name: string, epoch: string, version: string, release: string, arch: string];

export interface FixtureCommit {
  checksum: string;
  ref: string;
  version: string;
  timestamp: number;
  repos: { id: string; timestamp: number }[];
  packages: PkgRow[];
}

export interface OstreeFixture {
  path: string;
  compose: FixtureCommit;
  detached: FixtureCommit;
  layered: FixtureCommit & { parent: string };
  bare: { path: string; checksum: string };
}

export const PACKAGES: PkgRow[] = [
  ['bash', '0', '5.0.17', '1.fc32', 'x86_64'],
  ['fedora-release', '0', '32', '3', 'noarch'],
  ['gnutls', '0', '3.6.13', '4.fc32', 'x86_64'],
  ['shadow-utils', '2', '4.8.1', '2.fc32', 'x86_64'],
];

function run(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout.trim();
}

function reposText(repos: { id: string; timestamp: number }[], bigEndian: boolean): string {
  const items = repos.map((r) => {
    const stored = bigEndian ? bswap64(BigInt(r.timestamp)) : BigInt(r.timestamp);
    return `{'id': <'${r.id}'>, 'timestamp': <uint64 ${stored}>}`;
  });
  return `[${items.join(', ')}]`;
}

function pkglistText(rows: PkgRow[]): string {
  return `[${rows.map((r) => `(${r.map((f) => `'${f}'`).join(', ')})`).join(', ')}]`;
}

/** Writes `text` (GVariant text of an a{sv}) as a `.commitmeta` object, optionally big-endian. */
function writeDetached(repo: string, checksum: string, text: string, bigEndian: boolean): void {
  const script = [
    'import sys',
    'from gi.repository import GLib',
    "v = GLib.Variant.parse(GLib.VariantType.new('a{sv}'), sys.argv[1], None, None)",
    "v = v.byteswap() if sys.argv[2] == 'be' else v",
    "open(sys.argv[3], 'wb').write(v.get_data_as_bytes().get_data())",
  ].join('\n');
  const file = join(repo, 'objects', checksum.slice(0, 2), `${checksum.slice(2)}.commitmeta`);
  run(systemPython, ['-c', script, text, bigEndian ? 'be' : 'le', file]);
}

/** Creates the fixture repos in a fresh temp directory. */
export function makeOstreeFixture(): OstreeFixture {
  const dir = mkdtempSync(join(tmpdir(), 'cm-ostree-'));
  const tree = join(dir, 'tree');
  mkdirSync(join(tree, 'usr'), { recursive: true });
  writeFileSync(join(tree, 'usr', 'os-release'), 'NAME=Fedora\n');
  const repo = join(dir, 'repo');
  run('ostree', ['init', `--repo=${repo}`, '--mode=archive-z2']);

  const compose: FixtureCommit = {
    checksum: '',
    ref: 'fedora/x86_64/coreos/stable',
    version: '32.20200817.3.0',
    timestamp: 1597680000,
    repos: [
      { id: 'fedora', timestamp: 1587102011 },
      { id: 'updates', timestamp: 1597647236 },
    ],
    packages: PACKAGES,
  };
  compose.checksum = run('ostree', [
    'commit',
    `--repo=${repo}`,
    `--branch=${compose.ref}`,
    `--tree=dir=${tree}`,
    `--timestamp=@${compose.timestamp}`,
    '--subject=compose',
    `--add-metadata-string=version=${compose.version}`,
    '--add-metadata-string=coreos-assembler.basearch=x86_64',
    `--add-metadata-string=rpmostree.inputhash=${'ab'.repeat(32)}`,
    `--add-metadata=rpmostree.rpmmd-repos=${reposText(compose.repos, true)}`,
    `--add-metadata=rpmostree.rpmdb.pkglist=${pkglistText(compose.packages)}`,
    `--add-metadata=rpmostree.initramfs-args=['--no-hostonly']`,
  ]);

  const detached: FixtureCommit = {
    checksum: '',
    ref: 'fedora/32/x86_64/silverblue',
    version: '32.20200818.0',
    timestamp: 1597766400,
    repos: [
      { id: 'repo-0', timestamp: 1587102011 },
      { id: 'repo-1', timestamp: 1597733636 },
    ],
    packages: PACKAGES.slice(0, 3),
  };
  detached.checksum = run('ostree', [
    'commit',
    `--repo=${repo}`,
    `--branch=${detached.ref}`,
    `--tree=dir=${tree}`,
    `--timestamp=@${detached.timestamp}`,
    '--subject=detached repos',
    `--add-metadata-string=version=${detached.version}`,
    `--add-metadata-string=rpmostree.inputhash=${'cd'.repeat(32)}`,
    `--add-metadata=rpmostree.rpmdb.pkglist=${pkglistText(detached.packages)}`,
  ]);
  writeDetached(
    repo,
    detached.checksum,
    `{'rpmostree.rpmmd-repos': <${reposText(detached.repos, false)}>, 'note': <'detached'>}`,
    true,
  );

  const layered: FixtureCommit & { parent: string } = {
    checksum: '',
    parent: compose.checksum,
    ref: 'myremote:layered/x86_64',
    version: compose.version,
    timestamp: 1598000000,
    repos: [
      { id: 'fedora', timestamp: 1587102011 },
      { id: 'updates', timestamp: 1597990000 },
    ],
    packages: [...PACKAGES, ['htop', '0', '3.0.0', '1.fc32', 'x86_64']],
  };
  layered.checksum = run('ostree', [
    'commit',
    `--repo=${repo}`,
    `--orphan`,
    `--parent=${compose.checksum}`,
    `--tree=dir=${tree}`,
    `--timestamp=@${layered.timestamp}`,
    '--subject=client layer',
    `--add-metadata-string=version=${layered.version}`,
    '--add-metadata=rpmostree.clientlayer=true',
    '--add-metadata=rpmostree.clientlayer_version=<uint32 4>',
    `--add-metadata=rpmostree.rpmmd-repos=${reposText(layered.repos, false)}`,
    `--add-metadata=rpmostree.rpmdb.pkglist=${pkglistText(layered.packages)}`,
  ]);
  mkdirSync(join(repo, 'refs', 'remotes', 'myremote', 'layered'), { recursive: true });
  writeFileSync(join(repo, 'refs', 'remotes', 'myremote', 'layered', 'x86_64'), `${layered.checksum}\n`);
  run('ostree', ['summary', `--repo=${repo}`, '--update']);

  // A bare-user repo (a host's /ostree/repo layout) holding the compose commit.
  const barePath = join(dir, 'bare');
  run('ostree', ['init', `--repo=${barePath}`, '--mode=bare-user']);
  run('ostree', ['pull-local', `--repo=${barePath}`, repo, compose.ref]);

  return { path: repo, compose, detached, layered, bare: { path: barePath, checksum: compose.checksum } };
}
