#!/usr/bin/python3
"""A Koji hub for the world: Python's xmlrpc.server serving koji's method names and return shapes
(kojihub/kojihub.py) from a timeline derived from the committed world (fixtures/world/truth.json).

Timeline: each updates series' composes, oldest first, carry the latest build of each package; the
changes between consecutive composes become tag_listing rows (a tagging when a build first
appears, an untagging when a package's latest build goes away), one event each, spread between the
previous compose's repomd timestamp and this compose's start (Bodhi tags before pungi gathers). The
coreos-pool tag gets each pool build when it first reached an updates tag (GA builds at GA time,
pool-only builds three days before the pool repo). Signed builds carry the world's key.

Benches serve generated tags instead (--synthetic=P:C[:D] an updates tag, --synthetic-pool=N:C:D
the FCOS pool). Also: a fault (unknown tag, koji.GenericError as koji raises it), a stalled method (--stall NAME
sleeps that long), koji's i8 marshalling and its __starstar keyword convention. Prints the port.
"""
import json
import re
import sys
import threading
import time
import xmlrpc.client
from socketserver import ThreadingMixIn
from xmlrpc.server import SimpleXMLRPCRequestHandler, SimpleXMLRPCServer

MAXI8 = 2 ** 63 - 1


def dump_int(self, value, write):
    # koji/xmlrpcplus.py ExtendedMarshaller: <i8> past 32 bits.
    if value > MAXI8 or value < -MAXI8 - 1:
        raise OverflowError("long int exceeds XML-RPC limits")
    if value > xmlrpc.client.MAXINT or value < xmlrpc.client.MININT:
        write("<value><i8>%d</i8></value>\n" % value)
    else:
        write("<value><int>%d</int></value>\n" % value)


xmlrpc.client.Marshaller.dispatch[int] = dump_int


class GenericError(Exception):
    faultCode = 1000


def split_nvr(nvr):
    n, v, r = nvr.rsplit("-", 2)
    return n, v, r


class World:
    def __init__(self, truth):
        self.keyid = truth["koji"]["keyid"]
        self.arch = truth["arch"]
        self.builds = {}  # nvr -> build dict
        self.rpm_build = {}  # binary nevra key -> nvr
        for i, b in enumerate(sorted(truth["koji"]["builds"], key=lambda b: b["nvr"])):
            name = b["sourcerpm"][: -len(".src.rpm")].rsplit("-", 2)[0]
            n, v, r = split_nvr(b["nvr"])
            epochs = {p["epoch"] for p in b["packages"]}
            self.builds[b["nvr"]] = {
                "build_id": 1000 + i,
                "package_name": name,
                "name": name,
                "version": v,
                "release": r,
                "epoch": epochs.pop() if len(epochs) == 1 else None,
                "nvr": b["nvr"],
                "signed": b["sigcache"],
                "rpms": b["packages"],
            }
            for p in b["packages"]:
                self.rpm_build[key(p)] = b["nvr"]
        self.rpm_ids = {}
        for nvr in sorted(self.builds):
            for p in self.builds[nvr]["rpms"]:
                self.rpm_ids[key(p)] = 50000 + len(self.rpm_ids)
        self.events = []  # (id, ts)
        self.rows = []  # tag_listing rows
        self.tags = {}
        self.truth = {"events": []}
        pending = []  # (ts, tag, action, nvr)
        for series, tag in (("updates", "f32-updates"), ("updates-testing", "f32-updates-testing")):
            pending += self.series_changes(truth, series, tag)
        pending += self.pool_changes(truth, pending)
        pending.sort(key=lambda c: (c[0], c[1], c[3]))
        for ts, tag, action, nvr in pending:
            self.apply(ts, tag, action, nvr)

    def builds_of(self, packages):
        latest = {}
        for p in packages:
            nvr = self.rpm_build[key(p)]
            latest[self.builds[nvr]["package_name"]] = nvr
        return latest

    def series_changes(self, truth, series, tag):
        composes = sorted(
            (c for c in truth["composes"] if c["series"] == series and c["revision"] is not None),
            key=lambda c: c["revision"],
        )
        changes = []
        active = {}  # package -> list of nvrs, oldest tagging first
        prev_end = None
        for c in composes:
            target = self.builds_of(c["packages"])
            start = c["revision"] - 86400 if prev_end is None else prev_end + 600
            end = c["revision"] - 1800
            steps = []
            for pkg in sorted(set(active) | set(target)):
                want = target.get(pkg)
                held = active.setdefault(pkg, [])
                while (held[-1] if held else None) != want:
                    if want is not None and want in held:
                        steps.append(("untag", held.pop()))
                    elif want is None:
                        steps.append(("untag", held.pop()))
                    else:
                        held.append(want)
                        steps.append(("tag", want))
            for i, (action, nvr) in enumerate(steps):
                ts = start + (end - start) * (i + 1) / (len(steps) + 1)
                changes.append((round(ts, 6) + 0.000123, tag, action, nvr))
            prev_end = c["repoTimestamp"]
        return changes

    def pool_changes(self, truth, pending):
        first = {}
        for ts, tag, action, nvr in pending:
            if action == "tag" and nvr not in first:
                first[nvr] = ts
        ga = {self.rpm_build[key(p)] for p in truth["ga"]["packages"] if key(p) in self.rpm_build}
        out = []
        for nvr in sorted({self.rpm_build[key(p)] for p in truth["pool"]["packages"]}):
            if nvr in first:
                ts = first[nvr] + 60
            elif nvr in ga:
                ts = truth["ga"]["revision"] + 0.5
            else:
                ts = truth["pool"]["revision"] - 3 * 86400
            out.append((ts, "coreos-pool", "tag", nvr))
        return out

    def apply(self, ts, tag, action, nvr):
        event = {"id": 40000000 + len(self.events), "ts": ts}
        self.events.append(event)
        self.tags.setdefault(tag, 100 + len(self.tags))
        b = self.builds[nvr]
        if action == "tag":
            row = {"tag": tag, "nvr": nvr, "create_event": event["id"], "create_ts": ts,
                   "revoke_event": None, "revoke_ts": None, "active": True}
            self.rows.append(row)
            # By package too, so a one-package listing does not scan a year of rows.
            self.__dict__.setdefault("by_package", {}).setdefault((tag, b["package_name"]), []).append(row)
        else:
            row = next(r for r in reversed(self.rows) if r["tag"] == tag and r["nvr"] == nvr and r["active"])
            row.update(revoke_event=event["id"], revoke_ts=ts, active=None)
        self.truth["events"].append({"event": event, "tag": tag, "action": action, "nvr": nvr,
                                     "package": b["package_name"]})

    def tag_id(self, tag):
        if isinstance(tag, str) and tag in self.tags:
            return tag
        raise GenericError("No such tagInfo: %r" % (tag,))


def add_synthetic_build(world, pkg, release):
    """A synthetic build of PKG (three rpms: PKG noarch, -libs and -devel x86_64), new ids; its NVR."""
    nvr = "%s-1.0-%d.fc40" % (pkg, release)
    rpms = [{"name": pkg + sub, "epoch": None, "version": "1.0", "release": "%d.fc40" % release,
             "arch": "x86_64" if i % 3 else "noarch"} for i, sub in enumerate(("", "-libs", "-devel"))]
    # Koji refuses to build an NVR twice; a rebuilt one would share the next build's id here.
    assert nvr not in world.builds, nvr
    world.builds[nvr] = {"build_id": len(world.builds) + 1, "package_name": pkg, "name": pkg,
                         "version": "1.0", "release": "%d.fc40" % release, "epoch": None,
                         "nvr": nvr, "signed": True, "rpms": rpms}
    for r in rpms:
        world.rpm_ids[key(r)] = len(world.rpm_ids) + 1
    return nvr


class SyntheticWorld(World):
    """A tag at Fedora's scale for benches: PACKAGES builds tagged at first, then CHANGES updates
    (a newer build of a random package, now and then an untagging) over two days. Deterministic."""

    def __init__(self, packages, changes, days=0):
        import random
        rng = random.Random(18)
        self.keyid = "deadbeef"
        self.builds, self.rpm_ids, self.events, self.rows, self.tags = {}, {}, [], [], {}
        self.truth = {"events": []}
        start = 1_700_000_000.0
        # Per package, the releases tagged (newest last) and the newest release ever built: an
        # untagging falls back to the build before, and the next update is a new build, never a
        # rebuilt NVR (Koji refuses one; reusing it gave two builds one id).
        held, built = {}, {}

        def add(pkg, release):
            return add_synthetic_build(self, pkg, release)

        def update(ts, pkg, untag):
            if untag and len(held[pkg]) > 1:
                self.apply(ts, "f40-updates", "untag", "%s-1.0-%d.fc40" % (pkg, held[pkg].pop()))
            else:
                built[pkg] += 1
                held[pkg].append(built[pkg])
                self.apply(ts, "f40-updates", "tag", add(pkg, built[pkg]))

        for i in range(packages):
            pkg = "pkg%05d" % i
            held[pkg], built[pkg] = [1], 1
            self.apply(start + i * 0.001, "f40-updates", "tag", add(pkg, 1))
        t0 = start + 86400
        if days:
            # DAYS daily pushes of CHANGES changes each, a second apart, at 10:00 UTC-ish.
            for d in range(days):
                push = t0 + d * 86400 + 36000
                for j in range(changes):
                    update(push + j, "pkg%05d" % rng.randrange(packages), j % 25 == 24)
            return
        for j in range(changes):
            update(t0 + j * (2 * 86400 / changes), "pkg%05d" % rng.randrange(packages), j % 25 == 24)


class SyntheticPoolWorld(World):
    """The FCOS pool at a plausible scale for benches: NAMES packages in `coreos-pool`, each with 1
    to 5 builds at first, then DAYS daily pushes of CHANGES taggings each (a new build of a random
    package, a second apart). Builds accumulate, as in the real pool: a package at 10 builds has its
    oldest untagged before the next is tagged, and every 25th change also untags the oldest build of
    a random package that holds more than one (Koji's occasional pruning). `f40-updates` holds one
    build, never changed, since a backfill always reads the updates tag too. Deterministic."""

    def __init__(self, names, changes, days):
        import random
        rng = random.Random(13)
        self.keyid = "deadbeef"
        self.builds, self.rpm_ids, self.events, self.rows, self.tags = {}, {}, [], [], {}
        self.truth = {"events": []}
        start = 1_700_000_000.0
        held = {}  # package -> releases tagged, oldest first
        last = {}  # package -> newest release built
        pool = "coreos-pool"

        def add(pkg, release):
            return add_synthetic_build(self, pkg, release)

        def tag(ts, pkg):
            last[pkg] = last.get(pkg, 0) + 1
            held.setdefault(pkg, []).append(last[pkg])
            self.apply(ts, pool, "tag", add(pkg, last[pkg]))

        def untag_oldest(ts, pkg):
            self.apply(ts, pool, "untag", "%s-1.0-%d.fc40" % (pkg, held[pkg].pop(0)))

        self.apply(start, "f40-updates", "tag", add("filler", 1))
        n = 0
        for i in range(names):
            pkg = "pkg%05d" % i
            for _ in range(1 + rng.randrange(5)):
                n += 1
                tag(start + n * 0.001, pkg)
        t0 = start + 86400
        for d in range(days):
            push = t0 + d * 86400 + 36000
            for j in range(changes):
                pkg = "pkg%05d" % rng.randrange(names)
                if len(held[pkg]) >= 10:
                    untag_oldest(push + 2 * j, pkg)
                tag(push + 2 * j + 0.5, pkg)
                if j % 25 == 24:
                    victim = "pkg%05d" % rng.randrange(names)
                    if len(held[victim]) > 1:
                        untag_oldest(push + 2 * j + 1, victim)


def key(p):
    return "%s-%s%s-%s.%s" % (p["name"], "" if p["epoch"] is None else "%d:" % p["epoch"],
                              p["version"], p["release"], p["arch"])


class Hub:
    def __init__(self, world, stall):
        self.w = world
        self.stall = stall

    def _dispatch(self, method, params):
        args, opts = list(params), {}
        if args and isinstance(args[-1], dict) and args[-1].get("__starstar"):
            opts = dict(args.pop())
            del opts["__starstar"]
        if method in self.stall:
            time.sleep(self.stall[method])
        fn = {"getLastEvent": self.getLastEvent, "getEvent": self.getEvent,
              "listTaggedRPMS": self.listTaggedRPMS, "queryHistory": self.queryHistory}.get(method)
        try:
            if fn is None:
                raise GenericError("Invalid method: %s" % method)
            return fn(*args, **opts)
        except GenericError as e:
            # As Fedora's hub words it (FACTS.md 13): the class, then the message.
            raise xmlrpc.client.Fault(e.faultCode, "koji.GenericError: %s" % e)

    def getLastEvent(self, before=None, strict=True):
        events = self.w.events
        if before is not None:
            if not isinstance(before, (int, float)):
                raise GenericError("Invalid type for before: %s" % type(before))
            # The database compares in its own precision: an event a few microseconds after
            # `before` can come back (kojihub's docstring says so).
            events = [e for e in events if e["ts"] < before + 0.000005]
        if not events:
            raise GenericError("no event before %r" % before)
        return dict(max(events, key=lambda e: e["id"]))

    def getEvent(self, id, strict=True):
        for e in self.w.events:
            if e["id"] == id:
                return dict(e)
        if strict:
            raise GenericError("No such event: %r" % id)
        return None

    def active_at(self, tag, event, package=None):
        rows = self.w.rows if package is None else self.w.__dict__.get("by_package", {}).get((tag, package), [])
        for r in rows:
            if r["tag"] != tag:
                continue
            if event is None:
                if r["active"]:
                    yield r
            elif r["create_event"] <= event and (r["revoke_event"] is None or r["revoke_event"] > event):
                yield r

    def listTaggedRPMS(self, tag, event=None, inherit=False, latest=False, package=None, arch=None,
                       rpmsigs=False, owner=None, type=None, strict=True, extra=True, draft=None):
        tag = self.w.tag_id(tag)
        rows = sorted(self.active_at(tag, event, package), key=lambda r: -r["create_event"])
        builds, seen = [], {}
        for r in rows:
            b = self.w.builds[r["nvr"]]
            if package is not None and b["package_name"] != package:
                continue
            count = seen.get(b["package_name"], 0)
            if latest and count >= (1 if latest is True else int(latest)):
                continue
            seen[b["package_name"]] = count + 1
            builds.append({
                "build_id": b["build_id"], "name": b["name"], "version": b["version"],
                "release": b["release"], "epoch": b["epoch"], "nvr": b["nvr"],
                "package_name": b["package_name"], "package_id": b["build_id"] + 7,
                "tag_name": tag, "tag_id": self.w.tags[tag], "owner_name": "bodhi",
                "owner_id": 3, "state": 1, "draft": False, "volume_name": "DEFAULT",
                "volume_id": 0, "create_event": r["create_event"],
            })
        arches = None if arch is None else ([arch] if isinstance(arch, str) else list(arch))
        rpms = []
        for bi in builds:
            b = self.w.builds[bi["nvr"]]
            for p in b["rpms"]:
                if arches is not None and p["arch"] not in arches:
                    continue
                row = {
                    "id": self.w.rpm_ids[key(p)], "name": p["name"], "version": p["version"],
                    "release": p["release"], "epoch": p["epoch"], "arch": p["arch"],
                    "build_id": b["build_id"], "external_repo_id": 0,
                    "external_repo_name": "INTERNAL", "payloadhash": "%032x" % self.w.rpm_ids[key(p)],
                    # Sizes and buildtimes of real rpms; a kernel source is past 2^31 bytes.
                    "size": 3_500_000_000 if p["name"] == "kernel" else 123456,
                    "buildtime": 1596000000, "draft": False, "extra": None,
                }
                if rpmsigs:
                    row["sigkey"] = self.w.keyid if b["signed"] else None
                rpms.append(row)
        return [rpms, builds]

    def queryHistory(self, tables=None, **kwargs):
        if tables != ["tag_listing"]:
            raise GenericError("only tag_listing is served here, not %r" % (tables,))
        tag = kwargs.get("tag")
        after, before = kwargs.get("after"), kwargs.get("before")
        out = []
        for r in self.w.rows:
            if tag is not None and r["tag"] != self.w.tag_id(tag):
                continue
            c, v = r["create_ts"], r["revoke_ts"]
            # kojihub: "either created or revoked after/before".
            if after is not None and not (c > after or (v is not None and v > after)):
                continue
            if before is not None and not (c < before or (v is not None and v < before)):
                continue
            b = self.w.builds[r["nvr"]]
            out.append({
                "active": r["active"], "create_event": r["create_event"],
                "revoke_event": r["revoke_event"], "creator_id": 3, "revoker_id": None if v is None else 3,
                "creator_name": "bodhi", "revoker_name": None if v is None else "bodhi",
                "create_ts": c, "revoke_ts": v, "build_id": b["build_id"],
                "tag_id": self.w.tags[r["tag"]], "tag.name": r["tag"], "name": b["package_name"],
                "version": b["version"], "release": b["release"], "epoch": b["epoch"],
                "build.state": 1,
            })
        return {"tag_listing": out}


class Server(ThreadingMixIn, SimpleXMLRPCServer):
    daemon_threads = True


class Handler(SimpleXMLRPCRequestHandler):
    rpc_paths = ("/kojihub",)

    def log_message(self, *args):
        pass

    def do_POST(self):
        # Record what reached the hub, so a test can prove nothing could log in.
        with open(self.server.seen_path, "a") as f:
            f.write(json.dumps({"headers": {k.lower(): v for k, v in self.headers.items()}}) + "\n")
        super().do_POST()


def main():
    truth_path, seen_path = sys.argv[1], sys.argv[2]
    stall = {}
    for arg in sys.argv[3:]:
        m = re.match(r"--stall=(\w+):([0-9.]+)$", arg)
        if m:
            stall[m.group(1)] = float(m.group(2))
    synthetic = [a for a in sys.argv[3:] if a.startswith("--synthetic=")]
    pool = [a for a in sys.argv[3:] if a.startswith("--synthetic-pool=")]
    if pool:
        world = SyntheticPoolWorld(*[int(x) for x in pool[0].split("=", 1)[1].split(":")])
        synthetic = pool
    elif synthetic:
        parts = [int(x) for x in synthetic[0].split("=", 1)[1].split(":")]
        world = SyntheticWorld(*parts)
    else:
        with open(truth_path) as f:
            world = World(json.load(f))
    if len(sys.argv) > 3 and "--timeline" in sys.argv:
        json.dump(world.truth, sys.stdout, indent=1)
        return
    server = Server(("127.0.0.1", 0), requestHandler=Handler, allow_none=True, logRequests=False)
    server.seen_path = seen_path
    server.register_instance(Hub(world, stall))
    server.register_multicall_functions()
    timeline = world.truth if not synthetic else {"events": world.truth["events"][-3:]}
    print(json.dumps({"port": server.server_address[1], "timeline": timeline}), flush=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sys.stdin.read()  # until the test closes our stdin


if __name__ == "__main__":
    main()
