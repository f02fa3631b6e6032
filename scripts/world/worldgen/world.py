"""Generate the whole world into an output directory (see fixtures/README.md for the layout)."""

import json
import os
import shutil
import tempfile
import time
from pathlib import Path

from . import installroot, listings, nowhere, ostree_repo, repos, rpms, sources, truth, union
from . import timeline
from .timeline import (ARCH, BASES, EXACT_EVR, GA, GA_BUILDS, LAYERED, RELEASE, RETENTION, SCENARIOS, SIGKEY, SOURCES,
                       STRAY, UPDATES, Build, Compose, testing_composes)

# The third-party repo some bases add (timeline.LOCAL_REPO; a variant world may have none).
LOCAL_REPO = getattr(timeline, "LOCAL_REPO", None)
# The FCOS pool dist-repo and Koji's packages/ tree (a variant world may have neither).
POOL = getattr(timeline, "POOL", None)
KOJI = getattr(timeline, "KOJI", None)
FETCH = getattr(timeline, "FETCH", {})

DAY = 86400
UNPINNED = int(time.time()) - 3600  # the world is dated in the past; anything later was left at "now"


def pin(path: Path, ts: int) -> None:
    os.utime(path, (ts, ts), follow_symlinks=False)


def pin_tree(path: Path, ts: int) -> None:
    for dirpath, _, filenames in os.walk(path):
        for f in filenames:
            pin(Path(dirpath) / f, ts)


def pin_dirs(root: Path) -> None:
    """Each directory (and symlink) gets the newest mtime below it, bottom-up, as if written in order."""
    for dirpath, dirnames, filenames in os.walk(root, topdown=False):
        d = Path(dirpath)
        newest = 0
        for name in dirnames + filenames:
            p = d / name
            if p.is_symlink():
                t = int(os.stat(p).st_mtime)  # the target's time, which Apache shows
                pin(p, t)
            else:
                t = int(os.lstat(p).st_mtime)
                if t > UNPINNED and not p.is_dir():
                    raise RuntimeError(f"{p} has an unpinned mtime: the listings would not be reproducible")
            newest = max(newest, t)
        if newest:
            pin(d, newest)


class World:
    def __init__(self, out: Path, work: Path):
        self.out = out
        self.work = work
        self.kojipkgs = out / "kojipkgs"
        self.composes: list[dict] = []
        self.rpm_paths: dict = {}
        self.left: list[tuple[Build, int]] = []  # builds that left stable updates, and when

    # ---- RPMs ---------------------------------------------------------------------------------
    def build_rpms(self) -> None:
        first_seen: dict[str, tuple[Build, int]] = {}
        for bd in GA_BUILDS:
            first_seen.setdefault(bd.nvr, (bd, GA["revision"] - 9 * DAY))
        for c in sorted(UPDATES + testing_composes(), key=lambda c: c.revision):
            for bd in c.pushed:
                first_seen.setdefault(bd.nvr, (bd, c.revision - 2 * DAY))
        for bd in LOCAL_REPO["builds"] if LOCAL_REPO else []:
            first_seen.setdefault(bd.nvr, (bd, LOCAL_REPO["revision"] - DAY))
        last = max(c.revision for c in UPDATES)
        for bd in [*(POOL["only"] if POOL else ()), *(KOJI["only"] if KOJI else ())]:
            first_seen.setdefault(bd.nvr, (bd, last - 5 * DAY))
        for bd in nowhere.builds():  # a base's override that no source keeps (nowhere.py)
            first_seen.setdefault(bd.nvr, (bd, last - 5 * DAY))
        self.builds = {bd.nvr: bd for bd, _ in first_seen.values()}
        self.built_at = {bd.nvr: when for bd, when in first_seen.values()}
        self.rpm_paths = rpms.build_all(list(first_seen.values()), self.work, self.work / "pool")
        key = self.out / "keys" / "RPM-GPG-KEY-compose-match-world"
        rpms.export_public_key(self.work, key)
        pin(key, GA["revision"])
        pin(key.parent, GA["revision"])

    # ---- composes -----------------------------------------------------------------------------
    def write_repo(self, compose_dir: Path, cid: str, date: str, respin: int, release_type: str, status: str,
                   builds: list[Build], revision: int, updates: list[tuple[Build, int]] | None,
                   ui_ts: int | None, id_file: str | None = None) -> dict:
        finished = ui_ts if ui_ts is not None else revision
        repos.write_compose_markers(compose_dir, cid, status, id_file)
        os_dir = compose_dir / "compose" / "Everything" / ARCH / "os"
        placed = repos.place_packages(os_dir, builds, self.rpm_paths, revision - 1800)
        repos.createrepo(os_dir, revision)
        pin(os_dir / "repodata" / "repomd.xml", revision)  # --set-timestamp-to-revision leaves it at "now"
        if updates is not None and ui_ts is not None:
            repos.insert_updateinfo(os_dir, cid, updates, placed, ui_ts)
            pin(os_dir / "repodata" / "repomd.xml", ui_ts)
            for f in (os_dir / "repodata").glob("*-updateinfo.xml.xz"):
                pin(f, ui_ts)
        repos.write_productmd(compose_dir, cid, date, respin, release_type, placed)
        pin_tree(compose_dir / "compose" / "metadata", finished)
        pin(compose_dir / "COMPOSE_ID", revision - 3600)
        pin(compose_dir / "STATUS", finished)
        packages = installroot.sort_nevras([truth.nevra(name, bd) for name, bd, _ in placed])
        return {
            "id": cid,
            "path": os.path.relpath(compose_dir, self.kojipkgs) + "/",
            "status": status,
            "revision": revision,
            "repoTimestamp": repos.largest_timestamp(os_dir),
            "updateinfoTimestamp": ui_ts if updates is not None else None,
            "packages": packages,
        }

    def os_url(self, compose_path: str) -> str:
        return f"file://{self.kojipkgs / compose_path}/compose/Everything/{ARCH}/os/"

    def build_ga(self) -> None:
        cid = GA["id"]
        d = self.kojipkgs / "compose" / RELEASE / cid
        self.ga = self.write_repo(d, cid, GA["date"], 0, "ga", "FINISHED", GA_BUILDS, GA["revision"], None,
                                  None)
        pin(d / "STATUS", GA["finished"])
        pin_tree(d / "compose" / "metadata", GA["finished"])
        # The release tree dl.fedoraproject.org serves, pub/fedora/linux/releases/<N>/Everything/<arch>/os/,
        # is the GA compose's tree: a symlink, as on Fedora's own mirror master.
        releases = self.out / "dl" / "pub" / "fedora" / "linux" / "releases"
        releases.mkdir(parents=True)
        (releases / RELEASE).symlink_to(os.path.relpath(d / "compose", releases))

    def build_series(self, series: list[Compose], cumulative: bool) -> None:
        state: dict[tuple[str, str], tuple[Build, int]] = {}
        for c in series:
            if cumulative:
                for source in getattr(c, "untagged", ()):
                    for key in [k for k in state if k[0] == source]:
                        self.left.append((state.pop(key)[0], c.revision))
                for bd in c.pushed:
                    if (bd.source, bd.arch) in state:
                        self.left.append((state[(bd.source, bd.arch)][0], c.revision))
                    state[(bd.source, bd.arch)] = (bd, c.revision)
                content = sorted(state.values(), key=lambda x: x[0].nvr)
            else:
                content = [(bd, c.revision) for bd in c.pushed]
            cdir = self.kojipkgs / "compose" / "updates" / c.id
            release_type = c.series
            if not c.has_repodata:
                repos.write_compose_markers(cdir, c.id, c.status)
                log = cdir / "logs" / "global" / "pungi.global.log"
                log.parent.mkdir(parents=True)
                log.write_text(f"{c.id}: compose failed ({c.status}); no repodata was written\n")
                for p in (cdir / "COMPOSE_ID", cdir / "STATUS", log):
                    pin(p, c.revision + 900)
                entry = {"id": c.id, "path": f"compose/updates/{c.id}/", "status": c.status,
                         "revision": None, "repoTimestamp": None, "updateinfoTimestamp": None, "packages": []}
            else:
                entry = self.write_repo(cdir, c.id, c.date, c.respin, release_type, c.status,
                                        [bd for bd, _ in content], c.revision, content, c.updateinfo,
                                        c.compose_id_file)
            if getattr(c, "untagged", ()):
                entry["untagged"] = list(c.untagged)
            entry.update({
                "series": c.series,
                "date": c.date,
                "respin": c.respin,
                "hasRepodata": c.has_repodata,
                "pruned": c.pruned,
                "pushed": installroot.sort_nevras([truth.nevra(n, bd) for bd in c.pushed for n in bd.names]),
                "note": c.note,
            })
            if c.compose_id_file is not None:
                entry["composeIdFile"] = c.compose_id_file
            self.composes.append(entry)

    def build_archive(self) -> None:
        """Fedora's updates-archive (fedoraproject-updates-archive.fedoraproject.org/fedora/<N>/<arch>/):
        every build that was in stable updates and left it (superseded, or untagged), RPMs flat beside
        repodata/, made by createrepo_c when the last compose went out."""
        d = self.out / "updates-archive" / "fedora" / RELEASE / ARCH
        d.mkdir(parents=True)
        packages = []
        for bd, when in self.left:
            for name in bd.names:
                dest = d / rpms.rpm_filename(name, bd)
                shutil.copyfile(self.rpm_paths[(name, bd.nvr)], dest)
                pin(dest, when)
                packages.append(truth.nevra(name, bd))
        last = max(c["revision"] or 0 for c in self.composes if c["series"] == "updates")
        repos.createrepo(d, last)
        pin(d / "repodata" / "repomd.xml", last)
        self.archive = {"path": os.path.relpath(d, self.out) + "/", "revision": last,
                        "packages": installroot.sort_nevras(packages)}
        pin_dirs(self.out / "updates-archive")

    def build_pool(self) -> None:
        """The FCOS pool (kojipkgs repos-dist/coreos-pool/latest/<arch>/): a Koji dist-repo holding many
        versions per package, signed, including overrides that never went through Bodhi."""
        self.pool = None
        if POOL is None:
            return
        local = {bd.nvr for bd in LOCAL_REPO["builds"]} if LOCAL_REPO else set()
        stable = [bd for bd in GA_BUILDS] + [bd for c in UPDATES for bd in c.pushed]
        builds = {bd.nvr: bd for bd in [*stable, *POOL["only"]]
                  if bd.nvr not in POOL["exclude"] and bd.nvr not in local}
        d = self.kojipkgs / POOL["path"]
        last = max(c.revision for c in UPDATES)
        placed = repos.place_packages(d, sorted(builds.values(), key=lambda bd: bd.nvr), self.rpm_paths, last)
        repos.createrepo(d, last)
        pin(d / "repodata" / "repomd.xml", last)
        self.pool = {"path": POOL["path"], "revision": last,
                     "packages": installroot.sort_nevras([truth.nevra(n, bd) for n, bd, _ in placed])}

    def build_koji(self) -> None:
        """Koji's packages/<srpm-name>/<v>/<r>/: every build's unsigned RPMs under <arch>/, and the
        signature header of its signed copy under data/sigcache/<keyid>/<arch>/<nvra>.rpm.sig. The signed
        copies (data/signed/) are pruned days after a build stops being latest, so there are none."""
        self.koji = None
        if KOJI is None:
            return
        root = self.kojipkgs / KOJI["path"]
        local = {bd.nvr for bd in LOCAL_REPO["builds"]} if LOCAL_REPO else set()
        builds = []
        for nvr, bd in sorted(self.builds.items()):
            if nvr in local or nvr in nowhere.gone_nvrs():
                continue
            top = root / bd.source / bd.version / bd.release
            sigcache = nvr not in KOJI["noSigcache"]
            for name in bd.names:
                f = rpms.rpm_filename(name, bd)
                dest = top / bd.arch / f
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(rpms.unsigned_dir(self.work / "pool") / f, dest)
                pin(dest, self.built_at[nvr])
                if sigcache:
                    sig = top / "data" / "sigcache" / SIGKEY / bd.arch / f"{f}.sig"
                    sig.parent.mkdir(parents=True, exist_ok=True)
                    sig.write_bytes(rpms.signature_header(self.rpm_paths[(name, nvr)]))
                    pin(sig, self.built_at[nvr] + rpms.SIGNED_AFTER)
            builds.append({"nvr": nvr, "sourcerpm": f"{nvr}.src.rpm", "sigcache": sigcache,
                           "packages": installroot.sort_nevras([truth.nevra(n, bd) for n in bd.names])})
        self.koji = {"path": KOJI["path"], "keyid": SIGKEY, "builds": builds}

    def compose(self, cid: str) -> dict:
        return next(c for c in self.composes if c["id"] == cid)

    # ---- bases --------------------------------------------------------------------------------
    def build_local_repo(self) -> None:
        """The third-party repo (an organisation's own packages), in the work directory: bases record it,
        the world does not serve it."""
        self.local_repo = None
        if LOCAL_REPO is None:
            return
        d = self.work / "local-repo" / LOCAL_REPO["id"]
        placed = repos.place_packages(d, LOCAL_REPO["builds"], self.rpm_paths, LOCAL_REPO["revision"])
        repos.createrepo(d, LOCAL_REPO["revision"])
        self.local_repo = {"id": LOCAL_REPO["id"], "url": f"file://{d}/", "timestamp": repos.largest_timestamp(d),
                           "packages": [n for n, _, _ in placed]}

    def install_spec(self, spec) -> tuple[Path, dict, list[tuple[str, int]]]:
        """Installs a base as its compose tool would; returns its root, compose and recorded repos."""
        ga_only = getattr(spec, "ga_only", False)
        local = getattr(spec, "local", ())
        c = self.ga if ga_only else self.compose(spec.compose)
        repo_urls = {"fedora": self.os_url(self.ga["path"])}
        if not ga_only:
            repo_urls["updates"] = self.os_url(c["path"])
        recorded = [(spec.repo_ids[0], self.ga["repoTimestamp"] + spec.timestamp_skew[0])]
        if not ga_only:
            recorded.append((spec.repo_ids[1], c["repoTimestamp"] + spec.timestamp_skew[1]))
        testing = getattr(spec, "testing", None)
        if testing is not None:  # both snapshots enabled: dnf takes the best build either offers
            tc = self.compose(testing)
            repo_urls["updates-testing"] = self.os_url(tc["path"])
            recorded.append((spec.repo_ids[2], tc["repoTimestamp"]))
        if local:
            repo_urls[self.local_repo["id"]] = self.local_repo["url"]
            recorded.append((self.local_repo["id"], self.local_repo["timestamp"]))
        specs = sorted(spec.names)
        overrides = getattr(spec, "overrides", ())
        if overrides:
            d = self.work / "overrides" / spec.key
            placed = repos.place_packages(d, list(overrides), self.rpm_paths, GA["revision"])
            repos.createrepo(d, GA["revision"])
            repo_urls["overrides"] = f"file://{d}/"
            pinned = {name: f"{name}-{bd.version}-{bd.release}" for name, bd, _ in placed}
            specs = [pinned.get(n, n) for n in specs]
        root = self.work / "roots" / spec.key
        installroot.dnf_install(root, self.work / "dnf" / spec.key, repo_urls, specs)
        return root, c, recorded

    def build_bases(self) -> None:
        repo = self.out / "ostree" / "repo"
        repo.parent.mkdir(parents=True)
        ostree_repo.init(repo)
        self.repo = repo
        self.bases: dict[str, dict] = {}
        self.roots: dict[str, Path] = {}
        self.build_local_repo()
        for spec in [*BASES, *nowhere.bases(), *union.bases()]:
            root, c, recorded = self.install_spec(spec)
            self.roots[spec.key] = root
            pkgs = installroot.installed(root)
            skews = list(spec.timestamp_skew) + [0] * (len(recorded) - 2)
            # A Branched base was composed before the GA tree existed: date it by what it recorded.
            ts = (recorded[0][1] if getattr(spec, "ga_only", False) else c["updateinfoTimestamp"]) + 5400
            testing = getattr(spec, "testing", None)
            if testing is not None:  # composed after both snapshots were out
                ts = max(ts, self.compose(testing)["updateinfoTimestamp"] + 5400)
            typed = {"rpmostree.rpmdb.pkglist": ostree_repo.pkglist_text(pkgs)}
            if spec.repo_metadata == "inline":
                typed["rpmostree.rpmmd-repos"] = ostree_repo.repos_text(recorded, big_endian=True)
            strings = {"version": spec.version,
                       "rpmostree.inputhash": ostree_repo.inputhash(spec.ref, spec.compose, *map(str, recorded),
                                                                   ostree_repo.pkglist_text(pkgs))}
            if spec.ref.startswith("fedora/x86_64/coreos/"):
                strings["coreos-assembler.basearch"] = ARCH
            tree = ostree_repo.stage_tree(root, self.work / "trees" / spec.key, spec.version)
            csum = ostree_repo.commit(repo, spec.ref, tree, ts, f"{spec.version}", strings=strings, typed=typed)
            if spec.repo_metadata == "detached":
                ostree_repo.set_detached(repo, csum, {
                    "rpmostree.rpmmd-repos": ostree_repo.repos_text(recorded, big_endian=True)})
            self.bases[spec.key] = {
                "kind": "ostree",
                "ref": spec.ref,
                "commit": csum,
                "parent": None,
                "version": spec.version,
                "commitTime": ts,
                "description": spec.description,
                "builtFrom": {"ga": self.ga["id"], "updates": None if getattr(spec, "ga_only", False) else spec.compose,
                              **({} if testing is None else {"updatesTesting": testing})},
                "repoMetadata": spec.repo_metadata,
                "recordedRepos": [] if spec.repo_metadata == "disabled" else [
                    {"id": rid, "timestamp": t, "byteOrder": "big-endian",
                     "where": "detached" if spec.repo_metadata == "detached" else "inline",
                     "equalsPublishedRepomd": skew == 0} for (rid, t), skew in zip(recorded, skews)],
                "strategy": spec.strategy,
                "packages": pkgs,
            }
            if getattr(spec, "local", ()):
                self.bases[spec.key]["localPackages"] = sorted(spec.local)

    def build_layered(self) -> None:
        base = self.bases[LAYERED["base"]]
        root = self.work / "roots" / LAYERED["key"]
        shutil.copytree(self.roots[LAYERED["base"]], root, symlinks=True)
        c = self.compose(LAYERED["compose"])
        names = sorted({p["name"] for p in base["packages"]})
        installroot.dnf_install(root, self.work / "dnf" / LAYERED["key"],
                                {"fedora": self.os_url(self.ga["path"]), "updates": self.os_url(c["path"])},
                                list(LAYERED["packages"]), excludes=names)
        pkgs = installroot.installed(root)
        recorded = [("fedora", self.ga["repoTimestamp"]), ("updates", c["repoTimestamp"])]
        typed = {
            "rpmostree.clientlayer": "true",
            "rpmostree.clientlayer_version": "<uint32 4>",
            "rpmostree.rpmmd-repos": ostree_repo.repos_text(recorded, big_endian=False),
        }
        strings = {"version": base["version"],
                   "rpmostree.state-sha512": __import__("hashlib").sha512(
                       ("\n".join(LAYERED["packages"]) + base["commit"]).encode()).hexdigest()}
        tree = ostree_repo.stage_tree(root, self.work / "trees" / LAYERED["key"], base["version"])
        csum = ostree_repo.commit(self.repo, LAYERED["ref"], tree, LAYERED["timestamp"], "", strings=strings,
                                  typed=typed, parent=base["commit"], bindings=False)
        self.bases[LAYERED["key"]] = {
            "kind": "ostree",
            "ref": LAYERED["ref"],
            "commit": csum,
            "parent": base["commit"],
            "version": base["version"],
            "commitTime": LAYERED["timestamp"],
            "description": LAYERED.get("description", "client-side layer (host-order metadata) of wget2 on fcos-stable; read its parent"),
            "builtFrom": base["builtFrom"],
            "repoMetadata": "inline",
            "recordedRepos": [{"id": rid, "timestamp": t, "byteOrder": "host", "where": "inline",
                               "equalsPublishedRepomd": True, "layering": True} for rid, t in recorded],
            "layeredPackages": list(LAYERED["packages"]),
            "strategy": base["strategy"],
            "packages": pkgs,
            "basePackages": base["packages"],
        }

    # ---- the other base sources ---------------------------------------------------------------
    def write_sources(self) -> None:
        d = self.out / "bases"
        d.mkdir()
        meta = lambda b: ostree_repo.commit_metadata(self.repo, b["commit"])  # noqa: E731
        deps = []
        for spec in SOURCES["deployments"]:
            a = self.bases[spec["base"]]
            if spec["layered"] is None:
                deps.append(sources.deployment(
                    osname=SOURCES["osname"], checksum=a["commit"], serial=0, booted=spec["booted"],
                    origin=f"fedora:{a['ref']}", commit_meta=meta(a), commit_version=a["version"],
                    commit_ts=a["commitTime"], requested=[], base=None))
                continue
            lay = self.bases[spec["layered"]]
            deps.append(sources.deployment(
                osname=SOURCES["osname"], checksum=lay["commit"], serial=0, booted=spec["booted"],
                origin=f"fedora:{a['ref']}", commit_meta=meta(lay), commit_version=lay["version"],
                commit_ts=lay["commitTime"], requested=list(LAYERED["packages"]),
                base={"checksum": a["commit"], "meta": meta(a), "version": a["version"],
                      "timestamp": a["commitTime"]}))
        (d / "status.json").write_text(sources.status_json(deps))
        (d / "commitmeta.json").write_text(sources.commitmeta_json(meta(self.bases[SOURCES["commitmeta"]])))
        (d / "pkglist.txt").write_text(installroot.rpm_qa(self.roots[SOURCES["pkglist"]], self.work / "rpmqa"))

    # ---- finish -------------------------------------------------------------------------------
    def prune_and_link(self) -> None:
        for c in self.composes:
            if c["pruned"]:
                shutil.rmtree(self.kojipkgs / c["path"])
        updates_dir = self.kojipkgs / "compose" / "updates"
        self.tags = {}
        for tag, series in ((f"f{RELEASE}-updates", "updates"), (f"f{RELEASE}-updates-testing", "updates-testing")):
            latest = [c for c in self.composes if c["series"] == series and not c["pruned"]
                      and c["status"] in ("FINISHED", "FINISHED_INCOMPLETE")][-1]
            (updates_dir / tag).symlink_to(latest["id"])
            self.tags[tag] = latest["id"]
        for name, text in STRAY.items():  # what else a mirror's compose/updates/ may hold
            if text.startswith("->"):
                (updates_dir / name).symlink_to(text[2:])
            else:
                (updates_dir / name).write_text(text)
                pin(updates_dir / name, self.composes[-1]["revision"] or GA["revision"])
        pin_dirs(self.kojipkgs)

    def capture_listings(self) -> None:
        listings.capture(self.kojipkgs, self.out / "listings", self.out / "listings-table",
                         ["", "compose/", "compose/updates/"], pin_dirs)

    def fetch_truth(self, bs: dict) -> dict:
        """What `compose-match fetch` must answer for each FETCH request on this base: each build at the
        EVR of the base package from the same source package, from the first source of the chain that
        holds it (the base's own compose while retained, live updates, GA, the pool, the archive, Koji)."""
        source_of = {(n, bd.version, bd.release): bd.source for bd in self.builds.values() for n in bd.names}
        base_evr = {source_of[(p["name"], p["version"], p["release"])]: p for p in bs["packages"]
                    if (p["name"], p["version"], p["release"]) in source_of}
        own = bs["builtFrom"]["updates"]
        chain = []
        if own is not None and not self.compose(own).get("pruned"):
            chain.append(("compose", self.compose(own)["packages"]))
        chain += [("updates", self.compose(self.tags[f"f{RELEASE}-updates"])["packages"]),
                  ("ga", self.ga["packages"]), ("pool", self.pool["packages"]), ("archive", self.archive["packages"])]
        key = lambda p: (p["name"], p["epoch"], p["version"], p["release"], p["arch"])  # noqa: E731
        out = {}
        for request, names in FETCH.items():
            builds = []
            for name in names:
                bd = next(bd for bd in self.builds.values() if name in bd.names)
                evr = base_evr.get(bd.source)
                if evr is None:
                    break
                want = {"name": name, "epoch": evr["epoch"], "version": evr["version"], "release": evr["release"],
                        "arch": evr["arch"]}
                where = next((kind for kind, pkgs in chain if key(want) in {key(p) for p in pkgs}), None)
                if where is None:
                    koji = next((k for k in self.koji["builds"] if key(want) in {key(p) for p in k["packages"]}), None)
                    where = None if koji is None else "koji" if koji["sigcache"] else "koji-unsigned"
                builds.append({"nevra": want, "source": where})
            else:
                ok = all(b["source"] not in (None, "koji-unsigned") for b in builds)
                out[request] = {"builds": builds, "exit": 0 if ok else 3}
        return out

    def union_truth(self, bs: dict, pk: list[dict], ga: list[dict] | None, usable_in) -> None:
        """A base built from updates and updates-testing at once is judged by the union of the two
        snapshots with GA (truth.union_compare). A recorded compose no longer retained is replaced by
        its series' nearest retained compose, and then the union cannot be exact."""
        picked, substituted = [], False
        for series, cid in (("updates", bs["builtFrom"]["updates"]), ("updates-testing", bs["builtFrom"]["updatesTesting"])):
            usable = usable_in(series)
            if cid in {c["id"] for c in usable}:
                picked.append(self.compose(cid))
            else:
                substituted = True
                near = truth.nearest(pk, usable, ga, self.compose(cid)["revision"])["compose"]
                picked.append(self.compose(near))
        d = truth.union_compare(pk, [(c["id"], c["packages"]) for c in picked], ga)
        exact = not substituted and not (d["newer"] or d["older"] or d["absent"] or d["unchecked"])
        bs["union"] = {"composes": [c["id"] for c in picked], "drift": d["drift"]}
        if exact:
            bs["expected"] = {"result": bs["strategy"], "compose": picked[0]["id"],
                              "composes": [c["id"] for c in picked], "exit": 0}
        else:
            bs["nearest"] = {"compose": picked[0]["id"], "wouldReplace": d["newer"], "wouldDowngrade": d["older"],
                             "absent": d["absent"]}
            bs["expected"] = {"result": "nearest", "compose": None, "composes": [c["id"] for c in picked],
                              "exit": 3}

    def write_truth(self, seconds_unused: float = 0) -> None:
        def usable_in(series: str) -> list[dict]:
            return [c for c in self.composes if not c["pruned"] and c["series"] == series
                    and c["status"] in ("FINISHED", "FINISHED_INCOMPLETE") and c["hasRepodata"]
                    and "composeIdFile" not in c]

        for key, bs in self.bases.items():
            pk = bs.get("basePackages", bs["packages"])
            built = self.ga if bs["builtFrom"]["updates"] is None else self.compose(bs["builtFrom"]["updates"])
            usable = usable_in(built.get("series", "updates"))  # the series the base was built from
            repos_of = next((p for p in self.bases.values() if p["commit"] == bs["parent"]), bs)["recordedRepos"]
            state = truth.ga_state(repos_of, self.ga["repoTimestamp"])
            ga = self.ga["packages"] if state in ("confirmed", "unrecorded") else None
            bs["gaTree"] = state
            bs["agreeingComposes"] = truth.agreeing(pk, usable, ga)
            bs["builtFromPruned"] = bool(built.get("pruned"))
            pool_built = any(r["id"] == "fedora-coreos-pool" for r in repos_of)
            # A timestamp or version names the compose by itself; without a usable GA tree the packages
            # it does not carry stay unchecked (noted), but nothing it carries may disagree.
            named = bs["strategy"] in ("timestamp", "version") and ga is None and not bs["builtFromPruned"] \
                and truth.carried_agree(pk, built["packages"])
            if "updatesTesting" in bs["builtFrom"]:
                self.union_truth(bs, pk, ga, usable_in)
            elif not named and (bs["strategy"] == "nearest" or built["id"] not in bs["agreeingComposes"]):
                bs["nearest"] = truth.nearest(pk, usable, ga, built["revision"])
                # A pool-built base's own compose is its nearest; a pruned one's is the best survivor.
                bs["expected"] = {"result": "nearest", "compose": None,
                                  "exit": 1 if state in ("mismatch", "failed") else 3}
            else:
                bs["expected"] = {"result": bs["strategy"], "compose": built["id"], "exit": 0}
            bs["poolBuilt"] = pool_built
            bs["unexplained"] = truth.unexplained(pk, usable, ga)
            # (fetch's chain has one compose per base; the union base's kernel is for layering only)
            if FETCH and any(p["name"] == "kernel-core" for p in pk) and "updatesTesting" not in bs["builtFrom"]:
                bs["fetch"] = self.fetch_truth(bs)
            if key == nowhere.KEY:
                bs["fetchNowhere"] = nowhere.fetch_truth(self, bs)
        a = self.bases[EXACT_EVR["base"]]
        latest = self.tags[f"f{RELEASE}-updates"]
        doc = {
            "schemaVersion": 1,
            "release": RELEASE,
            "arch": ARCH,
            "kojipkgs": "kojipkgs/",
            "composeRoot": "kojipkgs/compose/updates/",
            "retention": {"composesPerSeries": RETENTION},
            "ga": self.ga,
            "composes": self.composes,
            "kojiTags": self.tags,
            "updatesArchive": self.archive,
            "ostreeRepo": "ostree/repo/",
            "gpgKey": "keys/RPM-GPG-KEY-compose-match-world",
            "pool": self.pool,
            "koji": self.koji,
            "bases": self.bases,
            "sources": {
                "status": {"file": "bases/status.json",
                           "bootedDeployment": [d["booted"] for d in SOURCES["deployments"]].index(True),
                           "deployments": SOURCES["deployments"],
                           "timestampsGarbled": "base-commit-meta (big-endian read as host-order int64)"},
                "commitmeta": {"file": "bases/commitmeta.json", "base": SOURCES["commitmeta"]},
                "pkglist": {"file": "bases/pkglist.txt", "base": SOURCES["pkglist"]},
            },
            "scenarios": {
                "exactEvrSubpackage": {**EXACT_EVR, "failsWith": latest, "succeedsWith": a["builtFrom"]["updates"]},
                **SCENARIOS,
            },
        }
        (self.out / "truth.json").write_text(json.dumps(doc, indent=2) + "\n")


def generate(out: Path) -> float:
    # Nothing may depend on the caller's environment: time zone, umask, locale.
    os.environ.update(TZ="UTC", LC_ALL="C.UTF-8", SOURCE_DATE_EPOCH=str(GA["revision"]))
    time.tzset()
    os.umask(0o022)
    start = time.monotonic()
    out.mkdir(parents=True, exist_ok=True)
    if any(out.iterdir()):
        raise SystemExit(f"{out} is not empty")
    with tempfile.TemporaryDirectory(prefix="world-work-") as tmp:
        w = World(out, Path(tmp))
        w.build_rpms()
        w.build_ga()
        w.build_series([c for c in UPDATES], cumulative=True)
        w.build_archive()
        w.build_pool()
        w.build_koji()
        w.build_series(testing_composes(), cumulative=False)
        w.build_bases()
        w.build_layered()
        ostree_repo.summary(w.repo, LAYERED["timestamp"])
        ostree_repo.keep_empty_dirs(w.repo)
        w.write_sources()
        w.prune_and_link()
        w.capture_listings()
        w.write_truth()
    return time.monotonic() - start
