"""sphinx-onestates: lifecycle state machines as diagrams and state reference tables.

Add ``"sphinx_onestates"`` to ``extensions`` in ``conf.py``. The layers below the
Sphinx glue (:mod:`sphinx_onestates.core`, :mod:`sphinx_onestates.dot`) do not
import Sphinx, so the command-line tool stays light (docs/architecture.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup(app: Sphinx) -> dict[str, Any]:
    """Sphinx entry point (kept here so ``extensions = ["sphinx_onestates"]`` works)."""
    from .sphinx_ext.extension import setup_extension

    return setup_extension(app)
