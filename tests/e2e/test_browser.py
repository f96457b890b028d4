"""The HTML as readers see it: a real Chromium (Playwright) on the manual built with Furo."""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Literal

import pytest

from ..conftest import REPO, drawing_directives, requires_dot
from .conftest import CHROMIUM

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

playwright = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
pytest.importorskip("furo", reason="furo is not installed")
pytestmark = [
    requires_dot,
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (Debian package chromium)"),
]
ARTIFACTS = REPO / "test-artifacts" / "screenshots"


def serve(tmp_path_factory: pytest.TempPathFactory, theme: str) -> Iterator[str]:
    """example_docs built with ``theme``, served from 127.0.0.1."""
    out = tmp_path_factory.mktemp(f"site-{theme}")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            "html",
            "-q",
            "-D",
            f"html_theme={theme}",
            str(REPO / "example_docs"),
            str(out),
        ],
        check=True,
    )
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """example_docs built with Furo, served from 127.0.0.1."""
    yield from serve(tmp_path_factory, "furo")


@pytest.fixture(scope="module")
def alabaster_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """example_docs built with Sphinx's default theme, which has no dark mode of its own."""
    yield from serve(tmp_path_factory, "alabaster")


@pytest.fixture
def errors() -> list[str]:
    """Console errors, uncaught exceptions and failed requests of the page fixture's tab."""
    return []


def watch_errors(tab: Page, errors: list[str] | None = None) -> list[str]:
    """Collect a tab's console errors, uncaught exceptions and failed requests (a failed request once)."""
    found = [] if errors is None else errors
    tab.on(
        "console",
        lambda message: (
            found.append(message.text)
            if message.type == "error" and "Failed to load resource" not in message.text
            else None
        ),
    )
    tab.on("pageerror", lambda error: found.append(str(error)))
    # a missing resource is an error too, except the favicon every browser asks for unprompted
    tab.on(
        "response",
        lambda response: (
            found.append(f"{response.status} {response.url}")
            if response.status >= 400 and not response.url.endswith("/favicon.ico")
            else None
        ),
    )
    return found


@pytest.fixture
def page(browser: Browser, errors: list[str]) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    watch_errors(tab, errors)
    yield tab
    context.close()


def pages_with_diagrams() -> list[str]:
    root = REPO / "example_docs"
    return sorted(
        str(path.relative_to(root).with_suffix(".html"))
        for path in root.rglob("*")
        if path.suffix in (".rst", ".md")
        and "_build" not in path.parts
        and drawing_directives(path.read_text(encoding="utf-8"))
    )


@pytest.mark.parametrize("name", pages_with_diagrams())
def test_every_diagram_is_visible_and_the_page_has_no_errors(
    page: Page, errors: list[str], site: str, name: str
) -> None:
    page.goto(f"{site}/{name}")
    diagrams = page.locator("svg.onestates-svg")
    assert diagrams.count() > 0
    for index in range(diagrams.count()):
        box = diagrams.nth(index).bounding_box()
        assert box is not None and box["width"] > 50 and box["height"] > 20, (name, index, box)
    assert errors == []


def test_clicking_a_node_lands_on_its_table_row(page: Page, site: str) -> None:
    page.goto(f"{site}/xrefs-figure.html")  # a figure without a table: its rows are on custom.html, which owns them
    link = page.locator("svg.onestates-svg g.node a").first
    name = link.locator(
        "xpath=ancestor::*[local-name()='g'][contains(@class,'node')][1]/*[local-name()='title']"
    ).text_content()
    link.click()
    page.wait_for_load_state()
    target = page.evaluate(
        "() => { const t = document.querySelector(':target'); return t && [t.tagName, t.id, t.textContent]; }"
    )
    assert target is not None, page.url
    tag, anchor, text = target
    assert name and tag == "TR" and anchor in page.url and name in text
    assert page.url == f"{site}/custom.html#{anchor}" and anchor.startswith("one-state-ci-job-"), page.url


def contrast(page: Page, selector: str) -> float:
    """WCAG contrast between a node's (or edge's) label and what is behind it, computed in the page."""
    ratio = page.evaluate(
        """(selector) => {
            const group = document.querySelector(selector);
            const shape = group.querySelector('ellipse, polygon:not(g.edge polygon), g.node path');
            const text = group.querySelector('text');
            const rgb = (css) => {
                const probe = document.createElement('canvas').getContext('2d');
                probe.fillStyle = css; const hex = probe.fillStyle;
                if (hex.startsWith('#')) return [1, 3, 5].map(i => parseInt(hex.slice(i, i + 2), 16));
                return hex.match(/[\\d.]+/g).slice(0, 3).map(Number);
            };
            const luminance = (c) => {
                const [r, g, b] = c.map(v => {
                    v /= 255;
                    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
                });
                return 0.2126 * r + 0.7152 * g + 0.0722 * b;
            };
            let fill = shape ? getComputedStyle(shape).fill : 'none';
            if (fill === 'none' || fill.includes('rgba(0, 0, 0, 0)'))
                fill = getComputedStyle(document.body).backgroundColor;
            const [a, b] = [luminance(rgb(getComputedStyle(text).fill)), luminance(rgb(fill))];
            return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
        }""",
        selector,
    )
    return float(ratio)


#: What each diagram shows a reader, and so what the contrast test checks on both pages: states, the initial
#: pseudo-node, and a labelled edge of every kind.
LABELLED = [
    "g.node.onestates-state",
    "g.node.onestates-initial",
    *(f"g.edge.onestates-{kind}:has(text)" for kind in ("command", "automatic")),
]
#: The key's sample lines (:legend:): graphics, so WCAG's 3:1 for non-text contrast (failure edges have no labels).
KEY_SAMPLES = [f".onestates-key-sample .onestates-{kind} path" for kind in ("command", "automatic", "failure")]
STROKE_CONTRAST = """(selector) => {
    const rgb = (css) => css.match(/[\\d.]+/g).slice(0, 3).map(Number);
    const luminance = (c) => {
        const [r, g, b] = c.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const line = luminance(rgb(getComputedStyle(document.querySelector(selector)).stroke));
    const back = luminance(rgb(getComputedStyle(document.body).backgroundColor));
    return (Math.max(line, back) + 0.05) / (Math.min(line, back) + 0.05);
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_node_text_contrasts_with_its_background_in_both_modes(
    page: Page, site: str, scheme: Literal["light", "dark"]
) -> None:
    page.emulate_media(color_scheme=scheme)
    seen = set()
    for name in ("vm-simple.html", "custom.html"):
        page.goto(f"{site}/{name}")
        background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
        dark = sum(int(v) for v in re.findall(r"\d+", background)[:3]) < 300
        assert dark == (scheme == "dark"), background  # Furo follows the system setting
        for selector in LABELLED:
            if page.locator(selector).count():
                seen.add(selector)
                assert contrast(page, selector) >= 4.5, (scheme, name, selector)
        for selector in KEY_SAMPLES:
            assert page.locator(selector).count() > 0, (name, selector)
            assert page.evaluate(STROKE_CONTRAST, selector) >= 3, (scheme, name, selector)
    assert seen == set(LABELLED)  # each kind of label was looked at, on one page or the other
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    diagram = page.locator("div.onestates-diagram").first
    diagram.screenshot(path=str(ARTIFACTS / f"diagram-{scheme}.png"))
    if os.environ.get("ONESTATES_UPDATE_SCREENSHOTS"):
        shutil.copyfile(ARTIFACTS / f"diagram-{scheme}.png", REPO / "docs" / "images" / f"diagram-{scheme}.png")


def test_hovering_a_state_lights_up_its_transitions(page: Page, site: str) -> None:
    page.goto(f"{site}/custom.html")
    node = page.locator("svg.onestates-svg g.node.onestates-state", has_text="RETRYING").first
    classes = node.get_attribute("class") or ""
    number = re.search(r"onestates-n(\d+)", classes.replace("&#45;", "-"))
    assert number, classes
    edge = page.locator(f"svg.onestates-svg g.edge.onestates-f{number.group(1)} path").first
    before = edge.evaluate("element => getComputedStyle(element).strokeWidth")
    node.hover()
    after = edge.evaluate("element => getComputedStyle(element).strokeWidth")
    assert before != after and after == "3px", (before, after)
    node.locator("a").first.focus()  # keyboard focus works the same way
    page.mouse.move(0, 0)
    assert edge.evaluate("element => getComputedStyle(element).strokeWidth") == "3px"


#: Computed styles of the shapes of a few nodes: an ordinary state, a highlighted one, a final one (two rings).
MARKS = """() => {
    const style = (shape) => {
        const computed = getComputedStyle(shape);
        return {fill: computed.fill, stroke: computed.stroke, width: computed.strokeWidth};
    };
    const shapes = (selector) => [...document.querySelector(selector).querySelectorAll('ellipse, polygon, path')];
    const ordinary = 'svg.onestates-svg g.node.onestates-state' +
        ':not(.onestates-highlight):not(.onestates-final):not(.onestates-internal)';
    return {
        ordinary: style(shapes(ordinary)[0]),
        highlight: style(shapes('svg.onestates-svg g.node.onestates-state.onestates-highlight')[0]),
        final: shapes('svg.onestates-svg g.node.onestates-state.onestates-final').map(style),
        background: getComputedStyle(document.body).backgroundColor,
    };
}"""


@pytest.mark.parametrize("theme", ["furo", "alabaster"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_highlighted_and_final_states_are_marked_in_both_modes(
    page: Page, request: pytest.FixtureRequest, theme: str, scheme: Literal["light", "dark"]
) -> None:
    site = request.getfixturevalue("site" if theme == "furo" else "alabaster_site")
    page.emulate_media(color_scheme=scheme)
    page.goto(f"{site}/vm-complete.html")  # :highlight: RUNNING, and DONE is final
    marks = page.evaluate(MARKS)
    ordinary, highlight, final = marks["ordinary"], marks["highlight"], marks["final"]
    assert highlight["fill"] not in (ordinary["fill"], "none"), marks  # filled, not the plain state's colour
    assert float(highlight["width"].removesuffix("px")) > float(ordinary["width"].removesuffix("px")), marks
    # a final state keeps both rings: the inner one filled like any state, the outer one an outline only
    assert len(final) == 2 and final[0]["fill"] == ordinary["fill"] and final[1]["fill"] == "none", marks
    assert final[0]["stroke"] == final[1]["stroke"] == ordinary["stroke"] != marks["background"], marks
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for name, where in (("highlight", "vm-complete.html"), ("final", "custom.html")):  # ci-job's are drawn larger
        page.goto(f"{site}/{where}")
        node = page.locator(f"svg.onestates-svg g.node.onestates-{name}").first
        node.scroll_into_view_if_needed()
        node.screenshot(path=str(ARTIFACTS / f"marks-{name}-{theme}-{scheme}.png"))


# -- readable tables (issue 16) -------------------------------------------------------------------------------

#: The themes a reader's project is likely to use; sphinx_rtd_theme keeps table cells on one line.
THEMES = ["alabaster", "furo", "sphinx_rtd_theme", "pydata_sphinx_theme"]
#: A laptop and a phone.
WIDTHS = [1400, 390]
#: The test-tables root: the full vm-complete table, a filtered view, the service graph, a small graph, and
#: long names and values (a URL in a meaning, names without underscores, six code columns).
TABLE_PAGES = ["full", "filtered", "service", "custom", "long"]
#: The tallest a table row may be on a laptop: a state and its transitions stay in view together.
TALLEST_ROW = 240

#: What a reader would notice about each one-states table on the page, measured in the page: the table
#: against the theme's content column (its content box), the scroll boxes between them, each cell's
#: content against the cell, and each row's height.
MEASURE_TABLES = """() => [...document.querySelectorAll('table.onestates-table')].map(table => {
    const column = table.closest('article, div.body, [role=main]');
    const style = getComputedStyle(column), box = column.getBoundingClientRect();
    const left = box.left + parseFloat(style.paddingLeft), right = box.right - parseFloat(style.paddingRight);
    const scrollers = [];
    for (let e = table.parentElement; e && e !== column; e = e.parentElement)
        if (e.scrollWidth > e.clientWidth + 1 && ['auto', 'scroll'].includes(getComputedStyle(e).overflowX))
            scrollers.push(e.className);
    const cells = [...table.querySelectorAll('th, td')].filter(c => c.getBoundingClientRect().width > 0);
    const rect = table.getBoundingClientRect();
    return {
        caption: table.querySelector('caption').textContent,
        table: [rect.left - left, right - rect.right],
        scrolls: scrollers,
        cellsOutside: cells.filter(c => c.getBoundingClientRect().right > right + 0.5
                                     || c.getBoundingClientRect().left < left - 0.5).map(c => c.textContent),
        overflowing: cells.filter(c => c.scrollWidth > c.clientWidth + 1).map(c => c.textContent.slice(0, 40)),
        tallest: Math.max(...[...table.querySelectorAll('tr')].map(r => r.getBoundingClientRect().height)),
        pageScroll: document.scrollingElement.scrollWidth - window.innerWidth,
    };
})"""


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files without a log line per request (a hundred per theme)."""

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def themed_sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[str], str]]:
    """tests/roots/test-tables built with a theme on first use, every build served from one 127.0.0.1 server."""
    root = tmp_path_factory.mktemp("themes")
    handler = functools.partial(QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()

    def site(theme: str) -> str:
        pytest.importorskip(theme, reason=f"{theme} is not installed")
        if not (root / theme).is_dir():
            command = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-D", f"html_theme={theme}"]
            subprocess.run([*command, str(REPO / "tests" / "roots" / "test-tables"), str(root / theme)], check=True)
        return f"http://127.0.0.1:{server.server_address[1]}/{theme}"

    try:
        yield site
    finally:
        server.shutdown()


def screenshot_table(tab: Page, name: str, *, readme: bool) -> None:
    """The top of the page's first table (its headings and first states) into the test artifacts.

    With ONESTATES_UPDATE_SCREENSHOTS set, Furo's become the README's (``table.png``, ``table-phone.png``).
    """
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    box = tab.locator("table.onestates-table").first.bounding_box()
    assert box is not None
    margin = 8
    box["x"], box["y"] = max(0, box["x"] - margin), max(0, box["y"] - margin)
    box["width"], box["height"] = box["width"] + 2 * margin, 760  # the headings and the first states
    tab.screenshot(path=str(ARTIFACTS / name), full_page=True, clip=box)
    if readme and os.environ.get("ONESTATES_UPDATE_SCREENSHOTS"):
        phone = box["width"] < 600 + 2 * margin
        shutil.copyfile(ARTIFACTS / name, REPO / "docs" / "images" / ("table-phone.png" if phone else "table.png"))


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("theme", THEMES)
def test_tables_fit_their_column_in_every_theme(
    browser: Browser, themed_sites: Callable[[str], str], theme: str, width: int
) -> None:
    """No table is wider than its column, hides a column behind a scroll bar or lets a cell's text run out.

    On a laptop no row is taller than TALLEST_ROW; on a phone the rows are blocks (CSS only), so every
    theme's narrow column holds them, sphinx_rtd_theme's one-line cells included.
    """
    url = themed_sites(theme)
    context = browser.new_context(viewport={"width": width, "height": 900})
    tab = context.new_page()
    errors = watch_errors(tab)
    try:
        for name in TABLE_PAGES:
            tab.goto(f"{url}/{name}.html")
            tab.wait_for_load_state("load")
            tables = tab.evaluate(MEASURE_TABLES)
            assert tables, (theme, name)
            for found in tables:
                where = (theme, width, name, found["caption"])
                assert min(found["table"]) >= -0.5, (*where, "table outside its column", found["table"])
                assert found["scrolls"] == [], (*where, "columns behind a scroll bar")
                assert found["cellsOutside"] == [], (*where, "cells outside the column")
                assert found["overflowing"] == [], (*where, "text runs out of its cell")
                assert found["pageScroll"] <= 0, (*where, "the page scrolls sideways")
                if width > 1000 and name != "long":  # names that break every few letters make tall rows
                    assert found["tallest"] <= TALLEST_ROW, (*where, "a row too tall", found["tallest"])
            if name == "full":
                screenshot_table(tab, f"table-{theme}-{width}.png", readme=theme == "furo")
        assert errors == [], (theme, width, errors)
    finally:
        context.close()


def test_a_library_s_own_colour_is_drawn_in_the_theme_s_colour_of_its_family(page: Page, site: str) -> None:
    """pytransitions outlines its current state in red: the figure draws it in the theme's red, light or dark."""
    strokes = {}
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        page.goto(f"{site}/libraries.html")
        outline = page.locator("svg.onestates-svg g.node.onestates-tone-red :is(path, polygon, ellipse)").first
        stroke = outline.evaluate("element => getComputedStyle(element).stroke")
        red = page.evaluate(
            """() => { const probe = document.createElement('div');
                       probe.style.color = 'var(--onestates-failure)'; document.body.append(probe);
                       const colour = getComputedStyle(probe).color; probe.remove(); return colour; }"""
        )
        assert stroke == red, (scheme, stroke, red)
        strokes[scheme] = stroke
    assert strokes["light"] != strokes["dark"]
