"""A damaged or unwritable drawing cache never stops a build and never changes what it writes (issue 15, item 1)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from ..conftest import build, copy_root, requires_dot
from .drawing_helpers import outputs, warnings_of

pytestmark = requires_dot

# build(), not the app fixture: each test builds one copy of a root several times and damages it in between.

#: How a cached file is damaged: emptied, cut in half, or ending early.
CUTS: dict[str, Callable[[bytes], bytes]] = {
    "zero-bytes": lambda data: b"",
    "half": lambda data: data[: len(data) // 2],
    "ends-early": lambda data: data[:-12],
}

FORMATS = [
    pytest.param("html", "svg", {}, id="svg"),
    pytest.param("html", "png", {"onestates_html_format": "png"}, id="png"),
    pytest.param("html", "cmapx", {"onestates_html_format": "png"}, id="cmapx"),
    pytest.param("latex", "pdf", {}, id="pdf"),
]


def cached_files(source: Path, outdir: Path, fmt: str) -> list[Path]:
    """The drawings kept between builds, wherever the cache is: files of ``fmt`` under ``_build``, not output."""
    return sorted(
        path for path in (source / "_build").rglob(f"*.{fmt}") if outdir not in path.parents and path.is_file()
    )


@pytest.mark.parametrize("cut", list(CUTS))
@pytest.mark.parametrize(("builder", "fmt", "config"), FORMATS)
def test_a_damaged_drawing_is_drawn_again(
    tmp_path: Path, builder: str, fmt: str, config: dict[str, str], cut: str
) -> None:
    source = copy_root("cache", tmp_path)
    first = build(builder, source, confoverrides=config)
    outdir = Path(first.outdir)
    expected = outputs(outdir)
    damaged = cached_files(source, outdir, fmt)
    assert len(damaged) == 2, damaged  # two distinct views in the root
    for path in damaged:
        path.write_bytes(CUTS[cut](path.read_bytes()))
    again = build(builder, source, confoverrides=config)  # nothing changed but the cache
    assert warnings_of(again) == []
    assert outputs(outdir) == expected
    shutil.rmtree(outdir)  # every page written again, from the cache
    third = build(builder, source, confoverrides=config)
    assert warnings_of(third) == []
    assert outputs(outdir) == expected


def blocked_by_a_file(tmp_path: Path) -> Path:
    """A cache folder that cannot be made: its parent is a regular file (this holds for root as well)."""
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where a folder should be", encoding="utf-8")
    return blocker / "cache"


def test_an_unwritable_cache_folder_draws_elsewhere_with_one_warning(tmp_path: Path) -> None:
    normal = copy_root("cache", tmp_path / "normal")
    expected = outputs(build("html", normal).outdir)
    source = copy_root("cache", tmp_path / "blocked")
    config = {"onestates_cache_dir": str(blocked_by_a_file(tmp_path))}
    for _ in range(2):  # a first build, then one with nothing cached to read
        app = build("html", source, confoverrides=config)
        warnings = warnings_of(app)
        assert len(warnings) == 1, warnings
        assert "cannot write the drawing cache" in warnings[0] and warnings[0].endswith("[onestates.cache]")
        assert outputs(app.outdir) == expected
    assert not list(source.rglob(".onestates-cache"))  # nothing was left in the default place instead


def test_a_cache_folder_that_is_a_file_does_not_stop_the_build(tmp_path: Path) -> None:
    source = copy_root("cache", tmp_path)
    blocker = tmp_path / "cache-file"
    blocker.write_text("not a folder", encoding="utf-8")
    app = build("html", source, confoverrides={"onestates_cache_dir": str(blocker)})
    assert [line.endswith("[onestates.cache]") for line in warnings_of(app)] == [True]
    assert blocker.read_text(encoding="utf-8") == "not a folder"
    assert "<svg" in (Path(app.outdir) / "same1.html").read_text(encoding="utf-8")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_cache_is_read_and_not_written(tmp_path: Path) -> None:
    source = copy_root("cache", tmp_path)
    cache = tmp_path / "cache"
    config = {"onestates_cache_dir": str(cache)}
    first = build("html", source, confoverrides=config)
    expected = outputs(first.outdir)
    shutil.rmtree(first.outdir)
    cache.chmod(0o555)
    try:
        app = build("html", source, confoverrides=config)
    finally:
        cache.chmod(0o755)
    assert warnings_of(app) == []  # nothing had to be drawn, so nothing had to be written
    assert outputs(app.outdir) == expected


def test_a_cache_that_fails_to_take_a_file_draws_elsewhere_with_one_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk, or a folder that turns read-only during the build: writing fails, the build goes on."""
    from sphinx_onestates.sphinx_ext import render_cache

    normal = copy_root("cache", tmp_path / "normal")
    expected = outputs(build("html", normal).outdir)
    source = copy_root("cache", tmp_path / "full")
    cache = tmp_path / "cache"
    original = render_cache.write_atomically

    def full(path: Path, data: bytes) -> None:
        if cache in path.parents:
            raise OSError(28, "No space left on device")
        original(path, data)

    monkeypatch.setattr(render_cache, "write_atomically", full)
    app = build("html", source, confoverrides={"onestates_cache_dir": str(cache)})
    warnings = warnings_of(app)
    assert len(warnings) == 1 and warnings[0].endswith("[onestates.cache]"), warnings
    assert "No space left on device" in warnings[0]
    assert outputs(app.outdir) == expected
