"""Fixtures of the DOT layer's unit tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def pydot_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Read files as on a machine without Graphviz (the dot program or WebAssembly): with pydot."""
    monkeypatch.setattr("sphinx_onestates.dot.runner.find_graphviz", lambda *args, **kwargs: None)
