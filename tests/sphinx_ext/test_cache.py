"""The render cache: one drawing per distinct view, kept between builds, orphans removed."""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.testing.util import SphinxTestApp

from sphinx_onestates.sphinx_ext.render_cache import write_atomically

from ..conftest import build, copy_root, requires_dot

pytestmark = requires_dot

# These tests build with conftest's build(), not the app fixture: each builds a copy of the root twice, or edits
# it first, and reads the second build's log; build() pins the theme so that a rebuild sees no config change.


def drawn(app: SphinxTestApp) -> tuple[int, int]:
    """(diagrams in the project, diagrams drawn) from the build log."""
    match = re.search(r"sphinx-onestates: .*; (\d+) diagrams, (\d+) to draw", app.status.getvalue())
    assert match, app.status.getvalue()
    return int(match.group(1)), int(match.group(2))


def cache(source: Path) -> Path:
    """The default cache folder of an html build: beside the output folder."""
    return source / "_build" / ".onestates-cache" / "html"


def cached(source: Path) -> list[str]:
    return sorted(p.name for p in cache(source).glob("onestates-*.svg"))


def test_identical_views_are_drawn_once_and_rebuilds_draw_nothing(tmp_path: Path) -> None:
    source = copy_root("cache", tmp_path)
    first = build("html", source)
    assert drawn(first) == (2, 2)  # three figures, two distinct views
    assert len(cached(source)) == 2
    same1 = (source / "_build" / "html" / "same1.html").read_text(encoding="utf-8")
    same2 = (source / "_build" / "html" / "same2.html").read_text(encoding="utf-8")
    assert re.findall(r"<title>(\w+)</title>", same1) == re.findall(r"<title>(\w+)</title>", same2)
    again = build("html", source)
    assert drawn(again) == (2, 0)
    assert "0 added, 0 changed, 0 removed" in re.sub(r"\x1b\[[0-9;]*m", "", again.status.getvalue())


def test_editing_one_page_redraws_only_its_view_and_orphans_go(tmp_path: Path) -> None:
    source = copy_root("cache", tmp_path)
    build("html", source)
    before = cached(source)
    (source / "other.rst").write_text(
        (source / "other.rst").read_text().replace("OPEN, CLOSED", "OPEN, LOCKED"), encoding="utf-8"
    )
    app = build("html", source)
    assert drawn(app) == (2, 1)
    after = cached(source)
    assert len(after) == 2 and len(set(before) & set(after)) == 1  # the old view of other.rst is removed


def test_editing_the_dot_file_rereads_exactly_the_pages_that_use_it(tmp_path: Path) -> None:
    source = copy_root("cache", tmp_path)
    (source / "plain.rst").write_text("Plain\n=====\n\nNo diagram here.\n", encoding="utf-8")
    (source / "index.rst").write_text((source / "index.rst").read_text() + "   plain\n", encoding="utf-8")
    build("html", source)
    dot = source / "door.dot"
    dot.write_text(dot.read_text().replace('"The door stands open."', '"The door stands wide open."'))
    app = build("html", source)
    status = re.sub(r"\x1b\[[0-9;]*m", "", app.status.getvalue())
    read = set(re.findall(r"reading sources\.\.\. \[[^\]]*\] (\w+)", status))
    assert read == {"same1", "same2", "other"}, status


def test_writes_are_atomic(tmp_path: Path) -> None:
    target = tmp_path / "cache" / "x.svg"
    write_atomically(target, b"<svg/>")
    write_atomically(target, b"<svg>2</svg>")
    assert target.read_bytes() == b"<svg>2</svg>"
    assert [p.name for p in target.parent.iterdir()] == ["x.svg"]  # no temporary files left behind


def test_each_drawing_is_what_a_single_run_draws(tmp_path: Path) -> None:
    """Each drawing has a dot process of its own: a drawing never depends on the ones drawn before it."""
    source = copy_root("cache", tmp_path)
    for number, state in enumerate(["OPEN", "CLOSED", "LOCKED", "BROKEN"]):
        (source / f"view{number}.rst").write_text(
            f"V{number}\n==\n\n.. one-states:: door\n   :around: {state}\n   :table: none\n"
        )
    (source / "index.rst").write_text((source / "index.rst").read_text() + "".join(f"   view{n}\n" for n in range(4)))
    app = build("html", source)
    assert drawn(app)[1] >= 5
    from sphinx_onestates.dot.runner import find_graphviz
    from sphinx_onestates.sphinx_ext.domain import OneStatesDomain

    tool = find_graphviz()
    assert tool is not None
    for key, drawing in OneStatesDomain.of(app.env).drawings.items():
        single = tool.render(drawing.dot, ("svg",), drawing.engine)["svg"]
        assert (cache(source) / f"onestates-{key}.svg").read_bytes() == single
