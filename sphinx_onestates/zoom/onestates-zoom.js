/* sphinx-onestates: zoom and pan for diagrams, on @panzoom/panzoom (vendor/panzoom, MIT).
 *
 * Progressive: the page is whole without this script (EPUB gets none). For each inline SVG diagram it
 * adds a viewport that clips the drawing and a toolbar of buttons (Zoom in, Zoom out, Reset zoom, Full
 * screen), shown while the drawing is shrunk below its natural size to fit its column. Drag pans; Ctrl or Cmd with the wheel, a touchpad pinch and a touch pinch zoom; with the
 * viewport focused, + - 0 and the arrow keys do the same. "Zoom in" from a scale whose labels are under
 * READABLE_PX goes straight to that size. Links on nodes keep working: a click that ends a drag is not one.
 */
(() => {
  "use strict";
  const READABLE_PX = 14;
  const FACTOR = 1.5;
  const MAX_SCALE = 20;

  /** The median label height in CSS pixels at zoom 1: font sizes in the drawing's units, times its scale. */
  function labelPixels(svg) {
    const box = svg.viewBox && svg.viewBox.baseVal;
    const width = svg.getBoundingClientRect().width / (svg.__onestatesScale || 1);
    if (!box || !box.width || !width) return READABLE_PX;
    const sizes = Array.from(svg.querySelectorAll("text"), (text) => parseFloat(text.getAttribute("font-size")))
      .filter((size) => size > 0)
      .sort((a, b) => a - b);
    if (!sizes.length) return READABLE_PX;
    return sizes[Math.floor(sizes.length / 2)] * (width / box.width);
  }

  /** Icons as SVG paths in a 16 x 16 box (fonts may lack the symbols): plus, minus, a turning arrow, corners. */
  const ICONS = {
    in: "M8 3v10M3 8h10",
    out: "M3 8h10",
    reset: "M12.5 5.5A5 5 0 1 0 13 9M12.5 2v3.5H9",
    full: "M2 6V2h4M10 2h4v4M14 10v4h-4M6 14H2v-4",
  };

  function button(label, icon, action) {
    const element = document.createElement("button");
    element.type = "button";
    element.className = "onestates-zoom-button";
    element.setAttribute("aria-label", label);
    element.title = label;
    element.innerHTML =
      '<svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">' +
      `<path d="${ICONS[icon]}" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round"/></svg>`;
    element.addEventListener("click", action);
    return element;
  }

  function enhance(diagram) {
    const svg = diagram.querySelector(":scope > svg.onestates-svg");
    if (!svg || diagram.querySelector(":scope > .onestates-viewport") || typeof Panzoom !== "function") return;
    const viewport = document.createElement("div");
    viewport.className = "onestates-viewport";
    viewport.tabIndex = 0;
    viewport.setAttribute("role", "group");
    viewport.setAttribute("aria-label", "Diagram: drag to pan, Ctrl and wheel to zoom; keys + - 0 and arrows");
    svg.before(viewport);
    viewport.append(svg);
    const panzoom = Panzoom(svg, { maxScale: MAX_SCALE, minScale: 1, contain: "outside", cursor: "grab" });
    const zoomTo = (scale) => {
      svg.__onestatesScale = Math.min(MAX_SCALE, Math.max(1, scale));
      panzoom.zoom(svg.__onestatesScale, { animate: true });
    };
    const zoomIn = () => {
      const scale = panzoom.getScale();
      const readable = READABLE_PX / labelPixels(svg);
      zoomTo(scale < readable ? Math.max(readable, scale * FACTOR) : scale * FACTOR);
    };
    const zoomOut = () => zoomTo(panzoom.getScale() / FACTOR);
    const reset = () => {
      svg.__onestatesScale = 1;
      panzoom.reset({ animate: true });
    };
    const toolbar = document.createElement("div");
    toolbar.className = "onestates-zoom";
    toolbar.setAttribute("role", "toolbar");
    toolbar.setAttribute("aria-label", "Zoom the diagram");
    toolbar.append(button("Zoom in", "in", zoomIn), button("Zoom out", "out", zoomOut), button("Reset zoom", "reset", reset));
    if (document.fullscreenEnabled && diagram.requestFullscreen) {
      toolbar.append(
        button("Full screen", "full", () =>
          document.fullscreenElement === diagram ? document.exitFullscreen() : diagram.requestFullscreen()
        )
      );
    }
    viewport.before(toolbar);
    // a figure shown at its natural size needs no zoom: the toolbar shows while it is shrunk (or zoomed)
    const natural = svg.width && svg.width.baseVal ? svg.width.baseVal.value : 0;
    const update = () => {
      const shown = viewport.getBoundingClientRect().width;
      toolbar.hidden = panzoom.getScale() <= 1 && !(natural && shown < natural - 1);
    };
    update();
    if (typeof ResizeObserver === "function") new ResizeObserver(update).observe(viewport);
    svg.addEventListener("panzoomchange", (event) => {
      svg.__onestatesScale = event.detail.scale;
      update();
    });
    viewport.addEventListener("wheel", (event) => {
      if (event.ctrlKey || event.metaKey) panzoom.zoomWithWheel(event);  // a touchpad pinch sets ctrlKey
    });
    viewport.addEventListener("keydown", (event) => {
      if (event.target !== viewport) return;  // a focused link keeps its keys
      const step = viewport.clientWidth / 10;
      const keys = {
        "+": zoomIn, "=": zoomIn, "-": zoomOut, "0": reset,
        ArrowLeft: () => panzoom.pan(step, 0, { relative: true }),
        ArrowRight: () => panzoom.pan(-step, 0, { relative: true }),
        ArrowUp: () => panzoom.pan(0, step, { relative: true }),
        ArrowDown: () => panzoom.pan(0, -step, { relative: true }),
      };
      if (keys[event.key]) {
        keys[event.key]();
        event.preventDefault();
      }
    });
    // a drag that ends on a node is a pan, not a click on its link
    let start = null;
    viewport.addEventListener("pointerdown", (event) => { start = [event.clientX, event.clientY]; }, true);
    viewport.addEventListener("click", (event) => {
      if (start && Math.hypot(event.clientX - start[0], event.clientY - start[1]) > 4) {
        event.preventDefault();
        event.stopPropagation();
      }
      start = null;
    }, true);
  }

  function enhanceAll() {
    document.querySelectorAll("div.onestates-diagram").forEach(enhance);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", enhanceAll);
  else enhanceAll();
})();
