"""Warnings as users filter and count them: suppress_warnings as the README says, every build, located."""

from __future__ import annotations

import re
import zlib
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from ..conftest import build, copy_root, requires_dot

pytestmark = requires_dot

# build(), not the app fixture: these tests build a root twice, or with other settings, and compare the logs.


def warnings_of(app: SphinxTestApp) -> list[str]:
    text = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
    return [line for line in text.splitlines() if "WARNING" in line]


def types(lines: list[str]) -> list[str]:
    return sorted(re.findall(r"\[(onestates\.[\w.-]+)\]$", "\n".join(lines), re.M))


CHECKS = ["onestates.check.dead-end", "onestates.check.unreachable"]


@pytest.mark.parametrize(
    ("suppress", "silenced"),
    [
        (["onestates.check"], CHECKS),  # the README's own example
        (["onestates.check.*"], CHECKS),
        (["onestates.check.dead-end"], ["onestates.check.dead-end"]),
        (["onestates"], [*CHECKS, "onestates.catalog", "onestates.ref"]),
        (["onestates.*"], [*CHECKS, "onestates.catalog", "onestates.ref"]),
    ],
)
def test_suppress_warnings_silences_a_kind_and_its_rules(
    tmp_path: Path, suppress: list[str], silenced: list[str]
) -> None:
    source = copy_root("warnings", tmp_path)
    every = types(warnings_of(build("html", source)))
    assert set(CHECKS) < set(every) and "onestates.ref" in every
    (source / "conf.py").write_text(
        (source / "conf.py").read_text(encoding="utf-8") + f"suppress_warnings = {suppress!r}\n", encoding="utf-8"
    )
    left = types(warnings_of(build("html", source, freshenv=True)))
    assert left == [kind for kind in every if kind not in silenced]


def test_a_rebuild_that_reads_nothing_repeats_broken_links_once(tmp_path: Path) -> None:
    """-W must fail on the second build too, while the link stays broken; a page written again warns once."""
    source = copy_root("warnings", tmp_path)
    first = [line for line in warnings_of(build("html", source)) if "onestates.ref" in line]
    assert first == [
        f"{source}/links.rst:4: WARNING: unknown state 'door/AJAR' (write graph/STATE, e.g. vm-complete/RUNNING) "
        "[onestates.ref]"
    ]
    again = build("html", source)
    assert "0 source files that are out of date" in again.status.getvalue() or "no targets are out of date" in (
        again.status.getvalue()
    )
    assert [line for line in warnings_of(again) if "onestates.ref" in line] == first
    (source / "index.rst").write_text((source / "index.rst").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    rewritten = build("html", source)  # links.html is written again (its target's page changed): one warning
    assert [line for line in warnings_of(rewritten) if "onestates.ref" in line] == first
    (source / "links.rst").write_text(
        (source / "links.rst").read_text(encoding="utf-8").replace("door/AJAR", "door/STUCK"), encoding="utf-8"
    )
    fixed = build("html", source)
    assert not [line for line in warnings_of(fixed) if "onestates.ref" in line]
    assert not [line for line in warnings_of(build("html", source)) if "onestates.ref" in line]


def test_a_warning_without_a_line_names_the_file_that_exists(tmp_path: Path) -> None:
    source = copy_root("warnings", tmp_path)
    lines = warnings_of(build("html", source))
    assert "door.dot: WARNING: catalogue state GONE (DOOR 7) is missing from the graph [onestates.catalog]" in (
        "\n".join(lines)
    ) or re.search(r"door\.toml:\d+: WARNING: catalogue state GONE", "\n".join(lines))
    for line in lines:
        where = line.split(": WARNING")[0]
        path = where.rsplit(":", 1)[0] if re.search(r":\d+$", where) else where
        assert Path(path).exists() or (source / path).exists(), f"{line}: no such file {path}"


def test_a_name_with_a_semicolon_is_one_index_entry_and_objects_inv_stays_parseable(tmp_path: Path) -> None:
    source = copy_root("warnings", tmp_path)
    app = build("html", source)
    index = (Path(app.outdir) / "genindex.html").read_text(encoding="utf-8")
    assert "A;B" in index and not re.search(r">\s*B \(state of Door\)", index), "';' must not start a sub-entry"
    inventory = (Path(app.outdir) / "objects.inv").read_bytes()
    body = zlib.decompress(inventory.split(b"\n", 4)[4]).decode()
    assert "door/A;B one:state 1 " in body
    for line in body.splitlines():
        assert re.fullmatch(r"(.+?)\s+(\S+)\s+(-?\d+)\s+?(\S*)\s+(.*)", line), line


def test_a_name_with_a_line_break_is_left_out_of_objects_inv(tmp_path: Path) -> None:
    source = copy_root("warnings", tmp_path)
    dot = (source / "door.dot").read_text(encoding="utf-8")
    (source / "door.dot").write_text(dot.replace('"A;B"', '"A\nB"'), encoding="utf-8")  # a line feed in the quotes
    app = build("html", source)
    body = zlib.decompress((Path(app.outdir) / "objects.inv").read_bytes().split(b"\n", 4)[4]).decode()
    for line in body.splitlines():
        assert re.fullmatch(r"(.+?)\s+(\S+)\s+(-?\d+)\s+?(\S*)\s+(.*)", line), line
    assert "door/OPEN one:state" in body


def test_no_state_name_can_forge_a_line_of_objects_inv(tmp_path: Path) -> None:
    """Sphinx's inventory reader splits at every line break str.splitlines knows (U+2028, \\x1c, ...), not only \\n."""
    source = copy_root("warnings", tmp_path)
    forged = "x\u2028fakelabel std:label -1 https://evil.example/phish Evil"
    dot = (source / "door.dot").read_text(encoding="utf-8")
    (source / "door.dot").write_text(dot.replace('"A;B"', f'"{forged}"'), encoding="utf-8")
    app = build("html", source)
    body = zlib.decompress((Path(app.outdir) / "objects.inv").read_bytes().split(b"\n", 4)[4]).decode()
    assert "fakelabel" not in body and "evil.example" not in body
    assert "door/OPEN one:state" in body


def test_a_semicolon_in_the_graph_title_splits_no_index_entry(tmp_path: Path) -> None:
    source = copy_root("warnings", tmp_path)
    dot = (source / "door.dot").read_text(encoding="utf-8")
    (source / "door.dot").write_text(dot.replace('title = "Door"', 'title = "Door; or gate &amp; more"'), "utf-8")
    index = (Path(build("html", source).outdir) / "genindex.html").read_text(encoding="utf-8")
    assert not re.search(r"<li><a [^>]*>or gate", index), "';' in the title started a sub-entry"
    assert "door state" in index and "OPEN" in index


def test_a_delete_or_c1_control_in_a_name_is_shown_as_its_code_point(tmp_path: Path) -> None:
    """XML allows them, pdflatex does not, and a terminal may obey a C1 CSI: they are shown as <U+007F>."""
    from sphinx_onestates.core.model import xml_safe

    assert xml_safe("a\x7fb\x85c\x9b") == "a<U+007F>b<U+0085>c<U+009B>"
    assert xml_safe("tab\tand\nline") == "tab\tand\nline"
