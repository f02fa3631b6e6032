"""Tiny RPMs built by rpmbuild from generated specs, reproducibly (SOURCE_DATE_EPOCH, pinned host)."""

import os
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .timeline import Build

BUILDHOST = "buildvm-x86-01.iad2.fedoraproject.org"


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
        sub = name.removeprefix(bd.source + "-")
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
        sub = name.removeprefix(bd.source + "-")
        lines += [f"%files {sub}", f"/usr/share/compose-match-world/{name}", ""]
    return "\n".join(lines)


def rpm_filename(name: str, bd: Build) -> str:
    return f"{name}-{bd.version}-{bd.release}.{bd.arch}.rpm"


def build_all(builds: list[tuple[Build, int]], workdir: Path, pool: Path) -> dict[tuple[str, str], Path]:
    """Build each (build, buildtime) once. Returns (binary name, nvr) -> rpm path in `pool`."""
    pool.mkdir(parents=True, exist_ok=True)
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

    unique = {bd.nvr: (bd, t) for bd, t in builds}
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as ex:
        list(ex.map(one, sorted(unique.values(), key=lambda x: x[0].nvr)))

    out = {}
    for bd, _ in unique.values():
        for name in bd.names:
            p = pool / rpm_filename(name, bd)
            if not p.is_file():
                raise RuntimeError(f"rpmbuild did not produce {p}")
            out[(name, bd.nvr)] = p
    return out
