"""States as documentation objects: links, index, inventory, intersphinx, parallel builds."""

from __future__ import annotations

import re
import shutil
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from ..conftest import build, copy_root, requires_dot

pytestmark = requires_dot


#: The html build of tests/roots/test-xref; each test builds it (Sphinx reuses what an earlier test built).
xref_html = pytest.mark.sphinx("html", testroot="xref")


def page(app: SphinxTestApp, name: str) -> str:
    return (Path(app.outdir) / name).read_text(encoding="utf-8")


def inventory(outdir: str | Path, titles: bool = False) -> dict[str, dict[str, str]]:
    """objects.inv as {"domain:role": {name: uri}} (with ``titles``, {name: the text a link shows}), read as
    intersphinx reads it.

    Read here, by its documented format (version 2), because Sphinx's own
    reader changed shape in 8.2 (``InventoryFile.loads``, items with names).
    """
    data = (Path(outdir) / "objects.inv").read_bytes()
    header = data.split(b"\n", 4)
    assert header[0] == b"# Sphinx inventory version 2" and b"zlib" in header[3]
    objects: dict[str, dict[str, str]] = {}
    for line in zlib.decompress(header[4]).decode("utf-8").splitlines():
        match = re.match(r"(.+?)\s+(\S+)\s+(-?\d+)\s+?(\S*)\s+(.*)", line)
        assert match, line
        name, kind, _priority, uri, title = match.groups()
        if titles:
            objects.setdefault(kind, {})[name] = name if title == "-" else title
        else:
            objects.setdefault(kind, {})[name] = uri[:-1] + name if uri.endswith("$") else uri
    return objects


@xref_html
def test_roles_resolve_to_the_owning_table_row(app: SphinxTestApp) -> None:
    app.build()
    prose = page(app, "c_prose.html")
    assert re.search(r'href="b_table\.html#one-state-door-OPEN"[^>]*><code[^>]*><span class="pre">OPEN<', prose)
    assert re.search(r'href="b_table\.html#one-state-door-LOCKED"[^>]*><code[^>]*><span class="pre">LOCKED<', prose)
    assert re.search(r'href="b_table\.html#one-state-door-BROKEN"[^>]*><span[^>]*>the broken door<', prose)
    assert 'href="b_table.html#one-state-door-CLOSED"' in prose
    assert 'id="one-state-door-OPEN"' in page(app, "b_table.html")


@xref_html
def test_unknown_state_warns_at_its_line(app: SphinxTestApp) -> None:
    app.build(force_all=True)  # references are resolved, and warn, as pages are written: write every page
    warnings = app.warning.getvalue()
    assert re.search(r"c_prose\.rst:8: WARNING: unknown state 'door/AJAR' .*\[onestates\.ref\]", warnings)
    assert "duplicate" not in warnings.lower()
    assert len([line for line in warnings.splitlines() if "WARNING" in line]) == 1, warnings


@xref_html
def test_figure_nodes_link_to_rows_on_another_page(app: SphinxTestApp) -> None:
    app.build()
    figure = page(app, "a_figure.html")
    links = dict(re.findall(r'<a xlink:href="([^"]*)"[^>]*xlink:title="([^"]*)"', figure))
    assert set(links.values()) >= {"OPEN", "CLOSED", "LOCKED", "BROKEN"}
    assert {href for href, title in links.items() if title == "OPEN"} == {"b_table.html#one-state-door-OPEN"}


@xref_html
def test_rows_link_back_to_the_figure(app: SphinxTestApp) -> None:
    app.build()
    table = page(app, "b_table.html")
    assert 'href="a_figure.html#one-figure-door" title="show in the diagram"' in table
    again = page(app, "d_again.html")  # a page with its own figure links to it
    assert re.search(r'href="#one-figure-door" title="show in the diagram"', again)


@xref_html
def test_genindex_lists_states_under_name_and_graph(app: SphinxTestApp) -> None:
    app.build()
    index = page(app, "genindex.html")
    assert re.search(r'<a href="b_table\.html#one-state-door-OPEN">OPEN \(state of Door\)</a>', index)
    assert "door state" in index
    assert index.count("OPEN (state of Door)") == 1


@xref_html
def test_objects_inv_holds_the_states(app: SphinxTestApp) -> None:
    app.build()
    states = inventory(app.outdir)["one:state"]
    assert set(states) == {"door/CLOSED", "door/OPEN", "door/LOCKED", "door/BROKEN"}
    assert states["door/OPEN"] == "b_table.html#one-state-door-OPEN"


@xref_html
def test_intersphinx_links_into_another_project(app: SphinxTestApp, tmp_path: Path) -> None:
    app.build()
    objects_inv = Path(app.outdir) / "objects.inv"
    app.cleanup()  # one Sphinx app at a time, or the second warns that Sphinx's nodes are registered twice
    source = tmp_path / "downstream"
    source.mkdir()
    (source / "conf.py").write_text(
        "extensions = ['sphinx.ext.intersphinx', 'sphinx_onestates']\n"
        f"intersphinx_mapping = {{'door': ('https://docs.example.org/door/', {str(objects_inv)!r})}}\n",
        encoding="utf-8",
    )
    (source / "index.rst").write_text("Downstream\n==========\n\nSee :one:state:`door/LOCKED`.\n", encoding="utf-8")
    # build(), not the app fixture: the downstream project's conf.py names the objects.inv just built
    downstream = build("html", source)
    html = page(downstream, "index.html")
    assert 'href="https://docs.example.org/door/b_table.html#one-state-door-LOCKED"' in html
    assert "WARNING" not in downstream.warning.getvalue()


def _outputs(outdir: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(outdir.glob("*.html")) if p.name != "search.html"}


@pytest.mark.sphinx("html", testroot="xref", srcdir="xref-parallel", parallel=2)
def test_parallel_build_gives_the_same_pages(
    app: SphinxTestApp, make_app: Callable[..., SphinxTestApp], tmp_path: Path
) -> None:
    app.build()
    app.cleanup()  # one Sphinx app at a time, or the second warns that Sphinx's nodes are registered twice
    serial = make_app("html", srcdir=copy_root("xref", tmp_path))  # a second app, serial, on its own copy
    serial.build()
    assert _outputs(Path(serial.outdir)) == _outputs(Path(app.outdir))
    assert inventory(serial.outdir) == inventory(app.outdir)


def test_deleting_a_page_drops_its_states(tmp_path: Path) -> None:
    # build(), not the app fixture: a page is deleted between two builds of one copy of the root
    source = copy_root("xref", tmp_path)
    build("html", source)
    (source / "b_table.rst").unlink()
    (source / "index.rst").write_text((source / "index.rst").read_text().replace("   b_table\n", ""))
    app = build("html", source)
    # d_again now owns the two states it shows; LOCKED and BROKEN are gone with b_table
    assert set(inventory(app.outdir)["one:state"]) == {"door/OPEN", "door/CLOSED"}
    assert 'href="d_again.html#one-state-door-OPEN"' in page(app, "c_prose.html")
    assert "unknown state 'LOCKED'" in app.warning.getvalue()
    shutil.rmtree(source)


@pytest.mark.sphinx("html", testroot="xref", srcdir="xref-png", confoverrides={"onestates_html_format": "png"})
def test_png_output_has_an_image_map_with_the_same_links(app: SphinxTestApp) -> None:
    app.build()
    figure = page(app, "a_figure.html")
    image = re.search(
        r'<img src="(_images/onestates-[0-9a-f]+\.png)" alt="State diagram: Door\.[^"]*" usemap="#([^"]+)"', figure
    )
    assert image, figure
    assert (Path(app.outdir) / image.group(1)).read_bytes().startswith(b"\x89PNG")
    image_map = re.search(rf'<map id="{image.group(2)}" name="{image.group(2)}">(.*?)</map>', figure, re.S)
    assert image_map
    hrefs = set(re.findall(r'href="([^"]+)"', image_map.group(1)))
    assert {"b_table.html#one-state-door-OPEN", "b_table.html#one-state-door-LOCKED"} <= hrefs
