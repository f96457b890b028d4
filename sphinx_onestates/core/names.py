"""Names in option values and attributes, and the did-you-mean hint for a name that is not known."""

from __future__ import annotations

import difflib
import re

_SEPARATORS = re.compile(r"[\s,]+")


def split_names(value: str | None) -> list[str]:
    """Names from an option value: separated by commas or whitespace."""
    return [part for part in _SEPARATORS.split(value or "") if part]


def suggest(name: str, candidates: list[str]) -> str:
    """`` (did you mean 'X'?)`` for the closest candidates (case aside), or nothing."""
    by_lower: dict[str, list[str]] = {}
    for candidate in dict.fromkeys(candidates):
        by_lower.setdefault(candidate.lower(), []).append(candidate)
    close = [
        c for key in difflib.get_close_matches(name.lower(), list(by_lower), n=3, cutoff=0.6) for c in by_lower[key]
    ]
    close += [c for c in candidates if c not in close and c.lower().endswith("_" + name.lower())][:2]
    if not close:
        return ""
    return " (did you mean " + " or ".join(repr(c) for c in close[:3]) + "?)"
