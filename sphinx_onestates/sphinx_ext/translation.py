"""A page's translations of the graph's texts, from the project's own message catalogues.

The texts a directive shows (meanings, labels, the graph's title: :func:`~..core.texts.messages`) are
extracted by ``sphinx-build -b gettext`` into the page's ``.pot``, at the directive's line, through a
translatable node (:class:`~.nodes.onestates_texts`) that only that builder's pages have. A build in another
``language`` looks them up in the page's compiled catalogue (``<locale_dirs>/<language>/LC_MESSAGES/<domain>.mo``,
the one Sphinx's ``Locale`` transform reads for that page) when the directive runs, before anything is made from
them: the table, the alt text and the DOT are all made from the translated texts, so the drawing (keyed by its
DOT) is one per language. Sphinx's transform comes later, when the texts are table cells and DOT; and it parses a
translation as reST (it would warn about a ``*`` in a meaning), where the graph's texts are plain text.
"""

from __future__ import annotations

import functools
import gettext
import hashlib
import struct
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.builders.gettext import I18nBuilder
from sphinx.util.i18n import docname_to_domain

from .compat import builder_class

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sphinx.environment import BuildEnvironment


def catalogue_files(env: BuildEnvironment, docname: str) -> list[Path]:
    """The compiled catalogues of ``docname``'s domain in the build's language, the first one's messages first."""
    config = env.config
    if not config.language or not config.locale_dirs:
        return []
    domain = docname_to_domain(docname, config.gettext_compact)
    found: list[Path] = []
    for directory in config.locale_dirs:
        found += map(Path, gettext.find(domain, str(Path(env.srcdir, directory)), [config.language], all=True))
    return found


@functools.lru_cache(maxsize=32)
def _catalogue(versions: tuple[tuple[Path, int, int], ...]) -> gettext.NullTranslations:
    """The catalogues, read as they are now (path, modification time and size: a new ``.mo`` is read again).

    One that cannot be read is left out, as Sphinx's ``Locale`` transform leaves it out: the page stays untranslated.
    """
    chain = gettext.NullTranslations()
    for path, _mtime, _size in reversed(versions):
        try:
            with path.open("rb") as stream:
                catalogue = gettext.GNUTranslations(stream)
        except (OSError, ValueError, struct.error):
            continue
        catalogue.add_fallback(chain)
        chain = catalogue
    return chain


def page_translation(env: BuildEnvironment, docname: str, texts: Iterable[str]) -> dict[str, str]:
    """Each of ``texts`` that the page's catalogue translates, with its translation (empty in a build without)."""
    files = catalogue_files(env, docname)
    if not files:
        return {}
    versions = []
    for path in files:
        try:
            status = path.stat()
        except OSError:
            continue
        versions.append((path, status.st_mtime_ns, status.st_size))
    catalogue = _catalogue(tuple(versions))
    translation = {text: catalogue.gettext(text) for text in texts}
    return {text: translated for text, translated in translation.items() if translated and translated != text}


def fingerprint(translation: dict[str, str]) -> str:
    """A short digest of the translations a view was made with: views of one graph differ by it per language."""
    data = "\0".join(f"{text}\0{translated}" for text, translated in sorted(translation.items()))
    return hashlib.sha256(data.encode()).hexdigest()[:16]


def extracting(env: BuildEnvironment) -> bool:
    """Whether pages are read for ``-b gettext`` (its builders read pages apart: they never share a doctree
    folder with others, whose pages have no use for the texts' nodes)."""
    return issubclass(builder_class(env), I18nBuilder)
