"""Variant worlds: another timeline module with the same names as timeline.py, put in its place
before the rest of worldgen is imported (every module reads the history through `.timeline`)."""

import importlib
import sys

import worldgen

from . import timeline  # noqa: F401  (the variant builds on its types: loaded first)


def activate(name: str) -> None:
    module = importlib.import_module(f"worldgen.timeline_{name}")
    sys.modules["worldgen.timeline"] = module
    worldgen.timeline = module
