"""A wheel built from the checkout installs into a fresh environment and works there."""

from __future__ import annotations

import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from ..conftest import REPO, ROOTS, requires_dot

pytestmark = [requires_dot, pytest.mark.slow]


def test_wheel_ships_the_graphs_and_runs_the_cli(tmp_path: Path) -> None:
    source = tmp_path / "checkout"
    skip = shutil.ignore_patterns(".venv*", ".git", "_build", "test-artifacts", "*.egg-info")
    shutil.copytree(REPO, source, ignore=skip)
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(source)], check=True)
    wheel = next(dist.glob("sphinx_onestates-*.whl"))
    with zipfile.ZipFile(wheel) as archive:  # the catalogue compiled at build time (hatch_build.py), beside its source
        assert {
            "sphinx_onestates/locale/de/LC_MESSAGES/sphinx_onestates.mo",
            "sphinx_onestates/locale/de/LC_MESSAGES/sphinx_onestates.po",
        } <= set(archive.namelist())
    environment = tmp_path / "env"
    venv.create(environment, with_pip=True)
    python = environment / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", str(wheel)], check=True)
    tool = environment / "bin" / "sphinx-onestates"
    listing = subprocess.run([str(tool), "list"], capture_output=True, text=True, check=True, cwd=tmp_path).stdout
    assert "vm-complete" in listing and "79 states" in listing
    for fmt, magic in (("svg", b"<?xml"), ("png", b"\x89PNG"), ("pdf", b"%PDF")):
        out = tmp_path / f"vm.{fmt}"
        subprocess.run([str(tool), "render", "vm-complete", "-o", str(out)], check=True, cwd=tmp_path)
        assert out.read_bytes().startswith(magic)
    # the graphs come from the installed package, not from a checkout beside it
    where = subprocess.run(
        [str(python), "-c", "from sphinx_onestates.core.builtin import graphs_dir; print(graphs_dir())"],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    ).stdout.strip()
    assert "site-packages/sphinx_onestates/graphs" in where
    # a German manual built with the installed package has the catalogue's words
    out = tmp_path / "de"
    sphinx = [str(python), "-m", "sphinx", "-q", "-b", "html", "-D", "language=de"]
    source = shutil.copytree(ROOTS / "test-i18n", tmp_path / "i18n")  # Sphinx compiles its .po files there
    subprocess.run([*sphinx, str(source), str(out)], check=True, cwd=tmp_path)
    assert "<p>Bedeutung</p>" in (out / "index.html").read_text(encoding="utf-8")
