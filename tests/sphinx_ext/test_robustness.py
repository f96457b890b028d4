"""Bad input gets a located, typed warning; the build goes on and nothing is lost."""

from __future__ import annotations

import re
import stat
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from sphinx.errors import ConfigError
from sphinx.testing.util import SphinxTestApp

from ..conftest import build, copy_root, requires_dot

pytestmark = requires_dot

EXPECTED = [
    ("files.rst:4", "the file is empty: it holds no DOT graph (graphs/empty.dot:1)", "graph"),
    ("files.rst:6", "graph 'nothing' has no states (graphs/nothing.dot)", "empty"),
    ("files.rst:8", "the file is not UTF-8 (byte 0xff at offset 32) (graphs/nonutf8.dot:3)", "graph"),
    ("files.rst:10", "graph file graphs/missing.dot does not exist", "graph"),
    ("options.rst:4", ":depth: must be a whole number of transitions (0 or more), not '-1'", "option"),
    ("options.rst:8", ":direction: must be one of in, out, both, not 'sideways'", "option"),
    ("options.rst:12", ":table: must be one of below, above, only, none, not 'sometimes'", "option"),
    ("options.rst:15", ":table: only draws no figure, so :caption: cannot apply", "option"),
    ("options.rst:19", ":legend: takes no value", "option"),
    (
        "options.rst:22",
        "no state, glob match or short name 'NOPE' in graph 'Door' (did you mean 'OPEN' or 'open'?)",
        "state",
    ),
    ("options.rst:25", "the options leave no state of 'Door' to show", "empty"),
    ("options.rst:28", ":depth: and :direction: only apply with :around:", "option"),
    ("syntax.rst:4", "not a valid DOT graph: syntax error in line 3 near '->' (graphs/syntax.dot:3)", "graph"),
    ("graphs/conflict.dot:4", "'A' is declared twice with different meaning: 'first', then 'second'", "check.conflict"),
]


def warnings_of(app: SphinxTestApp, source: Path | None = None) -> list[str]:
    """The warning lines of a build, paths relative to its source folder, without colours."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue()).replace(f"{source or app.srcdir}/", "")
    return [line for line in text.splitlines() if "WARNING" in line]


#: The html build of tests/roots/test-robust (graphs/nonutf8.dot is not UTF-8 on purpose); each test builds it.
robust_html = pytest.mark.sphinx("html", testroot="robust")


@robust_html
@pytest.mark.parametrize(("where", "message", "subtype"), EXPECTED)
def test_each_bad_input_gets_its_exact_located_warning(
    app: SphinxTestApp, where: str, message: str, subtype: str
) -> None:
    app.build()
    assert f"{where}: WARNING: {message} [onestates.{subtype}]" in warnings_of(app)


@robust_html
def test_every_warning_is_typed_onestates(app: SphinxTestApp) -> None:
    app.build()
    warnings = warnings_of(app)
    assert len(warnings) >= len(EXPECTED), warnings
    assert all(line.endswith("]") and "[onestates." in line for line in warnings)


@robust_html
def test_the_rest_of_every_page_is_intact(app: SphinxTestApp) -> None:
    app.build()
    out = Path(app.outdir)
    assert "Still here after a broken graph." in (out / "syntax.html").read_text(encoding="utf-8")
    good = (out / "good.html").read_text(encoding="utf-8")
    assert "<title>OPEN</title>" in good and 'id="one-state-door-OPEN"' in good and "The good door" in good


@robust_html
def test_nothing_in_a_graph_injects_markup(app: SphinxTestApp) -> None:
    app.build()
    page = (Path(app.outdir) / "hostile.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page and "<em>HTML" not in page and "<b>bold" not in page
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>" in page  # the state, drawn as text
    assert 'Meaning with &lt;em&gt;HTML&lt;/em&gt; &amp; "quotes"' in page  # as written: no smart quotes in cells
    assert 'aria-label="State diagram: Hostile &amp; &lt;b&gt;bold&lt;/b&gt; &quot;title&quot;. 3 states' in page
    assert "<title>évil</title>" not in page and "<title>evil</title>" not in page  # the edge label stays a label
    assert "<title>état—状态</title>" in page


@pytest.mark.sphinx("latex", testroot="robust")
def test_latex_escapes_what_a_graph_contains(app: SphinxTestApp) -> None:
    app.build()
    tex = next(Path(app.outdir).glob("*.tex")).read_text(encoding="utf-8")
    assert r"Meaning with \textless{}em\textgreater{}HTML\textless{}/em\textgreater{} \&" in tex
    # (a meaning that holds an underscore may break after it)
    assert r"back\textbackslash{}slash and \}\{\$\%\_\allowbreak{}\#\textasciicircum{}\textasciitilde{}" in tex


@pytest.mark.sphinx("epub", testroot="robust")
def test_hostile_graphs_leave_epub_pages_well_formed(app: SphinxTestApp) -> None:
    """EPUB readers reject ill-formed XHTML: every page must parse as XML."""
    app.build()
    pages = sorted(Path(app.outdir).glob("*.xhtml"))
    assert any("onestates-svg" in page.read_text(encoding="utf-8") for page in pages)
    for page in pages:
        ET.parse(page)  # raises on anything ill-formed


@robust_html
def test_hostile_graphs_leave_full_size_svgs_well_formed(app: SphinxTestApp) -> None:
    """Browsers reject an ill-formed standalone SVG: each drawing linked as a full-size image must parse as XML."""
    app.build()
    drawings = sorted(Path(app.outdir, "_images").glob("onestates-*.svg"))
    assert drawings
    for drawing in drawings:
        ET.parse(drawing)


def test_warnings_come_back_on_a_rebuild_that_reads_nothing(tmp_path: Path) -> None:
    # build(), not the app fixture: two builds of one copy, the theme pinned so the second reads nothing
    source = copy_root("robust", tmp_path)
    first = warnings_of(build("html", source), source)
    again = build("html", source)
    assert "0 added, 0 changed, 0 removed" in re.sub(r"\x1b\[[0-9;]*m", "", again.status.getvalue())
    assert sorted(warnings_of(again, source)) == sorted(first)


def test_keep_going_with_W_fails_the_build_but_writes_every_page(tmp_path: Path) -> None:
    source = copy_root("robust", tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-q", str(source), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0
    for page in ("good", "syntax", "files", "options", "hostile"):
        assert (tmp_path / "out" / f"{page}.html").is_file()
    assert "<title>CLOSED</title>" in (tmp_path / "out" / "good.html").read_text(encoding="utf-8")


def fake_dot(tmp_path: Path, body: str) -> str:
    """A stand-in for a broken Graphviz: answers -V like dot, then does ``body``."""
    script = tmp_path / "dot"
    script.write_text(
        f'#!/bin/sh\nif [ "$1" = "-V" ]; then echo "dot - graphviz version 0.0 (fake)" >&2; exit 0; fi\n{body}\n'
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(script)


@pytest.mark.parametrize(
    ("body", "config", "message"),
    [
        (
            "echo 'Error: something broke inside dot' >&2; exit 3",
            {},
            "Graphviz failed to draw the diagram: Error: something broke",
        ),
        ("sleep 5", {"onestates_timeout": 0.5}, "Graphviz took longer than 0.5 s (onestates_timeout) and was stopped"),
        ("kill -SEGV $$", {}, "Graphviz failed to draw the diagram"),
    ],
)
def test_graphviz_failing_warns_and_keeps_table_and_transitions(
    tmp_path: Path, body: str, config: dict[str, float], message: str
) -> None:
    # build(), not the app fixture: the fake dot is written at run time and named in confoverrides
    source = copy_root("basic", tmp_path)
    app = build("html", source, confoverrides={"onestates_dot": fake_dot(tmp_path, body), **config})
    warnings = warnings_of(app, source)
    assert any(
        line.startswith("index.rst:4: WARNING: " + message) and "[onestates.graphviz]" in line for line in warnings
    ), warnings
    page = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert "CLOSED -&gt; OPEN (open)" in page and 'id="one-state-door-OPEN"' in page


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("onestates_timeout = 'soon'", "onestates_timeout must be a int or float, not str ('soon')"),
        ("onestates_html_format = 'gif'", "onestates_html_format must be one of svg, png, not 'gif'"),
        (
            "onestates_graphs = {'x': {'fil': 'x.dot'}}",
            "onestates_graphs['x'] has unknown keys fil (use 'file', 'catalog')",
        ),
        ("onestates_graphs = ['x.dot']", "onestates_graphs must be a dict, not list"),
    ],
)
def test_config_errors_stop_the_build_at_start_up(tmp_path: Path, setting: str, message: str) -> None:
    # build(), not the app fixture: the ConfigError comes while the app is made, which the fixture would report
    # as a set-up error out of reach of pytest.raises
    source = copy_root("basic", tmp_path)
    (source / "conf.py").write_text((source / "conf.py").read_text() + setting + "\n")
    with pytest.raises(ConfigError, match=re.escape(message)):
        build("html", source)


def test_a_misspelt_setting_is_named_with_a_suggestion(tmp_path: Path) -> None:
    # build(), not the app fixture: the setting must be misspelt in conf.py itself, and the ConfigError comes
    # while the app is made, out of reach of pytest.raises in a fixture
    source = copy_root("basic", tmp_path)
    (source / "conf.py").write_text((source / "conf.py").read_text() + "onestates_html_fromat = 'png'\n")
    with pytest.raises(
        ConfigError, match=r"unknown setting onestates_html_fromat \(did you mean onestates_html_format\?\)"
    ):
        build("html", source)


def test_a_graph_with_thousands_of_states_is_listed_not_drawn(tmp_path: Path) -> None:
    # build(), not the app fixture: the 1500-state graph is generated here rather than kept as a test root
    source = tmp_path / "src"
    source.mkdir()
    states = (
        "\n".join(f'  S{i} [meaning="state {i}"];' for i in range(1499)) + '\n  S1499 [final=true, meaning="the end"];'
    )
    edges = "\n".join(f"  S{i} -> S{i + 1} [kind=automatic];" for i in range(1499))
    (source / "big.dot").write_text(
        f"digraph big {{\n  user [pseudo=initial];\n  user -> S0 [kind=command, label=go];\n{states}\n{edges}\n}}\n"
    )
    (source / "conf.py").write_text("extensions = ['sphinx_onestates']\nshow_warning_types = True\n")
    (source / "index.rst").write_text(
        "Big\n===\n\n.. one-states:: big.dot\n\n.. one-states:: big.dot\n   :around: S700\n   :no-index:\n"
    )
    app = build("html", source)
    warnings = warnings_of(app, source)
    assert warnings == [
        "index.rst:4: WARNING: the view has 1500 states, more than onestates_max_drawn_states (250): "
        "it is listed, not drawn; narrow it with :states:, :around: or :group-by: [onestates.too-large]"
    ]
    page = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert "S1498 -&gt; S1499" in re.sub(r"<[^>]+>", "", page)  # listed
    assert 'id="one-state-big-S1499"' in page  # and in the table
    assert "<title>S700</title>" in page and "<title>S701</title>" in page  # the narrowed view is drawn
