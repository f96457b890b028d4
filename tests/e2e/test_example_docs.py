"""The example manual builds cleanly in every builder, and its links all land."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin

import pytest

from ..conftest import REPO, drawing_directives, requires_dot

pytestmark = [requires_dot, pytest.mark.slow]
EXAMPLE = REPO / "example_docs"


def sphinx(builder: str, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """A real ``sphinx-build -W --keep-going -n`` of the example manual."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            builder,
            "-W",
            "--keep-going",
            "-n",
            "-q",
            "-d",
            str(out.parent / f"{out.name}.doctrees"),
            *extra,
            str(EXAMPLE),
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("builder", ["html", "dirhtml", "singlehtml", "text", "man", "epub", "texinfo"])
def test_builds_without_a_single_warning(tmp_path: Path, builder: str) -> None:
    done = sphinx(builder, tmp_path / builder)
    assert done.returncode == 0, done.stderr
    assert "WARNING" not in done.stderr, done.stderr


class Anchors(HTMLParser):
    """Every id of a page, and every link of its inline SVG nodes."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.node_links: list[str] = []
        self._in_node = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if tag == "g":
            classes = (values.get("class") or "").split()
            self._in_node = (
                self._in_node + 1 if ("node" in classes and "onestates-state" in classes) or self._in_node else 0
            )
        if tag == "a" and self._in_node:
            self.node_links.append(values.get("xlink:href") or values.get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "g" and self._in_node:
            self._in_node -= 1


def parse(path: Path) -> Anchors:
    parser = Anchors()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.mark.parametrize("builder", ["html", "dirhtml", "singlehtml"])
def test_every_diagram_node_links_to_an_existing_row(tmp_path: Path, builder: str) -> None:
    out = tmp_path / builder
    assert sphinx(builder, out).returncode == 0
    pages = {path: parse(path) for path in out.rglob("*.html") if "_static" not in path.parts}
    checked = 0
    for path, page in pages.items():
        for link in page.node_links:
            assert link, f"{path}: a state node without a link"
            target = urljoin(path.as_uri(), link)
            file_part, _, anchor = target.partition("#")
            target_path = Path(unquote(file_part.removeprefix("file://")))
            if target_path.is_dir():
                target_path /= "index.html"
            assert target_path in pages, (path, link)
            assert anchor in pages[target_path].ids, (path, link)
            assert anchor.startswith("one-state-"), (path, link)
            checked += 1
    assert checked > 150  # every state node of every diagram in the manual


def test_pdf_has_every_figure_and_table(tmp_path: Path) -> None:
    if shutil.which("latexmk") is None or shutil.which("pdftotext") is None:
        pytest.skip("latexmk or poppler-utils (pdftotext) is not installed")
    out = tmp_path / "build"
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", "-M", "latexpdf", str(EXAMPLE), str(out), "-W", "--keep-going", "-n", "-q"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr
    pdf = out / "latex" / "onestates-example.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for expected in ("PROLOG_MIGRATE_UNKNOWN_FAILURE", "HOTPLUG_RESIZE", "FAILED_UNDEPLOYING_NETS", "LOCKED_USED_PERS"):
        assert expected in text
    assert "The VM waits in the queue" in text  # a meaning, from a table
    tex = (out / "latex" / "onestates-example.tex").read_text(encoding="utf-8")
    figures = len(re.findall(r"\\sphinxincludegraphics", tex))
    sources = [p.read_text(encoding="utf-8") for p in EXAMPLE.glob("*.*") if p.suffix in (".rst", ".md")]
    assert figures == sum(drawing_directives(source) for source in sources)
    # the figures are vector PDFs: pdftoppm renders them, pdfimages finds no bitmaps in them
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert len(images.strip().splitlines()) <= 2, images  # header lines only
    first = next((out / "latex").glob("onestates-*.pdf"))
    subprocess.run(["pdftoppm", "-png", "-r", "30", "-singlefile", str(first), str(tmp_path / "figure")], check=True)
    assert (tmp_path / "figure.png").stat().st_size > 1000
