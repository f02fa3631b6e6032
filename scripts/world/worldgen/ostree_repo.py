"""Base commits made with the ostree CLI, carrying the metadata `rpm-ostree compose tree` writes.

rpm-ostree byteswaps the whole metadata dict to big-endian before committing; the ostree CLI stores
what it is given in host order, so compose commits get byteswapped numbers (`<uint64 bswap(ts)>`) and
client-layered commits get plain ones.
"""

import hashlib
import os
import shutil
import struct
import subprocess
from pathlib import Path

import gi

from .timeline import RELEASE

gi.require_version("OSTree", "1.0")
from gi.repository import Gio, GLib, OSTree  # noqa: E402


def bswap64(n: int) -> int:
    return struct.unpack("<Q", struct.pack(">Q", n))[0]


def gv_str(s: str) -> str:
    if "'" in s or "\\" in s:
        raise ValueError(f"unexpected quote in {s!r}")
    return f"'{s}'"


def repos_text(repos: list[tuple[str, int]], big_endian: bool) -> str:
    items = [f"{{'id': <{gv_str(rid)}>, 'timestamp': <uint64 {bswap64(ts) if big_endian else ts}>}}"
             for rid, ts in repos]
    return "[" + ", ".join(items) + "]"


def pkglist_text(pkgs: list[dict]) -> str:
    items = [f"({gv_str(p['name'])}, {gv_str(str(p['epoch'] or 0))}, {gv_str(p['version'])}, "
             f"{gv_str(p['release'])}, {gv_str(p['arch'])})" for p in pkgs]
    return "[" + ", ".join(items) + "]"


def init(repo: Path) -> None:
    subprocess.run(["ostree", "init", f"--repo={repo}", "--mode=archive-z2"], check=True)


def keep_empty_dirs(repo: Path) -> None:
    """git keeps no empty directory, and ostree cannot list refs without refs/remotes and refs/mirrors
    (nor should a clone lack state/, extensions/ or tmp/cache/): a `.keep` file in each empty directory
    of the finished repo. ostree skips plain files there (only directories name remotes; state/ is read
    by commit name)."""
    for dirpath, dirnames, filenames in os.walk(repo):
        if not dirnames and not filenames:
            (Path(dirpath) / ".keep").write_text("")


def stage_tree(installroot: Path, dest: Path, version: str) -> Path:
    """The commit's content: the installroot's /usr (what the RPMs put there) plus an os-release."""
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(installroot / "usr", dest / "usr", symlinks=True)
    (dest / "usr" / "lib").mkdir(parents=True, exist_ok=True)
    (dest / "usr" / "lib" / "os-release").write_text(
        f'NAME=Fedora\nVERSION_ID={RELEASE}\nOSTREE_VERSION="{version}"\nID=fedora\n')
    for dirpath, dirnames, filenames in os.walk(dest):
        os.chmod(dirpath, 0o755)
        for f in filenames:
            p = Path(dirpath) / f
            if not p.is_symlink():
                os.chmod(p, 0o755 if os.stat(p).st_mode & 0o111 else 0o644)
    return dest


def commit(repo: Path, ref: str, tree: Path, timestamp: int, subject: str, *, strings: dict[str, str],
           typed: dict[str, str], parent: str | None = None, bindings: bool = True) -> str:
    cmd = ["ostree", "commit", f"--repo={repo}", f"--branch={ref}", f"--tree=dir={tree}",
           f"--timestamp=@{timestamp}", "--owner-uid=0", "--owner-gid=0", "--no-xattrs",
           f"--subject={subject}"]
    if parent:
        cmd.append(f"--parent={parent}")
    if not bindings:  # client-layered commits are not on a published ref
        cmd.append("--no-bindings")
    cmd += [f"--add-metadata-string={k}={v}" for k, v in strings.items()]
    cmd += [f"--add-metadata={k}={v}" for k, v in typed.items()]
    r = subprocess.run(cmd, capture_output=True, text=True, env=dict(os.environ, TZ="UTC"))
    if r.returncode != 0:
        raise RuntimeError(f"ostree commit {ref} failed:\n{r.stderr}")
    return r.stdout.strip()


def open_repo(repo: Path) -> OSTree.Repo:
    r = OSTree.Repo.new(Gio.File.new_for_path(str(repo)))
    r.open(None)
    return r


def set_detached(repo: Path, checksum: str, entries: dict[str, str]) -> None:
    """Detached metadata (the .commitmeta object) through libostree; the CLI only takes strings there."""
    r = open_repo(repo)
    d = GLib.VariantDict.new(None)
    for k, text in entries.items():
        d.insert_value(k, GLib.Variant.parse(None, text, None, None))
    r.write_commit_detached_metadata(checksum, d.end(), None)


def commit_metadata(repo: Path, checksum: str) -> GLib.Variant:
    _, variant, _ = open_repo(repo).load_commit(checksum)
    return variant.get_child_value(0)


def summary(repo: Path, last_modified: int) -> None:
    """`ostree summary -u`, with its wall-clock `ostree.summary.last-modified` replaced by a pinned value.

    The value is re-serialised by GLib; everything else is as ostree wrote it.
    """
    subprocess.run(["ostree", "summary", f"--repo={repo}", "-u"], check=True)
    path = repo / "summary"
    data = GLib.Bytes.new(path.read_bytes())
    v = GLib.Variant.new_from_bytes(GLib.VariantType.new("(a(s(taya{sv}))a{sv})"), data, False)
    refs = v.get_child_value(0)
    meta = GLib.VariantDict.new(v.get_child_value(1))
    meta.insert_value("ostree.summary.last-modified", GLib.Variant("t", bswap64(last_modified)))
    out = GLib.Variant.new_tuple(refs, meta.end())
    path.write_bytes(out.get_data_as_bytes().get_data())
    lock = repo / ".lock"
    if lock.exists():
        lock.unlink()


def inputhash(*parts: str) -> str:
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()
