"""Big figures in print, in the PDF itself (issue 17): every text readable, every part's link on its page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ..conftest import ROOTS, requires_dot
from . import pdfs

pytestmark = requires_dot


@pytest.fixture(scope="module")
def print_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """vm-complete, a plain file with frames and long names and a flat one, each printed split,
    as a PDF; its LaTeX folder."""
    return pdfs.latexpdf(ROOTS / "test-print-plain", tmp_path_factory.mktemp("print") / "build", "-W")


def test_every_page_of_split_figures_reads_at_5_pt_or_more(print_pdf: Path) -> None:
    assert not pdfs.small_text(print_pdf / "print.pdf")


def test_each_part_link_lands_on_the_page_that_shows_the_part(print_pdf: Path) -> None:
    """A part's anchor and its drawing are one box: a part pushed to the next page takes its anchor along."""
    pypdf = pytest.importorskip("pypdf", reason="pypdf is not installed")
    reader = pypdf.PdfReader(print_pdf / "print.pdf")
    aux = (print_pdf / "print.aux").read_text(encoding="utf-8")
    tex = (print_pdf / "print.tex").read_text(encoding="utf-8")
    field = r"\{(?:[^{}]|\{[^{}]*\})*\}"
    anchors = dict(re.findall(rf"\\newlabel\{{([^}}]*one-part-[^}}]*)\}}\{{{field}{field}{field}\{{([^{{}}]*)\}}", aux))
    assert len(anchors) > 20
    for label, anchor in anchors.items():
        number, total = re.search(re.escape(label) + r"\}\}.*?Part (\d+) of (\d+)", tex, re.S).groups()  # type: ignore[union-attr]
        page = reader.get_destination_page_number(reader.named_destinations[anchor])
        assert f"Part{number}of{total}" in re.sub(r"\s+", "", reader.pages[page].extract_text()), (label, page + 1)
