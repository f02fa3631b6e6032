"""Compose directories like pungi + Bodhi leave them: createrepo_c, then updateinfo, then productmd."""

import json
import os
import shutil
import subprocess
from datetime import datetime, timezone
from pathlib import Path

import createrepo_c as cr

from .rpms import rpm_filename
from .timeline import ARCH, PRIMARY_ZSTD, RELEASE, RPMS_JSON, SIGKEY, YEAR, Build


def nevra_key(name: str, bd: Build, arch: str | None = None) -> str:
    """productmd NEVRA: the epoch is always written."""
    return f"{name}-{bd.epoch or 0}:{bd.version}-{bd.release}.{arch or bd.arch}"


def place_packages(os_dir: Path, builds: list[Build], rpm_paths: dict, mtime: int) -> list[tuple[str, Build, str]]:
    """Copy binary RPMs into Packages/<first letter>/; returns (name, build, relpath from os/)."""
    placed = []
    for bd in builds:
        for name in bd.names:
            rel = f"Packages/{name[0].lower()}/{rpm_filename(name, bd)}"
            dest = os_dir / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(rpm_paths[(name, bd.nvr)], dest)
            os.utime(dest, (mtime, mtime))  # primary.xml records the file mtime
            placed.append((name, bd, rel))
    return sorted(placed, key=lambda p: p[2])


def createrepo(os_dir: Path, revision: int) -> None:
    cmd = ["createrepo_c", "--quiet", "--workers", "1", "--revision", str(revision),
           "--set-timestamp-to-revision", str(os_dir)]
    r = subprocess.run(cmd, capture_output=True, text=True, env=dict(os.environ, TZ="UTC"))
    if r.returncode != 0:
        raise RuntimeError(f"createrepo_c failed on {os_dir}:\n{r.stderr}")
    if PRIMARY_ZSTD:
        zstd_primary(os_dir / "repodata", revision)


def zstd_primary(repodata: Path, timestamp: int) -> None:
    """primary.xml.gz -> primary.xml.zst, as Fedora >= 41 publishes it. createrepo_c 0.17 can neither
    write nor checksum zstd, so the zstd CLI compresses and the record's sums are computed here."""
    import gzip
    import hashlib

    repomd_path = repodata / "repomd.xml"
    repomd = cr.Repomd(str(repomd_path))
    old = next(r for r in repomd.records if r.type == "primary")
    gz = repodata.parent / old.location_href
    plain = gzip.decompress(gz.read_bytes())
    r = subprocess.run(["zstd", "-q", "-19", "--no-check", "-c"], input=plain, capture_output=True, check=True)
    packed = r.stdout
    csum = hashlib.sha256(packed).hexdigest()
    (repodata / f"{csum}-primary.xml.zst").write_bytes(packed)
    os.utime(repodata / f"{csum}-primary.xml.zst", (timestamp, timestamp))
    gz.unlink()
    rec = cr.RepomdRecord("primary", None)
    rec.checksum, rec.checksum_type = csum, "sha256"
    rec.checksum_open, rec.checksum_open_type = hashlib.sha256(plain).hexdigest(), "sha256"
    rec.location_href = f"repodata/{csum}-primary.xml.zst"
    rec.size, rec.size_open = len(packed), len(plain)
    rec.timestamp = timestamp
    repomd.set_record(rec)
    repomd_path.write_text(repomd.xml_dump())


def _date(ts: int) -> str:
    return datetime.fromtimestamp(ts, timezone.utc).strftime("%Y-%m-%d %H:%M:%S")


def insert_updateinfo(os_dir: Path, compose_id: str, updates: list[tuple[Build, int]], placed,
                      timestamp: int) -> None:
    """Add updateinfo the way Bodhi does after pungi: a new record, timestamped later than <revision>.

    `updates`: every build in the repo with the time its update was pushed (Bodhi lists them all).
    """
    ui = cr.UpdateInfo()
    for bd, issued in sorted(updates, key=lambda x: (x[1], x[0].nvr)):
        rec = cr.UpdateRecord()
        rec.fromstr = "updates@fedoraproject.org"
        rec.status = "stable" if "-testing-" not in compose_id else "testing"
        rec.type = "bugfix"
        rec.version = "2"
        rec.id = f"FEDORA-{YEAR}-{abs(hash_text(bd.nvr)) % 16**10:010x}"
        rec.title = bd.nvr
        rec.issued_date = datetime.fromtimestamp(issued, timezone.utc).replace(tzinfo=None)
        rec.updated_date = rec.issued_date
        rec.rights = f"Copyright (C) {YEAR} Red Hat, Inc. and others."
        rec.release = f"Fedora {RELEASE}"
        rec.severity = "None"
        rec.summary = f"{bd.source} {bd.version}-{bd.release} update"
        rec.description = f"Update of {bd.source} to {bd.version}-{bd.release}."
        col = cr.UpdateCollection()
        col.shortname = f"F{RELEASE}"
        col.name = f"Fedora {RELEASE}"
        for name, pbd, rel in placed:
            if pbd.nvr != bd.nvr:
                continue
            pkg = cr.UpdateCollectionPackage()
            pkg.name = name
            pkg.epoch = str(bd.epoch or 0)
            pkg.version = bd.version
            pkg.release = bd.release
            pkg.arch = bd.arch
            pkg.src = f"https://download.fedoraproject.org/pub/fedora/linux/updates/{RELEASE}/Everything/{ARCH}/{rel}"
            pkg.filename = rel.rsplit("/", 1)[1]
            col.append(pkg)
        rec.append_collection(col)
        ui.append(rec)

    repodata = os_dir / "repodata"
    plain = repodata / "updateinfo.xml"
    plain.write_text(ui.xml_dump())
    rec = cr.RepomdRecord("updateinfo", str(plain))
    comp = rec.compress_and_fill(cr.SHA256, cr.XZ_COMPRESSION)
    comp.type = "updateinfo"
    comp.rename_file()
    comp.set_timestamp(timestamp)
    plain.unlink()
    repomd_path = repodata / "repomd.xml"
    repomd = cr.Repomd(str(repomd_path))
    repomd.set_record(comp)
    repomd_path.write_text(repomd.xml_dump())


def hash_text(text: str) -> int:
    import hashlib
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


def largest_timestamp(os_dir: Path) -> int:
    repomd = cr.Repomd(str(os_dir / "repodata" / "repomd.xml"))
    return max(r.timestamp for r in repomd.records)


def write_productmd(compose_dir: Path, compose_id: str, date: str, respin: int, release_type: str,
                    placed) -> None:
    """composeinfo.json and rpms.json (productmd 1.2), dumped as productmd does (indent 4, sorted keys)."""
    meta = compose_dir / "compose" / "metadata"
    meta.mkdir(parents=True, exist_ok=True)
    compose = {"date": date, "id": compose_id, "respin": respin, "type": "production"}
    release = {"internal": False, "name": "Fedora", "short": "Fedora", "type": release_type, "version": RELEASE}
    base = f"Everything/{ARCH}"
    info = {
        "header": {"type": "productmd.composeinfo", "version": "1.2"},
        "payload": {
            "compose": compose,
            "release": release,
            "variants": {
                "Everything": {
                    "arches": [ARCH],
                    "id": "Everything",
                    "name": "Everything",
                    "paths": {
                        "os_tree": {ARCH: f"{base}/os"},
                        "packages": {ARCH: f"{base}/os/Packages"},
                        "repository": {ARCH: f"{base}/os"},
                    },
                    "type": "variant",
                    "uid": "Everything",
                }
            },
        },
    }
    rpms: dict = {}
    for name, bd, rel in placed:
        srpm = nevra_key(bd.source, bd, "src")
        rpms.setdefault(srpm, {})[nevra_key(name, bd)] = {
            "category": "binary", "path": f"{base}/os/{rel}", "sigkey": SIGKEY}
    rpms_doc = {
        "header": {"type": "productmd.rpms", "version": "1.2"},
        "payload": {"compose": compose, "rpms": {"Everything": {ARCH: rpms}}},
    }
    docs = (("composeinfo.json", info), ("rpms.json", rpms_doc)) if RPMS_JSON else (("composeinfo.json", info),)
    for fname, doc in docs:
        (meta / fname).write_text(json.dumps(doc, indent=4, sort_keys=True) + "\n")


def write_compose_markers(compose_dir: Path, compose_id: str, status: str, id_file: str | None = None) -> None:
    compose_dir.mkdir(parents=True, exist_ok=True)
    (compose_dir / "COMPOSE_ID").write_text(id_file or compose_id)  # no trailing newline, as pungi writes it
    (compose_dir / "STATUS").write_text(status + "\n")
