"""The graphs that ship with the package, found in the wheel or the source tree."""

from __future__ import annotations

from pathlib import Path

#: The release line of the graphs (a folder of graphs/ each).
RELEASE = "7.4"
BUILTIN_NAMES = ("vm-complete", "vm-simple", "image-persistent", "image-nonpersistent", "service")


def graphs_dir() -> Path:
    """``sphinx_onestates/graphs`` in an installed wheel, ``graphs/`` in a checkout."""
    package = Path(__file__).resolve().parents[1]
    for candidate in (package / "graphs", package.parent / "graphs"):
        if (candidate / RELEASE / "vm-complete.dot").is_file():
            return candidate
    raise FileNotFoundError("the built-in graphs are missing from this installation")


def builtin_path(name: str) -> Path | None:
    """The file of a built-in graph, or None when ``name`` is not one."""
    return graphs_dir() / RELEASE / f"{name}.dot" if name in BUILTIN_NAMES else None
