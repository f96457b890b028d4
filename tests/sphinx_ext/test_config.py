"""The ``onestates_*`` settings: each field's type and value checks, and what check_config makes of conf.py.

No Sphinx project is built: check_config gets a stand-in config, as Sphinx passes at ``config-inited``.
"""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, cast

import pytest
from sphinx.errors import ConfigError

from sphinx_onestates.sphinx_ext.config import FIELDS, NAMES, ConfigField, check_config, graph_file

from ..conftest import build

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

FIELD = {field.name: field for field in FIELDS}
TIMEOUT = "onestates_timeout must be a number of seconds above 0 and at most 3600"
MIN_FONT = "onestates_latex_min_font must be a size in points above 0 and at most 100"


def checked(tmp_path: Path, **settings: Any) -> SimpleNamespace:
    """The config after check_config, for a conf.py in ``tmp_path`` that sets ``settings``."""
    values = {field.name: field.default for field in FIELDS}
    values.update(settings)
    config = SimpleNamespace(_raw_config=dict(settings), **values)
    check_config(cast("Sphinx", SimpleNamespace(confdir=str(tmp_path))), cast("Config", config))
    return config


def refused(tmp_path: Path, message: str, **settings: Any) -> None:
    with pytest.raises(ConfigError, match="^" + re.escape(f"sphinx-onestates: {message}") + "$"):
        checked(tmp_path, **settings)


def test_every_setting_has_a_default_of_its_own_type_and_help() -> None:
    assert NAMES == (
        "onestates_graphs",
        "onestates_release",
        "onestates_html_format",
        "onestates_dot",
        "onestates_dot_args",
        "onestates_timeout",
        "onestates_print",
        "onestates_table",
        "onestates_sort",
        "onestates_allowed_dirs",
        "onestates_latex_min_font",
        "onestates_max_drawn_states",
        "onestates_max_drawn_edges",
        "onestates_cache_dir",
    )
    for field in FIELDS:
        assert field.type_problem(field.default) is None, field.name
        assert field.value_problem(field.default) is None, field.name
        assert field.help and field.rebuild in ("env", "html", "")
    assert FIELD["onestates_html_format"].rebuild == "html"  # only the HTML changes: pages are not read again


def test_the_defaults_pass_and_stay_as_they_are(tmp_path: Path) -> None:
    config = checked(tmp_path)
    assert config.onestates_table == "below" and config.onestates_timeout == 30.0
    assert config.onestates_graphs == {} and config.onestates_allowed_dirs == []


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("onestates_timeout", "soon", "onestates_timeout must be a int or float, not str ('soon')"),
        ("onestates_timeout", True, "onestates_timeout must be a int or float, not bool (True)"),
        ("onestates_max_drawn_states", 2.5, "onestates_max_drawn_states must be a int, not float (2.5)"),
        ("onestates_dot_args", "-Gdpi=72", "onestates_dot_args must be a list or tuple, not str ('-Gdpi=72')"),
        ("onestates_graphs", ["x.dot"], "onestates_graphs must be a dict, not list (['x.dot'])"),
    ],
)
def test_a_value_of_the_wrong_type_is_refused_naming_the_types(
    tmp_path: Path, name: str, value: Any, message: str
) -> None:
    assert FIELD[name].type_problem(value) == message
    refused(tmp_path, message, **{name: value})


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("onestates_html_format", "gif", "onestates_html_format must be one of svg, png, not 'gif'"),
        ("onestates_release", "5.1", "onestates_release must be one of 2016-03, 5.0, 7.4, not '5.1'"),
        ("onestates_table", "beside", "onestates_table must be one of below, above, only, none, not 'beside'"),
        ("onestates_sort", "size", "onestates_sort must be one of graph, code, name, not 'size'"),
        ("onestates_timeout", 0, f"{TIMEOUT}, not 0"),
        ("onestates_timeout", -1.5, f"{TIMEOUT}, not -1.5"),
        ("onestates_timeout", float("nan"), f"{TIMEOUT}, not nan"),
        ("onestates_timeout", float("inf"), f"{TIMEOUT}, not inf"),
        ("onestates_timeout", float("-inf"), f"{TIMEOUT}, not -inf"),
        ("onestates_timeout", 3601, f"{TIMEOUT}, not 3601"),
        ("onestates_timeout", 1e10, f"{TIMEOUT}, not 10000000000.0"),
        ("onestates_latex_min_font", 0, f"{MIN_FONT}, not 0"),
        ("onestates_latex_min_font", -6, f"{MIN_FONT}, not -6"),
        ("onestates_latex_min_font", float("nan"), f"{MIN_FONT}, not nan"),
        ("onestates_latex_min_font", float("inf"), f"{MIN_FONT}, not inf"),
        ("onestates_latex_min_font", 101, f"{MIN_FONT}, not 101"),
        ("onestates_max_drawn_states", -1, "onestates_max_drawn_states must be 0 or more, not -1"),
        ("onestates_max_drawn_edges", -1, "onestates_max_drawn_edges must be 0 or more, not -1"),
        ("onestates_dot", "", "onestates_dot must name the Graphviz program (a name or a path), not ''"),
        ("onestates_dot", "  ", "onestates_dot must name the Graphviz program (a name or a path), not '  '"),
        ("onestates_dot", "d\0ot", "onestates_dot must not hold a NUL character, not 'd\\x00ot'"),
        ("onestates_dot_args", ["-Gdpi=72", 72], "onestates_dot_args must hold strings, not 72"),
        ("onestates_dot_args", [True], "onestates_dot_args must hold strings, not True"),
        ("onestates_dot_args", ["-Gdpi=72", ""], "onestates_dot_args must not hold an empty string"),
        ("onestates_dot_args", ["-G\0"], "onestates_dot_args must not hold a NUL character, not '-G\\x00'"),
        (
            "onestates_allowed_dirs",
            ["shared", 3],
            "onestates_allowed_dirs must hold paths (str or pathlib.Path), not int (3)",
        ),
        (
            "onestates_allowed_dirs",
            [None],
            "onestates_allowed_dirs must hold paths (str or pathlib.Path), not NoneType (None)",
        ),
        ("onestates_allowed_dirs", [""], "onestates_allowed_dirs must not hold an empty path"),
        ("onestates_allowed_dirs", ["a\0"], "onestates_allowed_dirs must not hold a NUL character, not 'a\\x00'"),
    ],
)
def test_a_wrong_value_is_refused_saying_what_is_allowed(tmp_path: Path, name: str, value: Any, message: str) -> None:
    assert FIELD[name].value_problem(value) == message
    refused(tmp_path, message, **{name: value})


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("onestates_html_format", "png"),
        ("onestates_release", "2016-03"),
        ("onestates_table", "only"),
        ("onestates_timeout", 1),
        ("onestates_dot_args", ("-Gdpi=72",)),
        ("onestates_latex_min_font", 4),
    ],
)
def test_good_values_pass(tmp_path: Path, name: str, value: Any) -> None:
    assert getattr(checked(tmp_path, **{name: value}), name) == value


def test_types_are_checked_before_values(tmp_path: Path) -> None:
    """With two mistakes, the type is named first, whatever the order of the settings."""
    refused(
        tmp_path,
        "onestates_max_drawn_states must be a int, not str ('many')",
        onestates_html_format="gif",
        onestates_max_drawn_states="many",
    )


def test_a_misspelt_setting_is_named_with_the_closest_one(tmp_path: Path) -> None:
    refused(
        tmp_path,
        "unknown setting onestates_html_fromat (did you mean onestates_html_format?)",
        onestates_html_fromat="png",
    )
    refused(tmp_path, f"unknown setting onestates_qqqqqqqqqqqq (known: {', '.join(NAMES)})", onestates_qqqqqqqqqqqq=1)


def test_graph_and_directory_paths_become_absolute_from_conf_py(tmp_path: Path) -> None:
    config = checked(
        tmp_path,
        onestates_graphs={"door": "graphs/door.dot", "vm": {"file": "vm.dot", "catalog": "vm.toml"}},
        onestates_allowed_dirs=["../shared"],
    )
    assert config.onestates_graphs == {
        "door": {"file": str(tmp_path / "graphs/door.dot"), "catalog": None},
        "vm": {"file": str(tmp_path / "vm.dot"), "catalog": str(tmp_path / "vm.toml")},
    }
    assert config.onestates_allowed_dirs == [str(tmp_path / "../shared")]
    assert graph_file(config.onestates_graphs["vm"]) == (tmp_path / "vm.dot", tmp_path / "vm.toml", "")
    assert graph_file(config.onestates_graphs["door"]) == (tmp_path / "graphs/door.dot", None, "")


@pytest.mark.parametrize(
    ("graphs", "message"),
    [
        ({"a/b": "x.dot"}, "onestates_graphs keys must be graph names without '/', not 'a/b'"),
        ({"": "x.dot"}, "onestates_graphs keys must be graph names without '/', not ''"),
        ({"x": 3}, "onestates_graphs['x'] must be a path or a dict with 'file', not int"),
        ({"x": {"fil": "x.dot"}}, "onestates_graphs['x'] has unknown keys fil (use 'file', 'catalog')"),
        ({"x": {"catalog": "x.toml"}}, "onestates_graphs['x'] needs a 'file' (a path to a DOT file)"),
        ({"x": {"file": 3}}, "onestates_graphs['x'] needs a 'file' (a path to a DOT file)"),
        ({"x": ""}, "onestates_graphs['x'] needs a 'file' (a path to a DOT file), not ''"),
        ({"x": {"file": ""}}, "onestates_graphs['x'] needs a 'file' (a path to a DOT file), not ''"),
        ({"x": "x\0.dot"}, "onestates_graphs['x'] must not hold a NUL character, not 'x\\x00.dot'"),
        (
            {"g": {"file": "g.dot", "catalog": 3}},
            "onestates_graphs['g']['catalog'] must be a path to a TOML catalogue (str or pathlib.Path), not int (3)",
        ),
        (
            {"g": {"file": "g.dot", "catalog": ["g.toml"]}},
            "onestates_graphs['g']['catalog'] must be a path to a TOML catalogue (str or pathlib.Path), "
            "not list (['g.toml'])",
        ),
        (
            {"g": {"file": "g.dot", "catalog": ""}},
            "onestates_graphs['g']['catalog'] must be a path to a TOML catalogue (str or pathlib.Path), not ''",
        ),
        (
            {"g": {"file": "g.dot", "catalog": "g\0.toml"}},
            "onestates_graphs['g'] must not hold a NUL character, not 'g\\x00.toml'",
        ),
    ],
)
def test_a_wrong_graph_entry_is_refused_naming_it(tmp_path: Path, graphs: dict[Any, Any], message: str) -> None:
    refused(tmp_path, message, onestates_graphs=graphs)


def test_paths_may_be_path_objects_and_a_catalogue_may_be_none(tmp_path: Path) -> None:
    config = checked(
        tmp_path,
        onestates_graphs={
            "a": Path("a.dot"),
            "b": {"file": Path("b.dot"), "catalog": Path("b.toml")},
            "c": {"file": "c.dot", "catalog": None},
        },
        onestates_allowed_dirs=(Path("shared"),),
    )
    assert config.onestates_graphs == {
        "a": {"file": str(tmp_path / "a.dot"), "catalog": None},
        "b": {"file": str(tmp_path / "b.dot"), "catalog": str(tmp_path / "b.toml")},
        "c": {"file": str(tmp_path / "c.dot"), "catalog": None},
    }
    assert config.onestates_allowed_dirs == [str(tmp_path / "shared")]


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("onestates_timeout = float('nan')", f"{TIMEOUT}, not nan"),
        ("onestates_timeout = float('inf')", f"{TIMEOUT}, not inf"),
        (
            "onestates_graphs = {'g': {'file': 'g.dot', 'catalog': 3}}",
            "onestates_graphs['g']['catalog'] must be a path to a TOML catalogue (str or pathlib.Path), not int (3)",
        ),
        ("onestates_allowed_dirs = [3]", "onestates_allowed_dirs must hold paths (str or pathlib.Path), not int (3)"),
    ],
)
def test_a_real_conf_py_gets_one_config_error_not_a_traceback(tmp_path: Path, setting: str, message: str) -> None:
    # build(), not the app fixture: the ConfigError comes while the app is made, out of reach of pytest.raises
    source = tmp_path / "src"
    source.mkdir()
    (source / "conf.py").write_text(f"extensions = ['sphinx_onestates']\n{setting}\n", encoding="utf-8")
    (source / "index.rst").write_text("Title\n=====\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="^" + re.escape(f"sphinx-onestates: {message}") + "$"):
        build("html", source)


def test_a_field_without_a_check_accepts_any_value_of_its_type() -> None:
    field = ConfigField("onestates_x", "", "env", (str,), "anything")
    assert field.value_problem("whatever") is None
    assert field.type_problem(1) == "onestates_x must be a str, not int (1)"
