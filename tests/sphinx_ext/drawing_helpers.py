"""Helpers for the tests of drawing and its cache: a scripted stand-in for dot, a build's files, its warnings."""

from __future__ import annotations

import re
import shutil
import stat
from pathlib import Path

from sphinx.testing.util import SphinxTestApp

#: Output files the extension's drawings reach: pages, the LaTeX, and every image.
OUTPUT_SUFFIXES = {".html", ".tex", ".svg", ".png", ".pdf", ".map"}


def fake_dot(folder: Path, draw: str, version: str = "0.0 (fake)") -> str:
    """A stand-in for Graphviz's dot that reads graphs with the real one and draws with the shell snippet ``draw``.

    ``-V`` answers with the version in ``folder/version`` (change the file to "upgrade" Graphviz);
    reading a graph (``-Tjson``) runs the real dot; every other run (a drawing) adds a line to
    ``folder/runs`` and then runs ``draw``, where ``$REAL`` is the real dot.
    """
    real = shutil.which("dot")
    assert real is not None
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "version").write_text(version, encoding="utf-8")
    (folder / "runs").write_text("", encoding="utf-8")
    script = folder / "fake-dot"
    script.write_text(
        "#!/bin/sh\n"
        f"REAL='{real}'\n"
        f'if [ "$1" = "-V" ]; then echo "dot - graphviz version $(cat \'{folder}/version\')" >&2; exit 0; fi\n'
        'case "$*" in *-Tjson*) exec "$REAL" "$@";; esac\n'
        f"echo run >> '{folder}/runs'\n"
        f"{draw}\n",
        encoding="utf-8",
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(script)


def drawing_runs(folder: Path) -> int:
    """How many drawings a :func:`fake_dot` in ``folder`` was asked for."""
    return len((folder / "runs").read_text(encoding="utf-8").splitlines())


def outputs(outdir: str | Path) -> dict[str, bytes]:
    """Every page and image of a build, by path in the output folder."""
    out = Path(outdir)
    return {
        str(path.relative_to(out)): path.read_bytes()
        for path in sorted(out.rglob("*"))
        if path.is_file() and path.suffix in OUTPUT_SUFFIXES and ".doctrees" not in path.parts
    }


def warnings_of(app: SphinxTestApp) -> list[str]:
    """The warning lines of a build, paths relative to its source folder, without colours."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue()).replace(f"{app.srcdir}/", "")
    return [line for line in text.splitlines() if "WARNING" in line]


def status_of(app: SphinxTestApp) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", app.status.getvalue())


def pages_read(app: SphinxTestApp) -> set[str]:
    """The pages a build read (parsed) again."""
    return set(re.findall(r"reading sources\.\.\. \[[^\]]*\] (\S+)", status_of(app)))


def pages_written(app: SphinxTestApp) -> set[str]:
    """The pages a build wrote."""
    return set(re.findall(r"writing output\.\.\. \[[^\]]*\] (\S+)", status_of(app)))
