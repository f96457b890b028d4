"""OpenNebula's state pages with the directives alone (issue 20): row order, frames, short-name tables, own words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from ..tables import Table, tables

ROOT = {"testroot": "opennebula", "confoverrides": {"html_theme": "basic"}}


def page_tables(app: SphinxTestApp, name: str) -> list[Table]:
    return tables((Path(app.outdir) / f"{name}.html").read_text(encoding="utf-8"))


@pytest.mark.sphinx("html", **ROOT)
def test_sort_code_orders_service_rows_by_code_and_sort_graph_keeps_the_file_order(app: SphinxTestApp) -> None:
    app.build()
    by_code, by_graph, by_name = page_tables(app, "service")
    # onestates_sort = "code" in conf.py: the default of the first table
    assert [row.cells[1] for row in by_code.rows] == [str(code) for code in range(16)]
    assert [row.cells[1] for row in by_graph.rows][:3] == ["0", "15", "11"]  # :sort: graph, as the file has them
    assert by_name.states == sorted(by_name.states)


@pytest.mark.sphinx("html", **ROOT)
def test_table_group_parent_lists_the_lcm_states_under_active(app: SphinxTestApp) -> None:
    app.build()
    full = page_tables(app, "vm")[0]
    states = full.states
    active = states.index("ACTIVE")
    assert states[: active + 1] == ["INIT", "PENDING", "HOLD", "ACTIVE"]
    assert states[active + 1 : active + 4] == ["PROLOG", "BOOT", "RUNNING"]  # LCM 1, 2, 3 right under it
    assert states[-1] == "LCM_INIT"  # no VM_STATE: after the states that have one, outside the frame
    assert states.index("STOPPED") > states.index("RESTORE")  # VM_STATE 4 after every phase of ACTIVE (3)
    # a phase leaves out the VM_STATE its frame's row gives, as OpenNebula's table does
    assert full.row("ACTIVE").cells[1:3] == ["3", ""]
    assert full.row("BOOT").cells[1:3] == ["", "2"]
    page = (Path(app.outdir) / "vm.html").read_text(encoding="utf-8")
    boot_row = re.search(r'<tr class="[^"]*" id="one-state-vm-complete-BOOT"', page)
    assert boot_row is not None and "onestates-depth-1" in boot_row.group(0)


@pytest.mark.sphinx("html", **ROOT)
def test_short_name_view_has_a_row_per_short_name_with_its_states_and_one_sentence(app: SphinxTestApp) -> None:
    app.build()
    grouped = page_tables(app, "vm")[1]
    assert grouped.headings == ["Short", "VM_STATE", "LCM_STATE", "States", "Meaning"]
    shorts = grouped.states
    assert len(shorts) == len(set(shorts))
    assert "actv" not in shorts and "LCM_INIT" not in shorts and "" not in shorts  # no frame, no state without one
    assert set(shorts) == {
        *[
            "init",
            "pend",
            "hold",
            "stop",
            "susp",
            "done",
            "poff",
            "unde",
            "clon",
            "fail",
            "prol",
            "boot",
            "runn",
            "migr",
            "save",
            "epil",
            "shut",
            "clea",
        ],
        *["unkn", "hotp", "snap", "drsz", "back", "rest"],
    }
    for row in grouped.rows:
        assert not row.cells[4].startswith("Any of"), row.cells
    boot = grouped.row("boot")
    # the states listed once, in the States column, not the short name again
    assert boot.cells[3].split(", ")[:2] == ["BOOT", "BOOT_UNKNOWN"] and "boot" not in boot.cells[3]
    assert boot.cells[4] == "Our own words for every boot state."  # vm-words.toml's short_meaning
    image = page_tables(app, "host")[1]
    assert image.row("lock").cells[2] == "LOCKED, LOCKED_USED, LOCKED_USED_PERS"
    assert image.row("lock").cells[3].startswith("The datastore is still writing the file")


@pytest.mark.sphinx("html", **ROOT)
def test_a_catalogue_rewords_a_builtin_graph_and_keeps_its_facts(app: SphinxTestApp) -> None:
    app.build()
    full = page_tables(app, "vm")[0]
    running = full.row("RUNNING")
    assert running.cells[4] == "Our own words: the VM runs, and the monitoring keeps an eye on it."
    assert running.cells[2:4] == ["3", "runn"]  # codes and short name stay the graph's
    assert full.row("BOOT").cells[4].startswith("With its files in place")  # a state not reworded keeps its own
    host = page_tables(app, "host")[0]
    assert host.row("OFFLINE").cells[3] == "Our own words: nobody looks at this host."
    warnings = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue())
    assert "host-words.toml:4: WARNING: catalogue state 'OFLINE' is not a state of" in warnings
    assert "did you mean 'OFFLINE'?" in warnings
    assert "not in the catalogue" not in warnings  # a partial catalogue is no drift: it only rewords
    assert warnings.count("WARNING") == 1, warnings


@pytest.mark.sphinx("text", **ROOT)
def test_text_output_names_the_frame_of_each_phase(app: SphinxTestApp) -> None:
    app.build()
    text = (Path(app.outdir) / "vm.txt").read_text(encoding="utf-8")
    assert '"BOOT" (in ACTIVE)' in text
    assert '"ACTIVE" (in' not in text


@pytest.mark.sphinx("latex", **ROOT)
def test_latex_indents_the_phases_under_their_frame(app: SphinxTestApp) -> None:
    app.build()
    tex = next(Path(app.outdir).glob("*.tex")).read_text(encoding="utf-8")
    # one per LCM state in the ACTIVE frame: 68 live LCM states, less LCM_INIT (outside it)
    assert tex.count(r"\hspace*{1em}") == 67
    boot = tex.index(r"\sphinxupquote{BOOT}")
    assert tex.rindex(r"\hspace*{1em}", 0, boot) > tex.rindex(r"\sphinxupquote{PROLOG}", 0, boot)


@pytest.mark.sphinx("html", **ROOT)
def test_a_catalogue_adds_its_own_column_to_a_builtin_graph(app: SphinxTestApp) -> None:
    app.build()
    own = page_tables(app, "vm")[2]
    assert own.headings == ["State", "VM_STATE", "LCM_STATE", "Short", "Sunstone", "Meaning"]
    assert own.row("RUNNING").cells[4] == "Running (green)"
    assert own.row("BOOT").cells[4] == ""  # a state the catalogue does not give a value
