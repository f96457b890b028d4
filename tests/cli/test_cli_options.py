"""The command line reports every wrong option, each on its own line, and exits 2, as before."""

from __future__ import annotations

import pytest

from sphinx_onestates.cli import main

from ..conftest import ROOTS

DOOR = ROOTS / "test-directive" / "graphs" / "door.dot"


def test_each_wrong_option_is_printed_and_the_exit_status_is_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", str(DOOR), "--around", "OPEN", "--depth", "9" * 5000, "--hidden", "hide"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [
        f"sphinx-onestates: --depth must be at most 1000 transitions, not '{'9' * 40}…' (5000 characters)",
        "sphinx-onestates: --hidden must be one of paths, drop, stubs, not 'hide'",
    ]


def test_one_wrong_option_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", str(DOOR), "--depth", "2"]) == 2
    assert capsys.readouterr().err == "sphinx-onestates: --depth and --direction only apply with --around\n"
