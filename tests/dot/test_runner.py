"""Running Graphviz: one run per drawing, the same bytes for the same graph, failures told apart (issue 15)."""

from __future__ import annotations

import stat
import time
from pathlib import Path

import pytest

from sphinx_onestates.core.errors import OneStatesError
from sphinx_onestates.dot.runner import GraphvizStopped, find_graphviz, is_whole, undated_pdf

from ..conftest import requires_dot

GRAPH = 'digraph door { CLOSED -> OPEN [label="open"]; OPEN -> CLOSED }'


@pytest.mark.parametrize(
    ("fmt", "whole"),
    [
        ("svg", b'<?xml version="1.0"?>\n<svg width="8pt">\n<g/>\n</svg>\n'),
        ("cmapx", b'<map id="door" name="door">\n<area href="x"/>\n</map>\n'),
        ("pdf", b"%PDF-1.5\n1 0 obj\n<< >>\nendobj\nstartxref\n9\n%%EOF\n"),
        ("png", b"\x89PNG\r\n\x1a\n" + b"\0" * 40 + b"\x00\x00\x00\x00IEND\xaeB`\x82"),
    ],
)
def test_a_drawing_cut_short_is_not_whole(fmt: str, whole: bytes) -> None:
    assert is_whole(whole, fmt)
    for cut in (b"", whole[: len(whole) // 2], whole[:-9], b"garbage" + whole[7:]):
        assert not is_whole(cut, fmt), cut


def test_a_pdf_loses_its_date_and_keeps_its_offsets() -> None:
    pdf = b"%PDF-1.5\n<< /Producer (cairo)\n   /CreationDate (D:20261130065124Z)\n>>\nstartxref\n42\n%%EOF\n"
    undated = undated_pdf(pdf)
    assert len(undated) == len(pdf) and b"CreationDate" not in undated and b"/Producer (cairo)" in undated


@requires_dot
@pytest.mark.parametrize("fmt", ["svg", "pdf", "png"])
def test_the_same_graph_is_the_same_bytes_every_time(fmt: str) -> None:
    tool = find_graphviz()
    assert tool is not None
    first = tool.render(GRAPH, (fmt,))[fmt]
    time.sleep(1.1)  # a PDF's date would have changed
    assert tool.render(GRAPH, (fmt,))[fmt] == first
    assert tool.render(GRAPH, ("png", "cmapx", fmt))[fmt] == first  # one format or several: the same drawing


def fake(tmp_path: Path, body: str) -> str:
    script = tmp_path / "dot"
    script.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(script)


@requires_dot
@pytest.mark.parametrize(
    ("body", "stopped", "message"),
    [
        ("exec sleep 10", True, "Graphviz took longer than 0.3 s (onestates_timeout) and was stopped"),
        ("kill -KILL $$", True, "Graphviz was stopped (SIGKILL) before it drew the diagram"),
        ("kill -TERM $$", True, "Graphviz was stopped (SIGTERM) before it drew the diagram"),
        ("kill -SEGV $$", False, "Graphviz failed to draw the diagram: it crashed (SIGSEGV)"),
        ("echo 'Error: syntax error in line 1' >&2; exit 1", False, "Graphviz failed to draw the diagram: Error: syn"),
        ("exit 0", False, "Graphviz failed to draw the diagram: exit status 0"),
        ("printf '<svg>'", False, "Graphviz failed to draw the diagram: its svg output ends early"),
    ],
)
def test_a_stopped_graphviz_is_told_from_one_that_refused(
    tmp_path: Path, body: str, stopped: bool, message: str
) -> None:
    tool = find_graphviz()
    assert tool is not None
    broken = type(tool)("dot", "0.0 (fake)", tool.formats, fake(tmp_path, body), timeout=0.3)
    with pytest.raises(OneStatesError) as failure:
        broken.render(GRAPH, ("svg",))
    assert isinstance(failure.value, GraphvizStopped) is stopped
    assert failure.value.message.startswith(message), failure.value.message
