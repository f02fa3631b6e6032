import test from 'ava';
import { defaultFetchMode, isSystemRepo } from '../../src/cli/fetch-mode.js';

const cwd = '/home/builder/work';

test('host mode is the default only for the running system: --status, or the system repo', (t) => {
  t.is(defaultFetchMode({ kind: 'status', file: 'status.json' }, cwd), 'host');
  t.is(defaultFetchMode({ kind: 'ostree', repo: '/ostree/repo', ref: 'r' }, cwd), 'host');
  t.is(defaultFetchMode({ kind: 'ostree', repo: '/sysroot/ostree/repo/', commit: 'c' }, cwd), 'host');
  t.is(defaultFetchMode({ kind: 'ostree', repo: 'file:///ostree/repo', ref: 'r' }, cwd), 'host');
});

test('an ostree repo elsewhere (a URL, a build machine archive repo) gets the container default', (t) => {
  for (const repo of [
    'https://builds.example.org/prod/streams/stable/builds/repo/',
    'http://127.0.0.1:8080/ostree/repo',
    'ostree/repo',
    '/srv/cosa/builds/repo',
    'file:///srv/repo',
  ]) {
    t.is(defaultFetchMode({ kind: 'ostree', repo, ref: 'r' }, cwd), 'container', repo);
  }
  t.is(defaultFetchMode({ kind: 'pkglist', file: 'pkglist.txt' }, cwd), 'container');
  t.is(defaultFetchMode({ kind: 'root', dir: '/' }, cwd), 'container');
});

test('a relative path is resolved against the working directory', (t) => {
  t.true(isSystemRepo('repo', '/ostree'));
  t.true(isSystemRepo('../ostree/repo', '/sysroot/x'));
  t.false(isSystemRepo('repo', '/srv'));
});
