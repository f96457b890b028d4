"""A fork server for Graphviz's library: each drawing in a fresh process, without a ``dot`` start-up each.

Starting ``dot`` costs about 12 ms of CPU (loading plugins, fontconfig) where laying out a view takes 2 to
3 ms. This server loads libgvc once (``ctypes``), draws one fixed warm-up graph as SVG (which loads the
layout, text-layout and SVG plugins and fontconfig), then forks a child per drawing. Every child starts
from the same memory image, so a drawing cannot depend on the drawings made before it (Graphviz 2.43
keeps state between the graphs of one ``dot`` stream): the same output by construction. The warm-up
is SVG only: warming cairo too would change the font subsets of later PDFs (still the same every time,
but no longer ``dot``'s bytes); as it is, every format is byte for byte what ``dot`` writes.

This file is run as a program by path (``python -I -S forkserver.py svg,png``) and uses the standard
library only; the client side is :class:`sphinx_onestates.dot.runner.LibraryGraphviz`.

Protocol, on the server's stdin and stdout, one request at a time:

* request: ``b"<engine> <source length>\\n"`` and the DOT source (UTF-8);
* response: ``b"<status> <stderr length> <length per format, in the served order>\\n"``, then the
  stderr text and each drawing. ``status`` is 0 (drawn), 1 (Graphviz refused the graph) or the negative
  number of the signal that ended the child (a crash).

At start the server writes ``b"ready <Graphviz version>\\n"``, or ``b"unavailable <reason>\\n"`` and exits
when libgvc cannot be loaded (the client then runs ``dot``).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys
import tempfile
from typing import IO

#: A graph with a label, an edge and its label: drawing it as SVG loads every plugin an SVG view needs.
WARM_UP = b'digraph warm { node [fontname="Helvetica"]; a [label="a"]; a -> b [label="b"]; }'


class _Library:
    """The few libgvc and libcgraph functions a drawing needs."""

    def __init__(self) -> None:
        gvc_path = ctypes.util.find_library("gvc")
        cgraph_path = ctypes.util.find_library("cgraph")
        if gvc_path is None or cgraph_path is None:
            raise OSError("libgvc or libcgraph not found")
        self.gvc = ctypes.CDLL(gvc_path)
        self.cgraph = ctypes.CDLL(cgraph_path)
        self.gvc.gvContext.restype = ctypes.c_void_p
        self.gvc.gvcVersion.restype = ctypes.c_char_p
        self.gvc.gvcVersion.argtypes = [ctypes.c_void_p]
        self.gvc.gvLayout.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_char_p]
        self.gvc.gvRenderData.argtypes = [
            ctypes.c_void_p,
            ctypes.c_void_p,
            ctypes.c_char_p,
            ctypes.POINTER(ctypes.c_char_p),
            ctypes.POINTER(ctypes.c_uint),
        ]
        self.cgraph.agmemread.restype = ctypes.c_void_p
        self.cgraph.agmemread.argtypes = [ctypes.c_char_p]
        # Graphviz's server mode, as ``dot`` sets it from SERVER_NAME: it opens no file a graph names.
        ctypes.c_char_p.in_dll(self.gvc, "HTTPServerEnVar").value = b"sphinx-onestates"
        self.context = self.gvc.gvContext()
        self.version = (self.gvc.gvcVersion(self.context) or b"").decode("ascii", "replace")

    def draw(self, source: bytes, engine: bytes, formats: list[bytes]) -> list[bytes] | None:
        """Each format's drawing, or None when Graphviz refused the graph (its reasons are on stderr)."""
        graph = self.cgraph.agmemread(source)
        if not graph:
            return None
        if self.gvc.gvLayout(self.context, graph, engine) != 0:
            return None
        drawn = []
        for fmt in formats:
            data = ctypes.c_char_p()
            length = ctypes.c_uint()
            if self.gvc.gvRenderData(self.context, graph, fmt, ctypes.byref(data), ctypes.byref(length)) != 0:
                return None
            drawn.append(ctypes.string_at(data, length.value))
        # Not freed: the child exits anyway, and gvFreeLayout after a PNG drawing frees twice (Graphviz 2.43).
        return drawn


def _read_exactly(stream: IO[bytes], size: int) -> bytes:
    data = stream.read(size)
    if len(data) != size:
        raise EOFError
    return data


def _child(library: _Library, source: bytes, engine: bytes, formats: list[bytes], out: int, err: int) -> None:
    """In the forked child: draw, write each drawing's length and bytes to ``out``, and exit."""
    os.dup2(err, 2)  # Graphviz writes why it refused a graph to stderr
    drawn = library.draw(source, engine, formats)
    if drawn is None:
        os._exit(1)
    with os.fdopen(out, "wb") as stream:
        stream.write(b" ".join(str(len(data)).encode() for data in drawn) + b"\n")
        for data in drawn:
            stream.write(data)
    os._exit(0)


def serve(formats: list[bytes], requests: IO[bytes], responses: IO[bytes]) -> None:
    """Answer requests until ``requests`` ends."""
    try:
        library = _Library()
        drawn = library.draw(WARM_UP, b"dot", [b"svg"])
    except (OSError, AttributeError, ValueError) as exc:
        responses.write(f"unavailable {exc}\n".encode())
        responses.flush()
        return
    if drawn is None:
        responses.write(b"unavailable the warm-up graph could not be drawn\n")
        responses.flush()
        return
    responses.write(f"ready {library.version}\n".encode())
    responses.flush()
    with tempfile.TemporaryFile() as errors:
        _answer(library, formats, requests, responses, errors)


def _answer(
    library: _Library, formats: list[bytes], requests: IO[bytes], responses: IO[bytes], errors: IO[bytes]
) -> None:
    """The request loop: a child per drawing, its stderr in ``errors``."""
    while header := requests.readline():
        engine, size = header.split()
        source = _read_exactly(requests, int(size))
        errors.seek(0)
        errors.truncate()
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_end)
            _child(library, source, engine, formats, write_end, errors.fileno())
        os.close(write_end)
        with os.fdopen(read_end, "rb") as stream:
            try:
                drawings = [_read_exactly(stream, int(length)) for length in stream.readline().split()]
            except EOFError:  # the child ended while writing: its status says how
                drawings = []
        _, wait_status = os.waitpid(pid, 0)
        status = -os.WTERMSIG(wait_status) if os.WIFSIGNALED(wait_status) else os.WEXITSTATUS(wait_status)
        if status == 0 and len(drawings) != len(formats):
            status = 1
        errors.seek(0)
        stderr = errors.read()
        if status != 0:
            drawings = [b""] * len(formats)
        lengths_line = " ".join(str(len(data)) for data in drawings)
        responses.write(f"{status} {len(stderr)} {lengths_line}\n".encode())
        responses.write(stderr)
        for data in drawings:
            responses.write(data)
        responses.flush()


if __name__ == "__main__":
    serve([fmt.encode() for fmt in sys.argv[1].split(",")], sys.stdin.buffer, sys.stdout.buffer)
