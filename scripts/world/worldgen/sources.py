"""The other base sources, serialised by json-glib as the real tools do.

- `rpm-ostree status --json`: json-glib's `json_gvariant_serialize` of the deployment dicts; the base
  commit's metadata is passed through raw, so its big-endian `t` values come out as host-order signed
  int64 (garbled), while the client-layered commit's host-order values come out right.
- coreos-assembler `commitmeta.json`: the commit metadata byteswapped to host order first, then
  serialised the same way, so its timestamps are correct and it keeps the pkglist.
"""

import gi

gi.require_version("Json", "1.0")
from gi.repository import GLib, Json  # noqa: E402

PKGLIST = "rpmostree.rpmdb.pkglist"


def _to_string(node: Json.Node) -> str:
    gen = Json.Generator.new()
    gen.set_pretty(True)
    gen.set_root(node)
    text, _ = gen.to_data()
    return text + "\n"


def commitmeta_json(meta: GLib.Variant) -> str:
    """cosa: big-endian compose metadata byteswapped to host order (x86_64), then serialised."""
    return _to_string(Json.gvariant_serialize(meta.byteswap()))


def _without(meta: GLib.Variant, key: str) -> GLib.Variant:
    d = GLib.VariantDict.new(meta)
    d.remove(key)
    return d.end()


def deployment(*, osname: str, checksum: str, serial: int, booted: bool, origin: str, commit_meta: GLib.Variant,
               commit_version: str, commit_ts: int, base: dict | None, requested: list[str]) -> GLib.Variant:
    """One deployment as rpm-ostree's daemon builds it. `base` = {checksum, meta, version, timestamp} when
    the deployment is a client-side layer on that base commit."""
    d = GLib.VariantDict.new(None)
    d.insert_value("id", GLib.Variant("s", f"{osname}-{checksum}.{serial}"))
    d.insert_value("osname", GLib.Variant("s", osname))
    d.insert_value("serial", GLib.Variant("i", serial))
    d.insert_value("checksum", GLib.Variant("s", checksum))
    if base is not None:
        d.insert_value("base-checksum", GLib.Variant("s", base["checksum"]))
        d.insert_value("base-version", GLib.Variant("s", base["version"]))
        d.insert_value("base-timestamp", GLib.Variant("t", base["timestamp"]))
        d.insert_value("layered-commit-meta", _without(commit_meta, PKGLIST))
        d.insert_value("base-commit-meta", _without(base["meta"], PKGLIST))
    else:
        d.insert_value("base-commit-meta", _without(commit_meta, PKGLIST))
    d.insert_value("version", GLib.Variant("s", commit_version))
    d.insert_value("timestamp", GLib.Variant("t", commit_ts))
    d.insert_value("gpg-enabled", GLib.Variant("b", False))
    d.insert_value("origin", GLib.Variant("s", origin))
    d.insert_value("requested-packages", GLib.Variant("as", requested))
    d.insert_value("requested-local-packages", GLib.Variant("as", []))
    d.insert_value("requested-base-removals", GLib.Variant("as", []))
    d.insert_value("requested-base-local-replacements", GLib.Variant("as", []))
    d.insert_value("packages", GLib.Variant("as", sorted(requested)))
    d.insert_value("base-removals", GLib.Variant("a(sssss)", []))
    d.insert_value("base-local-replacements", GLib.Variant("a((sssss)(sssss))", []))
    d.insert_value("pinned", GLib.Variant("b", False))
    d.insert_value("unlocked", GLib.Variant("s", "none"))
    d.insert_value("regenerate-initramfs", GLib.Variant("b", False))
    d.insert_value("booted", GLib.Variant("b", booted))
    return d.end()


def status_json(deployments: list[GLib.Variant]) -> str:
    b = Json.Builder.new()
    b.begin_object()
    b.set_member_name("deployments")
    b.add_value(Json.gvariant_serialize(GLib.Variant.new_array(GLib.VariantType.new("a{sv}"), deployments)))
    b.set_member_name("transaction")
    b.add_null_value()
    b.set_member_name("cached-update")
    b.add_null_value()
    b.end_object()
    return _to_string(b.get_root())
