"""Wheel build hook: the package's message catalogues (``.po``) compiled into the ``.mo`` files Sphinx reads.

The ``.mo`` files are build products, not kept in git: each wheel compiles them from the ``.po`` files with
Babel (which Sphinx itself uses for a project's catalogues). In a checkout, the tests compile them in place
(tests/conftest.py).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

LOCALE = Path("sphinx_onestates", "locale")


def compile_catalogues(root: Path, out: Path) -> dict[str, str]:
    """Compile each ``<language>/LC_MESSAGES/*.po`` under ``root/LOCALE`` into ``out``; their paths in the wheel."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    compiled = {}
    for po in sorted((root / LOCALE).glob("*/LC_MESSAGES/*.po")):
        relative = po.relative_to(root).with_suffix(".mo")
        mo = out / relative
        mo.parent.mkdir(parents=True, exist_ok=True)
        with po.open("rb") as source:
            catalogue = read_po(source)
        with mo.open("wb") as target:
            write_mo(target, catalogue)
        compiled[str(mo)] = relative.as_posix()
    return compiled


class CatalogueHook(BuildHookInterface):
    """Put the compiled catalogues into the wheel beside their ``.po`` files."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        self._out = Path(tempfile.mkdtemp(prefix="onestates-mo-"))
        build_data["force_include"].update(compile_catalogues(Path(self.root), self._out))

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        shutil.rmtree(self._out, ignore_errors=True)
