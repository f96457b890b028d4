"""The render cache: each distinct diagram is drawn once, concurrently, and kept.

Files are named by a digest of what is drawn (the DOT source, the engine,
the Graphviz version and arguments), never by page, so a diagram shown on a
hundred pages is drawn once, and a rebuild without changes draws nothing.
Renders happen when writing starts, in a pool of ``dot`` processes, so that
every core is busy whatever ``-j`` says; writers then only read files.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging
from sphinx.util.display import status_iterator

from .domain import OneStatesDomain
from .graphviz import dot_version

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

logger = logging.getLogger(__name__)


def formats_for(app: Sphinx, builder: Builder) -> tuple[str, ...]:
    """The files a builder's writer needs for each diagram."""
    if builder.format == "html":
        return ("png", "cmapx") if app.config.onestates_html_format == "png" else ("svg",)
    if builder.format == "latex":
        return ("pdf",)
    return ()


def cache_dir(app: Sphinx) -> Path:
    """Beside the doctrees, so it survives between builds of the same build directory."""
    return Path(app.doctreedir) / "onestates"


def cached_file(app: Sphinx, key: str, fmt: str) -> Path:
    return cache_dir(app) / f"{key}.{fmt}"


def error_file(app: Sphinx, key: str, fmt: str) -> Path:
    """Where a failed render leaves its message, so every writer process can report it."""
    return cache_dir(app) / f"{key}.{fmt}.error"


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file in the same directory, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def render_one(app: Sphinx, key: str, dot: str, engine: str, formats: tuple[str, ...]) -> str | None:
    """Run ``dot`` once for all ``formats`` of one diagram; the error message, or None."""
    config = app.config
    directory = cache_dir(app)
    directory.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=directory, prefix=".render-") as scratch:
        outputs = {fmt: Path(scratch) / f"out.{fmt}" for fmt in formats}
        command = [config.onestates_dot, f"-K{engine}", *config.onestates_dot_args]
        for fmt, path in outputs.items():
            command += [f"-T{fmt}", "-o", str(path)]
        try:
            done = subprocess.run(
                command, input=dot.encode("utf-8"), capture_output=True, timeout=config.onestates_timeout, check=False
            )
        except FileNotFoundError:
            message: str | None = f"Graphviz is not installed (no {config.onestates_dot!r} command)"
        except subprocess.TimeoutExpired:
            message = f"Graphviz took longer than {config.onestates_timeout:g} s (onestates_timeout) and was stopped"
        else:
            message = None
            if done.returncode != 0 or not all(path.is_file() and path.stat().st_size for path in outputs.values()):
                detail = done.stderr.decode("utf-8", "replace").strip() or f"exit status {done.returncode}"
                message = f"Graphviz failed to draw the diagram: {detail}"
        for fmt, path in outputs.items():
            failure = error_file(app, key, fmt)
            if message is None:
                os.replace(path, cached_file(app, key, fmt))
                failure.unlink(missing_ok=True)
            else:
                write_atomically(failure, message.encode("utf-8"))
        return message


def render_missing(app: Sphinx, builder: Builder) -> None:
    """Draw every diagram of the project that the cache lacks for this builder."""
    formats = formats_for(app, builder)
    if not formats:
        return
    version = dot_version(app.config.onestates_dot)
    domain = OneStatesDomain.of(app.env)
    wanted: dict[str, tuple[str, str]] = {}
    for views in domain.views.values():
        wanted.update(views)
    missing = {
        key: view for key, view in wanted.items() if not all(cached_file(app, key, f).is_file() for f in formats)
    }
    if version is None:
        if wanted:
            logger.warning(
                "Graphviz ('%s') is not installed: diagrams are replaced by their transition lists",
                app.config.onestates_dot,
                type="onestates",
                subtype="graphviz",
                once=True,
            )
        return
    logger.info("sphinx-onestates: Graphviz %s; %d diagrams, %d to draw", version, len(wanted), len(missing))
    if not missing:
        return
    workers = max(1, min(len(missing), os.cpu_count() or 1))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(render_one, app, key, dot, engine, formats) for key, (dot, engine) in missing.items()]
        for future in status_iterator(
            futures, "drawing state diagrams... ", "darkgreen", len(futures), app.verbosity, stringify_func=lambda _: ""
        ):
            future.result()


def remove_unused(app: Sphinx, exception: BaseException | None) -> None:
    """Delete cached drawings that no page uses any more."""
    if exception is not None or not cache_dir(app).is_dir():
        return
    domain = OneStatesDomain.of(app.env)
    used = {key for views in domain.views.values() for key in views}
    for path in cache_dir(app).iterdir():
        if path.is_file() and path.name.split(".", 1)[0] not in used:
            path.unlink(missing_ok=True)
