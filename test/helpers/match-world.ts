/** A small release-40 compose history for matcher tests (not a test file). */
import type { FakeCompose } from './fake-catalog.js';
import { epoch } from './make-base.js';

export const gaTimestamp = epoch('2024-04-16T12:00:00Z');

const t = (iso: string): number => epoch(iso);

/**
 * The frozen GA repo of release 40: older builds of what the composes update, and the packages
 * no compose carries (filesystem, kernel). Its timestamp is what a base records as `fedora`.
 */
export const matchWorldGa = {
  timestamp: gaTimestamp,
  packages: [
    'bash-5.2.26-1.fc40.x86_64',
    'filesystem-3.18-8.fc40.x86_64',
    'glibc-2.39-4.fc40.x86_64',
    'glibc-2.39-4.fc40.i686',
    'gnutls-3.8.3-2.fc40.x86_64',
    'kernel-6.8.5-301.fc40.x86_64',
    'tzdata-2024a-4.fc40.noarch',
    'vim-2:9.1.158-1.fc40.x86_64',
  ],
};

/** Package sets: each compose carries the latest build of each updated package. */
export const pkgs = {
  a: [
    'bash-5.2.26-1.fc40.x86_64',
    'glibc-2.39-8.fc40.x86_64',
    'gnutls-3.8.4-1.fc40.x86_64',
    'tzdata-2024a-5.fc40.noarch',
  ],
  b: [
    'bash-5.2.26-3.fc40.x86_64',
    'glibc-2.39-8.fc40.x86_64',
    'gnutls-3.8.5-1.fc40.x86_64',
    'tzdata-2024a-5.fc40.noarch',
  ],
  c: [
    'bash-5.2.26-3.fc40.x86_64',
    'glibc-2.39-10.fc40.x86_64',
    'glibc-2.39-10.fc40.i686',
    'gnutls-3.8.5-1.fc40.x86_64',
    'tzdata-2024a-5.fc40.noarch',
    'vim-2:9.1.393-1.fc40.x86_64',
  ],
  d: [
    'bash-5.2.26-3.fc40.x86_64',
    'glibc-2.39-10.fc40.x86_64',
    'gnutls-3.8.5-2.fc40.x86_64',
    'tzdata-2024a-5.fc40.noarch',
    'vim-2:9.1.393-1.fc40.x86_64',
  ],
};

/** Base package lists built from each set, plus GA-only packages no compose carries. */
export const basePkgs = (set: keyof typeof pkgs): string[] => [
  ...pkgs[set].filter((p) => !p.endsWith('.i686')),
  'filesystem-3.18-8.fc40.x86_64',
  'kernel-6.8.5-301.fc40.x86_64',
];

export const history: FakeCompose[] = [
  { id: 'Fedora-40-updates-20240514.0', timestamp: t('2024-05-14T20:00:00Z'), packages: pkgs.a },
  { id: 'Fedora-40-updates-20240515.0', timestamp: t('2024-05-15T20:00:00Z'), packages: pkgs.b },
  { id: 'Fedora-40-updates-20240516.0', status: 'DOOMED', timestamp: null },
  { id: 'Fedora-40-updates-20240516.1', timestamp: t('2024-05-16T22:00:00Z'), packages: pkgs.c },
  // Started on the 17th (local time), stamped after midnight UTC: the next UTC day.
  { id: 'Fedora-40-updates-20240517.0', timestamp: t('2024-05-18T01:30:00Z'), packages: pkgs.d },
  {
    id: 'Fedora-40-updates-testing-20240516.0',
    timestamp: t('2024-05-16T23:00:00Z'),
    packages: [...pkgs.c, 'gnutls-3.8.6-1.fc40.x86_64'],
  },
  {
    id: 'Fedora-40-updates-testing-20240517.0',
    status: 'FINISHED_INCOMPLETE',
    timestamp: t('2024-05-17T23:00:00Z'),
    packages: pkgs.d,
  },
  // Distractors: another release, another product, a nightly.
  {
    id: 'Fedora-39-updates-20240516.0',
    timestamp: t('2024-05-16T22:00:00Z'),
    packages: ['bash-5.2.26-1.fc39.x86_64'],
  },
  { id: 'Fedora-Epel-9-updates-20240516.0', timestamp: t('2024-05-16T22:00:00Z'), packages: [] },
];
