"""Input files refused before they are read: no regular file, or more than MAX_BYTES."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from sphinx_onestates.core.errors import OneStatesError
from sphinx_onestates.core.files import MAX_BYTES, check_readable, read_bytes


def refusal(path: Path, **kwargs: str) -> OneStatesError:
    with pytest.raises(OneStatesError) as checked:
        check_readable(path, **kwargs)
    with pytest.raises(OneStatesError) as read:
        read_bytes(path, **kwargs)
    assert str(checked.value) == str(read.value) and checked.value.subtype == read.value.subtype
    return checked.value


def test_a_regular_file_of_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "g.dot"
    with path.open("wb") as file:
        file.truncate(MAX_BYTES)
    check_readable(path)
    assert len(read_bytes(path)) == MAX_BYTES


def too_large(path: Path) -> None:
    with path.open("wb") as file:
        file.truncate(MAX_BYTES + 1)  # sparse: no disk space used


def nothing(path: Path) -> None:
    pass


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (os.mkfifo, "cannot read the file: it is a FIFO (named pipe), not a regular file"),
        (os.mkdir, "cannot read the file: it is a directory, not a regular file"),
        (nothing, "cannot read the file: No such file or directory"),
        (too_large, "cannot read the file: it has 16.0 MiB, more than the 16 MiB a graph file or catalogue may have"),
    ],
)
def test_what_is_no_small_regular_file_is_refused_located(
    tmp_path: Path, make: Callable[[Path], None], message: str
) -> None:
    path = tmp_path / "g.dot"
    make(path)
    error = refusal(path)
    assert error.message == message and error.source == str(path) and error.subtype == "file"


def test_a_device_is_refused_named_as_asked() -> None:
    error = refusal(Path("/dev/zero"), what="the catalogue", source="zero.toml", subtype="catalog")
    assert str(error) == "zero.toml: cannot read the catalogue: it is a character device, not a regular file"
    assert error.subtype == "catalog"


def test_a_nul_character_in_the_path_is_a_located_error() -> None:
    error = refusal(Path("a\0b.dot"))
    assert error.message == "cannot read the file: embedded null byte"
