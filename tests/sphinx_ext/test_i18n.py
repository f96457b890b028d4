"""Translated manuals (issue 21): the extension's own words from its catalogue, the graph's texts from the project's.

tests/roots/test-i18n is a small manual with one diagram of a door and a German catalogue of its page
(locale/de/LC_MESSAGES/index.po) that translates some of the graph's texts, not all.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from sphinx.testing.util import SphinxTestApp

from ..conftest import build, copy_root, requires_dot
from ..tables import tables

pytestmark = requires_dot

german = pytest.mark.sphinx("html", testroot="i18n", confoverrides={"language": "de"})


def page(outdir: Path | str) -> str:
    return (Path(outdir) / "index.html").read_text(encoding="utf-8")


def drawn_texts(text: str) -> list[str]:
    """The texts of the inlined drawings: state labels and transition labels, as a reader sees them."""
    svgs = re.findall(r"<svg\b.*?</svg>", text, flags=re.S)
    return [html.unescape(t) for svg in svgs for t in re.findall(r"<text\b[^>]*>([^<]*)</text>", svg)]


@german
def test_a_german_page_has_the_extensions_own_words_in_german(app: SphinxTestApp) -> None:
    app.build()
    text = page(app.outdir)
    table = tables(text)[0]
    assert table.headings == ["Zustand", "DOOR_STATE", "Kurzname", "Bedeutung"]
    assert set(table.by_id("CLOSED").moves) == {"Von", "Nach"}
    assert 'aria-label="Zustandsdiagramm: Tür. 3 Zustände (Zu, OPEN, LOCKED); 5 Übergänge."' in text
    assert ">Diagramm in voller Größe öffnen</a>" in text
    assert 'title="im Diagramm zeigen"' in text
    assert '<span class="onestates-key-title">Legende:</span>' in text
    assert re.findall(r"</svg>([^<]+)</span>", text.split('class="onestates-key"')[1]) == ["Befehl", "automatisch"]
    assert "Zustände von Tür" in text  # the table's title: the catalogue's words around the graph's translated title
    assert "State" not in table.headings and "Open the diagram" not in text and "show in the diagram" not in text
    # the drawing's own words: the second figure's paths through the hidden CLOSED (user, OPEN and LOCKED to
    # OPEN or LOCKED), their tooltips, and a state's way back to itself
    assert drawn_texts(text).count("über 1 verborgenen Zustand") == 3
    assert 'xlink:title="über Zu"' in text and 'xlink:title="OPEN&#10;kehrt über Zu zu sich zurück"' in text


@german
def test_a_po_entry_translates_a_meaning_in_the_table_and_a_label_in_the_figure(app: SphinxTestApp) -> None:
    app.build()
    text = page(app.outdir)
    table = tables(text)[0]
    assert table.by_id("OPEN").cells[-1] == "Die Tür steht offen."
    assert table.by_id("LOCKED").cells[-1] == "The door is shut and locked."  # no entry: the graph's own words
    assert table.by_id("CLOSED").moves["Nach"] == "OPEN (open), LOCKED (abschließen)"
    drawn = drawn_texts(text)
    assert "abschließen" in drawn and "Zu" in drawn  # a transition's label and a state's label
    assert "lock" not in drawn and "Closed" not in drawn
    assert "unlock" in drawn and "OPEN" in drawn  # untranslated, and a label that is the state's name
    assert "Das Leben der Tür" in text  # the caption, translated by Sphinx as any caption is
    assert table.by_id("CLOSED").moves["Von"] == "Benutzer (install), OPEN, LOCKED (unlock)"  # a pseudo-node's label
    assert "Benutzer" in drawn
    assert 'aria-label="Die offene und die verschlossene Tür."' in text  # an :alt: of the page's own


def test_the_figure_is_drawn_per_language_and_english_stays_english(tmp_path: Path) -> None:
    source = copy_root("i18n", tmp_path)
    english = build("html", source, builddir=tmp_path / "en")
    deutsch = build("html", source, builddir=tmp_path / "de", confoverrides={"language": "de"})
    text = page(english.outdir)
    assert tables(text)[0].headings == ["State", "DOOR_STATE", "Short", "Meaning"]
    assert "lock" in drawn_texts(text) and "Closed" in drawn_texts(text)
    assert "Tür" not in text and "abschließen" not in text
    assert drawn_texts(text).count("via 1 hidden state") == 3 and 'xlink:title="through Closed"' in text
    # the drawing is named by its DOT: the German one is another drawing, kept beside the English one
    full_size = re.compile(r'href="_images/(onestates-[0-9a-f]+\.svg)"')
    assert full_size.findall(text) != full_size.findall(page(deutsch.outdir))


def test_editing_the_po_file_translates_anew_on_the_next_build(tmp_path: Path) -> None:
    source = copy_root("i18n", tmp_path)
    german_build = {"builddir": tmp_path / "build", "confoverrides": {"language": "de"}}
    build("html", source, **german_build)
    po = source / "locale" / "de" / "LC_MESSAGES" / "index.po"
    edited = po.read_text(encoding="utf-8").replace('msgstr "abschließen"', 'msgstr "verriegeln"')
    po.write_text(edited.replace('msgstr "Die Tür steht offen."', 'msgstr "Die Tür ist offen."'), encoding="utf-8")
    again = build("html", source, **german_build)
    text = page(again.outdir)
    assert "verriegeln" in drawn_texts(text) and "abschließen" not in text
    assert tables(text)[0].by_id("OPEN").cells[-1] == "Die Tür ist offen."


def test_gettext_extracts_the_graphs_texts_at_the_directives_line(tmp_path: Path) -> None:
    app = build("gettext", copy_root("i18n", tmp_path), builddir=tmp_path / "build")
    with (Path(app.outdir) / "index.pot").open("rb") as stream:
        catalogue = read_po(stream)
    where = {message.id: {f"{Path(path).name}:{line}" for path, line in message.locations} for message in catalogue}
    for msgid in (
        "Door",  # the graph's title (also the page's, at its own line)
        "The door's life",  # the caption
        "Closed",  # a label that is not the state's name
        "The door stands open.",  # meanings
        "The door is shut and locked.",
        "install",  # transition labels
        "lock",
        "user",  # the initial pseudo-node's label
    ):
        assert "index.rst:6" in where.get(msgid, set()), msgid
    assert where["The open and the locked door."] == {"index.rst:12"}  # an :alt:, at its directive
    # names are identifiers, not texts; the table's title is made of the extension's words
    assert "OPEN" not in where and "States of Door" not in where


def test_a_german_text_build_lists_states_with_german_words(tmp_path: Path) -> None:
    app = build("text", copy_root("i18n", tmp_path), builddir=tmp_path / "build", confoverrides={"language": "de"})
    text = (Path(app.outdir) / "index.txt").read_text(encoding="utf-8")
    assert "Zustandsdiagramm: Tür." in text
    assert 'Nach: "OPEN" (open), "LOCKED" (abschließen)' in text
    assert "Die Tür steht offen." in text
    # the second diagram, listed: its paths through hidden states in German too
    assert '* "OPEN -> LOCKED (über 1 verborgenen Zustand: Zu)"' in text
    assert '* "OPEN -> OPEN (kehrt über 1 verborgenen Zustand zurück: Zu)"' in text


def test_a_german_pdf_has_the_key_in_german(tmp_path: Path) -> None:
    app = build("latex", copy_root("i18n", tmp_path), builddir=tmp_path / "build", confoverrides={"language": "de"})
    tex = next(Path(app.outdir).glob("*.tex")).read_text(encoding="utf-8")
    assert r"{\small Legende: " in tex and "Befehl" in tex
    assert "Zustände von Tür" in tex and "Die Tür steht offen." in tex


def test_a_translation_is_plain_text_as_the_graphs_own_texts_are(tmp_path: Path) -> None:
    """Markup in a translation is shown as written, and warns about nothing (Sphinx's own translation of a
    paragraph would parse it as reST)."""
    source = copy_root("i18n", tmp_path)
    po = source / "locale" / "de" / "LC_MESSAGES" / "index.po"
    po.write_text(po.read_text(encoding="utf-8").replace("Die Tür steht offen.", "Die *Tür `steht <offen>"), "utf-8")
    app = build("html", source, builddir=tmp_path / "build", confoverrides={"language": "de"})
    assert tables(page(app.outdir))[0].by_id("OPEN").cells[-1] == "Die *Tür `steht <offen>"
    assert "WARNING" not in app.warning.getvalue()


def test_the_languages_of_a_manual_keep_their_drawings_apart_in_one_cache_folder(tmp_path: Path) -> None:
    """A build removes the drawings it does not use: with one ``onestates_cache_dir`` for every language, each
    language's build would remove the others' and draw its own again every time."""
    source = copy_root("i18n", tmp_path)
    shared = {"onestates_cache_dir": str(tmp_path / "drawings")}
    build("html", source, builddir=tmp_path / "en", confoverrides=shared)
    build("html", source, builddir=tmp_path / "de", confoverrides={**shared, "language": "de"})
    again = build("html", source, builddir=tmp_path / "en-again", confoverrides=shared)
    assert "2 diagrams, 0 to draw" in again.status.getvalue()
    assert len(list((tmp_path / "drawings" / "de").glob("onestates-*.svg"))) == 2


@pytest.mark.parametrize("damage", [b"", b"not a catalogue", b"\xde\x12\x04\x95" + b"\0" * 3])
def test_a_catalogue_that_cannot_be_read_leaves_the_page_untranslated(tmp_path: Path, damage: bytes) -> None:
    """As Sphinx leaves it: the build goes on, in the graph's own words (and the extension's German)."""
    source = copy_root("i18n", tmp_path)
    messages = source / "locale" / "de" / "LC_MESSAGES"
    (messages / "index.po").unlink()  # nothing for Sphinx to compile over the damaged file
    (messages / "index.mo").write_bytes(damage)
    app = build("html", source, builddir=tmp_path / "build", confoverrides={"language": "de"})
    table = tables(page(app.outdir))[0]
    assert table.headings[0] == "Zustand" and table.by_id("OPEN").cells[-1] == "The door stands open."


def test_options_name_states_as_the_graph_writes_them_in_every_language(tmp_path: Path) -> None:
    """``:states: Closed`` names CLOSED by its label; the German page, whose label is "Zu", still shows it
    (options resolved against the translated labels: "no state 'Closed'", and the figure was gone)."""
    source = copy_root("i18n", tmp_path)
    index = source / "index.rst"
    index.write_text(
        index.read_text(encoding="utf-8") + "\n.. one-states:: door\n   :states: Closed, OPEN\n   :highlight: Closed\n",
        encoding="utf-8",
    )
    app = build("html", source, builddir=tmp_path / "build", confoverrides={"language": "de"})
    assert "WARNING" not in app.warning.getvalue(), app.warning.getvalue()
    third = tables(page(app.outdir))[-1]
    assert [row.cells[0] for row in third.rows] == ["Zu", "OPEN"]


def test_a_german_index_names_states_in_german(tmp_path: Path) -> None:
    app = build("html", copy_root("i18n", tmp_path), builddir=tmp_path / "build", confoverrides={"language": "de"})
    index = (Path(app.outdir) / "genindex.html").read_text(encoding="utf-8")
    assert "(Zustand von Tür)" in index and "Zustand von door" in index
    assert "state of" not in index
