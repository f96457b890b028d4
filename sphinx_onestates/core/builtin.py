"""The graphs that ship with the package, found in the wheel or the source tree.

A release line is a folder of graph files (``graphs/7.4/*.dot``): its name is the folder's, its graphs are the
files in it. Adding a release is adding a folder; nothing here names them.
"""

from __future__ import annotations

import functools
from pathlib import Path

from .errors import OneStatesError
from .names import suggest
from .subtypes import Subtype

#: The release a graph name means when none is chosen (``onestates_release``, ``:release:``, ``--release``).
DEFAULT_RELEASE = "7.4"


def graphs_dir() -> Path:
    """``sphinx_onestates/graphs`` in an installed wheel, ``graphs/`` in a checkout: the folder of releases."""
    package = Path(__file__).resolve().parents[1]
    for candidate in (package / "graphs", package.parent / "graphs"):
        if (candidate / DEFAULT_RELEASE / "vm-complete.dot").is_file():
            return candidate
    raise FileNotFoundError("the built-in graphs are missing from this installation")


@functools.cache
def releases() -> tuple[str, ...]:
    """The release lines shipped, by name (the folders of ``graphs/`` that hold graph files)."""
    return tuple(sorted(p.name for p in graphs_dir().iterdir() if p.is_dir() and any(p.glob("*.dot"))))


@functools.cache
def builtin_names(release: str = DEFAULT_RELEASE) -> tuple[str, ...]:
    """The built-in graphs of one release, by name (its files' names without ``.dot``); none for an unknown one."""
    if release not in releases():
        return ()
    return tuple(sorted(path.stem for path in (graphs_dir() / release).glob("*.dot")))


def check_release(release: str) -> None:
    """Raise an ``option`` error for a release that is not shipped."""
    known = releases()
    if release not in known:
        raise OneStatesError(
            f"unknown release {release!r}{suggest(release, list(known))} (releases: {', '.join(known)})",
            subtype=Subtype.OPTION,
        )


def builtin_path(name: str, release: str = DEFAULT_RELEASE) -> Path | None:
    """The file of a built-in graph of ``release``, or None when ``name`` is no graph of any release.

    A name that is a graph of another release only raises a ``release`` error: that release has no such graph.
    """
    if name in builtin_names(release):
        return graphs_dir() / release / f"{name}.dot"
    elsewhere = [other for other in releases() if name in builtin_names(other)]
    if not elsewhere:
        return None
    raise OneStatesError(
        f"release {release} has no graph {name!r} (it is in release {', '.join(elsewhere)}; "
        f"the graphs of {release}: {', '.join(builtin_names(release))})",
        subtype=Subtype.RELEASE,
    )
