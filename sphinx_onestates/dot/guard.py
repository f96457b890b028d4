"""What a graph file may not make Graphviz do: read other files, or lay the graph out its own (slow) way.

A graph file is written by anyone who can change the documentation, and Graphviz opens the files
its attributes name, anywhere on the machine: ``image``, ``shapefile``, ``_background`` (an image
drawn behind the graph), an HTML-like label's ``<IMG SRC>``, searched in ``imagepath`` (fonts in
``fontpath``). A FIFO there blocks Graphviz until the time limit. And the file's ``layout`` overrides
the quick layout the reader asks for (``-Kosage``), or fails; ``splines = ortho`` takes minutes on a
large graph.

:func:`defuse` rewrites the text before anything reads it, token by token, so that lines stay where
they were: an attribute that reads files is renamed to one Graphviz does not know (and dropped after
reading, with a warning), ``<IMG>`` is cut out of HTML-like labels (with a warning), and the layout
attributes are set aside under another name; :func:`restore` drops and puts back after reading.

Graphviz also takes an ID that starts with ``%`` for one of its own anonymous IDs (``%3``): it renames
the node, and may merge two such nodes. Such IDs are read with a mark in front (:data:`MARK`), which
:func:`restore_name` takes off again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..core.model import Problem
from .quote import quote, unquote
from .scan import NAMES, Token, spans

#: Attributes that make Graphviz open a file (or say where to look for one).
FILE_ATTRIBUTES = frozenset({"image", "shapefile", "imagepath", "fontpath", "_background"})
#: Attributes that choose how Graphviz lays the graph out, or how it decodes the text (``charset``: the text
#: it is given is always UTF-8): set aside while reading, kept in the graph.
LAYOUT_ATTRIBUTES = frozenset({"layout", "splines", "charset"})
#: The names attributes are renamed to while Graphviz reads the file.
REFUSED, ASIDE = "_onestates_refused_", "_onestates_aside_"
#: Put in front of an ID that starts with ``%`` (or with the mark itself, so that no two IDs become one).
MARK = "\uf8ff"

_IMG = re.compile(r"<\s*/?\s*img\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>", re.I)
_SRC = re.compile(r"""\bsrc\s*=\s*("[^"]*"|'[^']*'|[^\s/>]+)""", re.I)
_READS_FILES = "a graph may not make Graphviz read files"
QUOTES = "\"'"


@dataclass
class Defused:
    """A graph's text as it may be read, and what was taken out of it (located problems, rule ``graph``)."""

    text: str
    refused: list[Problem] = field(default_factory=list)


@dataclass
class _Run:
    """Tokens that make one ID: a string, or quoted strings joined with ``+``, from ``first`` to ``last``."""

    first: int
    last: int
    value: str


class _Rewriter:
    """One walk over the tokens, collecting replacements (start, end, new text) and refusals."""

    def __init__(self, text: str, source: str) -> None:
        self.text = text
        self.source = source
        self.items: list[tuple[Token, int, int]] = list(spans(text))
        self.replacements: list[tuple[int, int, str]] = []
        self.refused: list[Problem] = []

    def run(self) -> Defused:
        attributes: set[int] = set()  # the tokens of attribute names and values
        for index, (token, _start, _end) in enumerate(self.items):
            if token.kind == "op" and token.value == "=":
                self._assignment(index, attributes)
        for index, (token, _start, _end) in enumerate(self.items):
            if token.kind == "html" and _IMG.search(token.value):
                self._images(index)
            elif token.kind in NAMES and index not in attributes:
                self._mark(index)
        pieces, position = [], 0
        for start, end, new in sorted(self.replacements):
            pieces += [self.text[position:start], new]
            position = end
        pieces.append(self.text[position:])
        return Defused("".join(pieces), sorted(self.refused, key=lambda p: p.line or 0))

    def _id_before(self, index: int) -> _Run | None:
        """The ID that ends just before token ``index`` (``"ima" + "ge"`` is ``image``)."""
        last = index - 1
        if last < 0 or self.items[last][0].kind not in NAMES:
            return None
        first = last
        while first >= 2 and self.items[first - 1][0].value == "+" and self.items[first - 2][0].kind == "string":
            first -= 2
        return _Run(first, last, "".join(self._value(self.items[k][0]) for k in range(first, last + 1, 2)))

    def _id_after(self, index: int) -> _Run | None:
        """The ID that starts just after token ``index`` (the value of an attribute)."""
        parts, k = [], index + 1
        while k < len(self.items) and self.items[k][0].kind in NAMES:
            parts.append(self._value(self.items[k][0]))
            if not (k + 2 < len(self.items) and self.items[k + 1][0].value == "+"):
                break
            k += 2
        return _Run(index + 1, index + 2 * len(parts) - 1, "".join(parts)) if parts else None

    @staticmethod
    def _value(token: Token) -> str:
        """An ID's text as Graphviz reads it (an HTML-like one without its brackets)."""
        return token.value[1:-1] if token.kind == "html" else unquote(token.value)

    def _assignment(self, index: int, attributes: set[int]) -> None:
        """``name = value``: a file-reading attribute is refused, a layout attribute set aside."""
        name, value = self._id_before(index), self._id_after(index)
        for run in (name, value):
            if run is not None:
                attributes.update(range(run.first, run.last + 1))
        if name is None:
            return
        if name.value in FILE_ATTRIBUTES:
            line = self.items[name.first][0].line
            message = f"ignored {name.value}={value.value if value else ''!r}: {_READS_FILES}"
            self.refused.append(Problem(self.source, line, message, "graph"))
            self._rename(name, REFUSED + name.value)
        elif name.value in LAYOUT_ATTRIBUTES:
            self._rename(name, ASIDE + name.value)

    def _rename(self, name: _Run, new: str) -> None:
        self.replacements.append((self.items[name.first][1], self.items[name.last][2], quote(new)))

    def _mark(self, index: int) -> None:
        """An ID that starts with ``%`` (or the mark) gets the mark in front; not the pieces after ``+``, nor ports."""
        token, start, end = self.items[index]
        if index and self.items[index - 1][0].value in ("+", ":"):
            return
        if self._value(token).startswith(("%", MARK)):
            opening = 1 if token.kind in ("string", "html") else 0
            self.replacements.append((start, end, token.value[:opening] + MARK + token.value[opening:]))

    def _images(self, index: int) -> None:
        """Cut each ``<IMG>`` out of an HTML-like ID (keeping its line breaks, so lines stay where they were)."""
        token, start, end = self.items[index]
        for match in _IMG.finditer(token.value):
            src = _SRC.search(match.group())
            if src is not None:
                line = token.line + token.value[: match.start()].count("\n")
                message = f"ignored <IMG SRC={src.group(1).strip(QUOTES)!r}> in an HTML-like label: "
                self.refused.append(Problem(self.source, line, message + _READS_FILES, "graph"))
        cleaned = _IMG.sub(lambda match: "\n" * match.group().count("\n"), token.value)
        self.replacements.append((start, end, cleaned))


def defuse(text: str, source: str) -> Defused:
    """``text`` with nothing that makes Graphviz read a file, nor choose its own layout; what was refused."""
    return _Rewriter(text, source).run()


def restore_name(name: str) -> str:
    """A node's (or the graph's) name as written: without the mark :func:`defuse` put in front."""
    return name.removeprefix(MARK)


def restore_text(text: str) -> str:
    """A text Graphviz drew from defused names (``\\N``, ``\\G``): without the marks put in front of them."""
    return re.sub(MARK + "(?=[%" + MARK + "])", "", text)


def restore(attrs: dict[str, str]) -> dict[str, str]:
    """Attributes as read from defused text: refused ones dropped, layout ones back under their names."""
    kept: dict[str, str] = {}
    for key, value in attrs.items():
        if key.startswith(REFUSED) or key in FILE_ATTRIBUTES:
            continue
        kept[key.removeprefix(ASIDE) if key.startswith(ASIDE) else key] = value
    return kept
