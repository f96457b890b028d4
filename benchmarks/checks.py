"""How long the checks, :around:, the table and a no-change rebuild take on a large graph, old code against new.

Run from the repository root (issue 15):

    python benchmarks/checks.py                        # 10,000 states, against 286fe52 (before issue 15)
    python benchmarks/checks.py --states 2000 --against HEAD~3 --timeout 120
    python benchmarks/checks.py --only check-undeclared,rebuild

The graph is tests/generated.py's: a chain S0 -> ... -> S(n-1) from the initial pseudo-node plus n random
edges of every kind, with codes and meanings. Each measure runs in a fresh Python process, once with the
package as it was at ``--against`` (exported with ``git archive``) and once with the working tree, and
prints both times and their ratio old / new. A run that takes longer than ``--timeout`` is shown as
``> T``. The ``rebuild`` measure needs Graphviz's ``dot`` (it reads the DOT file as a Sphinx build does).

| measure | what is timed |
| --- | --- |
| check | core.check.check on the graph |
| check-undeclared | the same, every other state only named in edges (the graph carries facts) |
| around | build_view with :around: the middle state, depth 3, :hidden: drop |
| around-paths | the same with :hidden: paths (the default) |
| paths-100 | build_view of S0 to S99 with :hidden: paths, with the directive's default budget where there is one |
| table | core.table.rows of the whole graph (state, in, out) |
| catalog | core.catalog.catalog_from_machine, states nested by ten in parents |
| rebuild | a no-change sphinx-build of a page showing the graph of check-undeclared (:table: none) |
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import replace
from io import BytesIO
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
#: The last commit before issue 15's fixes.
BEFORE = "286fe52"
MEASURES = ("check", "check-undeclared", "around", "around-paths", "paths-100", "table", "catalog", "rebuild")


# -- the worker: one measure, in the package that PYTHONPATH puts first ----------------------------------


def _rebuild(states: int, workdir: Path) -> float:
    from tests.generated import chain_dot

    lines = chain_dot(states, states).splitlines()
    # every other state only named in edges: the graph carries facts, so each is an undeclared state
    dropped = {f"  S{i} [C = " for i in range(0, states, 2)}
    kept = [line for line in lines if line.split("C = ")[0] + "C = " not in dropped]
    source = workdir / "src"
    source.mkdir()
    (source / "big.dot").write_text("\n".join(kept) + "\n", encoding="utf-8")
    (source / "conf.py").write_text("extensions = ['sphinx_onestates']\n", encoding="utf-8")
    (source / "index.rst").write_text("Big\n===\n\n.. one-states:: big.dot\n   :table: none\n", encoding="utf-8")
    command = [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(source), str(workdir / "out")]
    # run in workdir: "python -m" puts the current folder first on sys.path, before PYTHONPATH's package
    subprocess.run(command, check=True, capture_output=True, cwd=workdir)  # the first build
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, cwd=workdir)  # nothing changed
    return time.perf_counter() - start


def worker(measure: str, states: int) -> None:
    sys.path.append(str(REPO))  # tests.generated; sphinx_onestates comes from PYTHONPATH, first
    import sphinx_onestates
    from sphinx_onestates.core.catalog import catalog_from_machine
    from sphinx_onestates.core.check import check
    from sphinx_onestates.core.select import Selection
    from sphinx_onestates.core.table import rows
    from sphinx_onestates.core.view import build_view
    from tests.generated import chain_machine

    machine = chain_machine(states, states, undeclared_every=2 if measure == "check-undeclared" else 0)
    around = Selection(around=(f"S{states // 2}",), depth=3)
    if measure == "catalog":
        machine = replace(
            machine,
            states={
                name: replace(state, parent=f"S{number // 10 * 10}" if number % 10 else None)
                for number, (name, state) in enumerate(machine.states.items())
            },
        )
    start = time.perf_counter()
    if measure in ("check", "check-undeclared"):
        check(machine)
    elif measure == "around":
        build_view(machine, around, hidden="drop")
    elif measure == "around-paths":
        build_view(machine, around, hidden="paths")
    elif measure == "paths-100":
        first = Selection(states=tuple(f"S{i}" for i in range(100)))
        try:
            from sphinx_onestates.core.view import Budget  # type: ignore[attr-defined,unused-ignore]
        except ImportError:  # before issue 15: no budget, every path is found
            build_view(machine, first, hidden="paths")
        else:
            build_view(machine, first, hidden="paths", budget=Budget(250, 1000))
    elif measure == "table":
        rows(build_view(machine, hidden="drop"), ("state", "in", "out"))
    elif measure == "catalog":
        catalog_from_machine(machine)
    elif measure == "rebuild":
        with tempfile.TemporaryDirectory() as workdir:
            seconds = _rebuild(states, Path(workdir))
        print(json.dumps({"seconds": seconds, "package": sphinx_onestates.__file__}))
        return
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "package": sphinx_onestates.__file__}))


# -- the driver -------------------------------------------------------------------------------------------


def export(revision: str, target: Path) -> Path:
    """The package as it was at ``revision``, under ``target``."""
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", revision, "sphinx_onestates"], check=True, capture_output=True
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return target


def run(tree: Path, measure: str, states: int, timeout: float) -> float | None:
    """Seconds the measure took with the package in ``tree``; None past the timeout."""
    environment = {**os.environ, "PYTHONPATH": str(tree)}
    command = [sys.executable, __file__, "--worker", measure, "--states", str(states)]
    try:
        done = subprocess.run(command, env=environment, check=True, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert Path(result["package"]).resolve().is_relative_to(tree.resolve()), result["package"]
    return float(result["seconds"])


def shown(seconds: float | None, timeout: float) -> str:
    return f"> {timeout:g}" if seconds is None else f"{seconds:.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--states", type=int, default=10_000)
    parser.add_argument("--against", default=BEFORE, help="the old code: a git revision (default %(default)s)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds one measure may take")
    parser.add_argument("--only", default=",".join(MEASURES), help="measures, comma-separated")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.worker:
        worker(arguments.worker, arguments.states)
        return
    measures = [name for name in arguments.only.split(",") if name]
    unknown = sorted(set(measures) - set(MEASURES))
    if unknown:
        parser.error(f"unknown measures {', '.join(unknown)} (known: {', '.join(MEASURES)})")
    with tempfile.TemporaryDirectory() as folder:
        old = export(arguments.against, Path(folder))
        states = arguments.states
        print(f"{states} states, {states} random edges; old = {arguments.against}, new = working tree")
        print("| measure | old s | new s | old / new |\n| --- | --- | --- | --- |")
        for measure in measures:
            before = run(old, measure, arguments.states, arguments.timeout)
            after = run(REPO, measure, arguments.states, arguments.timeout)
            if before is None or after is None or after == 0:
                ratio = "n/a" if after is None else f"> {arguments.timeout / after:.0f}"
            else:
                ratio = f"{before / after:.1f}"
            print(f"| {measure} | {shown(before, arguments.timeout)} | {shown(after, arguments.timeout)} | {ratio} |")


if __name__ == "__main__":
    main()
