"""Writes one uncompressed tar layer of bench content as ostree-ext lays out chunk layers: each
file's bytes once as sysroot/ostree/repo/objects/xx/<sha256>.file, the real path a hardlink to it.
Content is deterministic (seeded) hex text, so gzip shrinks it about as much as real binaries.

argv: out.tar seed first last files_per_package bytes_per_file. Not a test."""
import hashlib
import io
import random
import sys
import tarfile

out, seed, first, last, per, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
rng = random.Random(seed)


def add(tar, name, kind, data=None, link=None):
    info = tarfile.TarInfo(name)
    info.mtime = 0
    info.type = kind
    if kind == tarfile.DIRTYPE:
        info.mode = 0o755
    elif kind == tarfile.LNKTYPE:
        info.linkname = link
    else:
        info.mode = 0o644
        info.size = len(data)
    tar.addfile(info, io.BytesIO(data) if data is not None else None)


with tarfile.open(out, "w", format=tarfile.GNU_FORMAT) as tar:
    for d in ("sysroot", "sysroot/ostree", "sysroot/ostree/repo", "sysroot/ostree/repo/objects", "usr", "usr/share", "usr/share/bench"):
        add(tar, d, tarfile.DIRTYPE)
    seen = set()
    for i in range(first, last):
        pkg = f"usr/share/bench/bench-pkg-{i:04d}"
        add(tar, pkg, tarfile.DIRTYPE)
        for k in range(per):
            data = rng.randbytes(size // 2).hex().encode()
            sha = hashlib.sha256(data).hexdigest()
            obj = f"sysroot/ostree/repo/objects/{sha[:2]}/{sha[2:]}.file"
            if sha[:2] not in seen:
                seen.add(sha[:2])
                add(tar, f"sysroot/ostree/repo/objects/{sha[:2]}", tarfile.DIRTYPE)
            add(tar, obj, tarfile.REGTYPE, data)
            add(tar, f"{pkg}/f{k}", tarfile.LNKTYPE, link=obj)
