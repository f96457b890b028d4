"""Input files refused before they are read: what is no regular file (a FIFO, a device, a folder), or too large.

Reading a FIFO waits for a writer that never comes, and ``/dev/zero`` never ends: both would hang a
build or the command line. Graph files and catalogues are small (the largest built-in graph has
26 KiB), so anything over :data:`MAX_BYTES` is refused too, before it is read into memory.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .errors import OneStatesError
from .subtypes import Subtype

MIB = 1024 * 1024
#: The largest graph file or catalogue read.
MAX_BYTES = 16 * MIB

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _problem(mode: int, size: int) -> str | None:
    """What makes a file with this mode and size unreadable for us, or None."""
    if not stat.S_ISREG(mode):
        kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
        return f"it is {kind}, not a regular file"
    if size > MAX_BYTES:
        return f"it has {size / MIB:.1f} MiB, more than the {MAX_BYTES // MIB} MiB a graph file or catalogue may have"
    return None


def check_readable(
    path: Path, what: str = "the file", *, source: str | Path | None = None, subtype: str = Subtype.FILE
) -> None:
    """Raise a located :class:`OneStatesError` unless ``path`` is a regular file of at most :data:`MAX_BYTES`.

    ``what`` names the file in the message (``cannot read the catalogue: it is a directory, ...``);
    ``source`` is how the message names the path (default: the path itself).
    """
    location = path if source is None else source
    try:
        info = path.stat()
    except OSError as exc:
        raise OneStatesError(f"cannot read {what}: {exc.strerror}", source=location, subtype=subtype) from exc
    except ValueError as exc:  # a NUL character in the path
        raise OneStatesError(f"cannot read {what}: {exc}", source=location, subtype=subtype) from exc
    problem = _problem(info.st_mode, info.st_size)
    if problem:
        raise OneStatesError(f"cannot read {what}: {problem}", source=location, subtype=subtype)


def read_bytes(
    path: Path, what: str = "the file", *, source: str | Path | None = None, subtype: str = Subtype.FILE
) -> bytes:
    """The file's bytes, refused as :func:`check_readable` refuses, also if it changes while it is read.

    The file is opened without waiting (a FIFO does not block) and checked through that open file, and
    no more than :data:`MAX_BYTES` are read, so a file swapped or grown after a check cannot hang or flood.
    """
    location = path if source is None else source
    check_readable(path, what, source=location, subtype=subtype)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise OneStatesError(f"cannot read {what}: {exc.strerror}", source=location, subtype=subtype) from exc
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(fd)
        problem = _problem(info.st_mode, info.st_size)
        try:
            data = b"" if problem else file.read(MAX_BYTES + 1)
        except OSError as exc:
            raise OneStatesError(f"cannot read {what}: {exc.strerror}", source=location, subtype=subtype) from exc
    if not problem and len(data) > MAX_BYTES:
        problem = _problem(info.st_mode, len(data))
    if problem:
        raise OneStatesError(f"cannot read {what}: {problem}", source=location, subtype=subtype)
    return data
