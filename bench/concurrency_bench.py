"""Many people on one app server at once (SPEC §9: 20 concurrent sessions, no errors, identical
results; app memory ≤ 800 MB): browser sessions that switch pages and filters, all at the same
time, against one `streamlit run` on a free loopback port.

    python bench/concurrency_bench.py [--participants N | --db FILE] [--sessions 20]
                                      [--contexts 4] [--visits 5] [--time-limit 600]

Each session is a Playwright page (spread over a few browser contexts) that visits the chart
pages under two filter sets, the defaults and one region with one fiscal year. It opens a
filter set by its URL and moves between pages with the sidebar's links, as a person would.
Sessions start at different places of the same tour, so every page and filter set is seen by
several sessions. Per visit it times, from the click (or navigation) on:
  chart     the first chart the page draws;
  complete  the server's message that the script run finished (read off the websocket).
It then reads what the page shows (KPI cards and every caption, text alternatives included)
once it stays the same for a second (--steady) and shows every KPI card the server sent (a
card drawn later is counted and waited for; one never drawn is an error), and checks that
every session saw the same figures for the same page and filters. For a page that differed,
it lists the elements one session was sent and the other not.
Prints errors, p50/p95 per page, differing results, and the server's peak memory and CPU."""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    add_scale_arguments,
    percentile,
    print_table,
    scale_name,
    serve,
    tree_peak_mb,
    warehouse,
)
from ui.charts import FIRST_DRAWN  # noqa: E402

# (name, url path, sidebar link, text the page shows once its script ran)
PAGES = (
    ("overview", "", "Overview", "Where the money went"),
    ("regions", "regions", "Regions", "Countries"),
    ("themes", "themes", "Themes", "Gender Gap"),
    ("funding", "funding", "Funding distribution", "Every grant of the selection"),
    ("pathways", "pathways", "Leadership pathways", "Stage funnel"),
)
TIMEOUT_MS = 180_000
# After the server's "script finished", the page draws what came last: wait for this long a
# quiet websocket and no running indicator before reading what it shows.
QUIET_MS = 300

# Runs before the app's scripts: the time of the last websocket message in, and of each chart
# element as it is added.
INSTRUMENT = """
(() => {
  const bench = (window.__bench = { lastIn: 0, charts: [] });
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", () => (bench.lastIn = performance.now()));
    }
  };
  const seen = new WeakSet();
  new MutationObserver(() => {
    for (const svg of document.querySelectorAll(".js-plotly-plot .main-svg")) {
      if (!seen.has(svg)) {
        seen.add(svg);
        bench.charts.push(performance.now());
      }
    }
  }).observe(document, { childList: true, subtree: true });
})();
"""
# Settled: the script idle, no message for QUIET_MS, and no page waiting for its first chart to
# be drawn before the rest is sent (ui/charts.py: a fresh session's first chart comes first).
SETTLED = f"""() => !document.querySelector("[data-testid='stStatusWidget']")
    && !document.querySelector(".st-key-{FIRST_DRAWN}-watch")
    && window.__bench.lastIn > 0 && performance.now() - window.__bench.lastIn > {QUIET_MS}"""
METRIC = "[data-testid='stMain'] [data-testid='stMetric']"
SHOWN = f"{METRIC}, [data-testid='stMain'] [data-testid='stCaptionContainer']"


@dataclass
class Results:
    """What all sessions saw."""

    chart: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    complete: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    # what each (page, filters) showed, by the texts shown: one key per version seen
    shown: dict[tuple[str, str], dict[tuple[str, ...], int]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(int))
    )
    # for each version, the reruns the first session that saw it asked for
    traces: dict[tuple[str, str], dict[tuple[str, ...], str]] = field(
        default_factory=lambda: defaultdict(dict)
    )
    # for each version, the elements sent to the first session that saw it (ScriptRuns.element)
    sent: dict[tuple[str, str], dict[tuple[str, ...], list[str]]] = field(
        default_factory=lambda: defaultdict(dict)
    )
    # seconds waited for KPI cards drawn after the page had looked steady, per such visit
    late_cards: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    # Streamlit's probe for a base path, refused on a page opened by its own URL: not an error
    probes: int = 0
    visits: int = 0


def tour(filter_sets: list[str]) -> list[tuple[tuple[str, str, str, str], str]]:
    """Every chart page under every filter set, pages switched within a filter set."""
    return [(page, query) for query in filter_sets for page in PAGES]


class ScriptRuns:
    """The script runs the server reports finished on one page's websockets."""

    def __init__(self, page: object) -> None:
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        self.message = ForwardMsg
        self.back = BackMsg
        self.finished = 0
        self.last_at = 0.0
        # elements the server sent: a page showing less after as many tells a client's loss
        self.deltas = 0
        # each element as (script run id, "path kind"), in order (element()): two versions of
        # a page are compared element by element, to tell what was sent from what was shown
        self.elements: list[tuple[str, str]] = []
        # the reruns the page asked for, as "query string | filter widgets", to tell a visit
        # that showed other figures by what the browser asked the server to run
        self.requests: list[str] = []
        # HTTP requests under way (a lazily loaded chunk of the frontend, say): a page whose
        # chunk has not arrived yet shows nothing in the chunk's place
        self.pending = 0
        # requests that failed (a chunk of the frontend that never arrived shows nothing)
        self.failed: list[str] = []
        page.on("request", lambda _: self._count(1))
        page.on("requestfinished", lambda _: self._count(-1))
        page.on("requestfailed", self._failed)
        page.on(
            "websocket",
            lambda ws: (ws.on("framereceived", self.frame), ws.on("framesent", self.sent)),
        )

    def _count(self, change: int) -> None:
        self.pending = max(0, self.pending + change)

    def _failed(self, request: object) -> None:
        self._count(-1)
        self.failed.append(f"{request.url.rsplit('/', 1)[-1][:60]} ({request.failure})")

    async def idle(self) -> None:
        """Wait until no HTTP request of the page is under way."""
        deadline = time.monotonic() + TIMEOUT_MS / 1000
        while self.pending:
            if time.monotonic() > deadline:
                raise TimeoutError("a request stayed under way")
            await asyncio.sleep(0.05)

    def sent(self, payload: str | bytes) -> None:
        if isinstance(payload, str):
            return
        message = self.back.FromString(payload)
        if message.WhichOneof("type") != "rerun_script":
            return
        rerun = message.rerun_script
        widgets = [
            f"{w.id.rsplit('-', 1)[-1]}={','.join(w.string_array_value.data)}"
            for w in rerun.widget_states.widgets
            if w.WhichOneof("value") == "string_array_value"
        ]
        self.requests.append(f"{rerun.query_string or '-'} | {' '.join(widgets) or '-'}")

    def frame(self, payload: str | bytes) -> None:
        if isinstance(payload, str):
            return
        message = self.message.FromString(payload)
        if message.WhichOneof("type") == "delta":
            self.deltas += 1
            self.elements.append(self.element(message))
        elif (
            message.WhichOneof("type") == "script_finished"
            and message.script_finished == self.message.FINISHED_SUCCESSFULLY
        ):
            self.finished += 1
            self.last_at = time.monotonic()

    def element(self, message: object) -> tuple[str, str]:
        """One element sent: its script run, and "path kind", where it goes and what it is (a
        metric or heading with its label)."""
        path = ".".join(str(i) for i in message.metadata.delta_path)
        delta = message.delta
        kind = delta.WhichOneof("type")
        if kind == "new_element":
            element = delta.new_element
            kind = element.WhichOneof("type")
            if kind == "metric":
                kind += f" {element.metric.label}"
            elif kind == "heading":
                kind += f" {element.heading.body[:40]}"
        elif kind == "add_block":
            kind = f"block {delta.add_block.WhichOneof('type')}"
        elif kind == "new_transient":
            kind = f"transient of {len(delta.new_transient.elements)}"
        return message.metadata.run.script_run_id, f"{path} {kind}"

    def sent_since(self, start: int) -> list[str]:
        """The elements sent since the `start`th, as "run N path kind", runs numbered from 1 in
        the order they sent, so visits of different sessions compare."""
        runs: dict[str, int] = {}
        return [
            f"run {runs.setdefault(run, len(runs) + 1)} {element}"
            for run, element in self.elements[start:]
        ]

    async def after(self, count: int) -> float:
        """Wait for a run finished after the first `count`; return when it finished."""
        deadline = time.monotonic() + TIMEOUT_MS / 1000
        while self.finished <= count:
            if time.monotonic() > deadline:
                raise TimeoutError("no script run finished")
            await asyncio.sleep(0.05)
        return self.last_at


async def visit(
    page: object,
    runs: ScriptRuns,
    url: str,
    step: tuple,
    previous_query: str | None,
    steady: float,
) -> tuple:
    """Go to one page (by URL when the filters change, else by the sidebar link); return the
    seconds to the first chart and to the script's end, and the fingerprint of what it shows."""
    (_, path, link, marker), query = step
    finished, clicked, asked = runs.finished, time.monotonic(), len(runs.requests)
    deltas, sent, failed = runs.deltas, len(runs.elements), len(runs.failed)
    if query == previous_query:
        started = await page.evaluate("performance.now()")
        link = page.locator("[data-testid='stSidebarNavLink']", has_text=link).first
        await link.click(timeout=TIMEOUT_MS)
    else:
        started = 0.0
        await page.goto(f"{url}/{path}" + (f"?{query}" if query else ""), timeout=TIMEOUT_MS)
    await page.get_by_text(marker).first.wait_for(timeout=TIMEOUT_MS)
    complete = await runs.after(finished) - clicked
    await page.wait_for_function(SETTLED, timeout=TIMEOUT_MS, polling=100)
    if await page.locator("[data-testid='stException']").count():
        raise RuntimeError("the page shows an exception")
    charts = [t for t in await page.evaluate("window.__bench.charts") if t >= started]
    chart = (charts[0] - started) / 1000 if charts else float("nan")
    shown, cards = await steady_texts(page, runs, steady)
    elements = runs.sent_since(sent)
    late = None
    if cards < cards_sent(elements):
        late = await cards_drawn(page, cards_sent(elements))
        shown, _ = await steady_texts(page, runs, steady)
    trace = f"{runs.finished - finished} runs, {runs.deltas - deltas} elements sent; asked: "
    trace += "; ".join(runs.requests[asked:])
    if runs.failed[failed:]:
        trace += "; failed requests: " + ", ".join(runs.failed[failed:])
    return chart, complete, shown, trace, elements, late


def cards_sent(elements: list[str]) -> int:
    """The KPI cards (st.metric) the last script run of a visit sent, counted by the places they
    went: a run that restarts (a fresh page's rerun once its first chart is drawn, ui/charts.py)
    keeps its id and sends its cards to the same places again."""
    last = max((int(e.split()[1]) for e in elements), default=0)
    return len({e.split()[2] for e in elements if e.startswith(f"run {last} ") and " metric " in e})


async def cards_drawn(page: object, sent: int) -> float:
    """Wait until the page draws the KPI cards it was sent (it looked steady without some);
    the seconds waited. A page can look unchanged for seconds while its renderer, shared with
    the other pages of its browser context on a starved machine, has not yet drawn what
    arrived: read then, it lacks cards it was sent."""
    count = f"document.querySelectorAll({METRIC!r}).length"
    started = time.monotonic()
    try:
        await page.wait_for_function(f"() => {count} >= {sent}", timeout=TIMEOUT_MS, polling=100)
    except Exception as error:  # a card sent and never drawn: the client lost it
        drawn = await page.evaluate(count)
        raise RuntimeError(f"{drawn} of {sent} KPI cards sent drawn after 180 s") from error
    return time.monotonic() - started


async def steady_texts(
    page: object, runs: ScriptRuns, steady: float
) -> tuple[tuple[str, ...], int]:
    """What the page shows once it has stayed the same for `steady` seconds, the app idle and
    every request answered, and how many KPI cards it showed then."""
    shown = None
    for _ in range(60):
        await page.wait_for_function(SETTLED, timeout=TIMEOUT_MS, polling=100)
        await runs.idle()
        again, cards = await page.evaluate(
            f"""() => [[...document.querySelectorAll({SHOWN!r})].map(e => e.textContent),
                document.querySelectorAll({METRIC!r}).length]"""
        )
        if tuple(again) == shown:
            return shown, cards
        shown = tuple(again)
        await page.wait_for_timeout(steady * 1000)
    raise RuntimeError("what the page shows kept changing")


# Opened by its own URL (`/regions`), a page's frontend first asks for `/regions/_stcore/health`
# and `/regions/_stcore/host-config`, taking the page's path for the server's base path; the 404s
# are logged as console errors, and it connects through the root 100 ms later
# (streamlit/streamlit#7074). Counted apart, so that the errors left are the app's.
PROBE = re.compile(r"^https?://[^/]+/[^/]+/_stcore/(health|host-config)$")


def console_error(message: object, results: Results) -> None:
    if message.type != "error":
        return
    if message.text.startswith("Failed to load resource") and PROBE.search(
        message.location.get("url", "")
    ):
        results.probes += 1
    else:
        results.console_errors.append(f"{message.text[:200]} ({message.location.get('url')})")


async def session(
    context: object, url: str, plan: list, results: Results, deadline: float, steady: float
) -> None:
    page = await context.new_page()
    runs = ScriptRuns(page)
    page.on("pageerror", lambda error: results.errors.append(f"page error: {error}"))
    page.on("console", lambda message: console_error(message, results))
    previous_query = None
    for step in plan:
        if time.monotonic() > deadline:
            break
        name, query = step[0][0], step[1]
        try:
            chart, complete, shown, trace, sent, late = await visit(
                page, runs, url, step, previous_query, steady
            )
        except Exception as error:  # a timeout or a broken page: counted, and the tour goes on
            results.errors.append(f"{name}?{query}: {str(error).splitlines()[0]}")
            previous_query = None
            continue
        previous_query = query
        results.visits += 1
        if chart == chart:  # a page whose chart element was reused draws no new one
            results.chart[name].append(chart)
        results.complete[name].append(complete)
        results.shown[(name, query)][shown] += 1
        results.traces[(name, query)].setdefault(shown, trace)
        results.sent[(name, query)].setdefault(shown, sent)
        if late is not None:
            results.late_cards.append(late)
    await page.close()


async def run_sessions(url: str, args: argparse.Namespace) -> Results:
    from playwright.async_api import async_playwright

    steps = tour(["", f"region={args.region}&fy={args.fiscal_year}"])
    results = Results()
    deadline = time.monotonic() + args.time_limit
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        contexts = []
        for _ in range(min(args.contexts, args.sessions)):
            context = await browser.new_context(viewport={"width": 1400, "height": 1000})
            await context.add_init_script(INSTRUMENT)
            contexts.append(context)
        plans = [
            [steps[(i * 3 + j) % len(steps)] for j in range(args.visits)]
            for i in range(args.sessions)
        ]
        await asyncio.gather(
            *(
                session(contexts[i % len(contexts)], url, plan, results, deadline, args.steady)
                for i, plan in enumerate(plans)
            )
        )
        await browser.close()
    return results


def cpu_seconds(pid: int) -> float:
    """User and system CPU seconds a process has used."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def first_difference(versions: list[tuple[str, ...]]) -> str:
    """The first text where two versions of a page differ."""
    first, second = versions[0], versions[1]
    for a, b in zip(first, second, strict=False):
        if a != b:
            return f"{a[:100]!r} against {b[:100]!r} ({len(first)} texts against {len(second)})"
    return f"the same {min(len(first), len(second))} texts"


def sent_apart(sent: list[list[str]], most: int = 12) -> list[str]:
    """The elements one of two visits was sent and the other not (by run, path and kind, each
    counted), marked with the version they went to: what the server did differently."""
    first, second = Counter(sent[0]), Counter(sent[1])
    lines = [f"1st only: {e}" for e in (first - second).elements()]
    lines += [f"2nd only: {e}" for e in (second - first).elements()]
    return lines[:most] + ([f"… {len(lines) - most} more"] if len(lines) > most else []) or [
        "none: both were sent the same elements"
    ]


def report(results: Results, args: argparse.Namespace, wall: float, cpu: float, peak: float):
    print(
        f"{args.sessions} concurrent sessions in {min(args.contexts, args.sessions)} browser "
        f"contexts, {scale_name(args)}: {results.visits} visits in {wall:.0f} s"
    )
    rows = []
    for name, *_ in PAGES:
        chart, complete = results.chart.get(name, []), results.complete.get(name, [])
        rows.append(
            (
                name,
                len(complete),
                percentile(chart, 50),
                percentile(chart, 95),
                percentile(complete, 50),
                percentile(complete, 95),
            )
        )
    print_table(("page", "visits", "chart p50", "chart p95", "complete p50", "complete p95"), rows)
    differing = {key: versions for key, versions in results.shown.items() if len(versions) > 1}
    print(
        f"errors: {len(results.errors)}; browser console errors: {len(results.console_errors)}"
        f" (and {results.probes} 404s of Streamlit's own base-path probe, streamlit#7074)"
    )
    for error in sorted(set(results.console_errors))[:5]:
        print(f"  console: {error}")
    for error in results.errors[:10]:
        print(f"  {error}")
    if results.late_cards:
        print(
            f"KPI cards drawn after the page had looked steady for {args.steady:g} s: "
            f"{len(results.late_cards)} visits, waited up to {max(results.late_cards):.1f} s"
        )
    print(
        f"identical results: {len(results.shown) - len(differing)} of "
        f"{len(results.shown)} page × filter sets seen alike by every session"
    )
    for (name, query), versions in differing.items():
        print(
            f"  DIFFERENT {name}?{query}: {len(versions)} versions, seen {list(versions.values())}"
        )
        print(f"    first difference: {first_difference(list(versions))}")
        for version in versions:
            print(f"    {len(version)} texts after {results.traces[(name, query)][version]}")
        print("    elements sent to one version's session and not the other's:")
        for line in sent_apart([results.sent[(name, query)][v] for v in list(versions)[:2]]):
            print(f"      {line}")
    print(f"app server: peak memory {peak:.0f} MB, CPU {cpu / wall:.0%} of one core on average")
    print("budget: no errors, identical results, app memory ≤ 800 MB")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    add_scale_arguments(parser)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--contexts", type=int, default=4, help="browser contexts to spread over")
    parser.add_argument("--visits", type=int, default=5, help="page visits per session")
    parser.add_argument("--time-limit", type=float, default=600, help="seconds; no visit after")
    parser.add_argument(
        "--steady", type=float, default=1.0, help="seconds a page must stay unchanged to be read"
    )
    parser.add_argument("--region", default="SSA")
    parser.add_argument("--fiscal-year", default="FY2023-24")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    with serve(warehouse(args)) as app:
        cpu = cpu_seconds(app.pid)
        started = time.monotonic()
        results = asyncio.run(run_sessions(app.url, args))
        wall = time.monotonic() - started
        cpu = cpu_seconds(app.pid) - cpu
        peak = tree_peak_mb(app.pid)
    report(results, args, wall, cpu, peak)


if __name__ == "__main__":
    main()
