"""Build speed of sphinx-onestates against sphinx.ext.graphviz, side by side in one run.

Run from the repository root:

    python benchmarks/run.py                  # N = 20, 100, 500 pages, 3 repeats
    python benchmarks/run.py --quick          # N = 20, 1 repeat: a smoke test
    python benchmarks/run.py --pages 100 --repeats 5

It generates Sphinx projects of N pages in three variants, builds each with this
extension, with sphinx.ext.graphviz drawing the very same DOT, and without any
diagram, and prints medians and the ratio (ours - plain) / (graphviz - plain).
See benchmarks/README.md for what each figure means.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from sphinx_onestates.core.builtin import builtin_path
from sphinx_onestates.core.select import Direction, Selection
from sphinx_onestates.core.view import build_view
from sphinx_onestates.dot.interpret import load_file
from sphinx_onestates.dot.write import emit_dot

HERE = Path(__file__).resolve().parent
PROSE = "A paragraph of prose, so that every page has some text to read and write.\n\n" * 6
MEASURES = ("full", "full -j 2", "no-change rebuild", "one-page edit", "DOT edit")
#: Targets from issue 5, as the largest acceptable ratio of diagram overheads.
TARGETS = {"distinct": 0.35, "same": 0.05}

# A stand-in for dot that counts its runs, then runs the real one.
COUNTING_DOT = """#!/bin/sh
case "$1" in -V) ;; *) echo run >> "{counter}" ;; esac
exec {dot} "$@"
"""
# Runs a command and reports its peak resident memory (kB) on stderr's last line.
RSS_WRAPPER = (
    "import resource, subprocess, sys\n"
    "code = subprocess.call(sys.argv[1:])\n"
    "print('maxrss', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
    "sys.exit(code)\n"
)


@dataclass
class Run:
    """One build: seconds, peak memory, Graphviz runs."""

    seconds: float
    rss_kb: int
    dot_runs: int


@dataclass
class Result:
    pages: int
    variant: str
    measure: str
    ours: list[Run] = field(default_factory=list)
    graphviz: list[Run] = field(default_factory=list)
    plain: list[Run] = field(default_factory=list)

    def median(self, who: str) -> float:
        return float(statistics.median(run.seconds for run in getattr(self, who)))

    def ratio(self) -> float | None:
        """(ours - plain) / (graphviz - plain): our diagram overhead as a share of graphviz's."""
        theirs = self.median("graphviz") - self.median("plain")
        if theirs <= 0.01:
            return None
        return (self.median("ours") - self.median("plain")) / theirs


def views(count: int, distinct: bool) -> list[Selection]:
    """The views of the pages: all the whole graph, or all different neighbourhoods."""
    if not distinct:
        return [Selection()] * count
    machine = load_file(builtin_path("vm-complete") or "")
    names = [n for n in machine.states if not machine.children(n)]
    directions: tuple[Direction, ...] = ("both", "out", "in")
    return [
        Selection(
            around=(names[i % len(names)],),
            depth=1 + (i // len(names)) % 3,
            direction=directions[(i // (3 * len(names))) % 3],
        )
        for i in range(count)
    ]


def directive(selection: Selection) -> str:
    """The one-states directive that asks for ``selection`` (without its table)."""
    lines = [".. one-states:: vm"]  # no table: conf.py sets onestates_table = "none"
    if selection.around:
        lines += [
            f"   :around: {selection.around[0]}",
            f"   :depth: {selection.depth}",
            f"   :direction: {selection.direction}",
        ]
    return "\n".join(lines) + "\n"


def make_projects(root: Path, pages: int, variant: str, dot: str) -> dict[str, Path]:
    """Three projects with the same pages: ours, sphinx.ext.graphviz's, and without diagrams."""
    machine = load_file(builtin_path("vm-complete") or "")
    chosen = views(pages, distinct=variant == "distinct")
    projects = {}
    for who in ("ours", "graphviz", "plain"):
        source = root / who
        source.mkdir(parents=True)
        (source / "graphs").mkdir()
        shutil.copyfile(builtin_path("vm-complete") or "", source / "graphs" / "vm.dot")
        conf = ["project = 'bench'", "html_theme = 'basic'"]
        if who == "ours":
            conf += [
                "extensions = ['sphinx_onestates']",
                "onestates_graphs = {'vm': 'graphs/vm.dot'}",
                "onestates_table = 'none'",
                f"onestates_dot = {dot!r}",
            ]
        elif who == "graphviz":
            conf += [
                "extensions = ['sphinx.ext.graphviz']",
                "graphviz_output_format = 'svg'",
                f"graphviz_dot = {dot!r}",
            ]
        (source / "conf.py").write_text("\n".join(conf) + "\n", encoding="utf-8")
        names = [f"page{i:04d}" for i in range(pages)]
        toctree = "\n".join(f"   {name}" for name in names)
        (source / "index.rst").write_text(f"Bench\n=====\n\n.. toctree::\n\n{toctree}\n", encoding="utf-8")
        drawn: dict[Selection, str] = {}
        for name, selection in zip(names, chosen, strict=True):
            body = f"{name}\n{'=' * len(name)}\n\n{PROSE}"
            if who == "ours":
                body += directive(selection)
            elif who == "graphviz":
                if selection not in drawn:
                    drawn[selection] = f"graphs/view{len(drawn):04d}.dot"
                    dot_source = emit_dot(build_view(machine, selection))
                    (source / drawn[selection]).write_text(dot_source, encoding="utf-8")
                body += f".. graphviz:: /{drawn[selection]}\n"
            (source / f"{name}.rst").write_text(body, encoding="utf-8")
        projects[who] = source
    return projects


def sphinx_build(source: Path, out: Path, counter: Path, jobs: int = 1) -> Run:
    """One real sphinx-build, timed, with its peak memory and the number of dot runs."""
    counter.write_text("", encoding="utf-8")
    command = [sys.executable, "-c", RSS_WRAPPER, sys.executable, "-m", "sphinx", "-b", "html", "-q"]
    if jobs > 1:
        command += ["-j", str(jobs)]
    start = time.perf_counter()
    done = subprocess.run([*command, str(source), str(out)], capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"sphinx-build failed in {source}:\n{done.stderr[-2000:]}")
    rss = int(done.stderr.strip().splitlines()[-1].split()[1])
    return Run(seconds, rss, len(counter.read_text(encoding="utf-8").splitlines()))


def edit_page(source: Path) -> None:
    page = source / "page0000.rst"
    page.write_text(page.read_text(encoding="utf-8") + f"\nEdited at {time.time()}.\n", encoding="utf-8")


def edit_dot(source: Path) -> None:
    """Change one transition label in every DOT file of the project (the drawing changes)."""
    for path in (source / "graphs").glob("*.dot"):
        text = path.read_text(encoding="utf-8")
        path.write_text(
            text.replace('label="reboot"', 'label="reboot now"').replace('label = "reboot"', 'label = "reboot now"')
        )


def clean(out: Path) -> None:
    """Remove a build: the output folder (and the doctrees in it), and our drawing cache beside it."""
    shutil.rmtree(out)
    shutil.rmtree(out.parent / ".onestates-cache", ignore_errors=True)


def measure(source: Path, work: Path, counter: Path) -> dict[str, Run]:
    """The five measurements of one project, in order (each rebuild builds on the previous)."""
    out = work / "out"
    runs = {"full": sphinx_build(source, out, counter)}
    clean(out)
    runs["full -j 2"] = sphinx_build(source, out, counter, jobs=2)
    runs["no-change rebuild"] = sphinx_build(source, out, counter)
    edit_page(source)
    runs["one-page edit"] = sphinx_build(source, out, counter)
    edit_dot(source)
    runs["DOT edit"] = sphinx_build(source, out, counter)
    clean(out)
    return runs


def bare_layout(samples: int = 7) -> tuple[float, list[float]]:
    """Median seconds of ``dot -Tsvg`` on a few generated views: the floor per view."""
    machine = load_file(builtin_path("vm-complete") or "")
    medians = []
    for selection in views(6, distinct=True)[:6]:
        source = emit_dot(build_view(machine, selection)).encode()
        times = []
        for _ in range(samples):
            start = time.perf_counter()
            subprocess.run(["dot", "-Tsvg"], input=source, capture_output=True, check=True)
            times.append(time.perf_counter() - start)
        medians.append(statistics.median(times))
    return statistics.median(medians), medians


def distinct_views(pages: int, variant: str) -> int:
    if variant != "distinct":
        return 1
    machine = load_file(builtin_path("vm-complete") or "")
    return len({emit_dot(build_view(machine, s)) for s in views(pages, distinct=True)})


def run(pages_list: list[int], repeats: int, variants: list[str]) -> tuple[list[Result], dict[str, object]]:
    dot = shutil.which("dot")
    if dot is None:
        sys.exit("benchmarks: Graphviz 'dot' is not installed")
    results: list[Result] = []
    extra: dict[str, object] = {}
    with tempfile.TemporaryDirectory(prefix="onestates-bench-") as scratch:
        root = Path(scratch)
        counter = root / "dot-runs"
        shim = root / "dot"
        shim.write_text(COUNTING_DOT.format(counter=counter, dot=dot), encoding="utf-8")
        shim.chmod(0o755)
        for pages in pages_list:
            for variant in variants:
                by_measure = {m: Result(pages, variant, m) for m in MEASURES}
                for repeat in range(repeats):
                    work = root / f"{pages}-{variant}-{repeat}"
                    projects = make_projects(work, pages, variant, str(shim))
                    for who, source in projects.items():
                        print(
                            f"  {pages:>4} pages, {variant:<8} {who:<8} repeat {repeat + 1}/{repeats}", file=sys.stderr
                        )
                        for name, result in measure(source, work / f"{who}-build", counter).items():
                            getattr(by_measure[name], who).append(result)
                    shutil.rmtree(work)
                results += by_measure.values()
                extra[f"distinct views {pages} {variant}"] = distinct_views(pages, variant)
    floor, per_view_floor = bare_layout()
    extra["bare dot -Tsvg median (s)"] = floor
    extra["bare dot -Tsvg per sample view (s)"] = per_view_floor
    return results, extra


def report(results: list[Result], extra: dict[str, object]) -> str:
    """A markdown table of medians and ratios, then the targets of issue 5."""
    lines = [
        "| pages | variant | measure | ours (s) | graphviz (s) | plain (s) | ratio | dot runs ours / graphviz |",
        "|---:|---|---|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        ratio = r.ratio()
        runs = f"{r.ours[0].dot_runs} / {r.graphviz[0].dot_runs}"
        ratio_text = f"{ratio:.3f}" if ratio is not None else "n/a"
        lines.append(
            f"| {r.pages} | {r.variant} | {r.measure} | {r.median('ours'):.2f} | {r.median('graphviz'):.2f} "
            f"| {r.median('plain'):.2f} | {ratio_text} | {runs} |"
        )
    lines += ["", "Targets (issue 5):", ""]
    floor = float(extra["bare dot -Tsvg median (s)"])  # type: ignore[arg-type]
    for r in results:
        if r.measure == "full" and r.variant in TARGETS:
            ratio = r.ratio()
            verdict = "met" if ratio is not None and ratio <= TARGETS[r.variant] else "NOT met"
            shown = f"{ratio:.3f}" if ratio is not None else "n/a"
            target = TARGETS[r.variant]
            lines.append(
                f"- {r.pages} pages, {r.variant} views, full build: ratio {shown} (target <= {target}): {verdict}"
            )
        if r.measure == "no-change rebuild" and r.variant != "plain":
            lines.append(
                f"- {r.pages} pages, {r.variant}: Graphviz runs on a no-change rebuild: {r.ours[0].dot_runs} (target 0)"
            )
        if r.measure == "full" and r.variant == "distinct":
            count = int(extra[f"distinct views {r.pages} distinct"])  # type: ignore[call-overload]
            per_view = (r.median("ours") - r.median("plain")) / count
            lines.append(
                f"- {r.pages} pages: {count} distinct views, {per_view * 1000:.1f} ms each against a bare layout of "
                f"{floor * 1000:.1f} ms: {per_view / floor:.2f} x (target <= 1.5; with 2 dot processes at once)"
            )
        if r.measure == "full" and r.pages == max(x.pages for x in results) and r.variant != "plain":
            rss = statistics.median(run.rss_kb for run in r.ours) / statistics.median(run.rss_kb for run in r.plain)
            lines.append(f"- {r.pages} pages, {r.variant}: peak RSS ours / plain = {rss:.2f} (target <= 1.2)")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--pages", type=int, nargs="+", default=[20, 100, 500], help="manual sizes (default 20 100 500)"
    )
    parser.add_argument(
        "--repeats", type=int, default=3, help="builds per measurement; medians are reported (default 3)"
    )
    parser.add_argument(
        "--variants", nargs="+", default=["same", "distinct"], help="same, distinct (plain pages are built for each)"
    )
    parser.add_argument("--quick", action="store_true", help="20 pages, 1 repeat: check that it runs")
    parser.add_argument("--json", type=Path, default=HERE / "results" / "latest.json", help="where to save raw results")
    args = parser.parse_args()
    if args.quick:
        args.pages, args.repeats = [20], 1
    os.environ.setdefault("PYTHONHASHSEED", "0")
    results, extra = run(args.pages, args.repeats, args.variants)
    text = report(results, extra)
    print(text)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(
        json.dumps({"results": [asdict(r) for r in results], "extra": extra}, indent=1), encoding="utf-8"
    )


if __name__ == "__main__":
    main()
