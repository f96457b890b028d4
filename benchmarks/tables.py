"""The default directive's cost over plain Sphinx, for one or more versions of this extension (issue 16).

Run from the repository root:

    python benchmarks/tables.py                                   # this checkout, 150 pages, 3 repeats
    python benchmarks/tables.py --code before=../old-checkout --code after=.

Each page of the project holds ``.. one-states:: vm-complete`` (the full figure and its whole state
reference table); the plain project has the same pages without it. Each version builds both from
scratch (html, serial), the versions and projects taking turns so that a change in the machine's load
falls on all of them; the report gives, per version, the medians of wall-clock and of CPU seconds (of
sphinx-build and its dot) and their ratios ours / plain: on a shared machine the CPU time moves less.
The figure is drawn once per build (the pages show one view), so the table makes most of the difference.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROSE = "A paragraph of prose, so that every page has some text to read and write.\n\n" * 6
CONF = 'extensions = ["sphinx_onestates"]\nproject = "Tables benchmark"\n'


def make_project(root: Path, pages: int, directive: bool) -> Path:
    """``pages`` pages of prose, each with the default directive (or without it), and an index."""
    source = root / ("ours" if directive else "plain")
    source.mkdir(parents=True)
    (source / "conf.py").write_text(CONF, encoding="utf-8")
    names = [f"page{number:04d}" for number in range(pages)]
    toctree = "".join(f"   {name}\n" for name in names)
    (source / "index.rst").write_text(f"Benchmark\n=========\n\n.. toctree::\n\n{toctree}", encoding="utf-8")
    for name in names:
        body = f"{name}\n{'=' * len(name)}\n\n{PROSE}"
        if directive:
            body += ".. one-states:: vm-complete\n"
        (source / f"{name}.rst").write_text(body, encoding="utf-8")
    return source


def cpu_seconds() -> float:
    """User and system seconds of the finished child processes so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def build(code: Path, source: Path, out: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one full html build of ``source`` with the extension in ``code``."""
    shutil.rmtree(out.parent, ignore_errors=True)  # the output, its doctrees and the drawing cache beside it
    env = {**os.environ, "PYTHONPATH": str(code.resolve())}
    start, cpu = time.perf_counter(), cpu_seconds()
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-q", str(source), str(out)],
        cwd=code,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
    if done.returncode != 0:
        raise RuntimeError(f"sphinx-build failed with {code}:\n{done.stderr[-2000:]}")
    return seconds, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=150)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--code",
        action="append",
        metavar="NAME=PATH",
        help="a checkout to measure, under a name (repeatable; default: this checkout)",
    )
    args = parser.parse_args()
    codes = dict(item.split("=", 1) for item in args.code or [f"this={Path(__file__).resolve().parents[1]}"])
    times: dict[tuple[str, str], list[tuple[float, float]]] = {
        (name, who): [] for name in codes for who in ("ours", "plain")
    }
    with tempfile.TemporaryDirectory(prefix="onestates-tables-") as temporary:
        root = Path(temporary)
        projects = {"ours": make_project(root, args.pages, True), "plain": make_project(root, args.pages, False)}
        for repeat in range(args.repeats):
            order = list(codes.items()) if repeat % 2 == 0 else list(reversed(codes.items()))
            for name, path in order:
                for who, source in projects.items():
                    seconds, cpu = build(Path(path), source, root / "build" / name / who / "html")
                    times[(name, who)].append((seconds, cpu))
                    print(f"{name:>8} {who:>5} {seconds:6.2f} s, CPU {cpu:6.2f} s", file=sys.stderr)
    print(f"{args.pages} pages, {args.repeats} repeats, medians of a full html build, in seconds")
    print("| code | with the directive | plain | ratio | CPU with the directive | CPU plain | CPU ratio |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name in codes:
        (ours, ours_cpu), (plain, plain_cpu) = (
            (statistics.median(t for t, _ in times[(name, who)]), statistics.median(c for _, c in times[(name, who)]))
            for who in ("ours", "plain")
        )
        print(
            f"| {name} | {ours:.2f} | {plain:.2f} | {ours / plain:.2f} "
            f"| {ours_cpu:.2f} | {plain_cpu:.2f} | {ours_cpu / plain_cpu:.2f} |"
        )


if __name__ == "__main__":
    main()
