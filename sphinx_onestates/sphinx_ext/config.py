"""The ``onestates_*`` configuration values, typed and checked once at start-up.

Each setting is one :class:`ConfigField`: its default, when a change rebuilds,
the types it accepts, its help text, a check of its value and how it is
resolved against the directory of ``conf.py``. Registration, the type check
and the value checks all read these fields, so a new setting is one entry.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NoReturn

from sphinx.errors import ConfigError

from ..core.builtin import DEFAULT_RELEASE, builtin_names, releases
from ..core.names import graph_choice
from ..core.options import PRINT_CHOICES, TABLE_PLACES
from ..core.order import SORTS

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

HTML_FORMATS = ("svg", "png")


def _one_of(name: str, allowed: tuple[str, ...]) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        return None if value in allowed else f"{name} must be one of {', '.join(allowed)}, not {value!r}"

    return check


#: The longest Graphviz run allowed: longer timeouts overflow the operating system's (and NaN or inf none).
MAX_TIMEOUT = 3600
#: The largest smallest label size, in points.
MAX_MIN_FONT = 100


def _within(name: str, what: str, top: float) -> Callable[[Any], str | None]:
    """A number above 0 and at most ``top`` (NaN, infinities and negative numbers refused)."""

    def check(value: Any) -> str | None:
        return None if 0 < value <= top else f"{name} must be {what} above 0 and at most {top:g}, not {value!r}"

    return check


def _not_negative(name: str) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        return None if value >= 0 else f"{name} must be 0 or more, not {value!r}"

    return check


def _nul(name: str, text: str) -> str | None:
    """A path or an argument with a NUL character, which no program and no file system takes."""
    return f"{name} must not hold a NUL character, not {text!r}" if "\0" in text else None


def _program(value: Any) -> str | None:
    if not value.strip():
        return f"onestates_dot must name the Graphviz program (a name or a path), not {value!r}"
    return _nul("onestates_dot", value)


def _strings(value: Any) -> str | None:
    for item in value:
        if not isinstance(item, str):
            return f"onestates_dot_args must hold strings, not {item!r}"
        if not item:
            return "onestates_dot_args must not hold an empty string"
        problem = _nul("onestates_dot_args", item)
        if problem:
            return problem
    return None


def _paths(value: Any) -> str | None:
    for item in value:
        if not isinstance(item, (str, Path)):
            return f"onestates_allowed_dirs must hold paths (str or pathlib.Path), not {type(item).__name__} ({item!r})"
        if not str(item).strip():
            return "onestates_allowed_dirs must not hold an empty path"
        problem = _nul("onestates_allowed_dirs", str(item))
        if problem:
            return problem
    return None


def _release(value: Any) -> str | None:
    known = releases()
    return None if value in known else f"onestates_release must be one of {', '.join(known)}, not {value!r}"


def _folder(value: Any) -> str | None:
    if value is None:
        return None
    if not str(value).strip():
        return f"onestates_cache_dir must name a folder (or be None, the default place), not {value!r}"
    return _nul("onestates_cache_dir", str(value))


def _folder_absolute(confdir: Path, value: Any) -> str | None:
    return None if value is None else str(confdir / value)


def _graphs_absolute(confdir: Path, value: Any) -> dict[str, dict[str, str | None]]:
    return {name: _absolute(confdir, name, spec) for name, spec in value.items()}


def _dirs_absolute(confdir: Path, value: Any) -> list[str]:
    return [str(confdir / d) for d in value]


@dataclass(frozen=True)
class ConfigField:
    """One ``onestates_*`` setting."""

    name: str
    default: Any
    #: What a change makes Sphinx do again: read every page (``env``), write the HTML, or nothing (``""``).
    rebuild: Literal["env", "html", ""]
    #: The types a value may have (``bool`` is refused even where ``int`` is allowed).
    types: tuple[type, ...]
    #: One line for the setting's description.
    help: str
    #: A value of the right type: the message of what is wrong with it, or None.
    check: Callable[[Any], str | None] | None = None
    #: A checked value made independent of the working directory (paths are relative to ``conf.py``).
    resolve: Callable[[Path, Any], Any] | None = None

    def type_problem(self, value: Any) -> str | None:
        """What is wrong with the value's type, or None."""
        if isinstance(value, self.types) and not isinstance(value, bool):
            return None
        expected = " or ".join(t.__name__ for t in self.types)
        return f"{self.name} must be a {expected}, not {type(value).__name__} ({value!r})"

    def value_problem(self, value: Any) -> str | None:
        """What is wrong with a value of the right type, or None."""
        return self.check(value) if self.check is not None else None


FIELDS: tuple[ConfigField, ...] = (
    ConfigField(
        "onestates_graphs",
        {},
        "env",
        (dict,),
        "graph name -> DOT file (relative to conf.py), or a dict with 'file' and 'catalog' "
        "('catalog' alone rewords a built-in)",
        resolve=_graphs_absolute,
    ),
    ConfigField(
        "onestates_release",
        DEFAULT_RELEASE,
        "env",
        (str,),
        "the release line whose built-in graphs a name means (a folder of graphs/: 7.4, 5.0, 2016-03)",
        check=_release,
    ),
    ConfigField(
        "onestates_html_format",
        "svg",
        "html",
        (str,),
        "svg (inlined in the page) or png (with an image map)",
        check=_one_of("onestates_html_format", HTML_FORMATS),
    ),
    ConfigField("onestates_dot", "dot", "env", (str,), "the Graphviz dot program", check=_program),
    ConfigField("onestates_dot_args", [], "env", (list, tuple), "extra arguments for dot", check=_strings),
    ConfigField(
        "onestates_timeout",
        30.0,
        "env",
        (int, float),
        "seconds one Graphviz run may take",
        check=_within("onestates_timeout", "a number of seconds", MAX_TIMEOUT),
    ),
    ConfigField(
        "onestates_print",
        "split",
        "env",
        (str,),
        "default for :print: (split: a figure too small for the page prints as an overview and parts; whole)",
        check=_one_of("onestates_print", PRINT_CHOICES),
    ),
    ConfigField(
        "onestates_table",
        "below",
        "env",
        (str,),
        "default for :table: (below, above, only, none)",
        check=_one_of("onestates_table", TABLE_PLACES),
    ),
    ConfigField(
        "onestates_sort",
        "graph",
        "env",
        (str,),
        "default for :sort: (graph, code, name): the order of a table's rows",
        check=_one_of("onestates_sort", SORTS),
    ),
    ConfigField(
        "onestates_allowed_dirs",
        [],
        "env",
        (list, tuple),
        "directories outside the source dir that paths may name",
        check=_paths,
        resolve=_dirs_absolute,
    ),
    ConfigField(
        "onestates_latex_min_font",
        6.0,
        "env",
        (int, float),
        "smallest label size (pt) a PDF figure may shrink to",
        check=_within("onestates_latex_min_font", "a size in points", MAX_MIN_FONT),
    ),
    ConfigField(
        "onestates_max_drawn_states",
        250,
        "env",
        (int,),
        "views with more states get a transition list, not a drawing",
        check=_not_negative("onestates_max_drawn_states"),
    ),
    ConfigField(
        "onestates_max_drawn_edges",
        1000,
        "env",
        (int,),
        "views with more edges (transitions, hidden paths, stubs) get a transition list, not a drawing",
        check=_not_negative("onestates_max_drawn_edges"),
    ),
    ConfigField(
        "onestates_cache_dir",
        None,
        "",
        (str, Path, type(None)),
        "folder of the drawing cache (default: .onestates-cache/<output folder name> beside the output folder)",
        check=_folder,
        resolve=_folder_absolute,
    ),
)

NAMES = tuple(field.name for field in FIELDS)


def add_config_values(app: Sphinx) -> None:
    # ``description`` is new in Sphinx 7.4, the oldest version supported: no compat shim is needed
    for field in FIELDS:
        app.add_config_value(field.name, field.default, field.rebuild, types=field.types, description=field.help)


def _fail(message: str) -> NoReturn:
    raise ConfigError(f"sphinx-onestates: {message}")


def unknown_setting(name: str) -> str:
    """The message for an ``onestates_*`` name that is no setting, with the closest one."""
    close = difflib.get_close_matches(name, NAMES, n=1)
    hint = f" (did you mean {close[0]}?)" if close else f" (known: {', '.join(NAMES)})"
    return f"unknown setting {name}{hint}"


def check_config(app: Sphinx, config: Config) -> None:
    """One clear error at start-up for a wrong type or value, naming the setting.

    Unknown names first, then every type, then every value, then paths made absolute.
    """
    raw = getattr(config, "_raw_config", {})
    for name in sorted(n for n in raw if n.startswith("onestates_") and n not in NAMES):
        _fail(unknown_setting(name))
    for field in FIELDS:
        problem = field.type_problem(getattr(config, field.name))
        if problem:
            _fail(problem)
    for field in FIELDS:
        problem = field.value_problem(getattr(config, field.name))
        if problem:
            _fail(problem)
    # paths in conf.py are relative to it: make them absolute once, here, where its directory is known
    confdir = Path(app.confdir)
    for field in FIELDS:
        if field.resolve is not None:
            setattr(config, field.name, field.resolve(confdir, getattr(config, field.name)))


def _absolute(confdir: Path, name: Any, spec: Any) -> dict[str, str | None]:
    """One ``onestates_graphs`` entry checked, as ``{"file": ..., "catalog": ...}`` with absolute paths."""
    if not isinstance(name, str) or not name or "/" in name:
        _fail(f"onestates_graphs keys must be graph names without '/', not {name!r}")
    if isinstance(spec, (str, Path)):
        spec = {"file": spec}
    if not isinstance(spec, dict):
        _fail(f"onestates_graphs[{name!r}] must be a path or a dict with 'file', not {type(spec).__name__}")
    unknown = set(spec) - {"file", "catalog"}
    if unknown:
        _fail(f"onestates_graphs[{name!r}] has unknown keys {', '.join(sorted(unknown))} (use 'file', 'catalog')")
    file, catalog = spec.get("file"), spec.get("catalog")
    if file is None and catalog is not None and is_builtin(name):
        # a built-in graph in the project's words, {"catalog": "words.toml"}: of whichever release is chosen
        return {"file": None, "catalog": str(confdir / _checked_catalog(name, catalog))}
    if not isinstance(file, (str, Path)):
        _fail(f"onestates_graphs[{name!r}] needs a 'file' (a path to a DOT file)")
    if not str(file).strip():
        _fail(f"onestates_graphs[{name!r}] needs a 'file' (a path to a DOT file), not {file!r}")
    if catalog is not None:
        _checked_catalog(name, catalog)
    for path in (file, catalog):
        problem = _nul(f"onestates_graphs[{name!r}]", str(path))
        if problem:
            _fail(problem)
    return {"file": str(confdir / file), "catalog": str(confdir / catalog) if catalog is not None else None}


def _checked_catalog(name: str, catalog: Any) -> str:
    """An entry's ``catalog``: a path (str or pathlib.Path) without NUL; ConfigError otherwise."""
    if not isinstance(catalog, (str, Path)) or not str(catalog).strip():
        shown = repr(catalog) if isinstance(catalog, str) else f"{type(catalog).__name__} ({catalog!r})"
        _fail(
            f"onestates_graphs[{name!r}]['catalog'] must be a path to a TOML catalogue (str or pathlib.Path), "
            f"not {shown}"
        )
    problem = _nul(f"onestates_graphs[{name!r}]", str(catalog))
    if problem:
        _fail(problem)
    return str(catalog)


def is_builtin(name: str) -> bool:
    """Whether ``name`` is a built-in graph of some release."""
    return any(name in builtin_names(release) for release in releases())


def reworded(config: Config, name: str) -> bool:
    """Whether ``name`` is a built-in graph that ``onestates_graphs`` gives the project's words (a catalogue,
    no file): it stays the built-in graph of whichever release is chosen."""
    spec = config.onestates_graphs.get(name)
    return spec is not None and spec.get("file") is None


def graph_file(spec: dict[str, str | None]) -> tuple[Path, Path | None, str]:
    """The DOT file, catalogue and chosen graph (``file.dot#name``, else "") of a checked ``onestates_graphs``
    entry."""
    catalog = spec.get("catalog")
    path, graph = graph_choice(spec["file"] or "")
    return Path(path), (Path(catalog) if catalog else None), graph
