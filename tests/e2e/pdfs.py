"""Real PDFs for the tests: a project built with ``sphinx -M latexpdf``, and the sizes its texts print at."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest


def latexpdf(source: Path, out: Path, *extra: str) -> Path:
    """``source`` built into a PDF under ``out`` (skipped without latexmk or poppler-utils): its LaTeX folder."""
    if shutil.which("latexmk") is None or shutil.which("pdftotext") is None:
        pytest.skip("latexmk or poppler-utils (pdftotext) is not installed")
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", "-M", "latexpdf", str(source), str(out), "-q", *extra],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr
    return out / "latex"


def text_size(char: dict[str, Any]) -> float:
    """The size (pt) a glyph is printed at, from the PDF's text state: the text rendering matrix scales the
    font's size; on a page turned sideways the glyph's height runs across the page."""
    _a, b, c, _d, _e, _f = char["matrix"]
    return float(char["size"] if abs(b) + abs(c) < 1e-6 else char["x1"] - char["x0"])


def small_text(pdf: Path, smallest: float = 5.0) -> dict[int, float]:
    """The pages (from 1) with text printed under ``smallest`` pt, and their smallest size."""
    pdfplumber = pytest.importorskip("pdfplumber", reason="pdfplumber is not installed")
    found: dict[int, float] = {}
    with pdfplumber.open(pdf) as document:
        for number, page in enumerate(document.pages, start=1):
            sizes = [text_size(char) for char in page.chars if char["text"].strip()]
            if sizes and min(sizes) < smallest:
                found[number] = round(min(sizes), 2)
    return found
