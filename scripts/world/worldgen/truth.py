"""Ground truth derived from what the tools produced: package sets, agreement, the nearest compose."""

from .installroot import evr_cmp


def nevra(name: str, bd) -> dict:
    return {"name": name, "epoch": bd.epoch, "version": bd.version, "release": bd.release, "arch": bd.arch}


def evr_text(p: dict) -> str:
    return (f"{p['epoch']}:" if p["epoch"] is not None else "") + f"{p['version']}-{p['release']}"


def ga_state(recorded: list[dict], ga_timestamp: int) -> str:
    """What the base's recorded 'fedora' timestamp says of the release tree (the matcher's gaTree.state)."""
    ts = next((r["timestamp"] for r in recorded if r["id"] == "fedora"), None)
    if ts is None:
        return "unrecorded"
    if ts == ga_timestamp:
        return "confirmed"
    return "prega" if ts < ga_timestamp else "mismatch"


def compare_with_compose(base_pkgs: list[dict], compose_pkgs: list[dict], ga_pkgs: list[dict] | None) -> dict:
    """The whole-base rule, written from the issue rather than from the TypeScript: each base package is
    carried by the compose at its EVR (else newer/older), or not carried and at its EVR in GA; a name
    neither knows is unexplained; a known name at another EVR is absent; without GA it is unchecked."""
    by_key = {(p["name"], p["arch"]): p for p in compose_pkgs}
    ga_keys = {(p["name"], p["arch"], evr_text(p)) for p in ga_pkgs or []}
    known = {p["name"] for p in compose_pkgs} | {p["name"] for p in ga_pkgs or []}
    out = {"newer": [], "older": [], "absent": [], "unchecked": [], "unexplained": []}
    for p in base_pkgs:
        c = by_key.get((p["name"], p["arch"]))
        if c is not None:
            cmp = evr_cmp(c, p)
            if cmp:
                entry = {"name": p["name"], "arch": p["arch"], "base": evr_text(p), "compose": evr_text(c)}
                out["newer" if cmp > 0 else "older"].append(entry)
        elif ga_pkgs is None:
            out["unchecked"].append(p["name"])
        elif (p["name"], p["arch"], evr_text(p)) in ga_keys:
            continue
        elif p["name"] not in known:
            out["unexplained"].append(p["name"])
        else:
            ga = [g for g in ga_pkgs if (g["name"], g["arch"]) == (p["name"], p["arch"])]
            out["absent"].append({"name": p["name"], "arch": p["arch"], "base": evr_text(p), "compose": None,
                                  "ga": evr_text(ga[0]) if ga else None})
    return out


def carried_agree(base_pkgs: list[dict], compose_pkgs: list[dict]) -> bool:
    """Every base package the compose carries is at the base's EVR."""
    d = compare_with_compose(base_pkgs, compose_pkgs, [])
    return not (d["newer"] or d["older"])


def agreeing(base_pkgs: list[dict], composes: list[dict], ga_pkgs: list[dict] | None) -> list[str]:
    """The retained, usable composes that agree with the whole base."""
    out = []
    for c in composes:
        d = compare_with_compose(base_pkgs, c["packages"], ga_pkgs)
        if not (d["newer"] or d["older"] or d["absent"] or d["unchecked"]):
            out.append(c["id"])
    return out


def unexplained(base_pkgs: list[dict], composes: list[dict], ga_pkgs: list[dict] | None) -> list[str]:
    """Base names no retained compose and no GA knows (the same for every compose of the world)."""
    known = {p["name"] for c in composes for p in c["packages"]} | {p["name"] for p in ga_pkgs or []}
    return [] if ga_pkgs is None else sorted({p["name"] for p in base_pkgs} - known)


def nearest(base_pkgs: list[dict], composes: list[dict], ga_pkgs: list[dict] | None,
            built_from_revision: int) -> dict:
    """Fewest base packages it would replace or cannot supply (newer + absent), then fewest older, then
    fewest unchecked, then closest in time."""
    best = None
    for c in composes:
        d = compare_with_compose(base_pkgs, c["packages"], ga_pkgs)
        key = (len(d["newer"]) + len(d["absent"]), len(d["older"]), len(d["unchecked"]),
               abs(c["revision"] - built_from_revision))
        if best is None or key < best[0]:
            best = (key, c["id"], d)
    assert best is not None
    d = best[2]
    return {"compose": best[1], "wouldReplace": d["newer"], "wouldDowngrade": d["older"], "absent": d["absent"]}


def union_compare(base_pkgs: list[dict], snapshots: list[tuple[str, list[dict]]], ga_pkgs: list[dict] | None) -> dict:
    """The whole-base rule for a base built with several snapshot repos enabled at once, as dnf chooses:
    for each (name, arch) the best EVR any snapshot offers (the first snapshot listed wins a tie) is
    the one the base must have; what no snapshot carries must be GA's. The result is
    compare_with_compose's against that union, and `drift` lists each newer/older/absent package with
    the snapshot whose build it is (None for an absent one)."""
    best: dict[tuple[str, str], tuple[str, dict]] = {}
    for cid, pkgs in snapshots:
        for p in pkgs:
            key = (p["name"], p["arch"])
            if key not in best or evr_cmp(p, best[key][1]) > 0:
                best[key] = (cid, p)
    out = compare_with_compose(base_pkgs, [p for _, p in best.values()], ga_pkgs)
    drift = []
    for direction in ("newer", "older", "absent"):
        for e in out[direction]:
            cid = best.get((e["name"], e["arch"]), (None,))[0] if direction != "absent" else None
            drift.append({**e, "direction": direction, "composeId": cid})
    out["drift"] = sorted(drift, key=lambda e: (e["name"], e["arch"]))
    return out
