"""Running Graphviz: find it, say which one it is, and turn DOT into images."""

from __future__ import annotations

import functools
import shutil
import subprocess

from .errors import OneStatesError

#: Output formats a ``dot`` subprocess can make for us.
FORMATS = ("svg", "png", "pdf")


@functools.lru_cache(maxsize=8)
def dot_version(dot: str = "dot") -> str | None:
    """``dot -V``'s version string, or None when Graphviz is not installed."""
    if shutil.which(dot) is None:
        return None
    try:
        done = subprocess.run([dot, "-V"], capture_output=True, timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    text = done.stderr.decode("utf-8", "replace").strip() or done.stdout.decode("utf-8", "replace").strip()
    return text.removeprefix("dot - ") or None


def render(source: str, fmt: str, engine: str = "dot", dot: str = "dot", timeout: float = 30) -> bytes:
    """Lay out and draw DOT ``source`` in ``fmt`` with the ``dot`` program."""
    if fmt not in FORMATS:
        raise OneStatesError(f"unknown output format {fmt!r} (use one of {', '.join(FORMATS)})", subtype="graphviz")
    command = [dot, f"-T{fmt}", f"-K{engine}"]
    try:
        done = subprocess.run(command, input=source.encode("utf-8"), capture_output=True, timeout=timeout, check=False)
    except FileNotFoundError as exc:
        raise OneStatesError(f"Graphviz is not installed (no {dot!r} command)", subtype="graphviz") from exc
    except subprocess.TimeoutExpired as exc:
        raise OneStatesError(f"Graphviz took longer than {timeout:g} s and was stopped", subtype="graphviz") from exc
    message = done.stderr.decode("utf-8", "replace").strip()
    if done.returncode != 0 or not done.stdout:
        reason = message or f"exit status {done.returncode}"
        raise OneStatesError(f"Graphviz failed to draw the graph: {reason}", subtype="graphviz")
    return done.stdout
