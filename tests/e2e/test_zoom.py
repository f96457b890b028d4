"""Readable figures in a real Chromium (issue 17): natural size, zoom and pan, in four themes and two widths.

A figure is never drawn larger than Graphviz drew it and shrinks to its column; one whose labels are then
under 9 px has a "Zoom in" button (keyboard operable) that brings them to 12 px and more, and its node links
still land on their rows. The README's headline view and the deploy view read without zooming at 1400 px.
Pages are opened from ``file://`` and any request that leaves the build folder fails the test.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from ..conftest import REPO, requires_dot
from .test_browser import CHROMIUM, CHROMIUM_ARGS

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

playwright = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
pytestmark = [
    requires_dot,
    pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (Debian package chromium)"),
]
THEMES = ["alabaster", "furo", "sphinx_rtd_theme", "pydata_sphinx_theme"]
ARTIFACTS = REPO / "test-artifacts" / "screenshots"
PAGES = {
    "whole": ".. one-states:: vm-complete\n   :table: none\n   :caption: Every state\n",
    "headline": ".. one-states:: vm-complete\n   :around: RUNNING\n   :caption: Where a running VM can go\n",
    "deploy": ".. one-states:: vm-complete\n   :states: PENDING, PROLOG*, boot, RUNNING\n   :table: none\n",
    "small": ".. one-states:: graphs/door.dot\n   :caption: A door\n",
}
#: pydata-sphinx-theme's complaint about localStorage under file://: the theme's, not ours.
THEME_NOISE = "Got invalid theme mode"
DOOR = 'digraph door { rankdir=LR; CLOSED -> OPEN [label="open"]; OPEN -> CLOSED [label="close"] }\n'

#: The median label of each diagram, in CSS pixels as drawn now (font size times the drawing's scale).
MEDIAN_LABELS = """() => Array.from(document.querySelectorAll('div.onestates-diagram svg.onestates-svg'), (svg) => {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    const sizes = Array.from(svg.querySelectorAll('text'), (t) => parseFloat(t.getAttribute('font-size')) * scale)
        .sort((a, b) => a - b);
    const column = svg.closest('div.onestates-diagram').parentElement.getBoundingClientRect().width;
    return {median: sizes[Math.floor(sizes.length / 2)], width: svg.getBoundingClientRect().width,
            viewport: svg.parentElement.getBoundingClientRect().width, column};
})"""


def build_site(out: Path, theme: str) -> Path:
    source = out / "src"
    (source / "graphs").mkdir(parents=True)
    (source / "graphs" / "door.dot").write_text(DOOR, encoding="utf-8")
    (source / "conf.py").write_text(
        f"extensions = ['sphinx_onestates']\nproject = 'zoom'\nhtml_theme = {theme!r}\n", encoding="utf-8"
    )
    toctree = "".join(f"   {name}\n" for name in PAGES)
    (source / "index.rst").write_text(f"Zoom\n====\n\n.. toctree::\n\n{toctree}", encoding="utf-8")
    for name, body in PAGES.items():
        (source / f"{name}.rst").write_text(f"{name.title()}\n{'=' * len(name)}\n\n{body}", encoding="utf-8")
    built = out / "html"
    subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", str(source), str(built)], check=True)
    return built


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return {theme: build_site(tmp_path_factory.mktemp(theme), theme) for theme in THEMES}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def open_page(browser: Browser, site: Path, name: str, width: int, errors: list[str]) -> Page:
    context = browser.new_context(viewport={"width": width, "height": 900})
    tab = context.new_page()
    tab.on(
        "console",
        lambda message: (
            errors.append(message.text)
            if message.type == "error" and not message.text.startswith(THEME_NOISE)
            else None
        ),
    )
    tab.on("pageerror", lambda error: errors.append(str(error)))
    inside = site.resolve().as_uri()
    tab.on(
        "request",
        lambda request: None if request.url.startswith(inside) else errors.append(f"left the site: {request.url}"),
    )
    tab.goto(f"{inside}/{name}.html")
    tab.wait_for_function("document.querySelectorAll('.onestates-zoom').length > 0")
    return tab


@pytest.mark.parametrize("width", [1400, 390])
@pytest.mark.parametrize("theme", THEMES)
def test_figures_fit_and_small_labels_zoom_to_readable(
    browser: Browser, sites: dict[str, Path], theme: str, width: int
) -> None:
    errors: list[str] = []
    for name in PAGES:
        page = open_page(browser, sites[theme], name, width, errors)
        (figure,) = page.evaluate(MEDIAN_LABELS)
        assert figure["width"] <= figure["column"] + 1, (name, figure)  # never wider than its column
        assert figure["median"] <= 16.5, (name, figure)  # never blown up past its natural size (12 pt = 16 px)
        if width == 1400 and name in ("headline", "deploy"):
            assert figure["median"] >= 9, (name, figure)  # the README's views read without zooming
        if figure["median"] < 9:
            zoom_in = page.get_by_role("button", name="Zoom in")
            zoom_in.focus()
            page.keyboard.press("Enter")  # keyboard operable
            page.wait_for_timeout(400)  # the zoom's animation
            (zoomed,) = page.evaluate(MEDIAN_LABELS)
            assert zoomed["median"] >= 12, (name, figure, zoomed)
            if name == "whole" and width == 1400:
                ARTIFACTS.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(ARTIFACTS / f"zoomed-{theme}.png"))
                if theme == "furo" and os.environ.get("ONESTATES_UPDATE_SCREENSHOTS"):
                    shutil.copyfile(ARTIFACTS / "zoomed-furo.png", REPO / "docs" / "images" / "zoomed.png")
        page.context.close()
    assert errors == []


def test_node_links_land_on_their_rows_after_zooming(browser: Browser, sites: dict[str, Path]) -> None:
    errors: list[str] = []
    page = open_page(browser, sites["furo"], "headline", 1400, errors)
    for _ in range(2):
        page.get_by_role("button", name="Zoom in").click()
    page.wait_for_timeout(400)
    # the node nearest the middle of the viewport: still on screen after zooming about the centre
    target = page.evaluate(
        """() => {
            const view = document.querySelector('.onestates-viewport').getBoundingClientRect();
            const middle = [view.left + view.width / 2, view.top + view.height / 2];
            let best = null, distance = Infinity;
            for (const link of document.querySelectorAll('g.node.onestates-state a')) {
                const box = link.getBoundingClientRect();
                const centre = [box.left + box.width / 2, box.top + box.height / 2];
                const d = Math.hypot(centre[0] - middle[0], centre[1] - middle[1]);
                if (d < distance) { distance = d; best = {x: centre[0], y: centre[1],
                    href: link.getAttribute('xlink:href') || link.getAttribute('href')}; }
            }
            return best;
        }"""
    )
    assert target is not None and target["href"].startswith("#one-state-")
    page.mouse.click(target["x"], target["y"])
    page.wait_for_function(f"location.hash === {target['href']!r}")
    row = page.locator(target["href"])
    assert row.evaluate("element => element.tagName") == "TR"
    page.context.close()
    assert errors == []


def test_drag_pans_and_reset_returns(browser: Browser, sites: dict[str, Path]) -> None:
    errors: list[str] = []
    page = open_page(browser, sites["alabaster"], "whole", 1400, errors)
    page.get_by_role("button", name="Zoom in").click()
    page.wait_for_timeout(400)
    svg = page.locator("svg.onestates-svg")
    before = svg.bounding_box()
    view = page.locator(".onestates-viewport").bounding_box()
    assert before is not None and view is not None
    x, y = view["x"] + view["width"] / 2, view["y"] + view["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 120, y + 40, steps=8)
    page.mouse.up()
    after = svg.bounding_box()
    assert after is not None and abs(after["x"] - before["x"] - 120) < 30
    page.locator(".onestates-viewport").focus()
    page.keyboard.press("0")
    page.wait_for_timeout(400)
    reset = svg.bounding_box()
    assert reset is not None and abs(reset["width"] - view["width"]) < 2
    page.context.close()
    assert errors == []
