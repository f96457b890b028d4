"""The extension's own words (headings, the alt text, link texts, the key) in the page's language.

They go through Sphinx's message catalogue, as Sphinx's bundled extensions do: ``_`` looks its
message up in the catalogue ``sphinx_onestates`` (``locale/<language>/LC_MESSAGES/sphinx_onestates.mo``
in the package), which :func:`add_catalogue` registers for the project's ``language``. Messages are
looked up when a page is made, never at import, so each build gets its own language. The catalogue's
template is ``locale/sphinx_onestates.pot`` (README.md, *Translated manuals*, says how it is made).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.locale import get_translation, get_translator, is_translator_registered

from ..core.phrases import Phrases

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: The message catalogue's name (its domain): the file names of the ``.pot``, ``.po`` and ``.mo``.
CATALOGUE = "sphinx_onestates"
LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"

_ = get_translation(CATALOGUE)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of a message for ``count`` things (``1 state``, ``3 states``), as the language counts."""
    if is_translator_registered(CATALOGUE):
        return get_translator(CATALOGUE).ngettext(singular, plural, count)
    return singular if count == 1 else plural


def heading(column: str, grouped: bool = False) -> str:
    """A column's heading in the page's language; a code column (``VM_STATE``) is named as the graph names it.

    In a view by short name (``grouped``) a row is a short name and its ``short`` column lists its states.
    """
    words = {"state": _("State"), "short": _("Short"), "meaning": _("Meaning"), "in": _("From"), "out": _("To")}
    if grouped:
        words |= {"state": _("Short"), "short": _("States")}
    return str(words.get(column, column))


def key_text(text: str) -> str:
    """An entry of a figure's key (:meth:`~..core.view.View.key`) in the page's language."""
    words = {
        "command": _("command"),
        "automatic": _("automatic"),
        "failure": _("failure"),
        "through hidden states": _("through hidden states"),
    }
    return str(words.get(text, text))


@functools.cache
def phrases(language: str) -> Phrases:
    """The drawing's own words (a hidden path's label, tooltips) in the build's ``language``."""
    return Phrases(
        language,
        via=lambda count: (
            ngettext("via %(count)d hidden state", "via %(count)d hidden states", count) % {"count": count}
        ),
        through=lambda names: _("through %s") % names,
        to=lambda name: _("to %s") % name,
        returns=lambda names: _("returns to itself through %s") % names,
        returns_via=lambda count: (
            ngettext("returns via %(count)d hidden state", "returns via %(count)d hidden states", count)
            % {"count": count}
        ),
    )


def add_catalogue(app: Sphinx) -> None:
    """Register the package's catalogue: ``_`` then answers in the project's ``language``."""
    app.add_message_catalog(CATALOGUE, str(LOCALE_DIR))
