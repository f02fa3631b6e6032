"""Tiny RPMs built by rpmbuild from generated specs, reproducibly (SOURCE_DATE_EPOCH, pinned host),
then signed by rpmsign with the world's test key, as Fedora signs what it composes (FACTS §12).

The key (keys/world-signing-key.asc, RSA 2048, no passphrase, made with a faked creation time) is a
test key and nothing else. An RSA PKCS#1 v1.5 signature is a function of the key, the data and the
signature time, so signing each build at a fixed time after it was built keeps the world byte for
byte reproducible.
"""

import os
import shutil
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .timeline import Build

BUILDHOST = "buildvm-x86-01.iad2.fedoraproject.org"
SIGNING_KEY = Path(__file__).resolve().parent.parent / "keys" / "world-signing-key.asc"
SIGNER = "world@example.invalid"
SIGNED_AFTER = 3600  # a build is signed an hour after it was built


def gnupg_home(workdir: Path) -> Path:
    """A private GNUPGHOME holding the world's signing key."""
    home = workdir / "gnupg"
    home.mkdir(mode=0o700, parents=True, exist_ok=True)
    subprocess.run(["gpg", "--batch", "--quiet", "--import", str(SIGNING_KEY)], env=dict(os.environ, GNUPGHOME=str(home)),
                   check=True, capture_output=True)
    return home


def export_public_key(workdir: Path, dest: Path) -> None:
    """The armored public key, as Fedora ships RPM-GPG-KEY-fedora-<release>-primary."""
    env = dict(os.environ, GNUPGHOME=str(workdir / "gnupg"))
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_bytes(subprocess.run(["gpg", "--batch", "--armor", "--export", SIGNER], env=env, check=True,
                                    capture_output=True).stdout)


def sign(files: list[Path], home: Path, when: int) -> None:
    """rpmsign --addsign in place, with gpg's clock set to `when` so the signature is reproducible."""
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime(when))
    cmd = [
        "rpmsign", "--addsign",
        "--define", "__gpg /usr/bin/gpg",
        "--define", f"_gpg_name {SIGNER}",
        "--define", f"_gpg_path {home}",
        "--define", f"_gpg_sign_cmd_extra_args --faked-system-time {stamp}!",
        *map(str, files),
    ]
    r = subprocess.run(cmd, env=dict(os.environ, GNUPGHOME=str(home), TZ="UTC", LC_ALL="C"), capture_output=True,
                       text=True, stdin=subprocess.DEVNULL)
    if r.returncode != 0:
        raise RuntimeError(f"rpmsign failed for {files[0].name}:\n{r.stderr}")


def sub_arg(bd: Build, name: str) -> str:
    """`%package core` makes kernel-core; a name outside the source's (libcom_err of e2fsprogs) needs -n."""
    return name.removeprefix(bd.source + "-") if name.startswith(bd.source + "-") else f"-n {name}"


def spec_text(bd: Build) -> str:
    lines = [
        f"Name: {bd.source}",
        *([f"Epoch: {bd.epoch}"] if bd.epoch is not None else []),
        f"Version: {bd.version}",
        f"Release: {bd.release}",
        f"Summary: {bd.summary}",
        "License: MIT",
        "URL: https://example.invalid/compose-match-world",
        # A shell payload would make rpm's dependency generator require /bin/sh, which no package provides.
        "AutoReq: no",
        *([f"BuildArch: {bd.arch}"] if bd.arch == "noarch" else []),
        *bd.requires,
        "",
        "%description",
        f"{bd.source} as built for the compose-match test world.",
        "",
    ]
    for name, extra in bd.subpackages:
        sub = sub_arg(bd, name)
        lines += [f"%package {sub}", f"Summary: {sub} files for {bd.source}", "AutoReq: no", *extra, "",
                  f"%description {sub}", f"The {sub} part of {bd.source}.", ""]
    lines += ["%install", "umask 022"]
    for name in bd.names:
        d = f"%{{buildroot}}/usr/share/compose-match-world/{name}"
        lines += [
            f"mkdir -p {d}",
            f"printf '#!/bin/sh\\necho {name}-%{{?epoch:%{{epoch}}:}}%{{version}}-%{{release}}\\n' > {d}/{name}",
            f"chmod 0755 {d}/{name}",
        ]
    lines += ["", "%files", f"/usr/share/compose-match-world/{bd.source}", ""]
    for name, _ in bd.subpackages:
        sub = sub_arg(bd, name)
        lines += [f"%files {sub}", f"/usr/share/compose-match-world/{name}", ""]
    return "\n".join(lines)


def unsigned_dir(pool: Path) -> Path:
    """Where build_all keeps each RPM as rpmbuild wrote it, before signing."""
    return pool.parent / (pool.name + "-unsigned")


def rpm_filename(name: str, bd: Build) -> str:
    return f"{name}-{bd.version}-{bd.release}.{bd.arch}.rpm"


def build_all(builds: list[tuple[Build, int]], workdir: Path, pool: Path) -> dict[tuple[str, str], Path]:
    """Build each (build, buildtime) once. Returns (binary name, nvr) -> rpm path in `pool`."""
    pool.mkdir(parents=True, exist_ok=True)
    unsigned_dir(pool).mkdir(exist_ok=True)
    home = gnupg_home(workdir)
    env_base = {k: v for k, v in os.environ.items() if k not in ("RPM_BUILD_ROOT",)}

    def one(item: tuple[Build, int]) -> None:
        bd, buildtime = item
        top = workdir / "rpmbuild" / bd.nvr
        (top / "SPECS").mkdir(parents=True, exist_ok=True)
        spec = top / "SPECS" / f"{bd.source}.spec"
        spec.write_text(spec_text(bd))
        target = "noarch" if bd.arch == "noarch" else f"{bd.arch}-redhat-linux"
        cmd = [
            "rpmbuild", "-bb", "--quiet", "--target", target,
            "--define", f"_topdir {top}",
            "--define", f"_rpmdir {pool}",
            "--define", "_build_name_fmt %%{NAME}-%%{VERSION}-%%{RELEASE}.%%{ARCH}.rpm",
            "--define", f"_buildhost {BUILDHOST}",
            "--define", "use_source_date_epoch_as_buildtime 1",
            "--define", "clamp_mtime_to_source_date_epoch 1",
            "--define", "_binary_payload w9.gzdio",
            "--define", "_binary_filedigest_algorithm 8",
            "--define", "debug_package %{nil}",
            "--define", "__os_install_post %{nil}",
            "--define", "_build_id_links none",
            "--define", "_vendor redhat",
            "--define", "vendor Fedora Project",
            "--define", "packager Fedora Project",
            "--define", "distribution Fedora Project",
            str(spec),
        ]
        env = dict(env_base, SOURCE_DATE_EPOCH=str(buildtime), TZ="UTC", LC_ALL="C", HOME=str(workdir / "home"))
        r = subprocess.run(cmd, env=env, capture_output=True, text=True)
        if r.returncode != 0:
            raise RuntimeError(f"rpmbuild failed for {bd.nvr}:\n{r.stderr}")
        # Koji's packages/ keeps the unsigned build; what Fedora composes is the signed copy.
        files = [pool / rpm_filename(name, bd) for name in bd.names]
        for f in files:
            shutil.copyfile(f, unsigned_dir(pool) / f.name)
        sign(files, home, buildtime + SIGNED_AFTER)

    unique = {bd.nvr: (bd, t) for bd, t in builds}
    try:
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as ex:
            list(ex.map(one, sorted(unique.values(), key=lambda x: x[0].nvr)))
    finally:
        subprocess.run(["gpgconf", "--kill", "gpg-agent"], env=dict(os.environ, GNUPGHOME=str(home)),
                       capture_output=True)

    out = {}
    for bd, _ in unique.values():
        for name in bd.names:
            p = pool / rpm_filename(name, bd)
            if not p.is_file():
                raise RuntimeError(f"rpmbuild did not produce {p}")
            out[(name, bd.nvr)] = p
    return out


def signature_header(signed: Path) -> bytes:
    """The signature header of a signed RPM as Koji's sigcache stores it (`<nvra>.rpm.sig`): from its
    magic, after the 96-byte lead, through the padding to 8 bytes that precedes the main header."""
    data = signed.read_bytes()
    start = 96
    if data[start:start + 3] != b"\x8e\xad\xe8":
        raise RuntimeError(f"{signed}: no signature header after the lead")
    count = int.from_bytes(data[start + 8:start + 12], "big")
    store = int.from_bytes(data[start + 12:start + 16], "big")
    size = 16 + 16 * count + store
    return data[start:start + size + (-size % 8)]
