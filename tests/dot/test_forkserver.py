"""The Graphviz fork server: ``dot``'s bytes without ``dot``'s start-up per drawing (issue 15)."""

from __future__ import annotations

import dataclasses
import os
import stat
import threading
from pathlib import Path

import pytest

from sphinx_onestates.core.builtin import builtin_path
from sphinx_onestates.core.errors import OneStatesError
from sphinx_onestates.core.select import Selection
from sphinx_onestates.core.view import build_view
from sphinx_onestates.dot import runner
from sphinx_onestates.dot.interpret import load_file
from sphinx_onestates.dot.runner import FORKSERVER_VARIABLE, Graphviz, GraphvizStopped, find_graphviz

from ..conftest import requires_dot

pytestmark = [requires_dot, pytest.mark.skipif(not hasattr(os, "fork"), reason="the fork server needs fork")]


def _views() -> list[str]:
    """The whole VM graph and neighbourhoods of it: drawings the size of the real ones."""
    machine = load_file(builtin_path("vm-complete") or "")
    from sphinx_onestates.dot.write import emit_dot

    chosen = [Selection()] + [
        Selection(around=(name,), depth=depth)
        for name, depth in [("RUNNING", 1), ("PENDING", 2), ("POWEROFF", 1), ("PROLOG", 3), ("EPILOG", 2)]
    ]
    return [emit_dot(build_view(machine, selection), legend=True) for selection in chosen]


def _tool() -> Graphviz:
    tool = find_graphviz()
    assert tool is not None and tool.kind == "dot"
    return tool


def _by_dot(tool: Graphviz, source: str, formats: tuple[str, ...]) -> dict[str, bytes]:
    return runner._render_dot(tool, source, formats, "dot")


def test_the_server_is_used_and_draws_dots_bytes_in_every_format() -> None:
    tool = _tool()
    views = _views()
    for source in views:  # each after the others, in one server: no drawing depends on the ones before it
        assert tool.render(source, ("svg",)) == _by_dot(tool, source, ("svg",))
    for formats in (("pdf",), ("png", "cmapx"), ("svg", "pdf")):
        assert tool.render(views[0], formats) == _by_dot(tool, views[0], formats)
    assert runner._IDLE.get((tool.command, ("svg",))), "the drawings were not made by the fork server"


def test_the_order_of_drawings_does_not_change_one() -> None:
    tool = _tool()
    views = _views()
    alone = tool.render(views[3], ("svg",))
    runner.close_servers()
    for source in reversed(views):
        drawn = tool.render(source, ("svg",))
    assert drawn == tool.render(views[0], ("svg",))
    assert tool.render(views[3], ("svg",)) == alone


def test_a_graph_graphviz_refuses_is_reported_and_the_next_one_drawn() -> None:
    tool = _tool()
    with pytest.raises(OneStatesError) as failure:
        tool.render("digraph { a -> ", ("svg",))
    assert not isinstance(failure.value, GraphvizStopped)
    assert "Graphviz failed to draw the diagram" in failure.value.message
    assert "syntax error" in failure.value.message
    assert b"</svg>" in tool.render("digraph { a -> b }", ("svg",))["svg"]


def test_a_drawing_past_the_time_limit_is_stopped_and_the_next_one_drawn() -> None:
    tool = dataclasses.replace(_tool(), timeout=0.3)
    tool.render("digraph { a -> b }", ("svg",))  # a server is running
    slow = "digraph {" + " ".join(f"n{i} -> n{(i * 7919) % 3000}; n{i} -> n{(i * 31) % 3000};" for i in range(3000))
    with pytest.raises(GraphvizStopped) as failure:
        tool.render(slow + "}", ("svg",))
    assert failure.value.message == "Graphviz took longer than 0.3 s (onestates_timeout) and was stopped"
    assert b"</svg>" in tool.render("digraph { a -> b }", ("svg",))["svg"]


def test_servers_are_reused_not_piled_up() -> None:
    tool = _tool()
    runner.close_servers()

    def draw() -> None:
        for _ in range(5):
            tool.render("digraph { a -> b }", ("svg",))

    threads = [threading.Thread(target=draw) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert 1 <= len(runner._ALL) <= 3
    runner.close_servers()
    assert not runner._ALL


def _counting_dot(tmp_path: Path) -> str:
    """The real dot, counting its drawings in ``tmp_path/runs`` (``-V`` answers as the real one does)."""
    script = tmp_path / "dot"
    script.write_text(
        f'#!/bin/sh\ncase "$1" in -V) ;; *) echo run >> "{tmp_path}/runs" ;; esac\nexec dot "$@"\n', encoding="utf-8"
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    (tmp_path / "runs").write_text("", encoding="utf-8")
    return str(script)


def _runs(tmp_path: Path) -> int:
    return len((tmp_path / "runs").read_text(encoding="utf-8").splitlines())


def test_dot_draws_when_asked_to_or_given_arguments(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    counting = find_graphviz(_counting_dot(tmp_path))
    assert counting is not None
    counting.render("digraph { a -> b }", ("svg",))
    assert _runs(tmp_path) == 0  # same version as the library: the fork server drew it
    dataclasses.replace(counting, extra_args=("-Gpad=1",)).render("digraph { a -> b }", ("svg",))
    assert _runs(tmp_path) == 1  # extra arguments are dot's
    monkeypatch.setenv(FORKSERVER_VARIABLE, "0")
    counting.render("digraph { a -> b }", ("svg",))
    assert _runs(tmp_path) == 2


def test_another_graphviz_version_is_drawn_by_that_dot(tmp_path: Path) -> None:
    script = tmp_path / "dot"
    script.write_text(
        '#!/bin/sh\nif [ "$1" = "-V" ]; then echo "dot - graphviz version 99.0 (other)" >&2; exit 0; fi\n'
        f'echo run >> "{tmp_path}/runs"\nexec dot "$@"\n',
        encoding="utf-8",
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    (tmp_path / "runs").write_text("", encoding="utf-8")
    other = find_graphviz(str(script))
    assert other is not None
    other.render("digraph { a -> b }", ("svg",))
    assert _runs(tmp_path) == 1
