"""When Graphviz fails: which failures are remembered, which retried, and pages that follow (issue 15, items 3, 5).

A Graphviz that ran and refused a drawing (an error, a crash) is remembered until what is drawn changes (the
DOT, the engine, the arguments, the Graphviz): a rebuild does not run it again, and still warns. A drawing
that was stopped (a timeout, a kill from outside) is tried again on the next build, and the pages that show it
are written again once it is drawn. A build spends at most a bounded time on drawings.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from sphinx_onestates.dot.runner import dot_version

from ..conftest import build, copy_root, requires_dot
from .drawing_helpers import drawing_runs, fake_dot, pages_written, warnings_of

pytestmark = requires_dot

# build(), not the app fixture: the fake dot is written at run time, and each test builds one copy several times.

#: Fails the first two drawings (both views of the basic root), draws every later one.
FIRST_TIME = 'if [ "$(wc -l < "$(dirname "$0")/runs")" -le 2 ]; then {once}; fi\nexec "$REAL" "$@"'

#: The fallback a page shows instead of a drawing.
MISSING = "onestates-missing"


def index_html(app: object) -> str:
    return (Path(app.outdir) / "index.html").read_text(encoding="utf-8")  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("once", "message"),
    [
        pytest.param("exec sleep 30", "Graphviz took longer than 0.5 s", id="timeout"),
        pytest.param("kill -KILL $$", "Graphviz was stopped", id="killed"),
    ],
)
def test_a_page_is_written_again_once_its_drawing_is_made(tmp_path: Path, once: str, message: str) -> None:
    """Item 3: one transient failure, then Graphviz works: the page gets its picture on the next build."""
    source = copy_root("basic", tmp_path)
    config = {"onestates_dot": fake_dot(tmp_path / "dot", FIRST_TIME.format(once=once)), "onestates_timeout": 0.5}
    first = build("html", source, confoverrides=config)
    assert any(message in line and "[onestates.graphviz]" in line for line in warnings_of(first)), warnings_of(first)
    assert MISSING in index_html(first)
    again = build("html", source, confoverrides=config)  # no source changed
    assert warnings_of(again) == []
    assert "index" in pages_written(again)
    page = index_html(again)
    assert MISSING not in page and "<title>OPEN</title>" in page
    third = build("html", source, confoverrides=config)
    assert pages_written(third) == set()  # drawn now: nothing more to write


def test_a_graphviz_error_is_remembered_and_warned_about_on_every_build(tmp_path: Path) -> None:
    source = copy_root("basic", tmp_path)
    dot = tmp_path / "dot"
    config = {"onestates_dot": fake_dot(dot, "echo 'Error: syntax error in line 1' >&2; exit 1")}
    first = build("html", source, confoverrides=config)
    runs = drawing_runs(dot)
    assert runs == 2  # the two views of the root
    for _ in range(2):
        again = build("html", source, confoverrides=config)
        assert drawing_runs(dot) == runs  # not run again
        assert sorted(warnings_of(again)) == sorted(warnings_of(first))
        assert pages_written(again) == set()
    assert "Error: syntax error in line 1" in index_html(again)


def test_a_remembered_error_is_tried_again_with_another_graphviz(tmp_path: Path) -> None:
    source = copy_root("basic", tmp_path)
    dot = tmp_path / "dot"
    draw = 'if [ "$(cat "$(dirname "$0")/version")" = "0.0 (fake)" ]; then exit 1; fi\nexec "$REAL" "$@"'
    config = {"onestates_dot": fake_dot(dot, draw)}
    first = build("html", source, confoverrides=config)
    assert warnings_of(first) and MISSING in index_html(first)
    (dot / "version").write_text("0.1 (fake, fixed)", encoding="utf-8")  # Graphviz upgraded, pages unchanged
    dot_version.cache_clear()
    try:
        again = build("html", source, confoverrides=config)
    finally:
        dot_version.cache_clear()
    assert warnings_of(again) == []
    assert MISSING not in index_html(again) and "<title>OPEN</title>" in index_html(again)


def test_a_timeout_is_tried_again_on_the_next_build(tmp_path: Path) -> None:
    source = copy_root("basic", tmp_path)
    dot = tmp_path / "dot"
    config = {"onestates_dot": fake_dot(dot, "exec sleep 30"), "onestates_timeout": 0.3}
    first = build("html", source, confoverrides=config)
    assert drawing_runs(dot) == 2
    again = build("html", source, confoverrides=config)
    assert drawing_runs(dot) == 4
    assert sorted(warnings_of(again)) == sorted(warnings_of(first))


def many_views(source: Path, count: int) -> None:
    """``count`` pages, each a different view of vm-complete."""
    from sphinx_onestates.core.builtin import builtin_path
    from sphinx_onestates.dot.interpret import load_file

    machine = load_file(builtin_path("vm-complete") or "")
    names = [name for name in machine.states if not machine.children(name)][:count]
    source.mkdir(parents=True)
    (source / "conf.py").write_text("extensions = ['sphinx_onestates']\nshow_warning_types = True\n", encoding="utf-8")
    toctree = "".join(f"   p{n}\n" for n in range(count))
    (source / "index.rst").write_text(f"Many\n====\n\n.. toctree::\n\n{toctree}", encoding="utf-8")
    for number, name in enumerate(names):
        (source / f"p{number}.rst").write_text(
            f"P{number}\n==\n\n.. one-states:: vm-complete\n   :around: {name}\n   :table: none\n", encoding="utf-8"
        )


def test_a_build_spends_a_bounded_time_on_drawings(tmp_path: Path) -> None:
    """Item 5: a Graphviz that hangs on every drawing costs a few timeouts, not one per drawing (nor per batch)."""
    source = tmp_path / "src"
    many_views(source, 30)
    dot = tmp_path / "dot"
    timeout = 0.5
    config = {"onestates_dot": fake_dot(dot, "exec sleep 30"), "onestates_timeout": timeout}
    start = time.monotonic()
    app = build("html", source, confoverrides=config)
    elapsed = time.monotonic() - start
    workers = os.cpu_count() or 1
    assert drawing_runs(dot) <= 10 + workers  # 10 x onestates_timeout of Graphviz runs in all, then no more
    warnings = warnings_of(app)
    timed_out = [line for line in warnings if "took longer than 0.5 s" in line]
    left = [line for line in warnings if "were not drawn" in line]
    assert len(timed_out) == drawing_runs(dot) and len(left) == 1, warnings
    assert f"{30 - len(timed_out)} diagrams were not drawn" in left[0] and left[0].endswith("[onestates.graphviz]")
    assert elapsed < 30 * timeout  # far less than a timeout per drawing
    assert all(MISSING in (Path(app.outdir) / f"p{n}.html").read_text(encoding="utf-8") for n in range(30))
