"""The example manual builds cleanly in every builder, and its links all land."""

from __future__ import annotations

import itertools
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin

import pytest

from ..conftest import REPO, drawing_directives, requires_dot

pytestmark = [requires_dot, pytest.mark.slow]
EXAMPLE = REPO / "example_docs"
ARTIFACTS = REPO / "test-artifacts" / "screenshots"


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


@pytest.fixture(scope="module")
def latex_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example manual's LaTeX folder, with its PDF (made by latexmk)."""
    if shutil.which("latexmk") is None or shutil.which("pdftotext") is None:
        pytest.skip("latexmk or poppler-utils (pdftotext) is not installed")
    out = tmp_path_factory.mktemp("pdf")
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", "-M", "latexpdf", str(EXAMPLE), str(out), "-W", "--keep-going", "-n", "-q"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr
    return out / "latex"


def test_pdf_has_every_figure_and_table(latex_build: Path, tmp_path: Path) -> None:
    pdf = latex_build / "onestates-example.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for expected in ("PROLOG_MIGRATE_UNKNOWN_FAILURE", "HOTPLUG_RESIZE", "FAILED_UNDEPLOYING_NETS", "LOCKED_USED_PERS"):
        assert expected in text.replace("_\n", "_")
    assert "The VM waits in the queue" in text  # a meaning, from a table
    tex = (latex_build / "onestates-example.tex").read_text(encoding="utf-8")
    figures = len(re.findall(r"\\sphinxincludegraphics", tex))
    sources = [p.read_text(encoding="utf-8") for p in EXAMPLE.glob("*.*") if p.suffix in (".rst", ".md")]
    assert figures == sum(drawing_directives(source) for source in sources)
    # the figures are vector PDFs: pdftoppm renders them, pdfimages finds no bitmaps in them
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert len(images.strip().splitlines()) <= 2, images  # header lines only
    first = next(latex_build.glob("onestates-*.pdf"))
    subprocess.run(["pdftoppm", "-png", "-r", "30", "-singlefile", str(first), str(tmp_path / "figure")], check=True)
    assert (tmp_path / "figure.png").stat().st_size > 1000


def text_block(log: str) -> dict[str, float]:
    """The page's text block in PDF points, from geometry's report in the LaTeX log."""
    points = 72 / 72.27  # TeX points to the PDF's big points

    def lengths(name: str) -> list[float]:
        found = re.search(re.escape(name) + r"=\(([\d.]+)pt, ([\d.]+)pt, ([\d.]+)pt\)", log)
        assert found, name
        return [float(value) * points for value in found.groups()]

    left, width, _ = lengths("h-part:(L,W,R)")
    top, height, _ = lengths("v-part:(T,H,B)")
    return {"left": left, "right": left + width, "top": top, "bottom": top + height}


def test_pdf_words_neither_overlap_nor_leave_the_text_block(latex_build: Path) -> None:
    """Every glyph of the body, as the PDF sets it (position, advance and font size from its text state).

    Running headers and footers (whose baselines lie above and below the text block) and the text inside
    the drawings (their labels are Graphviz's) are left out. On one baseline no glyph may start before the
    previous one ends (less a fifth of its size, which kerning takes), and none may lie beside the text
    block.
    """
    pdfplumber = pytest.importorskip("pdfplumber", reason="pdfplumber is not installed")
    block = text_block((latex_build / "onestates-example.log").read_text(encoding="latin-1"))
    overlaps: list[str] = []
    outside: list[str] = []
    checked = 0
    tables_start = 0
    with pdfplumber.open(latex_build / "onestates-example.pdf", laparams={}) as pdf:
        for page in pdf.pages:
            drawings = page.objects.get("figure", [])

            def in_drawing(char: dict[str, Any], drawings: list[dict[str, Any]] = drawings) -> bool:
                return any(
                    d["x0"] - 1 <= char["x0"]
                    and char["x1"] <= d["x1"] + 1
                    and d["top"] - 1 <= char["top"]
                    and char["bottom"] <= d["bottom"] + 1
                    for d in drawings
                )

            if not tables_start and "Table1.1:" in "".join((page.extract_text() or "").split()):
                tables_start = page.page_number
            lines: dict[float, list[dict[str, Any]]] = {}
            for char in page.chars:
                if not char["text"].strip() or in_drawing(char):
                    continue
                baseline = page.height - char["matrix"][5]
                if not block["top"] <= baseline <= block["bottom"] + 1:
                    continue  # the running header or footer
                checked += 1
                lines.setdefault(round(baseline, 1), []).append(char)
                if not block["left"] - 1 <= char["x0"] <= char["x1"] <= block["right"] + 1:
                    outside.append(f"page {page.page_number}: {char['text']!r} at x {char['x0']:.0f}-{char['x1']:.0f}")
            for baseline, chars in lines.items():
                chars.sort(key=lambda char: char["x0"])
                for before, after in itertools.pairwise(chars):
                    if after["x0"] < before["x1"] - 0.2 * min(before["size"], after["size"]):
                        words = "".join(char["text"] for char in chars)
                        overlaps.append(f"page {page.page_number}, y {baseline:.0f}: {words[:80]!r}")
                        break
    assert checked > 30_000  # the whole manual was read
    assert overlaps == []
    assert outside == []
    assert tables_start, "no page shows Table 1.1"
    screenshot_first_table_page(latex_build / "onestates-example.pdf", tables_start)


def screenshot_first_table_page(pdf: Path, page: int) -> None:
    """The PDF page where the first table starts, into the test artifacts (and the README's, on request)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS / "table-pdf"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "70", "-f", str(page), "-l", str(page), "-singlefile", str(pdf), str(target)],
        check=True,
    )
    if os.environ.get("ONESTATES_UPDATE_SCREENSHOTS"):
        shutil.copyfile(ARTIFACTS / "table-pdf.png", REPO / "docs" / "images" / "table-pdf.png")


def test_text_output_fits_100_columns(tmp_path: Path) -> None:
    """The text builder's manual: no line over 100 characters, and each table's facts and transitions kept."""
    out = tmp_path / "text"
    done = sphinx("text", out)
    assert done.returncode == 0, done.stderr
    pages = {path.stem: path.read_text(encoding="utf-8") for path in out.glob("*.txt")}
    wide = [(name, line) for name, text in pages.items() for line in text.splitlines() if len(line) > 100]
    assert wide == []
    running = pages["vm-complete"].split('\n"RUNNING"\n', 1)[1].split('\n\n"', 1)[0]
    assert "VM_STATE: 3; LCM_STATE: 3; Short: runn" in running
    assert "The hypervisor has the VM running" in running
    assert '"SHUTDOWN" (terminate [--hard])' in " ".join(running.split())  # a command as written, no en dash
    assert "From: " in running and "To: " in running


def test_man_page_fits_100_columns(tmp_path: Path) -> None:
    """The man page, as ``man`` sets it 100 columns wide: no line over 100 characters."""
    if shutil.which("man") is None:
        pytest.skip("man is not installed")
    out = tmp_path / "man"
    assert sphinx("man", out).returncode == 0
    shown = subprocess.run(
        ["man", "-l", str(out / "onestates-example.7")],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "MANWIDTH": "100", "MAN_KEEP_FORMATTING": "", "LC_ALL": "C.UTF-8"},
    ).stdout
    assert "States of OpenNebula 7.4 virtual machine life cycle" in shown
    assert [line for line in shown.splitlines() if len(line) > 100] == []
