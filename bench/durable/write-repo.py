#!/usr/bin/python3
"""Writes a metadata-only yum repo with createrepo_c's Python binding (bench/durable).

Usage: write-repo.py PACKAGES.json OUTDIR
PACKAGES.json is a list of {name, version, release, arch, provides and requires: [[name, flags|null, evr|null]]}.
The packages have no files: libdnf's sack setup, which is what the bench times, reads only
metadata. Deterministic: fixed timestamps and checksums derived from the NEVRA.
"""
import hashlib
import json
import os
import sys

import createrepo_c as cr


def split_evr(evr):
    if evr is None:
        return None, None, None
    epoch, _, rest = evr.rpartition(':')
    version, _, release = rest.partition('-')
    return epoch or None, version, release or None


def main():
    packages = json.load(open(sys.argv[1]))
    out = sys.argv[2]
    repodata = os.path.join(out, 'repodata')
    os.makedirs(repodata, exist_ok=True)
    paths = {t: os.path.join(repodata, f'{t}.xml.gz') for t in ('primary', 'filelists', 'other')}
    primary = cr.PrimaryXmlFile(paths['primary'], cr.GZ_COMPRESSION)
    filelists = cr.FilelistsXmlFile(paths['filelists'], cr.GZ_COMPRESSION)
    other = cr.OtherXmlFile(paths['other'], cr.GZ_COMPRESSION)
    for x in (primary, filelists, other):
        x.set_num_of_pkgs(len(packages))
    for p in packages:
        pkg = cr.Package()
        pkg.name, pkg.version, pkg.release, pkg.arch = p['name'], p['version'], p['release'], p['arch']
        pkg.epoch = '0'
        nvra = f"{p['name']}-{p['version']}-{p['release']}.{p['arch']}"
        pkg.pkgId = hashlib.sha256(nvra.encode()).hexdigest()
        pkg.checksum_type = 'sha256'
        pkg.location_href = f'Packages/{nvra}.rpm'
        pkg.rpm_sourcerpm = f"{p['name']}-{p['version']}-{p['release']}.src.rpm"
        pkg.summary = pkg.description = p['name']
        pkg.time_file = pkg.time_build = 1596000000
        pkg.provides = [(p['name'], 'EQ', '0', p['version'], p['release'], False)] + [
            (n, f, *split_evr(e), False) for n, f, e in p['provides']
        ]
        pkg.requires = [(n, f, *split_evr(e), False) for n, f, e in p['requires']]
        primary.add_pkg(pkg)
        filelists.add_pkg(pkg)
        other.add_pkg(pkg)
    for x in (primary, filelists, other):
        x.close()
    repomd = cr.Repomd()
    repomd.set_revision('1596000000')
    for kind, path in paths.items():
        record = cr.RepomdRecord(kind, path)
        record.fill(cr.SHA256)
        record.set_timestamp(1596000000)
        repomd.set_record(record)
    with open(os.path.join(repodata, 'repomd.xml'), 'w') as f:
        f.write(repomd.xml_dump())


main()
