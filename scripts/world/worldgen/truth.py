"""Ground truth derived from what the tools produced: package sets, agreement, the nearest compose."""

from .installroot import evr_cmp


def nevra(name: str, bd) -> dict:
    return {"name": name, "epoch": bd.epoch, "version": bd.version, "release": bd.release, "arch": bd.arch}


def evr_text(p: dict) -> str:
    return (f"{p['epoch']}:" if p["epoch"] is not None else "") + f"{p['version']}-{p['release']}"


def compare_with_compose(base_pkgs: list[dict], compose_pkgs: list[dict]) -> dict:
    """Base packages the compose carries at another EVR: newer ones it would replace, older ones."""
    by_key = {(p["name"], p["arch"]): p for p in compose_pkgs}
    newer, older = [], []
    for p in base_pkgs:
        c = by_key.get((p["name"], p["arch"]))
        if c is None:
            continue
        cmp = evr_cmp(c, p)
        entry = {"name": p["name"], "arch": p["arch"], "base": evr_text(p), "compose": evr_text(c)}
        if cmp > 0:
            newer.append(entry)
        elif cmp < 0:
            older.append(entry)
    return {"newer": newer, "older": older}


def agreeing(base_pkgs: list[dict], composes: list[dict]) -> list[str]:
    """DESIGN.md's package strategy: every package a compose carries that the base also has is at the
    base's EVR. Only retained, usable composes count."""
    out = []
    for c in composes:
        d = compare_with_compose(base_pkgs, c["packages"])
        if not d["newer"] and not d["older"]:
            out.append(c["id"])
    return out


def nearest(base_pkgs: list[dict], composes: list[dict], built_from_revision: int) -> dict:
    """Fewest base packages it would replace (newer), then fewest older, then closest in time."""
    best = None
    for c in composes:
        d = compare_with_compose(base_pkgs, c["packages"])
        key = (len(d["newer"]), len(d["older"]), abs(c["revision"] - built_from_revision))
        if best is None or key < best[0]:
            best = (key, c["id"], d)
    assert best is not None
    return {"compose": best[1], "wouldReplace": best[2]["newer"], "wouldDowngrade": best[2]["older"]}
