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
from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

import pytest

from ..conftest import REPO, drawing_directives, requires_dot

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

playwright = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
pytest.importorskip("furo", reason="furo is not installed")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    requires_dot,
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (Debian package chromium)"),
]
ARTIFACTS = REPO / "test-artifacts" / "screenshots"
#: Offline, quiet, headless: the flags this machine's closed network needs.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """example_docs built with Furo, served from 127.0.0.1."""
    out = tmp_path_factory.mktemp("site")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            "html",
            "-q",
            "-D",
            "html_theme=furo",
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
def browser() -> Iterator[Browser]:
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def errors() -> list[str]:
    """Console errors, uncaught exceptions and failed requests of the page fixture's tab."""
    return []


@pytest.fixture
def page(browser: Browser, errors: list[str]) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.on(
        "console",
        lambda message: (
            errors.append(message.text)
            if message.type == "error" and "Failed to load resource" not in message.text
            else None
        ),
    )
    tab.on("pageerror", lambda error: errors.append(str(error)))
    # a missing resource is an error too, except the favicon every browser asks for unprompted
    tab.on(
        "response",
        lambda response: (
            errors.append(f"{response.status} {response.url}")
            if response.status >= 400 and not response.url.endswith("/favicon.ico")
            else None
        ),
    )
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
            const shape = group.querySelector('ellipse, polygon:not(g.edge polygon)');
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
    *(f"g.edge.onestates-{kind}:has(text)" for kind in ("command", "automatic", "failure")),
]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_node_text_contrasts_with_its_background_in_both_modes(
    page: Page, site: str, scheme: Literal["light", "dark"]
) -> None:
    page.emulate_media(color_scheme=scheme)
    for name in ("vm-simple.html", "custom.html"):
        page.goto(f"{site}/{name}")
        background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
        dark = sum(int(v) for v in re.findall(r"\d+", background)[:3]) < 300
        assert dark == (scheme == "dark"), background  # Furo follows the system setting
        for selector in LABELLED:
            assert page.locator(selector).count() > 0, (name, selector)
            assert contrast(page, selector) >= 4.5, (scheme, name, selector)
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


def test_a_final_state_shows_both_its_borders(page: Page, site: str) -> None:
    """The theme fills a state's outline; a final state's second border stays unfilled, or it hides the first."""
    page.goto(f"{site}/libraries.html")
    done = page.locator("svg.onestates-svg g.node.onestates-final.onestates-state").first
    outlines = done.locator(":is(path, polygon, ellipse)")
    assert outlines.count() == 2
    fills = [outlines.nth(k).evaluate("element => getComputedStyle(element).fill") for k in range(2)]
    assert fills[0] != "none" and fills[1] == "none", fills
