"""The render cache's key and its answer for a drawing it lacks, without Graphviz or a build."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, cast

import pytest

from sphinx_onestates.sphinx_ext.domain import Drawing, OneStatesDomain
from sphinx_onestates.sphinx_ext.render_cache import Missing, cached_drawing, cached_file, error_file, render_key

if TYPE_CHECKING:
    from sphinx.builders import Builder
    from sphinx.config import Config


def config(*dot_args: str) -> Config:
    """The two settings the key reads."""
    return cast("Config", SimpleNamespace(onestates_dot="dot", onestates_dot_args=list(dot_args)))


def test_the_key_names_what_is_drawn_and_how() -> None:
    key = render_key(config(), "digraph { a }", "dot")
    assert len(key) == 20 and key == render_key(config(), "digraph { a }", "dot")
    assert key != render_key(config(), "digraph { b }", "dot")
    assert key != render_key(config(), "digraph { a }", "neato")
    assert key != render_key(config("-Gdpi=72"), "digraph { a }", "dot")


@pytest.fixture
def builder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Builder:
    drawings = {"k1": Drawing("digraph {}", "dot", ("A", "B"), ("A -> B (go)",))}
    monkeypatch.setattr(OneStatesDomain, "of", lambda env: SimpleNamespace(drawings=drawings))
    return cast("Builder", SimpleNamespace(doctreedir=tmp_path, env=None))


def test_a_cached_drawing_is_its_file(builder: Builder) -> None:
    path = cached_file(builder.doctreedir, "k1", "svg")
    path.parent.mkdir(parents=True)
    path.write_text("<svg/>", encoding="utf-8")
    assert cached_drawing(builder, "k1", "svg") == path


def test_a_failed_drawing_brings_graphvizs_message_and_the_transitions(builder: Builder) -> None:
    failure = error_file(builder.doctreedir, "k1", "pdf")
    failure.parent.mkdir(parents=True)
    failure.write_text("Graphviz failed to draw the diagram: syntax error", encoding="utf-8")
    assert cached_drawing(builder, "k1", "pdf") == Missing(
        "Graphviz failed to draw the diagram: syntax error", ("A -> B (go)",)
    )
    # the svg was neither drawn nor failed
    assert cached_drawing(builder, "k1", "svg") == Missing("the diagram was not drawn", ("A -> B (go)",))
