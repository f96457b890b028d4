"""How large a figure's labels are when its drawing is shrunk to a column: the measure of issue 17.

Run from the repository root (Graphviz's dot on PATH):

    python benchmarks/labels.py                 # the README's views of vm-complete at Furo's 742 px column
    python benchmarks/labels.py --column 390    # at a phone's width

For each view it draws the DOT the extension writes, reads the SVG's natural width and the font size of
every ``<text>``, and prints the median and smallest label in CSS pixels once the drawing is scaled to fit
the column (never enlarged), with the number of dashed paths through hidden states beside the transitions.
The browser test (tests/e2e/test_zoom.py) measures the same in Chromium.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess

from sphinx_onestates.core.builtin import builtin_path
from sphinx_onestates.core.select import Selection
from sphinx_onestates.core.view import build_view
from sphinx_onestates.dot.interpret import load_file
from sphinx_onestates.dot.write import emit_dot

VIEWS = {
    ":around: RUNNING": Selection(around=("RUNNING",)),
    ":states: PENDING, PROLOG*, boot, RUNNING": Selection(states=("PENDING", "PROLOG*", "boot", "RUNNING")),
    "(the whole graph)": Selection(),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--column", type=float, default=742, help="column width in CSS px (default: Furo's 742)")
    column = parser.parse_args().column
    machine = load_file(builtin_path("vm-complete") or "")
    print("| view (vm-complete) | width (pt) | median label (px) | smallest (px) | transitions | hidden paths |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, selection in VIEWS.items():
        view = build_view(machine, selection)
        svg = subprocess.run(["dot", "-Tsvg"], input=emit_dot(view).encode(), capture_output=True, check=True)
        text = svg.stdout.decode()
        width = float(re.search(r'width="([\d.]+)pt"', text).group(1))  # type: ignore[union-attr]
        scale = min(1.0, column / (width * 4 / 3))  # 1 pt = 4/3 CSS px
        sizes = [float(size) * 4 / 3 * scale for size in re.findall(r'font-size="([\d.]+)"', text)]
        print(
            f"| {name} | {width:.0f} | {statistics.median(sizes):.1f} | {min(sizes):.1f} "
            f"| {len(view.transitions)} | {len(view.hidden_paths)} |"
        )


if __name__ == "__main__":
    main()
