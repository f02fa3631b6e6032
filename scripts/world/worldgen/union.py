"""Bases built from two snapshots at once: `updates` and `updates-testing` (issue 22 part 1).

A testing stream (or a Silverblue with updates-testing enabled) is composed with both repos enabled,
so dnf takes, for each package, the best build either snapshot offers, and GA's where neither carries
it; the commit records both repos' timestamps in `rpmostree.rpmmd-repos`. Each snapshot alone then
explains only part of the base.

- `fcos-union`: updates 0807.0 and updates-testing 0807.0, both retained. gnutls, glibc, toolbox and
  curl come from testing, nano, podman, wget2 and the kernel from stable, the rest from GA: exact by
  the union. Layering gnutls-devel needs testing's build, kernel-devel-matched stable's.
- `fcos-union-pruned`: updates 0801.0 (retained) and updates-testing 0731.0, which Bodhi has pruned
  since. Its bash and coreutils builds were replaced in testing the next day (unpushed, obsoleted),
  so the nearest testing compose with updates 0801 does not hold the base: nearest.

Kept apart from timeline.py like nowhere.py; world.py asks `bases()`, which is empty in a timeline
(a variant world) without these composes.
"""

from . import timeline

EXACT = "fcos-union"
PRUNED = "fcos-union-pruned"


def active() -> bool:
    ids = {c.id for c in timeline.UPDATES + timeline.testing_composes()}
    return {"Fedora-32-updates-20200807.0", "Fedora-32-updates-testing-20200807.0",
            "Fedora-32-updates-20200801.0", "Fedora-32-updates-testing-20200731.0"} <= ids


def bases() -> list:
    if not active():
        return []
    ids = ("fedora", "updates", "updates-testing")
    return [
        timeline.BaseSpec(
            EXACT, "fedora/x86_64/coreos/testing-union", "Fedora-32-updates-20200807.0",
            timeline.CORE + ("podman", "wget2", "kernel", "kernel-core", "kernel-modules"), "32.20200807.20.1",
            ids, "inline", "timestamp",
            "composed with updates and updates-testing enabled: gnutls, glibc, toolbox and curl are testing's "
            "builds, nano, podman, wget2 and the kernel stable's; neither compose alone explains the base, "
            "their union with GA does",
            testing="Fedora-32-updates-testing-20200807.0"),
        timeline.BaseSpec(
            PRUNED, "fedora/x86_64/coreos/testing-union-pruned", "Fedora-32-updates-20200801.0",
            timeline.CORE, "32.20200801.20.1", ids, "inline", "nearest",
            "composed with updates and updates-testing enabled, from a testing compose Bodhi has pruned "
            "since: its bash and coreutils builds left testing the next day, so the nearest testing compose "
            "and updates 0801 do not hold the base",
            testing="Fedora-32-updates-testing-20200731.0"),
    ]
