/**
 * An RPM with every kind of entry primary.xml lists (epoch, provides, conflicts, obsoletes, weak
 * dependencies, Requires(pre/post), self-provided names and paths, a repeated requirement, rpmlib features,
 * primary files, a directory and a ghost), built with rpmbuild into a temp topdir, so the
 * local-repo writer is compared with createrepo_c on what createrepo_c filters and types.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const spec = `Name: rich
Epoch: 3
Version: 1.2.3
Release: 4.fc41
Summary: A package with <every> & "each" kind of entry
License: MIT and (BSD or GPL-2.0-only)
URL: https://example.invalid/rich?a=1&b=2
Vendor: Test Vendor
Packager: Tester <tester@example.invalid>
Group: System/Test
BuildArch: noarch
Provides: rich-api = 2.0
Provides: rich(plugin)
Provides: /usr/lib/rich-virtual
Conflicts: poor < 1.0
Obsoletes: rich-old <= 1:0.9-1
Recommends: rich-extra >= 1.0
Suggests: rich-docs
Supplements: (rich-lang and langpacks-en)
Enhances: other
Requires: bash
Requires: bash
Requires: rich-api
Requires(pre): /bin/sh
Requires(post): coreutils >= 8.0
Requires(preun): findutils
Requires: /usr/bin/rich
Requires: /usr/share/rich/data
Requires: /usr/lib/rich-virtual
Requires: libfoo.so.1()(64bit)

%description
Line one & <two>.
Line three.

%install
mkdir -p %{buildroot}/usr/bin %{buildroot}/etc/rich %{buildroot}/usr/share/rich
echo '#!/bin/sh' > %{buildroot}/usr/bin/rich
chmod 755 %{buildroot}/usr/bin/rich
echo conf > %{buildroot}/etc/rich/rich.conf
echo data > %{buildroot}/usr/share/rich/data

%files
/usr/bin/rich
%dir /etc/rich
%config(noreplace) /etc/rich/rich.conf
%ghost /etc/rich/state
/usr/share/rich/data
`;

/** Builds rich-3:1.2.3-4.fc41.noarch.rpm; returns its path. */
export function buildRichRpm(): string {
  const top = mkdtempSync(join(tmpdir(), 'cm-rich-'));
  const specPath = join(top, 'rich.spec');
  writeFileSync(specPath, spec);
  execFileSync(
    'rpmbuild',
    [
      '-bb',
      '--quiet',
      '--define',
      `_topdir ${top}`,
      '--define',
      '_buildhost cm-test',
      '--define',
      '__requires_exclude .*',
      specPath,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, SOURCE_DATE_EPOCH: '1700000000' } },
  );
  return join(top, 'RPMS', 'noarch', 'rich-1.2.3-4.fc41.noarch.rpm');
}
