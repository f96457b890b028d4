"""Same bytes every build: a drawing depends on its view only (issue 15, item 2).

Graphviz 2.43 keeps state between the graphs of one stream, so drawings made by a shared ``dot`` differed
with the drawings made before them: clean builds, ``-j 2`` and incremental builds wrote different pages.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sphinx_onestates.core.builtin import builtin_path
from sphinx_onestates.dot.interpret import load_file

from ..conftest import build, requires_dot
from .drawing_helpers import outputs, pages_written, warnings_of

pytestmark = requires_dot

PAGES = 40
#: Pages whose view the incremental build changes (and so redraws on their own).
EDITED = (3, 9, 14, 22, 27, 31, 35, 38)


def states() -> list[str]:
    """vm-complete's states without children: a view around each is a figure of some size."""
    machine = load_file(builtin_path("vm-complete") or "")
    return [name for name in machine.states if not machine.children(name)]


def page(number: int, state: str, depth: int) -> str:
    title = f"Around {state}"
    return (
        f"{title}\n{'=' * len(title)}\n\nPage {number}.\n\n"
        f".. one-states:: vm-complete\n   :around: {state}\n   :depth: {depth}\n   :caption: {state}, {depth} away\n"
    )


def write_project(source: Path, edited: bool = False) -> None:
    """40 pages, each a distinct view of vm-complete (depth 1 to 3) with its table; ``edited`` changes a few."""
    names = states()
    assert len(names) >= PAGES
    source.mkdir(parents=True, exist_ok=True)
    (source / "conf.py").write_text("extensions = ['sphinx_onestates']\nproject = 'same bytes'\n", encoding="utf-8")
    toctree = "".join(f"   page{n:02d}\n" for n in range(PAGES))
    (source / "index.rst").write_text(f"Same bytes\n==========\n\n.. toctree::\n\n{toctree}", encoding="utf-8")
    for number in range(PAGES):
        depth = 1 + number % 3
        if edited and number in EDITED:
            depth = 1 + (number + 1) % 3
        (source / f"page{number:02d}.rst").write_text(page(number, names[number], depth), encoding="utf-8")


@pytest.mark.slow
def test_clean_parallel_and_incremental_builds_write_the_same_bytes(tmp_path: Path) -> None:
    write_project(tmp_path / "clean")
    clean = build("html", tmp_path / "clean")
    assert warnings_of(clean) == []
    expected = outputs(clean.outdir)
    assert len([name for name in expected if name.startswith("_images/")]) > PAGES * 3 // 4  # a few views coincide

    write_project(tmp_path / "again")
    assert outputs(build("html", tmp_path / "again").outdir) == expected

    write_project(tmp_path / "parallel")
    assert outputs(build("html", tmp_path / "parallel", parallel=2).outdir) == expected

    # incremental: a few pages start with other views, then get these (their drawings are made on their own)
    incremental = tmp_path / "incremental"
    write_project(incremental, edited=True)
    build("html", incremental)
    write_project(incremental)
    again = build("html", incremental)
    assert pages_written(again) >= {f"page{n:02d}" for n in EDITED}
    assert outputs(again.outdir) == expected
    # and a rebuild that only touches pages
    for number in (0, 17, 39):
        path = incremental / f"page{number:02d}.rst"
        path.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    assert outputs(build("html", incremental).outdir) == expected
