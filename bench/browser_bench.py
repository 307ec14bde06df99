"""Time every page in headless Chromium, from navigation to the first chart drawn (SPEC §9:
≤ 2.5 s), and split that time between the server, the JavaScript bundle and chart drawing.

    python bench/browser_bench.py [--participants N | --db FILE] [--repeat R] [--pages a,b]

Serves the app with `streamlit run` on a free loopback port. Per page: *cold* is the first visit
after the server started (empty query caches) in a fresh browser profile; *fresh* the median of
R later visits, each in a fresh profile (nothing cached by the browser); *warm* the median of R
second visits in the same profile (the browser's HTTP cache holds the bundle). The split, all
from one clock inside the page (the Performance API and a wrapped WebSocket), is of the fresh
visits:
  server  from the page's first websocket message out (its request to run the script) to the
          last message in before the chart drew: the script run and its messages;
  bundle  JavaScript and CSS fetched before the chart drew: bytes on the wire, bytes decoded,
          and the time from the first request to the last response;
  draw    from the later of the last message and the last bundle response to the chart;
  busy    the page's main thread blocked in long tasks (> 50 ms) before the chart: parsing
          and running JavaScript, laying out and drawing.
  CPU     the page's main thread's CPU seconds from navigation to just after the chart
          (Chromium's TaskDuration in thread time), of the fresh and of the warm visits: the
          one figure that does not grow when other processes take the cores. Overview, Regions
          and Themes send a fresh session their other charts once the first is drawn
          (ui/charts.py), so their fresh CPU may hold the start of that second run.
A second table follows a fresh visit along its path to the first chart, in seconds since
navigation: connected (the page's first websocket message out: Streamlit's bundle fetched and
run, the connection made), plotly's chunk requested (at the start when the server named it in
the page's head, ui/preload.py; else when the first chart element arrived) and arrived, and the
chart drawn (after the chunk's code ran and the charts were laid out); and the median time of
one of the page's JavaScript and CSS requests, from sent to its last byte in (the server holding
each response back for the browser's delayed acknowledgement showed there as ~40 ms: ui/tcp.py).
Pages without a chart are timed to their first content."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from math import isnan
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    add_scale_arguments,
    median,
    print_table,
    scale_name,
    serve,
    tree_peak_mb,
    warehouse,
)

# (name, url path, text the page shows once its script ran, does it draw charts)
PAGES = (
    ("overview", "", "Where the money went", True),
    ("regions", "regions", "Countries", True),
    ("themes", "themes", "Gender Gap", True),
    ("funding", "funding", "Every grant of the selection", True),
    ("pathways", "pathways", "Stage funnel", True),
    ("learnings", "learnings", "Privacy", False),
    ("data", "data", "Load history", False),
)
CHART = ".js-plotly-plot .main-svg"
NAN = float("nan")
TIMEOUT_MS = 180_000

# Runs before the app's own scripts: timestamps every websocket message and the first chart.
INSTRUMENT = """
(() => {
  const bench = (window.__bench = { ws: [], chart: null, busy: [] });
  new PerformanceObserver((list) => {
    for (const task of list.getEntries()) bench.busy.push([task.startTime, task.duration]);
  }).observe({ type: "longtask", buffered: true });
  const size = (d) => (d && (d.byteLength ?? d.size ?? d.length)) || 0;
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (e) => {
        bench.ws.push(["in", performance.now(), size(e.data)]);
      });
    }
    send(data) {
      bench.ws.push(["out", performance.now(), size(data)]);
      super.send(data);
    }
  };
  const watcher = new MutationObserver(() => {
    if (document.querySelector(".js-plotly-plot .main-svg")) {
      bench.chart = performance.now();
      watcher.disconnect();
    }
  });
  watcher.observe(document, { childList: true, subtree: true });
})();
"""

# The page's own account of one visit, in milliseconds since navigation started.
TIMELINE = """
(done) => {
  const bundle = performance.getEntriesByType("resource").filter(
    (r) => /\\.(js|css)(\\?|$)/.test(r.name) && r.startTime < done
  );
  const plotly = bundle.find((r) => r.name.includes("/PlotlyChart."));
  const ws = window.__bench.ws.filter(([, t]) => t <= done);
  const out = ws.filter(([kind]) => kind === "out");
  const incoming = ws.filter(([kind]) => kind === "in");
  return {
    done,
    bundleStart: Math.min(...bundle.map((r) => r.startTime)),
    bundleEnd: Math.max(...bundle.map((r) => r.responseEnd)),
    bundleWire: bundle.reduce((s, r) => s + r.encodedBodySize, 0),
    bundleDecoded: bundle.reduce((s, r) => s + r.decodedBodySize, 0),
    bundleTransferred: bundle.reduce((s, r) => s + r.transferSize, 0),
    firstOut: out.length ? out[0][1] : null,
    lastIn: incoming.length ? incoming[incoming.length - 1][1] : null,
    wsIn: incoming.reduce((s, [, , n]) => s + n, 0),
    busy: window.__bench.busy.filter(([t]) => t < done).reduce((s, [, d]) => s + d, 0),
    chunks: bundle.map((r) => [r.name.split("/").pop().split("?")[0], r.decodedBodySize]),
    requests: bundle.map((r) => r.responseEnd - r.requestStart),
    plotlyStart: plotly ? plotly.startTime : null,
    plotlyEnd: plotly ? plotly.responseEnd : null,
  };
}
"""


@dataclass(frozen=True)
class Visit:
    """One navigation, in seconds and megabytes."""

    total: float
    server: float
    bundle: float
    bundle_wire_mb: float
    bundle_decoded_mb: float
    ws_mb: float
    draw: float
    busy: float
    cpu: float  # main-thread CPU seconds from navigation to a moment after the chart
    chunks: tuple[tuple[str, int], ...]  # JS and CSS files fetched before the chart, bytes
    # the path to the first chart, seconds since navigation (NaN for a page without one)
    connected: float  # the first websocket message out
    plotly_requested: float  # plotly's chunk requested
    plotly_arrived: float  # its last byte in
    request_ms: float  # the median JS or CSS request: sent → last byte in, milliseconds

    @classmethod
    def of(cls, t: dict, charts: bool, cpu: float) -> Visit:
        ready = max(t["lastIn"] or 0, t["bundleEnd"])
        return cls(
            total=t["done"] / 1000,
            server=((t["lastIn"] or 0) - (t["firstOut"] or 0)) / 1000,
            bundle=(t["bundleEnd"] - t["bundleStart"]) / 1000,
            bundle_wire_mb=t["bundleWire"] / 1e6,
            bundle_decoded_mb=t["bundleDecoded"] / 1e6,
            ws_mb=t["wsIn"] / 1e6,
            draw=(t["done"] - ready) / 1000 if charts else float("nan"),
            busy=t["busy"] / 1000,
            cpu=cpu,
            chunks=tuple((name, int(size)) for name, size in t["chunks"]),
            request_ms=median(t["requests"]),
            **path_to_chart(t),
        )


def path_to_chart(t: dict) -> dict[str, float]:
    """The marks of `Visit`'s path to the first chart, from the page's own timeline."""
    marks = {
        "connected": t["firstOut"],
        "plotly_requested": t["plotlyStart"],
        "plotly_arrived": t["plotlyEnd"],
    }
    return {key: NAN if mark is None else mark / 1000 for key, mark in marks.items()}


def main_thread_cpu(cdp: object) -> float:
    """CPU seconds the page's main thread has spent in tasks (Chromium's TaskDuration, measured
    in thread time): unlike wall seconds, it does not grow when other processes take the cores."""
    metrics = cdp.send("Performance.getMetrics")["metrics"]
    return next(m["value"] for m in metrics if m["name"] == "TaskDuration")


def visit(page: object, cdp: object, url: str, marker: str, charts: bool) -> Visit:
    """Navigate and wait for the first chart (or the page's first content)."""
    before = main_thread_cpu(cdp)
    page.goto(url, timeout=TIMEOUT_MS)
    if charts:
        page.locator(CHART).first.wait_for(timeout=TIMEOUT_MS)
        done = page.evaluate("window.__bench.chart")
    else:
        page.get_by_text(marker).first.wait_for(timeout=TIMEOUT_MS)
        done = page.evaluate("performance.now()")
    if page.locator("[data-testid='stException']").count():
        raise SystemExit(f"{url}: the page shows an exception")
    after = main_thread_cpu(cdp)
    # a navigation to a new renderer process starts its count again
    cpu = after - before if after >= before else after
    return Visit.of(page.evaluate(TIMELINE, done), charts, cpu)


def measure_page(browser: object, url: str, marker: str, charts: bool, repeat: int) -> dict:
    """Cold, fresh-profile and warm-cache visits of one page."""
    fresh, warm = [], []
    for i in range(repeat + 1):
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        context.add_init_script(INSTRUMENT)
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Performance.enable", {"timeDomain": "threadTicks"})
        first = visit(page, cdp, url, marker, charts)
        if i == 0:
            cold = first
        else:
            fresh.append(first)
            warm.append(visit(page, cdp, url, marker, charts))
        context.close()
    return {"cold": cold, "fresh": fresh, "warm": warm}


def summary_row(name: str, visits: dict) -> tuple:
    fresh = visits["fresh"]

    def med(field: str) -> float:
        return median([getattr(v, field) for v in fresh])

    return (
        name,
        visits["cold"].total,
        med("total"),
        median([v.total for v in visits["warm"]]),
        med("server"),
        med("bundle"),
        f"{med('bundle_wire_mb'):.1f}/{med('bundle_decoded_mb'):.1f}",
        med("ws_mb"),
        med("draw"),
        med("busy"),
        med("cpu"),
        median([v.cpu for v in visits["warm"]]),
    )


def path_row(name: str, visits: dict) -> tuple:
    fresh = visits["fresh"]
    marks = ("connected", "plotly_requested", "plotly_arrived", "total", "request_ms")
    return (name, *(median([getattr(v, mark) for v in fresh]) for mark in marks))


def largest_files(chunks: tuple[tuple[str, int], ...], most: int = 6) -> str:
    """The largest JavaScript files of a visit, "name KB", largest first; Streamlit fetches an
    element's code (the data grid, plotly, a metric) the first time a page shows one."""
    scripts = sorted(((size, name) for name, size in chunks if name.endswith(".js")), reverse=True)
    shown = [f"{name} {size / 1000:,.0f} KB" for size, name in scripts[:most]]
    rest = sum(size for size, _ in scripts[most:])
    return ", ".join(
        shown + ([f"{len(scripts) - most} more {rest / 1000:,.0f} KB"] if rest else [])
    )


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    add_scale_arguments(parser)
    parser.add_argument("--repeat", type=int, default=3, help="fresh and warm visits per page")
    parser.add_argument("--pages", default=",".join(p[0] for p in PAGES), help="page names")
    return parser.parse_args()


def main() -> None:
    from playwright.sync_api import sync_playwright

    args = parse_args()
    db = warehouse(args)
    chosen = [p for p in PAGES if p[0] in args.pages.split(",")]
    rows, chunks = [], []
    with serve(db) as app, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, path, marker, charts in chosen:
            visits = measure_page(browser, f"{app.url}/{path}", marker, charts, args.repeat)
            rows.append(summary_row(name, visits))
            chunks.append((name, visits))
        browser.close()
        server_peak = tree_peak_mb(app.pid)
    print(f"pages in headless Chromium, {scale_name(args)}, medians of {args.repeat} visits")
    print_table(
        (
            "page",
            "cold s",
            "fresh s",
            "warm s",
            "server s",
            "bundle s",
            "bundle MB wire/decoded",
            "ws MB",
            "draw s",
            "busy s",
            "CPU s fresh",
            "CPU s warm",
        ),
        rows,
    )
    print("budget: ≤ 2.5 s to the first chart at scale L; split columns are of the fresh visits")
    print("the path of a fresh visit to its first chart, seconds since navigation (medians):")
    print_table(
        ("page", "connected", "plotly requested", "plotly arrived", "chart", "request ms"),
        [path_row(name, visits) for name, visits in chunks if not isnan(visits["fresh"][0].draw)],
    )
    print("the largest JavaScript files each page fetched before its first chart (fresh visit):")
    for name, visits in chunks:
        print(f"  {name}: {largest_files(visits['fresh'][0].chunks)}")
    print(f"app server peak memory: {server_peak:.0f} MB")


if __name__ == "__main__":
    main()
