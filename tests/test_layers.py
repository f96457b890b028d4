"""The layers stay layers: core and dot never load Sphinx or docutils, and every warning type is documented.

To see the layer tests fail, add ``import docutils`` to ``sphinx_onestates/core/model.py`` (or an import of
Sphinx inside a function of a core module: the second test reads the import statements) and run
``pytest tests/test_layers.py``: every core and dot module that imports the model is then reported.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys

import pytest

from sphinx_onestates.core.subtypes import Subtype

from .conftest import REPO

PACKAGE = REPO / "sphinx_onestates"
#: Layer -> top-level packages (and layers of ours) its modules must never load, directly or not.
FORBIDDEN = {
    "core": ("sphinx", "docutils", "pydot", "sphinx_onestates.dot", "sphinx_onestates.sphinx_ext"),
    "dot": ("sphinx", "docutils", "sphinx_onestates.sphinx_ext"),
}


def modules(layer: str) -> list[str]:
    return sorted(
        ".".join(path.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__")
        for path in (PACKAGE / layer).rglob("*.py")
    )


PROBE = """
import importlib, sys
importlib.import_module(sys.argv[1])
print("\\n".join(sorted(sys.modules)))
"""


@pytest.mark.parametrize(("layer", "module"), [(layer, module) for layer in FORBIDDEN for module in modules(layer)])
def test_a_layer_module_loads_nothing_of_the_layers_above(layer: str, module: str) -> None:
    """Imported alone, in a fresh interpreter, the module loads no Sphinx, docutils or higher layer."""
    loaded = subprocess.run(
        [sys.executable, "-c", PROBE, module], capture_output=True, text=True, check=True, cwd=REPO
    ).stdout.split()
    offending = [name for name in loaded if any(name == f or name.startswith(f + ".") for f in FORBIDDEN[layer])]
    assert not offending, f"{module} loads {', '.join(offending[:5])}"


@pytest.mark.parametrize(("layer", "module"), [(layer, module) for layer in FORBIDDEN for module in modules(layer)])
def test_no_import_statement_of_a_layer_module_reaches_up(layer: str, module: str) -> None:
    """Also the imports a fresh interpreter does not run: inside functions, or under TYPE_CHECKING."""
    path = REPO / (module.replace(".", "/") + ".py")
    if not path.exists():
        path = REPO / module.replace(".", "/") / "__init__.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module.split(".")[:-1] if path.name != "__init__.py" else module.split(".")
    named = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            named += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            name = ".".join([*base, *([node.module] if node.module else [])])
            named += [name] + [f"{name}.{alias.name}" for alias in node.names]
    offending = [n for n in named if any(n == f or n.startswith(f + ".") for f in FORBIDDEN[layer])]
    assert not offending, f"{module} imports {', '.join(offending)}"


def test_the_layers_are_complete() -> None:
    """The probe above sees every module of the lower layers (a new folder would otherwise escape it)."""
    assert len(modules("core")) >= 10 and len(modules("dot")) >= 6
    assert {path.name for path in PACKAGE.iterdir() if path.is_dir() and (path / "__init__.py").exists()} == {
        "core",
        "dot",
        "sphinx_ext",
    }


def test_the_readme_lists_every_warning_type_and_no_other() -> None:
    """The README's Warnings table is the users' list of what ``suppress_warnings`` can name."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Warnings") :]
    section = section[: section.index("\n## ", 1)]
    rows = [line for line in section.splitlines() if line.startswith("| `onestates.")]
    documented: set[str] = set()
    for row in rows:
        name = re.match(r"\| `onestates\.([^`]+)`", row)
        assert name is not None
        if name.group(1) == "check.<rule>":
            documented |= {f"check.{rule}" for rule in re.findall(r"`([a-z-]+)`", row.split("|")[2])}
        else:
            documented.add(name.group(1))
    assert documented == {subtype.value for subtype in Subtype}


def test_every_subtype_the_code_names_is_in_the_enum() -> None:
    """No module names a subtype by a string of its own: the Enum is the one list."""
    literals = set()
    for path in PACKAGE.rglob("*.py"):
        literals |= set(re.findall(r"subtype=\"([a-z.-]+)\"", path.read_text(encoding="utf-8")))
    assert literals <= {subtype.value for subtype in Subtype}
