"""A second world's history (`generate --variant f41`): Fedora 41, built to differ from timeline.py
wherever the real thing can: zstd primary.xml, no rpms.json, two composes on one day, a STARTED
compose with repodata (the newest), a TERMINATED one with repodata, a FINISHED one whose COMPOSE_ID
names another compose, stray entries in compose/updates/, epochs already non-zero at GA, names with
digits and dashes, a kernel/kernel-devel exact-EVR pair, an updates-testing base, `fedora-updates` as
a repo id, and a status.json whose booted deployment is not layered.
"""

from .timeline import ARCH, BaseSpec, Build, Compose, b, utc  # noqa: F401  (the same interface)

RELEASE = "41"
DIST = "fc41"
YEAR = "2024"
SIGKEY = "e99d6ad1"  # Fedora 41's key id
PRIMARY_ZSTD = True
RPMS_JSON = False
RETENTION = 10

_KDEVEL = (("kernel-devel", ("Requires: kernel = %{version}-%{release}",)),)
_SSL_LIBS = (("openssl-libs", ()),)


def kernel(evr: str) -> Build:
    return b("kernel", evr, subpackages=_KDEVEL, summary="The Linux kernel (with an exact-EVR -devel)")


def openssl(evr: str) -> Build:
    return b("openssl", evr, subpackages=_SSL_LIBS,
             requires=("Requires: openssl-libs%{?_isa} = %{epoch}:%{version}-%{release}",))


GA_BUILDS = [
    b("filesystem", "3.18-23.fc41"),
    b("setup", "2.15.0-5.fc41", arch="noarch"),
    b("bash", "5.2.32-1.fc41"),
    b("coreutils", "9.5-10.fc41"),
    b("glibc", "2.40-3.fc41"),
    kernel("6.11.4-301.fc41"),
    openssl("1:3.2.2-5.fc41"),
    b("python3.13", "3.13.0-1.fc41"),
    b("x264-libs", "0.164-20.20231001git31e19f9.fc41"),
    b("google-noto-sans-mono-cjk-vf-fonts", "1:2.004-9.fc41", arch="noarch"),
]

GA = {
    "id": f"Fedora-{RELEASE}-20241027.0",
    "date": "20241027",
    "revision": utc("2024-10-27 06:31:09"),
    "finished": utc("2024-10-27 10:02:44"),
}


def u(date: str, respin: int, start: str, pushed: list[Build], *, status="FINISHED", pruned=False,
      note="", later=2711, repodata=True, id_file=None) -> Compose:
    revision = utc(start)
    return Compose("updates", date, respin, status, revision, revision + later if repodata else None,
                   pushed, pruned, note, RELEASE, id_file)


UPDATES = [
    u("20241101", 0, "2024-11-01 02:14:40", [b("glibc", "2.40-9.fc41")], pruned=True),
    u("20241102", 0, "2024-11-02 02:03:11", [kernel("6.11.5-300.fc41")], pruned=True,
      note="base fcos-old was built from it; pruned since"),
    u("20241103", 0, "2024-11-03 02:22:57", [openssl("1:3.2.2-7.fc41")], note="epoch already 1 at GA"),
    u("20241104", 0, "2024-11-04 02:09:30", [b("python3.13", "3.13.0-2.fc41")],
      note="first of two FINISHED composes on one day"),
    u("20241104", 1, "2024-11-04 14:47:05", [kernel("6.11.6-300.fc41")],
      note="second FINISHED compose of the day"),
    u("20241105", 0, "2024-11-05 02:11:48", [b("x264-libs", "0.164-21.20231001git31e19f9.fc41")],
      status="TERMINATED", note="killed after createrepo: repodata but TERMINATED"),
    u("20241106", 0, "2024-11-06 02:05:26", [b("glibc", "2.40-10.fc41")],
      id_file="Fedora-41-updates-20241106.1", note="COMPOSE_ID names another compose"),
    u("20241107", 0, "2024-11-07 02:16:33",
      [b("bash", "5.2.32-2.fc41"), b("htop", "3.3.0-2.fc41"), b("x264-libs", "0.164-21.20231001git31e19f9.fc41")]),
    u("20241108", 0, "2024-11-08 22:50:19", [openssl("1:3.2.2-8.fc41")], later=5400,
      note="repo timestamp falls on the next UTC day"),
    u("20241109", 0, "2024-11-09 02:12:02", [], status="DOOMED", repodata=False, note="no repodata"),
    u("20241109", 1, "2024-11-09 09:31:44", [kernel("6.11.7-300.fc41")], note="respin"),
    u("20241110", 0, "2024-11-10 02:08:51", [b("python3.13", "3.13.0-3.fc41")], status="STARTED",
      note="still running, but repodata is already written"),
]

TESTING_PUSHES = [
    (kernel("6.11.7-300.fc41"), "20241105", "20241109"),
    (openssl("1:3.2.2-8.fc41"), "20241105", "20241108"),
    (b("glibc", "2.40-11.fc41"), "20241106", None),
    (b("coreutils", "9.5-11.fc41"), "20241107", None),
]

TESTING_STARTS = {
    "20241105": "2024-11-05 03:40:12",
    "20241106": "2024-11-06 03:37:55",
    "20241107": "2024-11-07 03:44:21",
}


def testing_composes() -> list[Compose]:
    out = []
    for date, start in TESTING_STARTS.items():
        current = [bd for bd, first, stable in TESTING_PUSHES if first <= date and (stable is None or date < stable)]
        revision = utc(start)
        out.append(Compose("updates-testing", date, 0, "FINISHED", revision, revision + 2043, current,
                           release=RELEASE))
    return out


CORE = ("filesystem", "setup", "bash", "coreutils", "glibc", "kernel", "openssl", "python3.13", "x264-libs")

BASES = [
    BaseSpec("fcos-stable", "fedora/x86_64/coreos/stable", "Fedora-41-updates-20241104.0", CORE,
             "41.20241104.3.0", ("fedora", "fedora-updates"), "inline", "timestamp",
             "FCOS-like, 'fedora-updates' as the id; the first of two composes on one day"),
    BaseSpec("silverblue", "fedora/41/x86_64/silverblue", "Fedora-41-updates-20241104.1",
             CORE + ("google-noto-sans-mono-cjk-vf-fonts",), "41.20241104.1", ("repo-0", "repo-1"), "inline",
             "version", "Silverblue-like: version names the day's second compose; repo-N timestamps are work repos",
             timestamp_skew=(-2917, -1409)),
    BaseSpec("fcos-next", "fedora/x86_64/coreos/next", "Fedora-41-updates-20241107.0", CORE + ("htop",),
             "41.20241107.1.0", ("fedora", "updates"), "disabled", "packages",
             "repo-metadata: disabled; the package lists come from zstd primary.xml (no rpms.json)"),
    BaseSpec("fcos-testing-devel", "fedora/x86_64/coreos/testing-devel", "Fedora-41-updates-testing-20241106.0",
             CORE, "41.20241106.20.0", ("fedora", "updates-testing"), "inline", "timestamp",
             "built from the GA repo and an updates-testing compose"),
    BaseSpec("silverblue-testing", "fedora/41/x86_64/testing/silverblue", "Fedora-41-updates-testing-20241106.0",
             CORE, "41.20241106.0", ("repo-0", "repo-1"), "inline", "version",
             "Silverblue testing ref: repo-N ids, so the ref and version must pick the updates-testing series",
             timestamp_skew=(-2917, -1603)),
    BaseSpec("fcos-pool", "fedora/x86_64/coreos/next-devel", "Fedora-41-updates-20241108.0", CORE,
             "41.20241108.10.0", ("fedora", "fedora-coreos-pool"), "inline", "nearest",
             "FCOS as built up to F42: from the coreos-pool tag's repo, whose timestamp is no compose's; "
             "pool-built, so no compose is exact for it and its own compose is only the nearest",
             timestamp_skew=(0, 7211)),
    BaseSpec("iot", "fedora/41/x86_64/iot", "Fedora-41-updates-20241109.1", CORE, "41.20241109.0",
             ("fedora", "updates"), "detached", "timestamp",
             "repo-metadata: detached; its compose is followed by a STARTED one with repodata"),
    BaseSpec("fcos-old", "fedora/x86_64/coreos/testing", "Fedora-41-updates-20241102.0", CORE,
             "41.20241102.2.0", ("fedora", "updates"), "inline", "nearest",
             "built from a compose that Bodhi has since pruned"),
]

LAYERED = {
    "key": "fcos-stable-layered",
    "ref": "local/x86_64/coreos/stable-layered",
    "base": "fcos-stable",
    "packages": ("htop",),
    "compose": "Fedora-41-updates-20241109.1",
    "timestamp": utc("2024-11-10 09:12:40"),
    "description": "client-side layer (host-order metadata) of htop on fcos-stable; staged, not booted",
}

STRAY = {
    "README": "Composes of Fedora's Bodhi updates pushes.\n",
    "latest-Fedora-41-updates": "->Fedora-41-updates-20241109.1",
}

# Deployment 0 is the staged layer, 1 the booted non-layered base, 2 the rollback.
SOURCES = {
    "osname": "fedora-coreos",
    "deployments": [{"base": "fcos-stable", "layered": "fcos-stable-layered", "booted": False},
                    {"base": "fcos-stable", "layered": None, "booted": True},
                    {"base": "fcos-old", "layered": None, "booted": False}],
    "commitmeta": "fcos-testing-devel",
    "pkglist": "silverblue",
}

EXACT_EVR = {"package": "kernel-devel", "requires": "kernel = %{version}-%{release}", "base": "fcos-stable"}

SCENARIOS = {
    "zstdPrimary": True,
    "noRpmsJson": True,
    "sameDay": ["Fedora-41-updates-20241104.0", "Fedora-41-updates-20241104.1"],
    "terminatedWithRepodata": "Fedora-41-updates-20241105.0",
    "composeIdMismatch": "Fedora-41-updates-20241106.0",
    "nextUtcDay": "Fedora-41-updates-20241108.0",
    "doomed": "Fedora-41-updates-20241109.0",
    "respin": "Fedora-41-updates-20241109.1",
    "startedWithRepodata": "Fedora-41-updates-20241110.0",
    "epochAtGa": {"package": "openssl", "evr": "1:3.2.2-5.fc41"},
    "digitsAndDashes": ["python3.13", "x264-libs", "google-noto-sans-mono-cjk-vf-fonts"],
    "stray": sorted(STRAY),
    "bootedNotLayered": 1,
}
