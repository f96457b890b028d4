"""What differs between the Sphinx versions this extension supports (7.4 to 9.x).

Everything that has to know which Sphinx runs lives here, with the version
that changed it; the rest of the package calls these functions and never
checks a version itself. docutils 0.20 to 0.22 (what those Sphinx versions
allow) needed nothing here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sphinx

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.domains.index import IndexDomain
    from sphinx.environment import BuildEnvironment

#: The running Sphinx as (major, minor).
SPHINX = sphinx.version_info[:2]


def note_dependency(env: BuildEnvironment, path: Path, docname: str) -> None:
    """Make ``path`` a dependency of page ``docname``: editing it re-reads the page.

    Sphinx 8.2 added the ``docname`` keyword. Before, a dependency always
    belongs to the page being read, which is the page every caller names.
    """
    if SPHINX >= (8, 2):
        env.note_dependency(path, docname=docname)
    elif docname == env.docname:
        env.note_dependency(str(path))
    else:
        raise ValueError(f"Sphinx {sphinx.__version__} notes dependencies of the page being read only")


def index_domain(env: BuildEnvironment) -> IndexDomain:
    """The ``index`` domain, whose ``entries`` feed the general index.

    ``env.domains.index_domain`` exists from Sphinx 8.1 (``env.domains`` was a
    plain dict before); looking it up by name works in every version.
    """
    return env.domains["index"]


def builder_class(env: BuildEnvironment) -> type[Builder]:
    """The class of the builder that pages are read for.

    Sphinx 9.0 keeps it on the environment (``env._builder_cls``) and deprecates ``env.app``, through which
    it was found before.
    """
    if SPHINX >= (9, 0):
        return env._builder_cls
    return type(env.app.builder)


def connect_before_writing(app: Sphinx, handler: Callable[[Sphinx, Builder], None]) -> None:
    """Call ``handler(app, builder)`` once per build, after reading and before any page is written.

    From Sphinx 8.2 that is ``write-started``, which every builder emits on
    every build. Before 8.1 the builders with a ``write()`` of their own
    (latex, singlehtml, man, texinfo) did not emit it, and before 8.2 a build
    with no page out of date skips it; so there the handler runs at the end
    of ``env-updated``, which every build emits once reading is done.
    """
    if SPHINX >= (8, 2):
        app.connect("write-started", handler)
    else:
        app.connect("env-updated", lambda app, _env: handler(app, app.builder), priority=900)
