"""Big figures in print (issue 17): LaTeX prints an overview and its parts where the whole would be too small;
HTML, which zooms, draws neither."""

from __future__ import annotations

import re
from pathlib import Path

from ..conftest import build, copy_root, requires_dot, write_project

pytestmark = requires_dot


def test_latex_prints_the_whole_vm_graph_as_overview_and_parts_with_rows_linked_to_their_part(tmp_path: Path) -> None:
    source = copy_root("print", tmp_path)
    app = build("latex", source)
    assert not app.warning.getvalue()
    tex = (Path(app.outdir) / "print.tex").read_text(encoding="utf-8")
    parts = re.findall(r"\\sphinxstylestrong\{Part (\d+) of (\d+)\}: ([^.]*)\.", tex)
    assert parts and parts[0][:2] == ("1", str(len(parts))), parts  # one figure split, numbered in order
    assert all(title.startswith("ACTIVE: ") for _n, _of, title in parts)
    assert f"drawn in {len(parts)} parts" in tex  # the overview says where its frame's states are
    # the overview keeps the figure's :name: and caption; each part refers back to it
    assert r"\label{\detokenize{index:fig-whole}}" in tex
    assert tex.count(r"\pageref*{\detokenize{index:fig-whole}}") == len(parts)
    # RUNNING's row links to the part that draws it, PENDING's (in the overview) to the figure
    part_of_running = re.search(
        r"\\label\{\\detokenize\{index:(one-part-vm-complete-\d+)\}\}[^\n]*Part \d+ of \d+\}: ACTIVE: [^.]*runn", tex
    )
    assert part_of_running
    row = tex[tex.index(r"\label{\detokenize{index:one-state-vm-complete-RUNNING}}") :][:1200]
    assert rf"\hyperref[\detokenize{{index:{part_of_running.group(1)}}}]" in row
    row = tex[tex.index(r"\label{\detokenize{index:one-state-vm-complete-PENDING}}") :][:1200]
    assert r"\hyperref[\detokenize{index:fig-whole}]" in row
    # :print: whole and a small view print whole: the overview and its parts, plus two
    assert len(re.findall(r"\\sphinxincludegraphics", tex)) == 1 + len(parts) + 2
    for name in re.findall(r"\{\{(onestates-[0-9a-f]+)\}\.pdf\}", tex):
        assert (Path(app.outdir) / f"{name}.pdf").is_file()


def test_html_draws_no_print_part_and_rebuilds_stay_quiet(tmp_path: Path) -> None:
    source = copy_root("print", tmp_path)
    first = build("html", source)
    assert re.search(r"; 3 diagrams, 3 to draw", first.status.getvalue()), first.status.getvalue()
    assert len(list((source / "_build" / ".onestates-cache" / "html").glob("onestates-*.svg"))) == 3
    again = build("html", source)  # parts the HTML builder never draws are not "missing": no page is rewritten
    assert "0 added, 0 changed, 0 removed" in re.sub(r"\x1b\[[0-9;]*m", "", again.status.getvalue())
    assert "writing output... [100%] index" not in re.sub(r"\x1b\[[0-9;]*m", "", again.status.getvalue())


def test_a_german_manual_prints_its_parts_in_german(tmp_path: Path) -> None:
    app = build("latex", copy_root("print", tmp_path), confoverrides={"language": "de"})
    tex = (Path(app.outdir) / "print.tex").read_text(encoding="utf-8")
    assert r"\sphinxstylestrong{Teil 1 von 12}: ACTIVE: prol. Graue Kästen" in tex
    assert "Die Zustände in ACTIVE sind in 12 Teilen zu etwa 6 Zuständen, ab Seite~\\pageref*{" in tex


def test_a_frame_label_with_a_percent_sign_prints_as_written(tmp_path: Path) -> None:
    states = " ".join(f"S{n:02d}_A_RATHER_LONG_STATE_NAME;" for n in range(30))
    edges = " ".join(
        f'S{n:02d}_A_RATHER_LONG_STATE_NAME -> S{n + 1:02d}_A_RATHER_LONG_STATE_NAME [label="go %(page)s {n}"];'
        for n in range(29)
    )
    source = write_project(
        tmp_path,
        {
            "conf.py": (
                'extensions = ["sphinx_onestates"]\nlatex_documents = [("index", "p.tex", "P", "T", "manual")]\n'
            ),
            "g.dot": f'digraph g {{ rankdir=LR; subgraph cluster_a {{ label="50% (page)s done"; {states} }} {edges} }}',
            "index.rst": "P\n=\n\n.. one-states:: g.dot\n",
        },
    )
    app = build("latex", source)
    tex = (Path(app.outdir) / "p.tex").read_text(encoding="utf-8")
    assert r"The states inside 50\% (page)s done are drawn in" in tex
