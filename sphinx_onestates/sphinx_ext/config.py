"""The ``onestates_*`` configuration values, typed and checked once at start-up."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.errors import ConfigError

from ..core.options import TABLE_PLACES

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

HTML_FORMATS = ("svg", "png")

#: name, default, rebuild, types, description
CONFIG_VALUES: list[tuple[str, Any, str, tuple[type, ...], str]] = [
    ("onestates_graphs", {}, "env", (dict,), "graph name -> DOT file (relative to conf.py), or a dict with 'file'"),
    ("onestates_html_format", "svg", "html", (str,), "svg (inlined in the page) or png (with an image map)"),
    ("onestates_dot", "dot", "env", (str,), "the Graphviz dot program"),
    ("onestates_dot_args", [], "env", (list, tuple), "extra arguments for dot"),
    ("onestates_timeout", 30.0, "env", (int, float), "seconds one Graphviz run may take"),
    ("onestates_table", "below", "env", (str,), "default for :table: (below, above, only, none)"),
    ("onestates_allowed_dirs", [], "env", (list, tuple), "directories outside the source dir that paths may name"),
    ("onestates_latex_min_font", 6.0, "env", (int, float), "smallest label size (pt) a PDF figure may shrink to"),
    ("onestates_max_drawn_states", 250, "env", (int,), "views with more states get a transition list, not a drawing"),
]


def add_config_values(app: Sphinx) -> None:
    for name, default, rebuild, types, description in CONFIG_VALUES:
        app.add_config_value(name, default, rebuild, types=types, description=description)  # type: ignore[arg-type]


def _fail(message: str) -> None:
    raise ConfigError(f"sphinx-onestates: {message}")


def check_config(app: Sphinx, config: Config) -> None:
    """One clear error at start-up for a wrong type or value, naming the setting."""
    known = [name for name, *_ in CONFIG_VALUES]
    raw = getattr(config, "_raw_config", {})
    for name in sorted(n for n in raw if n.startswith("onestates_") and n not in known):
        close = difflib.get_close_matches(name, known, n=1)
        hint = f" (did you mean {close[0]}?)" if close else f" (known: {', '.join(known)})"
        _fail(f"unknown setting {name}{hint}")
    for name, _default, _rebuild, types, _description in CONFIG_VALUES:
        value = getattr(config, name)
        if not isinstance(value, types) or isinstance(value, bool):
            expected = " or ".join(t.__name__ for t in types)
            _fail(f"{name} must be a {expected}, not {type(value).__name__} ({value!r})")
    if config.onestates_html_format not in HTML_FORMATS:
        _fail(f"onestates_html_format must be one of {', '.join(HTML_FORMATS)}, not {config.onestates_html_format!r}")
    if config.onestates_table not in TABLE_PLACES:
        _fail(f"onestates_table must be one of {', '.join(TABLE_PLACES)}, not {config.onestates_table!r}")
    if config.onestates_timeout <= 0:
        _fail("onestates_timeout must be a positive number of seconds")
    for item in config.onestates_dot_args:
        if not isinstance(item, str):
            _fail(f"onestates_dot_args must hold strings, not {item!r}")
    # paths in conf.py are relative to it: make them absolute once, here, where its directory is known
    confdir = Path(app.confdir)
    config.onestates_graphs = {name: _absolute(confdir, name, spec) for name, spec in config.onestates_graphs.items()}
    config.onestates_allowed_dirs = [str(confdir / d) for d in config.onestates_allowed_dirs]


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
    if not isinstance(spec.get("file"), (str, Path)):
        _fail(f"onestates_graphs[{name!r}] needs a 'file' (a path to a DOT file)")
    catalog = spec.get("catalog")
    return {"file": str(confdir / spec["file"]), "catalog": str(confdir / catalog) if catalog else None}


def graph_file(spec: dict[str, str | None]) -> tuple[Path, Path | None]:
    """The DOT file and catalogue of a checked ``onestates_graphs`` entry."""
    catalog = spec.get("catalog")
    return Path(spec["file"] or ""), (Path(catalog) if catalog else None)
