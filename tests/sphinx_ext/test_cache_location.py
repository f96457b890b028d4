"""Where the drawing cache lives: where no document can be, never in what is published (issue 15, item 6)."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from sphinx.errors import ConfigError

from ..conftest import build, copy_root, requires_dot
from .drawing_helpers import pages_read, status_of, warnings_of

pytestmark = requires_dot

#: The names the cache gives its files.
CACHE_NAME = re.compile(r"onestates-[0-9a-f]{20}\.(svg|png|cmapx|pdf)(\.failed)?")


def sphinx_build(*args: str) -> subprocess.CompletedProcess[str]:
    """``sphinx-build`` as a user runs it (the defaults of ``-d`` are the command line's, not the test app's)."""
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", *args], capture_output=True, text=True, check=False, timeout=300
    )


def test_the_cache_sits_beside_the_output_folder(tmp_path: Path) -> None:
    source = copy_root("cache", tmp_path)
    app = build("html", source)
    cache = source / "_build" / ".onestates-cache" / "html"
    names = sorted(path.name for path in cache.iterdir())
    assert len(names) == 2 and all(CACHE_NAME.fullmatch(name) for name in names), names
    assert not list((source / "_build" / "doctrees").rglob("*.svg"))
    # the output folder has the full-size copies the pages link to, nothing of the cache
    published = [path for path in Path(app.outdir).rglob("*") if CACHE_NAME.fullmatch(path.name)]
    assert published and all(path.parent.name == "_images" for path in published), published


def test_a_relative_cache_folder_is_relative_to_conf_py(tmp_path: Path) -> None:
    source = copy_root("cache", tmp_path)
    build("html", source, confoverrides={"onestates_cache_dir": "drawings"})
    assert len(list((source / "drawings").glob("onestates-*.svg"))) == 2


def test_a_cache_folder_inside_the_output_folder_is_refused(tmp_path: Path) -> None:
    source = copy_root("cache", tmp_path)
    with pytest.raises(ConfigError, match=r"onestates_cache_dir .* inside the output folder"):
        build("html", source, confoverrides={"onestates_cache_dir": str(source / "_build" / "html" / "cache")})


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "onestates_cache_dir must name a folder (or be None, the default place), not ''"),
        (3, "onestates_cache_dir must be a str or Path or NoneType, not int (3)"),
    ],
)
def test_a_cache_folder_that_names_no_folder_is_refused(tmp_path: Path, value: object, message: str) -> None:
    source = copy_root("cache", tmp_path)
    (source / "conf.py").write_text((source / "conf.py").read_text() + f"onestates_cache_dir = {value!r}\n")
    with pytest.raises(ConfigError, match=re.escape(message)):
        build("html", source)


def test_documents_under_a_folder_named_onestates_are_not_read_again(tmp_path: Path) -> None:
    source = copy_root("cache", tmp_path)
    (source / "onestates").mkdir()
    (source / "onestates" / "page.rst").write_text(
        "In a folder\n===========\n\n.. one-states:: door\n   :around: OPEN\n   :table: none\n", encoding="utf-8"
    )
    (source / "index.rst").write_text((source / "index.rst").read_text() + "   onestates/page\n", encoding="utf-8")
    build("html", source)
    again = build("html", source)
    assert pages_read(again) == set()
    assert "0 added, 0 changed, 0 removed" in status_of(again)
    assert warnings_of(again) == []


def test_doctrees_in_the_source_folder_lose_no_file(tmp_path: Path) -> None:
    """``sphinx-build -d . . out``: the doctree folder is the source folder, the user's files stay."""
    source = copy_root("cache", tmp_path)
    mine = {
        source / "onestates" / "notes.txt": "my notes",
        source / "onestates" / "drawing.svg": "<svg/>",
        source / "onestates-1234.svg": "<svg/>",
        source / "other.svg": "<svg/>",
    }
    for path, text in mine.items():
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for _ in range(2):
        done = sphinx_build("-b", "html", "-d", str(source), str(source), str(source / "_build" / "html"))
        assert done.returncode == 0, done.stderr
    for path, text in mine.items():
        assert path.read_text(encoding="utf-8") == text


def test_the_epub_holds_no_cached_drawing(tmp_path: Path) -> None:
    """With sphinx-build's own default, the doctrees are inside the output folder: the cache is not."""
    source = copy_root("cache", tmp_path)
    (source / "conf.py").write_text(
        (source / "conf.py").read_text() + "epub_copyright = 'x'\nversion = '1'\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    done = sphinx_build("-b", "epub", str(source), str(out))
    assert done.returncode == 0, done.stderr
    (epub,) = out.glob("*.epub")
    names = zipfile.ZipFile(epub).namelist()
    # the SVG is inline, and a book has no full-size copy to link to: no drawing is a file of the book
    assert not [name for name in names if "onestates" in name and name.endswith((".svg", ".png", ".pdf"))], names
    assert not [name for name in names if ".doctrees" in name or "onestates-cache" in name], names
    # nor is it copied with the HTML
    assert not [path for path in out.rglob("*") if CACHE_NAME.fullmatch(path.name) and "_images" not in path.parts]
