"""Writes one uncompressed GNU tar layer from a JSON list of entries, in the order given (so a
test controls the layout ostree-ext writes: the commit object first in layer 0). Not a test."""
import io
import json
import sys
import tarfile

spec = json.load(open(sys.argv[1]))
with tarfile.open(spec["out"], "w", format=tarfile.GNU_FORMAT) as tar:
    for e in spec["entries"]:
        info = tarfile.TarInfo(e["path"])
        info.mtime = 0
        kind = e["type"]
        data = None
        if kind == "dir":
            info.type = tarfile.DIRTYPE
            info.mode = 0o755
        elif kind == "symlink":
            info.type = tarfile.SYMTYPE
            info.linkname = e["linkpath"]
        elif kind == "hardlink":
            info.type = tarfile.LNKTYPE
            info.linkname = e["linkpath"]
        else:
            data = open(e["src"], "rb").read() if "src" in e else e.get("data", "").encode()
            info.size = len(data)
            info.mode = 0o644
        tar.addfile(info, io.BytesIO(data) if data is not None else None)
