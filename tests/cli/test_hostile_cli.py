"""Hostile calls of the real command line: each bad input is one located line on stderr and exit 2.

Never a traceback, never a hang: a FIFO or ``/dev/zero`` given as a graph or a catalogue is refused
before it is read. Each call runs ``python -m sphinx_onestates`` in a folder of prepared files, with a
timeout (and, where the file never ends, a memory limit), so a regression fails instead of hanging.
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sphinx_onestates.core.builtin import builtin_names

from ..conftest import ROOTS, requires_dot

DOOR = ROOTS / "test-directive" / "graphs" / "door.dot"
BUILTIN = f"(built-in graphs: {', '.join(builtin_names())})"
FIFO = "it is a FIFO (named pipe), not a regular file"
LARGE = "it has 20.0 MiB, more than the 16 MiB a graph file or catalogue may have"
RESERVED = "(state, short, meaning, in, out, short_meaning, aliases)"

#: The files a call may name, made in its working folder: name -> text (bytes for what is not UTF-8).
FILES: dict[str, str | bytes] = {
    "latin.dot": b"digraph { a -> b \xff; }\n",
    "syntax.dot": "digraph {\n  a -> ;\n}\n",
    "sup.dot": 'digraph { graph [codes = "C"]; A [C = "\u00b2"]; }\n',
    "supret.dot": 'digraph { graph [retired = "LCM_STATE.X=\u00b2"]; A -> B; }\n',
    "codes-int.toml": "codes = 3\n",
    "bigint.toml": 'codes = ["D"]\n[states.OPEN]\nD = ' + "9" * 5000 + "\n",  # tomllib: ValueError
    "nested.toml": "x = " + "[" * 5000 + "]" * 5000 + "\n",  # tomllib: RecursionError
    "codes-str.toml": 'codes = "DOOR_STATE"\n',
    "codes-fixed.toml": 'codes = ["state"]\n',
    "states-int.toml": "states = 3\n",
    "retired-list.toml": "retired = []\n",
    "title-int.toml": "title = 3\n",
    "short-list.toml": 'codes = ["DOOR_STATE"]\n\n[states.OPEN]\nDOOR_STATE = 1\nshort = ["o"]\n',
    "code-str.toml": 'codes = ["DOOR_STATE"]\n\n[states.OPEN]\nDOOR_STATE = "one"\n',
    "code-sup.toml": 'codes = ["DOOR_STATE"]\n\n[states.OPEN]\nDOOR_STATE = "\u00b9"\n',
    "latin.toml": b'title = "\xff"\n',
    "syntax.toml": "title = \n",
    "plain.txt": "",
}

#: Each hostile call: an id, the arguments (run in the folder of FILES), and the one line it must write after
#: "sphinx-onestates: " ({choices} stands for argparse's list of choices, which Python versions write differently).
CALLS = [
    ("missing file", ["show", "nope.dot"], f"no built-in graph or file 'nope.dot' {BUILTIN}"),
    ("directory", ["show", "folder"], "folder: cannot read the file: it is a directory, not a regular file"),
    ("FIFO", ["show", "fifo.dot"], f"fifo.dot: cannot read the file: {FIFO}"),
    ("FIFO checked", ["check", "fifo.dot"], f"fifo.dot: cannot read the file: {FIFO}"),
    (
        "/dev/zero",
        ["show", "/dev/zero"],
        "/dev/zero: cannot read the file: it is a character device, not a regular file",
    ),
    ("huge file", ["show", "huge.dot"], f"huge.dot: cannot read the file: {LARGE}"),
    ("not UTF-8", ["show", "latin.dot"], "latin.dot:1: the file is not UTF-8 (byte 0xff at offset 17)"),
    ("syntax error", ["check", "syntax.dot"], "syntax.dot:2: not a valid DOT graph: syntax error in line 2 near ';'"),
    (
        "superscript code",
        ["show", "sup.dot"],
        "sup.dot:1: state 'A': C must be an integer or a comma-separated list of integers, not '\u00b2'",
    ),
    (
        "superscript retired code",
        ["catalog", "supret.dot"],
        "supret.dot: the graph attribute retired holds 'LCM_STATE.X=\u00b2': "
        "write COLUMN.NAME=CODE, the code in digits 0-9",
    ),
    (
        "superscript retired code, against",
        ["check", str(DOOR), "--against", "supret.dot"],
        "supret.dot: the graph attribute retired holds 'LCM_STATE.X=\u00b2': "
        "write COLUMN.NAME=CODE, the code in digits 0-9",
    ),
    (
        "catalogue: codes an integer",
        ["check", str(DOOR), "--against", "codes-int.toml"],
        "codes-int.toml:1: codes must be an array of column names, not the integer 3",
    ),
    (
        "catalogue: codes a string",
        ["check", str(DOOR), "--against", "codes-str.toml"],
        "codes-str.toml:1: codes must be an array of column names, not the string 'DOOR_STATE' "
        '(write codes = ["DOOR_STATE"])',
    ),
    (
        "catalogue: a fixed column as code",
        ["check", str(DOOR), "--against", "codes-fixed.toml"],
        f"codes-fixed.toml:1: codes: 'state' is a reserved name {RESERVED}, not a code column",
    ),
    (
        "catalogue: states an integer",
        ["check", str(DOOR), "--against", "states-int.toml"],
        "states-int.toml:1: states must be a table of states ([states.NAME]), not the integer 3",
    ),
    (
        "catalogue: retired an array",
        ["check", str(DOOR), "--against", "retired-list.toml"],
        "retired-list.toml:1: retired must be a table of states ([retired.NAME]), not the array []",
    ),
    (
        "catalogue: title an integer",
        ["check", str(DOOR), "--against", "title-int.toml"],
        "title-int.toml:1: title must be a string, not the integer 3",
    ),
    (
        "catalogue: short an array",
        ["check", str(DOOR), "--against", "short-list.toml"],
        "short-list.toml:5: states.OPEN.short must be a string, not the array ['o']",
    ),
    (
        "catalogue: code a string",
        ["check", str(DOOR), "--against", "code-str.toml"],
        "code-str.toml:4: states.OPEN.DOOR_STATE must be an integer or an array of integers, not the string 'one'",
    ),
    (
        "catalogue: superscript code",
        ["check", str(DOOR), "--against", "code-sup.toml"],
        "code-sup.toml:4: states.OPEN.DOOR_STATE must be an integer or an array of integers, not the string '\u00b9'",
    ),
    (
        "catalogue: not UTF-8",
        ["check", str(DOOR), "--against", "latin.toml"],
        "latin.toml:1: the file is not UTF-8 (byte 0xff at offset 9)",
    ),
    (
        "catalogue: not TOML",
        ["check", str(DOOR), "--against", "syntax.toml"],
        "syntax.toml:1: not a valid TOML catalogue: Invalid value (at line 1, column 9)",
    ),
    (
        "catalogue: missing",
        ["check", str(DOOR), "--against", "nope.toml"],
        "nope.toml: cannot read the catalogue: No such file or directory",
    ),
    (
        "catalogue: a FIFO",
        ["check", str(DOOR), "--against", "fifo.toml"],
        f"fifo.toml: cannot read the catalogue: {FIFO}",
    ),
    (
        "catalogue: a directory",
        ["check", str(DOOR), "--against", "folder.toml"],
        "folder.toml: cannot read the catalogue: it is a directory, not a regular file",
    ),
    (
        "catalogue: huge",
        ["check", str(DOOR), "--against", "huge.toml"],
        f"huge.toml: cannot read the catalogue: {LARGE}",
    ),
    (
        "-o a folder",
        ["render", str(DOOR), "-o", "folder.svg"],
        "folder.svg: cannot write the output: it is a directory",
    ),
    (
        "-o a folder, format given",
        ["render", str(DOOR), "-o", "folder", "-T", "dot"],
        "folder: cannot write the output: it is a directory",
    ),
    (
        "-o in a missing folder",
        ["render", str(DOOR), "-o", "missing/door.dot"],
        "missing/door.dot: cannot write the output: the folder missing does not exist",
    ),
    (
        "-o under a file",
        ["render", str(DOOR), "-o", "plain.txt/door.dot"],
        "plain.txt/door.dot: cannot write the output: plain.txt is not a folder",
    ),
    (
        "-o unwritable",
        ["render", str(DOOR), "-o", "/dev/full", "-T", "dot"],
        "/dev/full: cannot write the output: No space left on device",
    ),
    (
        "catalogue with a 5000-digit integer",
        ["check", str(DOOR), "--against", "bigint.toml"],
        "bigint.toml: not a catalogue this extension reads: a number too long",
    ),
    (
        "catalogue nested 5000 deep",
        ["check", str(DOOR), "--against", "nested.toml"],
        "nested.toml: not a catalogue this extension reads: values nested too deep",
    ),
    (
        "-o a FIFO nobody reads",
        ["render", str(DOOR), "-o", "fifo.svg"],
        "fifo.svg: cannot write the output: it is a FIFO (named pipe) that nobody reads",
    ),
    (
        "unknown format",
        ["render", str(DOOR), "-o", "door.gif"],
        "cannot tell the format from 'door.gif': use .svg, .png, .pdf or .dot",
    ),
    (
        "unknown -T",
        ["render", str(DOOR), "-o", "door.svg", "-T", "gif"],
        "argument -T/--format: invalid choice: 'gif' (choose from {choices}) (see sphinx-onestates render --help)",
    ),
    (
        "missing -o",
        ["render", str(DOOR)],
        "the following arguments are required: -o/--output (see sphinx-onestates render --help)",
    ),
    (
        "unknown command",
        ["draw", str(DOOR)],
        "argument command: invalid choice: 'draw' (choose from {choices}) (see sphinx-onestates --help)",
    ),
    (
        "bad --depth",
        ["show", str(DOOR), "--around", "OPEN", "--depth", "x"],
        "--depth must be a whole number of transitions (0 or more), not 'x'",
    ),
    (
        "negative --depth",
        ["show", str(DOOR), "--around", "OPEN", "--depth=-1"],
        "--depth must be a whole number of transitions (0 or more), not '-1'",
    ),
    (
        "superscript --depth",
        ["show", str(DOOR), "--around", "OPEN", "--depth", "\u00b2"],
        "--depth must be a whole number of transitions (0 or more), not '\u00b2'",
    ),
    ("bad --hidden", ["show", str(DOOR), "--hidden", "stub"], "--hidden must be one of paths, drop, stubs, not 'stub'"),
    (
        "bad --edges",
        ["show", str(DOOR), "--edges", "sideways"],
        "--edges names unknown kind sideways (use command, automatic, failure)",
    ),
    (
        "unknown state",
        ["show", str(DOOR), "--states", "NOPE"],
        "no state, glob match or short name 'NOPE' in graph 'Door' (did you mean 'OPEN' or 'open'?)",
    ),
]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A working folder holding every file the hostile calls name."""
    for name, content in FILES.items():
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    for fifo in ("fifo.dot", "fifo.toml", "fifo.svg"):
        os.mkfifo(tmp_path / fifo)
    for directory in ("folder", "folder.svg", "folder.toml"):
        (tmp_path / directory).mkdir()
    for huge in ("huge.dot", "huge.toml"):
        with (tmp_path / huge).open("wb") as file:
            file.truncate(20 * 2**20)  # sparse: no disk space used
    return tmp_path


def limit_memory() -> None:
    """At most 2 GiB for the tool: a regression that reads /dev/zero or a huge file fails fast."""
    resource.setrlimit(resource.RLIMIT_AS, (2 * 2**30, 2 * 2**30))


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sphinx_onestates", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        preexec_fn=limit_memory,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )


@pytest.mark.parametrize(("args", "message"), [pytest.param(a, m, id=i) for i, a, m in CALLS])
def test_each_bad_input_is_one_located_line_and_exit_2(folder: Path, args: list[str], message: str) -> None:
    done = run(args, folder)
    pattern = re.escape(f"sphinx-onestates: {message}").replace(re.escape("{choices}"), "[^()]+")
    assert len(done.stderr.splitlines()) == 1 and re.fullmatch(pattern, done.stderr.rstrip("\n")), done.stderr
    assert done.returncode == 2
    assert done.stdout == ""


@pytest.mark.parametrize("output", ["door.dot", "sub/door.dot"])
def test_a_good_output_path_is_written(folder: Path, output: str) -> None:
    (folder / "sub").mkdir()
    done = run(["render", str(DOOR), "-o", output], folder)
    assert done.returncode == 0, done.stderr
    assert (folder / output).read_text(encoding="utf-8").startswith("digraph")


def test_check_reports_each_unreadable_file_on_one_line_and_goes_on(folder: Path) -> None:
    shutil.copy(DOOR, folder / "door.dot")
    done = run(["check", "fifo.dot", "nope.dot", "door.dot", "/dev/zero"], folder)
    assert done.stderr.splitlines() == [
        f"sphinx-onestates: fifo.dot: cannot read the file: {FIFO}",
        f"sphinx-onestates: no built-in graph or file 'nope.dot' {BUILTIN}",
        "sphinx-onestates: /dev/zero: cannot read the file: it is a character device, not a regular file",
    ]
    assert done.returncode == 2


def test_a_catalogue_with_several_wrong_values_gets_a_line_for_each(folder: Path) -> None:
    (folder / "bad.toml").write_text('title = 3\ncodes = "C"\n', encoding="utf-8")
    done = run(["check", str(DOOR), "--against", "bad.toml"], folder)
    assert done.stderr.splitlines() == [
        "sphinx-onestates: bad.toml:1: title must be a string, not the integer 3",
        "sphinx-onestates: bad.toml:2: codes must be an array of column names, not the string 'C' "
        '(write codes = ["C"])',
    ]
    assert done.returncode == 2 and done.stdout == ""


@requires_dot
@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            "digraph { A [parent = A]; A -> B; B [final = true]; }",
            "state 'A' is its own parent; the parent link is ignored",
        ),
        (
            "digraph { A [parent = B]; B [parent = A]; A -> B; B -> A; }",
            "parent cycle: 'A' has parent 'B', which has parent 'A'; these parent links are ignored",
        ),
    ],
)
def test_a_parent_cycle_is_a_check_problem_and_the_graph_still_shows(folder: Path, text: str, problem: str) -> None:
    (folder / "cycle.dot").write_text(text + "\n", encoding="utf-8")
    checked = run(["check", "cycle.dot"], folder)
    assert f"cycle.dot:1: {problem}" in checked.stdout.splitlines()
    assert checked.returncode == 1 and checked.stderr == ""
    for args in (["show", "cycle.dot"], ["catalog", "cycle.dot"], ["render", "cycle.dot", "-o", "cycle.svg"]):
        done = run(args, folder)
        assert done.returncode == 0 and done.stderr == "", (args, done.stderr)
