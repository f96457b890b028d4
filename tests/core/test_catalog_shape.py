"""A catalogue's shape, checked once: each value of the wrong TOML type is one located problem, the rest applies.

Before, some wrong types stopped the build with a traceback (``codes = 3``, ``states = 3``, ``retired = []``)
and others were coerced without a word (``codes = "X"`` made one column per letter, ``short = ["a"]`` showed
as a Python list, a code column named ``state`` hid the state's name).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sphinx_onestates.core.catalog import Catalog, load_catalog, reconcile
from sphinx_onestates.core.errors import OneStatesError
from sphinx_onestates.dot.interpret import load_text


def catalogue(tmp_path: Path, text: str) -> Catalog:
    path = tmp_path / "door.toml"
    path.write_text(text, encoding="utf-8")
    return load_catalog(path)


def problems(catalog: Catalog) -> list[tuple[int | None, str]]:
    return [(p.line, p.message) for p in catalog.problems]


GOOD_ENTRY = '\n[states.OPEN]\nC = 1\nshort = "open"\n'


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("title = 3\n", 1, "title must be a string, not the integer 3"),
        ('codes = "C"\n', 1, "codes must be an array of column names, not the string 'C' (write codes = [\"C\"])"),
        ("codes = 3\n", 1, "codes must be an array of column names, not the integer 3"),
        ("codes = {C = 1}\n", 1, "codes must be an array of column names, not a table"),
        ("states = 3\n", 1, "states must be a table of states ([states.NAME]), not the integer 3"),
        ("retired = []\n", 1, "retired must be a table of states ([retired.NAME]), not the array []"),
        ("[[states]]\nC = 1\n", 1, "states must be a table of states ([states.NAME]), not the array [{'C': 1}]"),
        ("[states]\nA = 3\n", 2, "states.A must be a table ([states.A]), not the integer 3"),
        ('[states.A]\nshort = 3\nmeaning = "a"\n', 2, "states.A.short must be a string, not the integer 3"),
        ('[states.A]\nshort = "a"\nmeaning = ["a"]\n', 3, "states.A.meaning must be a string, not the array ['a']"),
        ('[states.A]\naliases = "a"\n', 2, "states.A.aliases must be an array of names, not the string 'a'"),
        ('[states.A]\naliases = ["a", 1]\n', 2, "states.A.aliases must be an array of names, not the array ['a', 1]"),
        ('[states.A]\nC = "one"\n', 2, "states.A.C must be an integer or an array of integers, not the string 'one'"),
        ("[states.A]\nC = true\n", 2, "states.A.C must be an integer or an array of integers, not the boolean true"),
        ("[states.A]\nC = 1.5\n", 2, "states.A.C must be an integer or an array of integers, not the float 1.5"),
        (
            '[states.A]\nC = [1, "x"]\n',
            2,
            "states.A.C must be an integer or an array of integers, not the array [1, 'x']",
        ),
        ("[states.A]\nshrt = 'a'\n", 2, "states.A: unknown key 'shrt' (did you mean 'short'?)"),
        (
            "[states.A]\ncolour = 'red'\n",
            2,
            "states.A: unknown key 'colour' (use C, short, meaning, short_meaning, aliases)",
        ),
        ("[retired.B]\nC = 'x'\n", 2, "retired.B.C must be an integer or an array of integers, not the string 'x'"),
        ("[stats.A]\nC = 1\n", 1, "unknown key 'stats' (did you mean 'states'?)"),
        ("colour = 1\n", 1, "unknown key 'colour' (did you mean 'columns'?)"),
        ('[states."a b"]\nshort = 1\n', 2, 'states."a b".short must be a string, not the integer 1'),
        ("[states]\nA.short = 1\n", 2, "states.A.short must be a string, not the integer 1"),
        ("states = {A = {short = 1}}\n", 1, "states.A.short must be a string, not the integer 1"),
        ('[states.A]\nmeaning = """\nx = 1\n"""\nshort = 1\n', 5, "states.A.short must be a string, not the integer 1"),
    ],
)
def test_a_value_of_the_wrong_type_is_one_located_problem(tmp_path: Path, text: str, line: int, message: str) -> None:
    codes = "" if text.startswith("codes") else 'codes = ["C"]\n'
    # a good entry beside the wrong value (in retired where the text defines all of states at once)
    section = "retired" if text.startswith(("states =", "[[states]]")) else "states"
    catalog = catalogue(tmp_path, f'{codes}{text}\n[{section}.OPEN]\nC = 1\nshort = "open"\n')
    assert problems(catalog) == [(line + codes.count("\n"), message)]
    assert all(p.source == str(tmp_path / "door.toml") and p.rule == "catalog" for p in catalog.problems)
    if codes:  # the rest of the catalogue applies
        good = getattr(catalog, section)["OPEN"]
        assert good.codes == {"C": (1,)} and good.short == "open"


RESERVED_NAMES = "(state, short, meaning, in, out, short_meaning, aliases)"


@pytest.mark.parametrize(
    ("items", "messages"),
    [
        ('["C", 3]', ["codes: the integer 3 is not a column name"]),
        ('["C", ""]', ["codes: '' is not a column name"]),
        ('["C", "C"]', ["codes: 'C' is listed twice"]),
        (
            '["C", "state", "in"]',
            [
                f"codes: 'state' is a reserved name {RESERVED_NAMES}, not a code column",
                f"codes: 'in' is a reserved name {RESERVED_NAMES}, not a code column",
            ],
        ),
        (
            '["C", "short", "aliases"]',
            [
                f"codes: 'short' is a reserved name {RESERVED_NAMES}, not a code column",
                f"codes: 'aliases' is a reserved name {RESERVED_NAMES}, not a code column",
            ],
        ),
    ],
)
def test_a_wrong_code_column_is_left_out_with_a_problem_each(tmp_path: Path, items: str, messages: list[str]) -> None:
    catalog = catalogue(tmp_path, f"codes = {items}\n{GOOD_ENTRY}")
    assert problems(catalog) == [(1, message) for message in messages]
    assert catalog.codes == ("C",)
    assert catalog.states["OPEN"].codes == {"C": (1,)} and catalog.states["OPEN"].short == "open"


def test_a_reserved_code_column_does_not_hide_the_entrys_own_values(tmp_path: Path) -> None:
    """``codes = ["state"]`` used to make a column that hid the state's name; ``short`` one that hid the short name."""
    catalog = catalogue(tmp_path, 'codes = ["C", "short"]\n\n[states.A]\nC = 1\nshort = "a"\n')
    assert catalog.codes == ("C",)
    assert catalog.states["A"].codes == {"C": (1,)} and catalog.states["A"].short == "a"


def test_codes_that_are_not_an_array_leave_the_entries_codes_out_quietly(tmp_path: Path) -> None:
    """One problem (the ``codes`` line), not one more per entry for the keys it would have declared."""
    catalog = catalogue(tmp_path, 'codes = "C"\n\n[states.A]\nC = 1\nshort = "a"\n\n[states.B]\nC = 2\n')
    assert problems(catalog) == [
        (1, "codes must be an array of column names, not the string 'C' (write codes = [\"C\"])")
    ]
    assert catalog.codes == () and catalog.states["A"].codes == {} and catalog.states["A"].short == "a"
    assert set(catalog.states) == {"A", "B"}


def test_several_wrong_values_are_each_reported_and_the_rest_applies(tmp_path: Path) -> None:
    text = (
        "title = 3\n"  # 1
        'codes = ["C", "state", 7]\n'  # 2
        "\n"
        "[states.A]\n"  # 4
        "C = 0\n"
        'short = ["a"]\n'  # 6
        'meaning = "Shut."\n'
        "\n"
        "[states.B]\n"  # 9
        'C = "one"\n'  # 10
        'short = "b"\n'
        "aliases = 3\n"  # 12
        "\n"
        "[retired]\n"  # 14
        "GONE = 9\n"  # 15
    )
    catalog = catalogue(tmp_path, text)
    assert [line for line, _message in problems(catalog)] == [1, 2, 2, 6, 10, 12, 15]
    assert catalog.title == "door" and catalog.codes == ("C",)
    assert catalog.states["A"].codes == {"C": (0,)} and catalog.states["A"].meaning == "Shut."
    assert catalog.states["A"].short is None
    assert catalog.states["B"].codes == {} and catalog.states["B"].short == "b" and catalog.states["B"].aliases == ()
    assert catalog.retired == {}


def test_reconcile_reports_the_catalogues_problems_first_located_in_the_catalogue(tmp_path: Path) -> None:
    catalog = catalogue(tmp_path, 'codes = ["C"]\n\n[states.a]\nC = 1\nshort = 2\n')
    machine, found = reconcile(load_text("digraph { a -> a; }", "g.dot"), catalog)
    assert [str(p) for p in found] == [
        f"{tmp_path / 'door.toml'}:5: states.a.short must be a string, not the integer 2"
    ]
    assert machine.states["a"].codes == {"C": (1,)} and machine.states["a"].short is None
    assert machine.catalog_problems == found


def test_a_good_catalogue_has_no_problems(tmp_path: Path) -> None:
    assert catalogue(tmp_path, 'title = "Door"\ncodes = ["C"]\n' + GOOD_ENTRY).problems == ()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"title = \n", "not a valid TOML catalogue: "),
        (b'title = "\xff"\n', "the file is not UTF-8 (byte 0xff at offset 9)"),
    ],
)
def test_a_catalogue_that_cannot_be_read_at_all_is_an_error(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_bytes(content)
    with pytest.raises(OneStatesError) as caught:
        load_catalog(path)
    assert caught.value.message.startswith(message) and caught.value.subtype == "catalog"
    assert caught.value.source == str(path) and caught.value.line == 1


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('codes = ["D"]\n[states.OPEN]\nD = ' + "9" * 5000 + "\n", "a number too long"),  # tomllib: ValueError
        ("x = " + "[" * 5000 + "]" * 5000 + "\n", "values nested too deep"),  # tomllib: RecursionError
    ],
)
def test_a_catalogue_tomllib_cannot_take_is_a_located_error_not_a_crash(tmp_path: Path, text: str, reason: str) -> None:
    with pytest.raises(OneStatesError) as caught:
        catalogue(tmp_path, text)
    assert caught.value.message == f"not a catalogue this extension reads: {reason}"
    assert caught.value.subtype == "catalog" and caught.value.source == str(tmp_path / "door.toml")
