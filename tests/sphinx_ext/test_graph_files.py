"""Graph files and catalogues that are no regular files, or too large: a located warning, never a hang.

A FIFO waits for a writer that never comes, ``/dev/zero`` never ends, and a file of gigabytes fills the
memory; all are refused before they are read (``sphinx_onestates.core.files``).
"""

from __future__ import annotations

import os
import re
import signal
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinx_onestates.core.files import MAX_BYTES

from ..conftest import build

DOT = 'digraph door {\n    CLOSED [final = true];\n    user -> CLOSED [kind = command, label = "install"];\n}\n'
CATALOG = 'codes = ["C"]\n\n[states.CLOSED]\nC = 0\nshort = "shut"\n'

PAGE = """Files
=====

.. one-states:: fifo

.. one-states:: zero

.. one-states:: huge

.. one-states:: folder

.. one-states:: fifo.dot

.. one-states:: good.dot
   :catalog: fifo.toml

.. one-states:: good.dot
   :catalog: huge.toml

.. one-states:: good.dot
   :catalog: good.toml
   :table: only
"""

FIFO = "it is a FIFO (named pipe), not a regular file"
LARGE = f"it has 20.0 MiB, more than the {MAX_BYTES // 2**20} MiB a graph file or catalogue may have"
EXPECTED = [
    ("index.rst:4", f"cannot read the graph file: {FIFO} (fifo.dot)", "file"),
    ("index.rst:6", "cannot read the graph file: it is a character device, not a regular file (/dev/zero)", "file"),
    ("index.rst:8", f"cannot read the graph file: {LARGE} (huge.dot)", "file"),
    ("index.rst:10", "cannot read the graph file: it is a directory, not a regular file (folder.dot)", "file"),
    ("index.rst:12", f"cannot read the graph file: {FIFO} (fifo.dot)", "file"),
    ("index.rst:14", f"cannot read the catalogue: {FIFO} (fifo.toml)", "catalog"),
    ("index.rst:17", f"cannot read the catalogue: {LARGE} (huge.toml)", "catalog"),
]


@pytest.fixture
def deadline() -> Iterator[None]:
    """Fail instead of hanging: a read of a FIFO blocks in open(), which SIGALRM interrupts."""

    def expire(signum: int, frame: FrameType | None) -> None:
        raise TimeoutError("the build hung (a FIFO or a device was read)")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(120)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def warnings_of(app: SphinxTestApp) -> list[str]:
    text = re.sub(r"\x1b\[[0-9;]*m", "", app.warning.getvalue()).replace(f"{app.srcdir}/", "")
    return [line for line in text.splitlines() if "WARNING" in line]


@pytest.mark.usefixtures("deadline")
def test_fifos_devices_folders_and_huge_files_are_refused_with_a_located_warning(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    (source / "good.dot").write_text(DOT, encoding="utf-8")
    (source / "good.toml").write_text(CATALOG, encoding="utf-8")
    os.mkfifo(source / "fifo.dot")
    os.mkfifo(source / "fifo.toml")
    (source / "folder.dot").mkdir()
    for huge in ("huge.dot", "huge.toml"):
        with (source / huge).open("wb") as file:
            file.truncate(20 * 2**20)  # sparse: no disk space used
    (source / "conf.py").write_text(
        "extensions = ['sphinx_onestates']\nshow_warning_types = True\n"
        "onestates_graphs = {'fifo': 'fifo.dot', 'zero': '/dev/zero', 'huge': 'huge.dot', 'folder': 'folder.dot'}\n",
        encoding="utf-8",
    )
    (source / "index.rst").write_text(PAGE, encoding="utf-8")
    # build(), not the app fixture: FIFOs and sparse files cannot be kept in a test root
    app = build("html", source)
    warnings = warnings_of(app)
    for where, message, subtype in EXPECTED:
        assert f"{where}: WARNING: {message} [onestates.{subtype}]" in warnings, warnings
    assert len(warnings) == len(EXPECTED), "\n".join(warnings)
    page = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    # the page is written, the good graph and catalogue used
    assert '<span class="onestates-label">Short</span>shut</p></td>' in page
