"""The world's history: which builds exist, when each reached stable or testing, and the bases.

Everything else is derived from this file by real tools. Times are UTC epoch seconds.
"""

from dataclasses import dataclass, field
from datetime import datetime, timezone

RELEASE = "32"
ARCH = "x86_64"
DIST = "fc32"
YEAR = "2020"  # Bodhi update ids and updateinfo rights
SIGKEY = "448efbd7"  # the key id the world's RPMs are signed with (keys/), as pungi records it
PRIMARY_ZSTD = False  # Fedora >= 41 publishes primary.xml.zst; createrepo_c 0.17 writes .gz
RPMS_JSON = True  # compose/metadata/rpms.json present
RETENTION = 10  # composes Bodhi keeps per series
STRAY = {}  # extra entries of compose/updates/: name -> file text, or "->target" for a symlink


def utc(text: str) -> int:
    """'2020-08-03 01:12:40' (UTC) -> epoch seconds."""
    return int(datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=timezone.utc).timestamp())


@dataclass(frozen=True)
class Build:
    """One Koji build (a source package): its binary subpackages share its EVR."""

    source: str
    version: str
    release: str
    epoch: int | None = None
    arch: str = ARCH
    # subpackage name -> extra spec lines (Requires:, ...)
    subpackages: tuple[tuple[str, tuple[str, ...]], ...] = ()
    requires: tuple[str, ...] = ()
    summary: str = "A package of the compose-match test world"

    @property
    def nvr(self) -> str:
        return f"{self.source}-{self.version}-{self.release}"

    @property
    def names(self) -> list[str]:
        return [self.source] + [name for name, _ in self.subpackages]


def b(source: str, evr: str, **kw) -> Build:
    """Build from 'E:V-R' or 'V-R' (the release gets no dist tag appended: it is literal)."""
    epoch = None
    if ":" in evr:
        e, evr = evr.split(":", 1)
        epoch = int(e)
    version, release = evr.rsplit("-", 1)
    return Build(source=source, version=version, release=release, epoch=epoch, **kw)


_DEVEL = (("gnutls-devel", ("Requires: gnutls%{?_isa} = %{version}-%{release}",)),)


def gnutls(evr: str) -> Build:
    return b("gnutls", evr, subpackages=_DEVEL, summary="A TLS library (with an exact-EVR -devel)")


_JSONC_DEVEL = (("json-c-devel", ("Requires: json-c%{?_isa} = %{version}-%{release}",)),)


def json_c(evr: str) -> Build:
    return b("json-c", evr, subpackages=_JSONC_DEVEL, summary="A JSON library (with an exact-EVR -devel)")


# A kernel as Fedora splits it (kernel.spec): the subpackages pin each other through uname-r
# capabilities (`kernel-devel-uname-r = 5.7.11-200.fc32.x86_64`), not package names, and
# kernel-devel-matched pins kernel-devel and kernel-core that way, so layering it needs the base
# kernel's exact build (FACTS §12).
_UNAME_R = "%{version}-%{release}.%{_target_cpu}"
_KERNEL_SUBS = (
    ("kernel-core", (f"Provides: kernel-core-uname-r = {_UNAME_R}", f"Provides: kernel-uname-r = {_UNAME_R}")),
    ("kernel-modules", (f"Provides: kernel-modules-uname-r = {_UNAME_R}", f"Requires: kernel-uname-r = {_UNAME_R}")),
    ("kernel-devel", (f"Provides: kernel-devel-uname-r = {_UNAME_R}",)),
    ("kernel-devel-matched", (f"Requires: kernel-devel-uname-r = {_UNAME_R}",
                              f"Requires: kernel-core-uname-r = {_UNAME_R}")),
)


def kernel(evr: str) -> Build:
    return b("kernel", evr, subpackages=_KERNEL_SUBS,
             requires=(f"Requires: kernel-core-uname-r = {_UNAME_R}", f"Requires: kernel-modules-uname-r = {_UNAME_R}"),
             summary="The Linux kernel (with a -devel-matched pinning the rest)")


# An exact pin across source packages: krb5-devel needs libcom_err-devel (from e2fsprogs), which pins
# libcom_err at its own V-R, so the base's e2fsprogs build decides which libcom_err-devel fits.
E2FSPROGS = b("e2fsprogs", "1.45.5-3.fc32",
              subpackages=(("libcom_err", ()),
                           ("libcom_err-devel", ("Requires: libcom_err%{?_isa} = %{version}-%{release}",))))
KRB5 = b("krb5", "1.18-1.fc32",
         subpackages=(("krb5-libs", ()),
                      ("krb5-devel", ("Requires: krb5-libs%{?_isa} = %{version}-%{release}",
                                      "Requires: libcom_err-devel"))))

GA_BUILDS = [
    b("filesystem", "3.14-2.fc32"),
    b("setup", "2.13.6-2.fc32", arch="noarch"),
    b("bash", "5.0.11-2.fc32"),
    b("coreutils", "8.32-3.fc32"),
    b("glibc", "2.31-2.fc32"),
    gnutls("3.6.13-1.fc32"),
    b("nano", "4.9.2-1.fc32"),
    b("toolbox", "0.0.99-1.fc32"),
    b("curl", "7.69.1-1.fc32"),
    json_c("0.13.1-9.fc32"),
    kernel("5.6.6-300.fc32"),
    b("kernel-headers", "5.6.0-1.fc32", summary="Kernel headers (its own source package, its own EVR)"),
    E2FSPROGS,
    KRB5,
]

GA = {
    "id": f"Fedora-{RELEASE}-20200415.0",
    "date": "20200415",
    "revision": utc("2020-04-15 09:12:31"),
    "finished": utc("2020-04-15 11:40:02"),
}


@dataclass
class Compose:
    """One compose directory of a series: the date and respin form its productmd ID."""

    series: str  # "updates" | "updates-testing"
    date: str  # YYYYMMDD
    respin: int
    status: str
    revision: int  # createrepo_c --revision (UTC epoch)
    updateinfo: int | None  # Bodhi's later updateinfo record timestamp; None: no repodata
    pushed: list[Build] = field(default_factory=list)  # stable pushes that made this compose
    pruned: bool = False
    note: str = ""
    release: str = RELEASE
    # what COMPOSE_ID says when it disagrees with the directory name (a copied or renamed compose)
    compose_id_file: str | None = None
    # sources release engineering untagged from the updates tag before this compose (a build pulled
    # after a regression): the compose no longer carries them, and GA's older build is what users get
    untagged: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return f"Fedora-{self.release}-{self.series}-{self.date}.{self.respin}"

    @property
    def has_repodata(self) -> bool:
        return self.updateinfo is not None


def u(date: str, respin: int, start: str, pushed: list[Build], *, status="FINISHED", pruned=False,
      note="", later=2417, doomed=False, untagged=()) -> Compose:
    revision = utc(start)
    return Compose("updates", date, respin, status, revision, None if doomed else revision + later,
                   pushed, pruned, note, untagged=untagged)


# Stable pushes in order. Bodhi keeps the newest ten composes of a series: the first three are pruned.
UPDATES = [
    u("20200729", 0, "2020-07-29 01:05:12", [b("glibc", "2.31-3.fc32"), kernel("5.7.10-201.fc32")], pruned=True,
      note="base fcos-kernel-archived was built from it; its kernel left updates on 0803"),
    u("20200730", 0, "2020-07-30 01:11:48", [b("curl", "7.69.1-4.fc32")], pruned=True,
      note="base fcos-testing was built from it; pruned since"),
    u("20200731", 0, "2020-07-31 00:58:03", [b("glibc", "2.31-4.fc32"), json_c("0.13.1-10.fc32")], pruned=True,
      note="base fcos-pruned-partial was built from it; pruned since"),
    u("20200801", 0, "2020-08-01 01:14:27", [gnutls("3.6.13-2.fc32")], untagged=("json-c",),
      note="json-c 0.13.1-10 untagged after a regression: updates carries no json-c, GA has 0.13.1-9"),
    u("20200802", 0, "2020-08-02 01:02:55", [b("podman", "2.0.0~rc1-1.fc32")],
      note="tilde pre-release first pushed"),
    u("20200803", 0, "2020-08-03 01:09:40",
      [gnutls("3.6.13-4.fc32"), b("toolbox", "0.0.99^20200801.git3b8e1f2-1.fc32"), kernel("5.7.11-200.fc32")],
      note="caret snapshot; gnutls and kernel updates"),
    u("20200804", 0, "2020-08-04 01:21:19", [b("nano", "1:4.8-1.fc32")], status="FINISHED_INCOMPLETE",
      note="epoch bump to a lower version"),
    u("20200805", 0, "2020-08-05 01:03:33", [], status="DOOMED", doomed=True, note="no repodata"),
    u("20200805", 1, "2020-08-05 06:44:10",
      [b("podman", "2.0.0-1.fc32"), b("wget2", "1.99.2-1.fc32", requires=("Requires: gnutls",))],
      note="respin; tilde pre-release becomes final; unversioned dependant appears"),
    u("20200806", 0, "2020-08-06 23:38:11", [gnutls("3.6.14-1.fc32")], later=2616,
      note="repo timestamp falls on the next UTC day"),
    u("20200807", 0, "2020-08-07 01:16:05", [b("glibc", "2.31-5.fc32")]),
    u("20200808", 0, "2020-08-08 01:07:22", [b("toolbox", "0.0.99.1-1.fc32")]),
    u("20200809", 0, "2020-08-09 01:12:58", [gnutls("3.6.15-1.fc32"), b("glibc", "2.31-6.fc32")]),
]

# (build, first testing compose date, the date it leaves testing or None when it never does). A build
# leaves testing when it is pushed to stable, or when it is unpushed or obsoleted by a newer testing
# build (coreutils 8.32-4 by 8.32-5; nano 4.9.3-1, unpushed when the epoch bump went stable). The
# builds of 0731-0804 are the snapshots the union bases (union.py) were built from.
TESTING_PUSHES = [
    (b("bash", "5.0.17-1.fc32"), "20200731", "20200801"),
    (b("coreutils", "8.32-4.fc32"), "20200731", "20200801"),
    (b("nano", "4.9.3-1.fc32"), "20200731", "20200804"),
    (b("coreutils", "8.32-5.fc32"), "20200801", "20200805"),
    (gnutls("3.6.14-1.fc32"), "20200805", "20200806"),
    (b("glibc", "2.31-5.fc32"), "20200805", "20200807"),
    (b("toolbox", "0.0.99.1-1.fc32"), "20200805", "20200808"),
    (b("curl", "7.69.1-5.fc32"), "20200805", None),
    (gnutls("3.6.15-1.fc32"), "20200806", "20200809"),
    (b("glibc", "2.31-6.fc32"), "20200807", "20200809"),
]

# (date, respin, start, status) of each updates-testing compose. 0803.0 failed (DOOMED, no repodata)
# and was respun. Eleven composes: Bodhi's retention prunes the oldest, 0731.
TESTING_STARTS = [
    ("20200731", 0, "2020-07-31 02:27:14", "FINISHED"),
    ("20200801", 0, "2020-08-01 03:52:10", "FINISHED"),
    ("20200802", 0, "2020-08-02 02:29:47", "FINISHED"),
    ("20200803", 0, "2020-08-03 02:30:02", "DOOMED"),
    ("20200803", 1, "2020-08-03 07:12:38", "FINISHED"),
    ("20200804", 0, "2020-08-04 02:34:55", "FINISHED"),
    ("20200805", 0, "2020-08-05 02:31:40", "FINISHED"),
    ("20200806", 0, "2020-08-06 02:28:19", "FINISHED"),
    ("20200807", 0, "2020-08-07 02:35:51", "FINISHED"),
    ("20200808", 0, "2020-08-08 02:30:07", "FINISHED"),
    ("20200809", 0, "2020-08-09 02:33:26", "FINISHED"),
]


def testing_composes() -> list[Compose]:
    out = []
    for n, (date, respin, start, status) in enumerate(TESTING_STARTS):
        current = [bd for bd, first, until in TESTING_PUSHES if first <= date and (until is None or date < until)]
        revision = utc(start)
        doomed = status == "DOOMED"
        out.append(Compose("updates-testing", date, respin, status, revision, None if doomed else revision + 1893,
                           [] if doomed else current, pruned=n < len(TESTING_STARTS) - RETENTION,
                           note="no repodata" if doomed else ""))
    return out


@dataclass(frozen=True)
class BaseSpec:
    """An OSTree base commit built from the GA repo plus one updates compose."""

    key: str
    ref: str
    compose: str  # the updates compose ID it was built from
    names: tuple[str, ...]
    version: str
    repo_ids: tuple[str, ...]  # ids for (GA repo, updates repo[, updates-testing repo]) as recorded
    repo_metadata: str  # inline | detached | disabled
    strategy: str  # what the matcher is expected to decide with
    description: str
    # seconds added to the recorded timestamps (Silverblue records compose work repos, not the published)
    timestamp_skew: tuple[int, int] = (0, 0)
    # names installed from a third-party repo (LOCAL_REPO) that neither Fedora repo knows
    local: tuple[str, ...] = ()
    # record only the GA repo (a base composed before any updates compose existed: Branched)
    ga_only: bool = False
    # builds installed at exactly their EVR from where the compose tool found them (FCOS pool
    # overrides): not from the recorded composes
    overrides: tuple[Build, ...] = ()
    # the updates-testing compose also enabled and recorded (repo_ids[2]): the base took the best build
    # of either snapshot, as dnf does with both repos enabled
    testing: str | None = None


CORE = ("filesystem", "setup", "bash", "coreutils", "glibc", "gnutls", "curl", "nano", "toolbox")

BASES = [
    BaseSpec("fcos-stable", "fedora/x86_64/coreos/stable", "Fedora-32-updates-20200803.0", CORE + ("podman",),
             "32.20200803.3.0", ("fedora", "updates"), "inline", "timestamp",
             "FCOS-like: fedora + updates recorded with big-endian timestamps equal to the published repomd"),
    BaseSpec("silverblue", "fedora/32/x86_64/silverblue", "Fedora-32-updates-20200807.0",
             CORE + ("podman", "wget2"), "32.20200807.0", ("repo-0", "repo-1"), "inline", "version",
             "Silverblue-like: version names the compose; repo-N timestamps are pungi work repos, not published",
             timestamp_skew=(-3307, -1811)),
    BaseSpec("fcos-next", "fedora/x86_64/coreos/next", "Fedora-32-updates-20200806.0", CORE + ("podman",),
             "32.20200806.1.0", ("fedora", "updates"), "disabled", "packages",
             "repo-metadata: disabled; only rpmostree.rpmdb.pkglist identifies the compose"),
    BaseSpec("fcos-testing", "fedora/x86_64/coreos/testing", "Fedora-32-updates-20200730.0", CORE,
             "32.20200730.2.0", ("fedora", "updates"), "inline", "nearest",
             "built from a compose that Bodhi has since pruned"),
    BaseSpec("iot", "fedora/32/x86_64/iot", "Fedora-32-updates-20200808.0",
             ("filesystem", "setup", "bash", "coreutils", "glibc", "gnutls", "curl"), "32.20200808.0",
             ("fedora", "updates"), "detached", "timestamp",
             "repo-metadata: detached; rpmostree.rpmmd-repos only in the .commitmeta object"),
    BaseSpec("fcos-pruned-partial", "fedora/x86_64/coreos/testing-devel", "Fedora-32-updates-20200731.0",
             ("filesystem", "setup", "bash", "coreutils", "glibc", "curl", "json-c"), "32.20200731.20.0",
             ("fedora", "updates"), "inline", "nearest",
             "built from a pruned compose whose json-c build was untagged since: the retained composes carry "
             "every other package at the base's EVR, so json-c is absent from each (GA holds an older one)"),
    BaseSpec("fcos-acme", "acme/x86_64/coreos/stable", "Fedora-32-updates-20200803.0",
             CORE + ("podman", "acme-agent"), "32.20200803.3.0.acme.1", ("fedora", "updates"), "inline",
             "timestamp",
             "a custom build that added a third-party repo (acme): acme-agent is unexplained, not a reason "
             "to reject the compose", local=("acme-agent",)),
    BaseSpec("fcos-ga-skew", "fedora/x86_64/coreos/next-devel", "Fedora-32-updates-20200803.0", CORE,
             "32.20200803.10.0", ("fedora", "updates"), "inline", "timestamp",
             "the recorded fedora timestamp is a day later than the release tree's: the tree is not used; the "
             "timestamp still names the compose, and the packages it does not carry are noted as unchecked",
             timestamp_skew=(86400, 0)),
    BaseSpec("fcos-pool", "fedora/x86_64/coreos/branched", "Fedora-32-updates-20200808.0", CORE,
             "32.20200808.1.0", ("fedora", "fedora-coreos-pool"), "inline", "nearest",
             "FCOS as built up to F42: from the coreos-pool tag's repo and a lockfile, whose timestamp is no "
             "compose's; pool-built, so its own compose is only the nearest",
             timestamp_skew=(0, 5113)),
    BaseSpec("branched", "fedora/devel/x86_64/silverblue", "Fedora-32-20200415.0",
             ("filesystem", "setup", "bash", "coreutils", "glibc", "gnutls", "nano"), "32.20200403.n.0",
             ("fedora", ""), "inline", "nearest",
             "composed from the Branched tree twelve days before GA: the recorded fedora timestamp precedes "
             "the release tree's, so it is pre-GA, not a flood of absent packages",
             timestamp_skew=(-12 * 86400, 0), ga_only=True),
]

# Kernel bases, for `compose-match fetch kernel-devel-matched` (FACTS §12): the base kernel's exact
# build is in the retained compose, only in the updates-archive (its compose pruned, the build since
# superseded), only in the FCOS pool (an override that never went through Bodhi), only in Koji's
# packages/ with a sigcache header (the pool dropped it), or in Koji with no signature header at all.
KERNEL_NAMES = CORE + ("kernel", "kernel-core", "kernel-modules", "krb5-libs", "libcom_err")
POOL_ONLY = kernel("5.7.12-200.fc32")
KOJI_ONLY = kernel("5.7.9-200.fc32")
KOJI_NO_SIGCACHE = kernel("5.7.8-200.fc32")
# The FCOS pool: what FCOS lockfiles pinned, many versions per package. FCOS never shipped the kernel
# of 0729, so only the archive holds it; the pool-only override is here; the Koji-only ones are not.
POOL = {"path": "repos-dist/coreos-pool/latest/x86_64/", "exclude": ("kernel-5.7.10-201.fc32",),
        "only": (POOL_ONLY,)}
KOJI = {"path": "packages/", "only": (KOJI_ONLY, KOJI_NO_SIGCACHE), "noSigcache": (KOJI_NO_SIGCACHE.nvr,)}

BASES += [
    BaseSpec("fcos-kernel", "kernels/x86_64/coreos/stable", "Fedora-32-updates-20200803.0", KERNEL_NAMES,
             "32.20200803.3.1", ("fedora", "updates"), "inline", "timestamp",
             "a kernel in the retained compose it was built from: fetch finds kernel-devel-matched there"),
    BaseSpec("fcos-kernel-archived", "kernels/x86_64/coreos/testing", "Fedora-32-updates-20200729.0",
             KERNEL_NAMES, "32.20200729.2.0", ("fedora", "updates"), "inline", "nearest",
             "built from a pruned compose whose kernel was superseded since: only the updates-archive has it"),
    BaseSpec("fcos-kernel-pool", "kernels/x86_64/coreos/next", "Fedora-32-updates-20200808.0", KERNEL_NAMES,
             "32.20200808.1.1", ("fedora", "fedora-coreos-pool"), "inline", "nearest",
             "pool-built with a kernel override that never went through Bodhi: only the pool has it",
             timestamp_skew=(0, 5113), overrides=(POOL_ONLY,)),
    BaseSpec("fcos-kernel-koji", "kernels/x86_64/coreos/next-devel", "Fedora-32-updates-20200808.0",
             KERNEL_NAMES, "32.20200808.1.2", ("fedora", "fedora-coreos-pool"), "inline", "nearest",
             "pool-built with a kernel override the pool has dropped: only Koji's unsigned copy and its "
             "sigcache header remain", timestamp_skew=(0, 5113), overrides=(KOJI_ONLY,)),
    BaseSpec("fcos-kernel-unsigned", "kernels/x86_64/coreos/branched", "Fedora-32-updates-20200808.0",
             KERNEL_NAMES, "32.20200808.1.3", ("fedora", "fedora-coreos-pool"), "inline", "nearest",
             "like fcos-kernel-koji, but Koji has no signature header for the kernel: only --allow-unsigned "
             "gets it", timestamp_skew=(0, 5113), overrides=(KOJI_NO_SIGCACHE,)),
]

# What `compose-match fetch` must answer on the kernel bases: the requested names and, through the
# exact pins, what else comes along.
FETCH = {"kernel-devel-matched": ("kernel-devel-matched", "kernel-devel"),
         "krb5-devel": ("krb5-devel", "libcom_err-devel")}

# The third-party repo of the fcos-acme base: a build no Fedora repo carries.
LOCAL_REPO = {"id": "acme", "revision": utc("2020-07-20 12:00:00"),
              "builds": [b("acme-agent", "2.4.1-1.acme", requires=("Requires: curl",))]}

# Client-side layering on fcos-stable, as rpm-ostree does it on a host days later.
LAYERED = {
    "key": "fcos-stable-layered",
    "ref": "local/x86_64/coreos/stable-layered",
    "base": "fcos-stable",
    "packages": ("wget2",),
    "compose": "Fedora-32-updates-20200809.0",
    "timestamp": utc("2020-08-10 08:15:33"),
}

# The other base sources (bases/): rpm-ostree status deployments in order, cosa commitmeta, rpm -qa.
SOURCES = {
    "osname": "fedora-coreos",
    "deployments": [{"base": "fcos-stable", "layered": "fcos-stable-layered", "booted": True},
                    {"base": "fcos-testing", "layered": None, "booted": False}],
    "commitmeta": "fcos-stable",
    "pkglist": "silverblue",
}

EXACT_EVR = {"package": "gnutls-devel", "requires": "gnutls = %{version}-%{release}", "base": "fcos-stable"}

SCENARIOS = {
    "unversionedDependant": {"package": "wget2", "requires": "gnutls"},
    "epochBump": {"package": "nano", "from": "4.9.2-1.fc32", "to": "1:4.8-1.fc32",
                  "compose": "Fedora-32-updates-20200804.0"},
    "tildePreRelease": {"package": "podman", "from": "2.0.0~rc1-1.fc32", "to": "2.0.0-1.fc32"},
    "caretSnapshot": {"package": "toolbox", "version": "0.0.99^20200801.git3b8e1f2-1.fc32"},
    "neverChanging": ["filesystem", "setup", "bash", "coreutils"],
    "testingOnly": {"package": "curl", "evr": "7.69.1-5.fc32"},
    "finishedIncomplete": "Fedora-32-updates-20200804.0",
    "doomed": "Fedora-32-updates-20200805.0",
    "respin": "Fedora-32-updates-20200805.1",
    "nextUtcDay": "Fedora-32-updates-20200806.0",
}
