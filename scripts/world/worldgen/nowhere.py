"""A package-only base whose build of a library no source lists any more (issue 22 part 2).

`fcos-lib-nowhere` was composed with an e2fsprogs override, 1.45.5-4.fc32 (its libcom_err is in the
base), that went no further: never pushed to stable updates (so neither a compose nor the
updates-archive has it), dropped from the FCOS pool, and garbage-collected from Koji (koji-gc
deletes untagged builds), so no source holds any build of it. GA still lists e2fsprogs
1.45.5-3.fc32. `fetch libcom_err-devel` must learn the base libcom_err's source package from GA's
libcom_err (same name and arch: a binary package keeps its source package between builds of a
release), want libcom_err-devel-1.45.5-4.fc32, find it nowhere and exit 3, saying what each
source holds.

Kept apart from timeline.py so other bases can be added beside it; world.py asks `active()` and
does nothing when the timeline (a variant world) has no e2fsprogs in GA.
"""

from . import timeline

KEY = "fcos-lib-nowhere"
REQUEST = "libcom_err-devel"


def active() -> bool:
    return getattr(timeline, "E2FSPROGS", None) is not None and timeline.E2FSPROGS in timeline.GA_BUILDS


def gone_build() -> "timeline.Build":
    """e2fsprogs one release after GA's, with the same subpackages: what the base was composed with."""
    ga = timeline.E2FSPROGS
    return timeline.b("e2fsprogs", f"{ga.version}-4.fc32", subpackages=ga.subpackages)


def builds() -> list:
    """Builds to make RPMs of (installed into the base only, served by no source)."""
    return [gone_build()] if active() else []


def gone_nvrs() -> set[str]:
    """NVRs no source may hold (Koji's packages/ included)."""
    return {bd.nvr for bd in builds()}


def bases() -> list:
    if not active():
        return []
    return [timeline.BaseSpec(
        KEY, "fedora/x86_64/coreos/lib-nowhere", "Fedora-32-updates-20200808.0",
        timeline.CORE + ("libcom_err",), "32.20200808.1.9", ("fedora", "fedora-coreos-pool"), "inline",
        "nearest",
        "pool-built with an e2fsprogs override that no source holds any more (never pushed, dropped from "
        "the pool, garbage-collected from Koji): fetch libcom_err-devel infers the source package from "
        "GA's libcom_err and exits 3 naming what each source holds",
        timestamp_skew=(0, 5113), overrides=(gone_build(),))]


def fetch_truth(world, bs: dict) -> dict:
    """What `fetch libcom_err-devel` must answer: the build wanted (the base libcom_err's V-R), the base
    package it comes from, the build the source package is learned from, and each source's holdings."""
    base_pkg = next(p for p in bs["packages"] if p["name"] == "libcom_err")
    want = {"name": REQUEST, "epoch": base_pkg["epoch"], "version": base_pkg["version"],
            "release": base_pkg["release"], "arch": base_pkg["arch"]}
    ga_pkg = next(p for p in world.ga["packages"] if p["name"] == "libcom_err" and p["arch"] == base_pkg["arch"])
    key = lambda p: (p["name"], p["epoch"], p["version"], p["release"], p["arch"])  # noqa: E731
    own = world.compose(bs["builtFrom"]["updates"])
    chain = [("compose", [] if own.get("pruned") else own["packages"]), ("ga", world.ga["packages"]),
             ("pool", world.pool["packages"]), ("archive", world.archive["packages"])]
    holds = {kind: sorted(f"{p['version']}-{p['release']}.{p['arch']}" for p in pkgs if p["name"] == REQUEST)
             for kind, pkgs in chain}
    koji = [k for k in world.koji["builds"] if key(want) in {key(p) for p in k["packages"]}]
    assert not koji and all(key(want) not in {key(p) for p in pkgs} for _, pkgs in chain), "the build is somewhere"
    holds["koji"] = []
    return {
        "request": REQUEST,
        "wanted": want,
        "basePackage": base_pkg,
        "sourcerpm": f"e2fsprogs-{base_pkg['version']}-{base_pkg['release']}.src.rpm",
        "inferredFrom": {"source": "ga", "nevra": ga_pkg},
        "holds": holds,
        "exit": 3,
    }
