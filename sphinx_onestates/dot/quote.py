"""DOT string literals: writing a value so nothing it holds can end the literal, and reading one back."""

from __future__ import annotations

import re


def quote(value: str) -> str:
    """A DOT string literal for ``value`` (the inverse of :func:`unquote` where one exists).

    DOT keeps backslashes as written, except that a backslash before a quote
    makes it part of the string and one before a line break removes both. So a
    quote, a line break or the end after an odd run of backslashes cannot be
    written exactly: such a run gets one more backslash. The value then shows an
    extra backslash, but the literal can never end early and let text through.
    """

    def escape(match: re.Match[str]) -> str:
        run, end = match.group(1), match.group(2)
        run += "\\" if len(run) % 2 else ""
        return run + ('\\"' if end == '"' else end)

    if "\\" not in value:  # the usual case, and a fast one
        return '"' + value.replace('"', '\\"') + '"'
    return '"' + re.sub(r'(\\*)("|\n|\Z)', escape, value) + '"'


def unquote(value: str) -> str:
    """The value of a DOT ID as Graphviz's lexer reads it.

    In a quoted string, ``\\"`` is a quote, ``\\\\`` stays two backslashes, a
    backslash before a line feed removes both, and every other backslash stays
    (it is a label escape such as ``\\n``). A line feed standing alone between
    escapes or the string's ends is dropped (Graphviz 2.43's lexer: its line
    counting rule wins the tie). HTML-like values keep their brackets.
    """
    value = value.strip()
    if not (len(value) >= 2 and value[0] == value[-1] == '"'):
        return value
    pieces = _QUOTED_PIECE.findall(value[1:-1])
    return "".join(_ESCAPED.get(piece, piece) for piece in pieces if piece != "\n")


_QUOTED_PIECE = re.compile(r'\\["\\\n]|\\|[^\\]+')
_ESCAPED = {'\\"': '"', "\\\\": "\\\\", "\\\n": ""}
