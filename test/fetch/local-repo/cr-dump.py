"""Dumps what createrepo_c's python binding reads from primary.xml files, as JSON.

Usage: cr-dump.py PRIMARY.xml.gz...  -> one JSON list per file, of packages sorted by location.
The oracle for the local-repo writer: our primary.xml and createrepo_c's own over the same files
must read back identically.
"""
import json
import sys

import createrepo_c as cr

FIELDS = [
    "name", "epoch", "version", "release", "arch", "pkgId", "checksum_type", "summary",
    "description", "url", "time_file", "time_build", "rpm_license", "rpm_vendor", "rpm_group",
    "rpm_buildhost", "rpm_sourcerpm", "rpm_header_start", "rpm_header_end", "rpm_packager",
    "size_package", "size_installed", "size_archive", "location_href", "location_base",
    "provides", "requires", "conflicts", "obsoletes", "suggests", "enhances", "recommends",
    "supplements", "files",
]


def load(path):
    packages = []
    cr.xml_parse_primary(path, pkgcb=lambda p: packages.append(p) or True, do_files=True)
    rows = [{f: getattr(p, f) for f in FIELDS} for p in packages]
    return sorted(rows, key=lambda r: r["location_href"])


print(json.dumps([load(p) for p in sys.argv[1:]]))
