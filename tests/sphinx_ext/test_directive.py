"""The one-states directive, built for real with html, latex, text and man."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from ..conftest import REFERENCE, build, requires_dot, requires_reference
from ..tables import tables

pytestmark = requires_dot


def svg_titles(html: str) -> list[str]:
    """The <title> of every node group in the inline SVGs: the states and pseudo-nodes drawn."""
    return re.findall(r'<g id="[^"]*" class="node[^"]*">\s*<title>([^<]*)</title>', html)


def svgs(html: str) -> list[str]:
    return re.findall(r"<svg\b.*?</svg>", html, flags=re.S)


def table_states(html: str) -> list[str]:
    return [state for table in tables(html) for state in table.states]


#: The html build of tests/roots/test-directive; each test builds it (Sphinx reuses what an earlier test built).
directive_html = pytest.mark.sphinx("html", testroot="directive")


def read(app: SphinxTestApp, name: str) -> str:
    return (Path(app.outdir) / name).read_text(encoding="utf-8")


@directive_html
def test_full_view_draws_every_state_and_lists_it(app: SphinxTestApp) -> None:
    app.build()
    page = read(app, "full.html")
    assert svg_titles(page)[:1] == ["user"]
    assert set(svg_titles(page)) >= {"CLOSED", "OPEN", "LOCKED", "BROKEN"}
    assert table_states(page) == ["CLOSED", "OPEN", "LOCKED", "BROKEN"]
    assert "The whole door" in page
    assert re.search(r'<span class="caption-number">Fig\. 1 </span><span class="caption-text">The whole door', page)
    assert 'href="#fig-door"><span class="std std-numref">Fig. 1</span>' in page


@directive_html
def test_legend_is_a_row_under_the_figure_naming_the_edge_kinds_drawn(app: SphinxTestApp) -> None:
    app.build()
    page = read(app, "full.html")
    svg = svgs(page)[0]
    assert "legend" not in svg  # not a cluster in the drawing: at any scale it reads as body text (issue 17)
    key = re.search(r'<p class="onestates-key">(.*?)</p>', page)
    assert key is not None
    names = re.findall(r"</svg>([^<]+)</span>", key.group(1))
    assert names == ["command", "automatic", "failure"]
    sample = '<g class="edge onestates-automatic"><path d="M1 4H27" fill="none" stroke="currentColor" '
    assert sample + 'stroke-dasharray="5,2"/>' in key.group(1)  # dashed, as the drawing's automatic edges


@directive_html
def test_filter_hides_states_and_draws_honest_paths(app: SphinxTestApp) -> None:
    app.build()
    page = read(app, "filtered.html")
    first, dropped, stubbed = svgs(page)
    assert set(svg_titles(first)) == {"user", "CLOSED", "BROKEN"}
    assert "OPEN" not in svg_titles(first) and "LOCKED" not in svg_titles(first)
    # CLOSED -> LOCKED -> BROKEN becomes one dashed edge that says what it skips
    assert ">via 1 hidden state</text>" in first
    assert table_states(page) == ["CLOSED", "BROKEN"]
    assert "via 1 hidden state" not in dropped
    assert set(svg_titles(dropped)) == {"user", "CLOSED", "BROKEN"}
    assert "stub:" in stubbed and set(t for t in svg_titles(stubbed) if not t.startswith("stub:")) == {"OPEN"}


@directive_html
def test_table_only_with_chosen_columns(app: SphinxTestApp) -> None:
    app.build()
    page = read(app, "options.html")
    around = tables(page)[0]
    # the columns asked for, in order; the transitions ("out") are a list under each state's row
    assert around.headings == ["State", "Meaning"]
    assert around.states == ["CLOSED", "OPEN"]
    assert around.row("CLOSED").cells == ["CLOSED", "The door is shut but not locked."]
    assert around.row("CLOSED").moves == {"To": "OPEN (open), LOCKED (lock)"}
    assert around.row("OPEN").moves == {"To": "CLOSED"}


@directive_html
def test_short_name_selects_every_state_that_prints_it(app: SphinxTestApp) -> None:
    app.build()
    page = read(app, "options.html")
    shut = svgs(page)[0]
    assert set(svg_titles(shut)) == {"user", "CLOSED", "LOCKED"}
    assert re.search(r'class="node onestates&#45;state onestates&#45;n\d+ onestates&#45;highlight"', shut)
    assert "onestates&#45;automatic" not in shut  # :edges: command


@directive_html
def test_group_by_short_merges_states(app: SphinxTestApp) -> None:
    app.build()
    page = read(app, "options.html")
    grouped = svgs(page)[1]
    assert set(svg_titles(grouped)) == {"user", "shut", "open", "brkn"}
    assert "Any of CLOSED, LOCKED." in page


@directive_html
def test_alt_text_comes_from_the_graph_unless_given(app: SphinxTestApp) -> None:
    app.build()
    full = read(app, "full.html")
    assert 'aria-label="State diagram: Door. 4 states (CLOSED, OPEN, LOCKED, BROKEN); 6 transitions."' in full
    assert "digraph" not in full
    assert 'aria-label="An open and a closed door."' in read(app, "bypath.html")


@directive_html
def test_bad_options_warn_with_location_and_the_page_goes_on(app: SphinxTestApp) -> None:
    app.build()
    warnings = app.warning.getvalue()
    assert re.search(
        r"broken\.rst:4: WARNING: no state, glob match or short name 'OPNE' "
        r".*did you mean 'OPEN'.* \[onestates\.state\]",
        warnings,
    )
    assert re.search(r"broken\.rst:7: WARNING: unknown graph 'nosuchgraph'.* \[onestates\.graph\]", warnings)
    assert re.search(
        r"broken\.rst:9: WARNING: the options leave no state of 'Door' to show \[onestates\.empty\]", warnings
    )
    assert re.search(
        r"broken\.rst:13: WARNING: :columns: names unknown column colour .* \[onestates\.option\]", warnings
    )
    assert "Text after the broken directives is still here." in read(app, "broken.html")


@directive_html
def test_no_other_warnings(app: SphinxTestApp) -> None:
    app.build()
    lines = [line for line in app.warning.getvalue().splitlines() if "WARNING" in line]
    assert len(lines) == 4 and all("broken.rst" in line for line in lines), lines  # the four of broken.rst only


@pytest.mark.sphinx("latex", testroot="directive")
def test_latex_has_vector_figure_and_real_table(app: SphinxTestApp) -> None:
    app.build()
    tex = next(Path(app.outdir).glob("*.tex")).read_text(encoding="utf-8")
    includes = re.findall(r"\\sphinxincludegraphics\[[^\]]*\]\{\{(onestates-[0-9a-f]+)\}\.pdf\}", tex)
    assert includes and all((Path(app.outdir) / f"{name}.pdf").read_bytes().startswith(b"%PDF") for name in includes)
    assert r"\caption{The whole door}" in tex
    # a longtable (it breaks across pages, its headings on each), its columns sized by what they hold
    assert re.search(r"\\begin\{longtable\}\{\|\\X\{\d+\}\{86\}", tex)
    assert r"\sphinxAtStartPar" in tex and "The door stands open." in tex
    # the key (:legend:) is a line of text under the figure, its samples in the edges' colours
    key = re.search(r"\{\\small Key: (.*)\}", tex)
    assert key is not None and re.findall(r"~(command|automatic|failure)\}", key.group(1)) == [
        "command",
        "automatic",
        "failure",
    ]
    assert r"\textcolor[HTML]{1F5FBF}{\rule[0.6ex]{3pt}{0.6pt}\hspace{1.2pt}" in key.group(1)


@pytest.mark.parametrize(
    "builder", [pytest.param(name, marks=pytest.mark.sphinx(name, testroot="directive")) for name in ("text", "man")]
)
def test_builders_without_images_list_transitions(app: SphinxTestApp, builder: str) -> None:
    assert app.builder.name == builder
    app.build()
    files = [p for p in Path(app.outdir).rglob("*") if p.is_file() and p.suffix in (".txt", ".1")]
    output = "\n".join(p.read_text(encoding="utf-8") for p in files).replace("\\-", "-")
    assert "CLOSED -> OPEN (open)" in output
    assert "CLOSED -> BROKEN (via 1 hidden state: LOCKED)" in output
    assert "The door stands open." in output


@requires_reference
def test_upstream_seed_file_given_by_path_renders_filtered_with_a_table(tmp_path: Path) -> None:
    # build(), not the app fixture: conf.py is written here, to allow the reference folder beside the checkout
    source = tmp_path / "src"
    source.mkdir()
    (source / "conf.py").write_text(
        f"extensions = ['sphinx_onestates']\nonestates_allowed_dirs = [{str(REFERENCE)!r}]\n", encoding="utf-8"
    )
    seed = os.path.relpath(REFERENCE / "seed" / "states-complete.dot", source)
    (source / "index.rst").write_text(
        f"Seed\n====\n\n.. one-states:: {seed}\n   :states: prolog*, boot\n   :caption: Upstream, untouched\n",
        encoding="utf-8",
    )
    app = build("html", source)
    page = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert "WARNING" not in app.warning.getvalue(), app.warning.getvalue()
    shown = table_states(page)
    assert "boot" in shown and "prolog_migrate_unknown" in shown and "running" not in shown
    assert all(name == "boot" or name.startswith("prolog") for name in shown)
    drawn = svg_titles(page)
    assert set(shown) <= set(drawn) and "running" not in drawn
    table = tables(page)[0]
    assert table.headings == ["State"] and set(table.row("boot").moves) == {"From", "To"}
    assert "Upstream, untouched" in page


def test_path_outside_the_source_dir_is_refused(tmp_path: Path) -> None:
    # build(), not the app fixture: the graph must lie outside the source folder, where no test root reaches
    source = tmp_path / "src"
    source.mkdir()
    (tmp_path / "outside.dot").write_text("digraph { a -> b; }", encoding="utf-8")
    (source / "conf.py").write_text("extensions = ['sphinx_onestates']\nshow_warning_types = True\n", encoding="utf-8")
    (source / "index.rst").write_text("Out\n===\n\n.. one-states:: ../outside.dot\n", encoding="utf-8")
    app = build("html", source)
    assert re.search(
        r"index\.rst:4: WARNING: refusing to read graph '\.\./outside\.dot'.*\[onestates\.path\]",
        app.warning.getvalue(),
    )


@directive_html
def test_unknown_columns_warn_and_the_table_keeps_the_graphs_columns(app: SphinxTestApp) -> None:
    """A wrong option is ignored, not fatal: ``:columns: state, colour`` in broken.rst still gets figure and table."""
    app.build()
    page = read(app, "broken.html")
    last = page[page.rindex("<svg") :]
    assert "</svg>" in last and "<table" in last
    table = tables(last)[0]
    assert table.headings == ["State", "DOOR_STATE", "Short", "Meaning"]
    assert set(table.row("CLOSED").moves) == {"From", "To"}
