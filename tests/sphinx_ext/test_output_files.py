"""The files the extension writes into the output folder: the mode the umask gives, whole (issue 15, item 4).

They were written through :func:`tempfile.mkstemp`, which makes a file readable by its owner only: a
web server serving the HTML could not read the full-size SVGs.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from ..conftest import build, copy_root, requires_dot
from .drawing_helpers import outputs

pytestmark = requires_dot

#: Each kind of output file the extension writes: the builder, its configuration, where the files are.
EVERY_OUTPUT = pytest.mark.parametrize(
    ("builder", "config", "pattern"),
    [
        pytest.param("html", {}, "_images/onestates-*.svg", id="full-size-svg"),
        pytest.param("html", {"onestates_html_format": "png"}, "_images/onestates-*.png", id="png"),
        pytest.param("latex", {}, "onestates-*.pdf", id="pdf"),
    ],
)


@pytest.mark.parametrize("umask", [0o022, 0o002])
@EVERY_OUTPUT
def test_output_files_get_the_mode_the_umask_gives(
    tmp_path: Path, builder: str, config: dict[str, str], pattern: str, umask: int
) -> None:
    source = copy_root("cache", tmp_path)
    old = os.umask(umask)
    try:
        app = build(builder, source, confoverrides=config)
    finally:
        os.umask(old)
    written = sorted(Path(app.outdir).glob(pattern))
    assert written
    sphinx_own = next(Path(app.outdir).glob("index.html" if builder == "html" else "*.tex"))
    assert stat.S_IMODE(sphinx_own.stat().st_mode) == 0o666 & ~umask
    for path in written:
        assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask, path


@EVERY_OUTPUT
def test_an_output_file_cut_short_is_written_again(
    tmp_path: Path, builder: str, config: dict[str, str], pattern: str
) -> None:
    source = copy_root("cache", tmp_path)
    app = build(builder, source, confoverrides=config)
    expected = outputs(app.outdir)
    for path in Path(app.outdir).glob(pattern):
        path.write_bytes(path.read_bytes()[:100])
    for page in ("same1", "same2", "other"):  # written again (an edit), with their drawings
        (source / f"{page}.rst").write_text((source / f"{page}.rst").read_text() + "\nEdited.\n", encoding="utf-8")
    again = build(builder, source, confoverrides=config)
    drawings = {name: data for name, data in outputs(again.outdir).items() if "onestates-" in name}
    assert drawings == {name: data for name, data in expected.items() if name in drawings}
    assert len(drawings) == 2
