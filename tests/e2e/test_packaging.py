"""The wheel holds what pyproject.toml says, and the licence it declares."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from ..conftest import REPO

pytestmark = pytest.mark.slow


def test_the_wheel_holds_the_package_the_graphs_and_the_licence(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "build", "-q", "--wheel", "--outdir", str(tmp_path), str(REPO)], check=True)
    wheel = next(tmp_path.glob("sphinx_onestates-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    package = {
        path.relative_to(REPO).as_posix()
        for path in (REPO / "sphinx_onestates").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    graphs = {
        f"sphinx_onestates/{path.relative_to(REPO).as_posix()}"
        for path in (REPO / "graphs").rglob("*")
        if path.is_file()
    }
    shipped = {name for name in names if ".dist-info/" not in name}
    assert shipped == package | graphs, "the wheel ships other files than the package and the built-in graphs"
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in names)
    metadata = next(zipfile.ZipFile(wheel).read(n) for n in names if n.endswith(".dist-info/METADATA")).decode()
    assert "License-Expression: BSD-3-Clause" in metadata
    assert (REPO / "LICENSE").read_text(encoding="utf-8").startswith("BSD 3-Clause License")
