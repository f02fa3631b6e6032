"""Real dnf installs into an installroot, to get each base's package set the way a compose tool would."""

import os
import subprocess
from pathlib import Path

import rpm

from .timeline import RELEASE


def private_home(home: Path) -> dict:
    """Debian's rpm keeps an installroot's rpmdb under ~/.rpmdb unless %_dbpath says otherwise."""
    home.mkdir(parents=True, exist_ok=True)
    (home / ".rpmmacros").write_text("%_dbpath /var/lib/rpm\n")
    return dict(os.environ, HOME=str(home), TZ="UTC", LC_ALL="C.UTF-8")


def as_root(cmd: list[str]) -> list[str]:
    """dnf and rpm --root need root (chroot); as an ordinary user, run them as root of a user namespace."""
    return cmd if os.geteuid() == 0 else ["unshare", "--map-root-user", "--", *cmd]


def dnf_conf(path: Path, cache: Path, repos: dict[str, str], excludes: list[str] = ()) -> Path:
    lines = ["[main]", "plugins=0", "gpgcheck=0", "install_weak_deps=0", "keepcache=0",
             f"cachedir={cache}", "reposdir=", "metadata_expire=-1", ""]
    for rid, url in repos.items():
        lines += [f"[{rid}]", f"name={rid}", f"baseurl={url}", "enabled=1", "gpgcheck=0"]
        if excludes:
            lines.append("excludepkgs=" + ",".join(excludes))
        lines.append("")
    path.write_text("\n".join(lines))
    return path


def dnf_install(root: Path, work: Path, repos: dict[str, str], specs: list[str], excludes: list[str] = ()) -> None:
    work.mkdir(parents=True, exist_ok=True)
    env = private_home(work / "home")
    conf = dnf_conf(work / "dnf.conf", work / "cache", repos, excludes)
    cmd = ["dnf", "-y", "-q", "-c", str(conf), f"--installroot={root}", f"--releasever={RELEASE}",
           "--setopt=reposdir=", "--nodocs", "install", *specs]
    r = subprocess.run(as_root(cmd), capture_output=True, text=True, env=env)
    if r.returncode != 0:
        raise RuntimeError(f"dnf install {' '.join(specs)} into {root} failed:\n{r.stderr}")


def installed(root: Path) -> list[dict]:
    """The installroot's rpmdb as NEVRA dicts (epoch None when unset)."""
    rpm.addMacro("_dbpath", "/var/lib/rpm")
    ts = rpm.TransactionSet(str(root))
    ts.setVSFlags(rpm._RPMVSF_NOSIGNATURES | rpm._RPMVSF_NODIGESTS)
    out = []
    for h in ts.dbMatch():
        out.append({"name": h[rpm.RPMTAG_NAME], "epoch": h[rpm.RPMTAG_EPOCH], "version": h[rpm.RPMTAG_VERSION],
                    "release": h[rpm.RPMTAG_RELEASE], "arch": h[rpm.RPMTAG_ARCH]})
    ts.closeDB()
    return sort_nevras(out)


def rpm_qa(root: Path, work: Path) -> str:
    """`rpm -qa` output as a user would capture it (NEVRA per line; sorted, since db order is arbitrary)."""
    env = private_home(work / "home")
    r = subprocess.run(as_root(["rpm", "--root", str(root), "-qa", "--qf", "%{NEVRA}\\n"]), capture_output=True,
                       text=True, env=env, check=True)
    return "".join(sorted(r.stdout.splitlines(keepends=True)))


def evr_cmp(a: dict, b: dict) -> int:
    return rpm.labelCompare((str(a["epoch"] or 0), a["version"], a["release"]),
                            (str(b["epoch"] or 0), b["version"], b["release"]))


def sort_nevras(items: list[dict]) -> list[dict]:
    """By name, then EVR, then arch: the order rpm-ostree writes rpmostree.rpmdb.pkglist in."""
    import functools

    def cmp(a, b):
        if a["name"] != b["name"]:
            return -1 if a["name"] < b["name"] else 1
        c = evr_cmp(a, b)
        if c:
            return c
        return (a["arch"] > b["arch"]) - (a["arch"] < b["arch"])

    return sorted(items, key=functools.cmp_to_key(cmp))
