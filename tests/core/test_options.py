"""parse_options: every directive option's good and bad values, and the exact warning each bad one gives.

A wrong or conflicting option is reported and ignored (the options come back as if it were not given),
and every problem is reported, not only the first. The command line shares the parser; only the
spelling of an option in its messages differs.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sphinx_onestates.core.errors import OneStatesError
from sphinx_onestates.core.layout import Layout
from sphinx_onestates.core.options import (
    MAX_DEPTH,
    NAMES,
    Options,
    cli_option,
    parse_options,
    quoted,
    table_columns,
)
from sphinx_onestates.core.select import Selection
from sphinx_onestates.core.subtypes import Subtype
from sphinx_onestates.core.view import build_view
from sphinx_onestates.dot.interpret import load_text

DOOR = """digraph door {
    graph [title = "Door", codes = "DOOR_STATE", columns = "state DOOR_STATE short meaning"];
    user   [pseudo = initial];
    CLOSED [DOOR_STATE = 0, short = "shut", meaning = "Shut."];
    OPEN   [DOOR_STATE = 1, short = "open", meaning = "Open."];
    user   -> CLOSED [kind = command, label = "install"];
    CLOSED -> OPEN   [kind = command, label = "open"];
    OPEN   -> CLOSED [kind = automatic];
}
"""


def parse_all(default_table: str = "below", /, **raw: str | None) -> tuple[Options, list[str]]:
    """The options and the messages of the problems (each an ``option`` error)."""
    options, problems = parse_options(
        {name.rstrip("_").replace("_", "-"): value for name, value in raw.items()}, default_table
    )
    assert all(problem.subtype == Subtype.OPTION and str(problem.subtype) == "option" for problem in problems)
    return options, [problem.message for problem in problems]


def parse(default_table: str = "below", /, **raw: str | None) -> Options:
    options, problems = parse_all(default_table, **raw)
    assert problems == []
    return options


def refused(message: str, **raw: str | None) -> Options:
    """The options parsed from ``raw``, which has exactly one problem: ``message``."""
    options, problems = parse_all(**raw)
    assert problems == [message]
    return options


def test_no_options_give_the_whole_graph_with_the_table_below() -> None:
    options = parse()
    assert options.selection == Selection()
    assert options.selection.depth == 1 and options.selection.direction == "out"
    assert options.selection.kinds == frozenset({"command", "automatic", "failure"})
    assert (options.hidden, options.group_by, options.layout) == ("paths", None, Layout())
    assert (options.table, options.figure, options.columns) == ("below", True, ())
    assert (options.caption, options.alt, options.align, options.classes) == (None, None, None, ())
    assert (options.legend, options.no_index, options.catalog) == (False, False, None)


def test_name_lists_split_on_commas_and_white_space() -> None:
    options = parse(
        states="A, B\n  C*", exclude="D", around="A,B", highlight="B C", columns="state, short", class_="x y"
    )
    assert options.selection.states == ("A", "B", "C*")
    assert options.selection.exclude == ("D",)
    assert options.selection.around == ("A", "B")
    assert options.selection.highlight == ("B", "C")
    assert options.columns == ("state", "short")
    assert options.classes == ("x", "y")


def test_texts_pass_through_and_the_catalogue_is_stripped() -> None:
    options = parse(caption="The *door*", alt="A door", catalog="  door.toml ")
    assert (options.caption, options.alt, options.catalog) == ("The *door*", "A door", "door.toml")
    assert parse(catalog="  ").catalog is None


@pytest.mark.parametrize(("text", "depth"), [("0", 0), (" 3 ", 3), ("12", 12)])
def test_depth_is_a_whole_number(text: str, depth: int) -> None:
    assert parse(around="A", depth=text).selection.depth == depth


@pytest.mark.parametrize("text", ["-1", "two", "1.5", ""])
def test_a_depth_that_is_not_a_whole_number_is_refused(text: str) -> None:
    refused(f":depth: must be a whole number of transitions (0 or more), not {text.strip()!r}", around="A", depth=text)


@pytest.mark.parametrize("raw", [{"depth": "2"}, {"direction": "in"}])
def test_depth_and_direction_need_around(raw: dict[str, str]) -> None:
    refused(":depth: and :direction: only apply with :around:", **raw)


@pytest.mark.parametrize("direction", ["in", "out", "both"])
def test_each_direction_is_taken(direction: str) -> None:
    assert parse(around="A", direction=direction).selection.direction == direction


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("direction", "up", ":direction: must be one of in, out, both, not 'up'"),
        ("hidden", "hide", ":hidden: must be one of paths, drop, stubs, not 'hide'"),
        ("group_by", "code", ":group-by: must be one of short, not 'code'"),
        ("align", "middle", ":align: must be one of left, center, right, not 'middle'"),
        ("table", "beside", ":table: must be one of below, above, only, none, not 'beside'"),
        ("table", "", ":table: must be one of below, above, only, none, not ''"),
    ],
)
def test_a_value_outside_the_choices_is_refused_listing_them(option: str, value: str, message: str) -> None:
    refused(message, around="A", **{option: value})


def test_choices_are_taken_without_surrounding_space() -> None:
    options = parse(hidden=" stubs", group_by="short ", align="right", table="above")
    assert (options.hidden, options.group_by, options.align, options.table) == ("stubs", "short", "right", "above")


def test_the_table_default_comes_from_the_setting() -> None:
    assert parse("none").table == "none"
    assert parse("none", table="only").table == "only"
    assert parse("only").figure is False


def test_edges_keep_the_kinds_named() -> None:
    assert parse(edges="command, failure").selection.kinds == frozenset({"command", "failure"})
    assert parse(edges="").selection.kinds == frozenset({"command", "automatic", "failure"})


def test_an_unknown_edge_kind_is_refused_listing_the_kinds() -> None:
    refused(":edges: names unknown kind auto, manual (use command, automatic, failure)", edges="command manual auto")


@pytest.mark.parametrize(
    ("text", "layout"),
    [("LR", Layout(rankdir="LR")), ("bt", Layout(rankdir="BT")), ("neato", Layout(engine="neato")), (" ", Layout())],
)
def test_layout_is_a_direction_or_an_engine(text: str, layout: Layout) -> None:
    assert parse(layout=text).layout == layout


def test_an_unknown_layout_is_refused_listing_directions_and_engines() -> None:
    refused(
        "layout must be a direction (TB, LR, BT, RL) or a Graphviz engine "
        "(dot, neato, fdp, sfdp, circo, twopi, osage, patchwork), not 'sideways'",
        layout="sideways",
    )


@pytest.mark.parametrize("flag", ["legend", "no_index"])
def test_flags_are_set_by_being_there(flag: str) -> None:
    options = parse(**{flag: None})
    assert getattr(options, flag) is True
    assert getattr(parse(**{flag: "  "}), flag) is True


@pytest.mark.parametrize(("flag", "name"), [("legend", "legend"), ("no_index", "no-index")])
def test_a_flag_with_a_value_is_refused(flag: str, name: str) -> None:
    refused(f":{name}: takes no value", **{flag: "yes"})


def test_a_table_only_directive_refuses_figure_options_naming_them_all() -> None:
    refused(
        ":table: only draws no figure, so :caption:, :layout:, :legend:, :highlight: cannot apply",
        table="only",
        highlight="A",
        legend=None,
        caption="c",
        layout="LR",
    )
    assert parse(table="only", columns="state").figure is False


def test_a_table_none_directive_refuses_table_options() -> None:
    refused(
        ":table: none shows no table, so :columns:, :no-index: cannot apply",
        table="none",
        columns="state",
        no_index=None,
    )
    assert parse(table="none", caption="c").caption == "c"


def test_every_option_name_is_known_to_the_parser() -> None:
    """Each name the directive accepts parses (with a value where it needs one)."""
    values: dict[str, str | None] = {"depth": "1", "direction": "in", "hidden": "drop", "group-by": "short"}
    values["align"] = "left"
    values |= {"table": "below", "layout": "LR", "edges": "command", "legend": None, "no-index": None}
    values |= {
        "width": "60%",
        "scale": "50",
        "release": "2016-03",
        "print": "whole",
        "sort": "code",
        "table-group": "parent",
    }
    raw = {name: values.get(name, "x") for name in NAMES}
    options, problems = parse_options(raw, "below")
    assert problems == []
    assert options.selection.around == ("x",) and options.catalog == "x"


def message_of(call: Callable[[], object]) -> str:
    """The message of the OneStatesError (subtype option) that ``call`` raises."""
    with pytest.raises(OneStatesError) as caught:
        call()
    assert caught.value.subtype == Subtype.OPTION
    return caught.value.message


def test_the_command_line_gets_the_same_messages_with_its_own_spelling() -> None:
    def cli(**raw: str) -> list[str]:
        return [problem.message for problem in parse_options(raw, "only", spell=cli_option)[1]]

    assert cli(depth="2") == ["--depth and --direction only apply with --around"]
    assert cli(edges="x") == ["--edges names unknown kind x (use command, automatic, failure)"]
    assert cli(hidden="x") == ["--hidden must be one of paths, drop, stubs, not 'x'"]


def test_table_columns_are_the_graphs_unless_asked() -> None:
    machine = load_text(DOOR, "door.dot")
    view = build_view(machine, Selection())
    assert table_columns(parse(), view) == ("state", "DOOR_STATE", "short", "meaning")
    assert table_columns(parse(columns="out, DOOR_STATE"), view) == ("out", "DOOR_STATE")


def test_an_unknown_column_is_refused_listing_the_graphs_columns() -> None:
    view = build_view(load_text(DOOR, "door.dot"), Selection())
    known = "(known: state, DOOR_STATE, short, meaning, in, out)"
    assert message_of(lambda: table_columns(parse(columns="state colour"), view)) == (
        f":columns: names unknown column colour {known}"
    )
    assert message_of(lambda: table_columns(parse(columns="colour"), view, spell=cli_option)) == (
        f"--columns names unknown column colour {known}"
    )


# -- hardening: bounds, class names, every problem reported and the option ignored --------------------------


@pytest.mark.parametrize("text", ["0", "1000", "0001000", "0" * 5000 + "7"])
def test_depth_up_to_the_maximum_is_taken(text: str) -> None:
    assert parse(around="A", depth=text).selection.depth == int(text.lstrip("0") or "0")


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("1001", "'1001'"),
        ("9" * 5000, "'" + "9" * 40 + "…' (5000 characters)"),  # beyond Python's int-str limit: no ValueError
    ],
)
def test_a_depth_over_the_maximum_is_refused_and_ignored(text: str, shown: str) -> None:
    options = refused(f":depth: must be at most {MAX_DEPTH} transitions, not {shown}", around="A", depth=text)
    assert options.selection.depth == 1 and options.selection.around == ("A",)


def test_a_depth_that_is_not_a_number_is_ignored() -> None:
    message = ":depth: must be a whole number of transitions (0 or more), not 'x'"
    assert refused(message, around="A", depth="x").selection.depth == 1


def test_a_long_value_is_quoted_cut_with_its_length() -> None:
    assert quoted("LR") == "'LR'"
    assert quoted("a" * 41) == "'" + "a" * 40 + "…' (41 characters)"
    long = "sideways" * 10
    refused(f":direction: must be one of in, out, both, not {quoted(long)}", around="A", direction=long)


@pytest.mark.parametrize(
    ("text", "classes"), [("wide", ("wide",)), ("Wide-One  two3", ("wide-one", "two3")), ("a-b-c, d", ("a-b-c", "d"))]
)
def test_class_names_are_taken_lowercased_as_docutils_makes_them(text: str, classes: tuple[str, ...]) -> None:
    assert parse(class_=text).classes == classes


@pytest.mark.parametrize(
    ("text", "bad"),
    [
        ('q"><img src=x onerror=alert(1)>', "'q\"><img', 'src=x', 'onerror=alert(1)>'"),
        ('wide" onmouseover="alert(1)', "'wide\"', 'onmouseover=\"alert(1)'"),
        ("my_class", "'my_class'"),
        ("a--b", "'a--b'"),
        ("3d", "'3d'"),
        ("trailing-", "'trailing-'"),
        ("ok été", "'été'"),
    ],
)
def test_a_class_that_is_no_class_name_is_refused_naming_it_and_ignored(text: str, bad: str) -> None:
    message = f":class: must be class names (a letter, then letters, digits or single hyphens), not {bad}"
    assert refused(message, class_=text).classes == ()


def test_a_hostile_align_is_refused_and_ignored() -> None:
    value = 'left" onmouseover="alert(1)'
    assert refused(f":align: must be one of left, center, right, not {value!r}", align=value).align is None


def test_every_problem_is_reported_and_each_wrong_option_ignored() -> None:
    options, problems = parse_all(
        around="A", depth="-1", direction="up", hidden="hide", legend="yes", edges="manual", layout="sideways"
    )
    assert problems == [
        ":legend: takes no value",
        ":depth: must be a whole number of transitions (0 or more), not '-1'",
        ":edges: names unknown kind manual (use command, automatic, failure)",
        ":direction: must be one of in, out, both, not 'up'",
        ":hidden: must be one of paths, drop, stubs, not 'hide'",
        "layout must be a direction (TB, LR, BT, RL) or a Graphviz engine "
        "(dot, neato, fdp, sfdp, circo, twopi, osage, patchwork), not 'sideways'",
    ]
    assert options == parse(around="A")


def test_depth_and_direction_without_around_are_ignored() -> None:
    options = refused(":depth: and :direction: only apply with :around:", depth="3", direction="in")
    assert (options.selection.depth, options.selection.direction) == (1, "out")


def test_a_wrong_table_place_falls_back_to_the_setting() -> None:
    options, problems = parse_all("above", table="x")
    assert problems == [":table: must be one of below, above, only, none, not 'x'"] and options.table == "above"


def test_a_table_only_directive_ignores_figure_options_and_keeps_the_rest() -> None:
    options = refused(
        ":table: only draws no figure, so :caption:, :alt:, :align: cannot apply",
        table="only",
        caption="c",
        alt="a",
        align="left",
        columns="state",
    )
    assert (options.table, options.caption, options.alt, options.align) == ("only", None, None, None)
    assert options.columns == ("state",)


def test_a_table_only_directive_takes_a_name_for_its_table() -> None:
    assert parse(table="only", name="door-table").table == "only"


def test_a_table_none_directive_ignores_table_options_and_keeps_the_figure() -> None:
    options = refused(
        ":table: none shows no table, so :no-index: cannot apply", table="none", no_index=None, caption="c"
    )
    assert (options.table, options.no_index, options.caption) == ("none", False, "c")


def test_a_conflict_is_judged_on_the_setting_when_table_is_wrong() -> None:
    options, problems = parse_all("only", table="nowhere", caption="c")
    assert problems == [
        ":table: must be one of below, above, only, none, not 'nowhere'",
        ":table: only draws no figure, so :caption: cannot apply",
    ]
    assert (options.table, options.caption) == ("only", None)


@pytest.mark.parametrize("depth", ["\uff13", "\u0661", "\u00b2"])
def test_depth_is_written_in_the_digits_0_to_9(depth: str) -> None:
    """A fullwidth 3 or an Arabic-Indic 1 is refused, as in codes: the value a reader sees must be the one used."""
    options, problems = parse_options({"around": "A", "depth": depth}, "below")
    assert [p.message for p in problems] == [
        f":depth: must be a whole number of transitions (0 or more), not {depth!r}"
    ] and options.selection.depth == 1


@pytest.mark.parametrize(
    ("raw", "width", "scale"),
    [
        ({"width": "60%"}, "60%", None),
        ({"width": " 12cm "}, "12cm", None),
        ({"scale": "50"}, None, 50),
        ({"scale": "150%"}, None, 150),
    ],
)
def test_width_and_scale_set_the_figures_size(raw: dict[str, str], width: str | None, scale: int | None) -> None:
    options, problems = parse_options(raw, "below")
    assert problems == [] and (options.width, options.scale) == (width, scale)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (
            {"width": "wide"},
            ":width: must be a length (px, pt, cm, mm, in, em) or a percentage of the column, not 'wide'",
        ),
        ({"width": "10furlongs"}, ":width: must be a length"),
        ({"scale": "0"}, ":scale: must be a percentage of the natural size, 1 to 1000, not '0'"),
        ({"scale": "2000"}, ":scale: must be a percentage"),
        ({"scale": "half"}, ":scale: must be a percentage"),
    ],
)
def test_a_wrong_size_is_warned_about_and_the_natural_size_kept(raw: dict[str, str], message: str) -> None:
    options, problems = parse_options(raw, "below")
    assert len(problems) == 1 and problems[0].message.startswith(message)
    assert (options.width, options.scale) == (None, None)
