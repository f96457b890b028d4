"""The render cache's key, its files and its answer for a drawing it lacks, without Graphviz or a build."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, cast

import pytest

from sphinx_onestates.sphinx_ext import render_cache
from sphinx_onestates.sphinx_ext.domain import Drawing, OneStatesDomain
from sphinx_onestates.sphinx_ext.render_cache import (
    CACHE_FILE,
    Failure,
    Missing,
    cache_folder,
    cached_drawing,
    failure_name,
    file_name,
    render_key,
)

if TYPE_CHECKING:
    from sphinx.builders import Builder
    from sphinx.config import Config


def config(*dot_args: str, **settings: object) -> Config:
    """The settings the cache reads."""
    values = {
        "onestates_dot": "/nonexistent/dot",
        "onestates_dot_args": list(dot_args),
        "onestates_html_format": "svg",
        "onestates_timeout": 30.0,
        "onestates_cache_dir": None,
        "language": "en",
        **settings,
    }
    return cast("Config", SimpleNamespace(**values))


def test_the_key_names_what_is_drawn_and_how() -> None:
    key = render_key(config(), "digraph { a }", "dot")
    assert len(key) == 20 and key == render_key(config(), "digraph { a }", "dot")
    assert key != render_key(config(), "digraph { b }", "dot")
    assert key != render_key(config(), "digraph { a }", "neato")
    assert key != render_key(config("-Gdpi=72"), "digraph { a }", "dot")


def test_the_cache_sits_beside_the_output_folder_unless_configured(tmp_path: Path) -> None:
    assert cache_folder(config(), tmp_path / "_build" / "html") == tmp_path / "_build" / ".onestates-cache" / "html"
    assert cache_folder(config(onestates_cache_dir=str(tmp_path / "c")), tmp_path / "out") == tmp_path / "c"
    # a translation's drawings apart: each build removes the drawings it does not use
    german = config(onestates_cache_dir=str(tmp_path / "c"), language="de")
    assert cache_folder(german, tmp_path / "out") == tmp_path / "c" / "de"
    assert (
        cache_folder(config(language="de"), tmp_path / "_build" / "de")
        == tmp_path / "_build" / ".onestates-cache" / "de"
    )


def test_only_the_caches_own_names_match() -> None:
    key = "0123456789abcdef0123"
    assert CACHE_FILE.fullmatch(file_name(key, "svg")) and CACHE_FILE.fullmatch(failure_name(key, "pdf"))
    for name in ("index.doctree", "onestates-1234.svg", f"{key}.svg", f"onestates-{key}.svg.bak", "notes.txt"):
        assert CACHE_FILE.fullmatch(name) is None, name


def test_a_failure_reads_back_as_written() -> None:
    failure = Failure("Graphviz failed to draw the diagram: syntax error\nline 2", False, "Graphviz 2.43.0 (dot)")
    assert Failure.decode(failure.encode()) == failure
    assert Failure.decode(b"") is None and Failure.decode(b"keep\nGraphviz\n") is None


@pytest.fixture
def builder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Builder:
    drawings = {"k1": Drawing("digraph {}", "dot", ("A", "B"), ("A -> B (go)",))}
    monkeypatch.setattr(OneStatesDomain, "of", lambda env: SimpleNamespace(drawings=drawings))
    monkeypatch.setattr(render_cache, "graphviz_for", lambda config: None)  # nothing to draw again with
    settings = config(onestates_cache_dir=str(tmp_path / "cache"))
    return cast("Builder", SimpleNamespace(config=settings, outdir=tmp_path / "out", format="latex", env=None))


def test_a_cached_drawing_is_its_file_if_it_is_whole(builder: Builder, tmp_path: Path) -> None:
    path = tmp_path / "cache" / file_name("k1", "pdf")
    path.parent.mkdir(parents=True)
    path.write_bytes(b"%PDF-1.5\n...\n%%EOF\n")
    assert cached_drawing(builder, "k1", "pdf") == path
    builder._onestates_renderer = None  # type: ignore[attr-defined]
    path.write_bytes(b"%PDF-1.5\n...")  # cut short: not a drawing
    assert cached_drawing(builder, "k1", "pdf") == Missing("the diagram was not drawn", ("A -> B (go)",))


def test_a_failed_drawing_brings_graphvizs_message_and_the_transitions(builder: Builder, tmp_path: Path) -> None:
    failure = tmp_path / "cache" / failure_name("k1", "pdf")
    failure.parent.mkdir(parents=True)
    failure.write_bytes(Failure("Graphviz failed to draw the diagram: syntax error", False, "").encode())
    assert cached_drawing(builder, "k1", "pdf") == Missing(
        "Graphviz failed to draw the diagram: syntax error", ("A -> B (go)",)
    )
    # the svg was neither drawn nor failed
    assert cached_drawing(builder, "k1", "svg") == Missing("the diagram was not drawn", ("A -> B (go)",))
