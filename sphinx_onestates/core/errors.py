"""The one exception type the model layer raises, with a location to report."""

from __future__ import annotations

from pathlib import Path

from .subtypes import Subtype


class OneStatesError(Exception):
    """A problem in an input file, located so callers can say ``file:line``.

    ``subtype`` becomes the Sphinx warning type ``onestates.<subtype>``.
    """

    def __init__(
        self,
        message: str,
        *,
        source: str | Path | None = None,
        line: int | None = None,
        subtype: str = Subtype.GRAPH,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.source = str(source) if source is not None else None
        self.line = line
        self.subtype = subtype

    def location(self) -> str:
        """``file:line`` (or as much of it as is known)."""
        if self.source is None:
            return "<graph>"
        return f"{self.source}:{self.line}" if self.line else self.source

    def __str__(self) -> str:
        return f"{self.location()}: {self.message}"
