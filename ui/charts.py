"""Every chart the same way: a title, a one-line definition, the chart with a text alternative,
a table view (sent only once its tab is opened), and a CSV and Excel download of exactly what is
shown (numbers as numbers, units in the headers: ui/downloads), the filters and the focus in its
file name.

Cross-filter: a chart drawn with `select=` lets a click on a bar or area pick a region or a
theme; `selected(key)` reads that pick (from the chart's own state, so a page can read it
before drawing its other charts). Clicking the picked bar again, or double-clicking the chart,
clears it.

Warm pages are fast because a chart block builds nothing twice: given a `Plot` (a pure figure
function and its arguments) instead of a built figure, it builds the figure once per distinct
input (the query's rows, the annotations, the arguments) and keeps it as plain JSON, as it
keeps the formatted table; a rerun with the same inputs only sends them. Building plotly
figures (validating every property) was most of a warm page's time.

A fresh visit's first chart comes first: until the session's browser has drawn a chart, a page's
chart blocks marked `later` send an empty frame of the chart's height, and the block marked
`first` carries a small script that reruns the page once that chart is on screen (`first_drawn`).
The browser lays out every chart it has been sent in the task that draws the first one, right
after it has evaluated plotly's 4.7 MB: sent together, the page's other charts held the first
one back."""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable, Collection, Mapping

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from figures.notes import describe as notes_marked
from figures.notes import mark
from ui.data import query
from ui.downloads import file_stem, for_download, offer
from ui.filters import Filters
from ui.format import present

EMPTY = (
    "Nothing to show for these filters. Widen the fiscal years, regions, funds or themes in "
    "the sidebar."
)
# A long table is sent a page at a time: 20k grants were one 5 MB message that the browser
# had to take in before anything else on the page moved.
PAGE_ROWS = 1000
# The end of the key of a chart block's Chart/Table tabs: their state ("Chart" or "Table") is
# st.session_state[f"{key or name}{TABS}"].
TABS = "-tabs"
# The end of the key of a folded part of a page (`section`): st.session_state[f"{key}{SECTION}"]
# is True while it is open.
SECTION = "-section"
CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}
# st.session_state[FIRST_DRAWN] is True once the session's browser has drawn a chart.
FIRST_DRAWN = "charts-first-drawn"
# The height of a chart not sent yet: plotly's default, which most figures keep.
PLOT_HEIGHT = 450

# In the browser, once the first chart is on screen (the frame after plotly made its svg), or
# after 10 s whatever happened to it, the page is asked to run again, now with every chart.
_WATCH_FIRST_CHART = """
export default function ({ data, setTriggerValue }) {
  if (!data || !data.wait) return;
  let reported = false;
  const report = () => {
    if (reported) return;
    reported = true;
    watcher.disconnect();
    clearTimeout(fallback);
    requestAnimationFrame(() => setTimeout(() => setTriggerValue("drawn", true), 0));
  };
  const drawn = () => document.querySelector(".js-plotly-plot .main-svg") !== null;
  const watcher = new MutationObserver(() => drawn() && report());
  const fallback = setTimeout(report, 10000);
  watcher.observe(document.body, { childList: true, subtree: true });
  if (drawn()) report();
  return () => {
    watcher.disconnect();
    clearTimeout(fallback);
  };
}
"""
_first_chart_watch = st.components.v2.component("first-chart-watch", js=_WATCH_FIRST_CHART)


def first_drawn() -> bool:
    """Whether this session's browser has drawn a chart (plotly is loaded, so a page's charts
    all draw at once). A session without a browser (AppTest) has nothing to wait for."""
    return bool(st.session_state.get(FIRST_DRAWN)) or not st.context.headers


def _mark_first_drawn() -> None:
    st.session_state[FIRST_DRAWN] = True


class Cached:
    """A figure or a text alternative not made yet: `Cached(lorenz_figure, curve, gini)` is
    `lorenz_figure(curve, gini)`, made by the chart block only when its inputs are new. `draw`
    must be a pure function of its arguments (module constants aside): they are the key."""

    def __init__(self, draw: Callable[..., go.Figure], *args: object, **kwargs: object) -> None:
        self.draw, self.args, self.kwargs = draw, args, kwargs

    def key(self) -> tuple:
        """The cache key: the function and the arguments, functions among them (a value's
        format, say) by where they are defined, as Streamlit cannot hash a function. So a
        function passed in must not close over values that change from run to run."""
        return _keyed(self.draw), _keyed(self.args), _keyed(tuple(sorted(self.kwargs.items())))


def _keyed(value: object) -> object:
    """A value as a small, hashable key. A frame becomes one digest of its pickled bytes: a
    faithful copy of its cells, columns, types and index, so equal bytes mean an equal frame,
    and an equal frame pickled differently (chunked otherwise, say) only misses the cache.
    Pickling a small frame takes a tenth of a millisecond, where pandas' cell-by-cell hashing
    took 2-7 ms per frame and most of a warm page's time went to keys."""
    if isinstance(value, pd.DataFrame | pd.Series):
        cells = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        return "frame:" + hashlib.blake2b(cells, digest_size=16).hexdigest()
    if callable(value) and hasattr(value, "__code__"):
        return f"{value.__module__}.{value.__qualname__}:{value.__code__.co_firstlineno}"
    if isinstance(value, tuple | list):
        return tuple(_keyed(v) for v in value)
    if isinstance(value, dict):
        return tuple((k, _keyed(v)) for k, v in value.items())
    return value


@st.cache_data(max_entries=1000, show_spinner=False)
def _drawn(key: tuple, _plot: Cached, _notes: pd.DataFrame) -> tuple[dict, str]:
    """The figure as plain JSON with the notes it spans marked, and the notes for its text
    alternative; `key` is Cached.key with the notes' key."""
    figure = _plot.draw(*_plot.args, **_plot.kwargs)
    described = notes_marked(figure, _notes)
    return mark(figure, _notes).to_dict(), described


@st.cache_data(max_entries=1000, show_spinner=False)
def _made(key: tuple, _text: Cached) -> str:
    """A text alternative, made once per distinct input (`key`: Cached.key)."""
    return _text.draw(*_text.args, **_text.kwargs)


def _figure(figure: go.Figure | Cached, notes: pd.DataFrame) -> tuple[go.Figure, str]:
    """The figure to draw, its notes marked, and the notes' part of the text alternative."""
    if isinstance(figure, go.Figure):
        return mark(figure, notes), notes_marked(figure, notes)
    spec, described = _drawn((*figure.key(), _keyed(notes)), figure, notes)
    # Built and validated once when cached; rebuilt from its own JSON there is nothing to check.
    return go.Figure(spec, _validate=False), described


@st.cache_data(max_entries=1000, show_spinner=False)
def _shown(key: str, _data: pd.DataFrame, formats: tuple, labels: tuple) -> pd.DataFrame:
    """The table as people read it (ui.format.present), with the headers they read; `key` is
    the frame's."""
    return present(_data, dict(formats)).rename(columns=dict(labels))


def selected(key: str) -> tuple[str, ...]:
    """The codes picked by clicking the chart drawn with this key (its points' customdata)."""
    state = st.session_state.get(key)
    points = state.selection.points if state and state.get("selection") else []
    codes = []
    for point in points:
        data = point.get("customdata")
        code = data[0] if isinstance(data, list | tuple) else data
        if code is not None and code not in codes:
            codes.append(str(code))
    return tuple(codes)


def cross_filter_focus(
    chart_key: str, allowed: Collection[str], param: str = "focus"
) -> tuple[str, ...]:
    """The cross-filter focus, kept in the URL under `param` so that a shared link shows what
    the sender saw: a click on the chart drawn with `chart_key` sets it (or clears it), and
    until the chart is clicked the URL's value holds (codes not in `allowed` are dropped)."""
    picked = selected(chart_key)
    seen = f"{chart_key}-seen"
    if picked != st.session_state.get(seen, ()):
        st.session_state[seen] = picked
        if picked:
            st.query_params[param] = list(picked)
        else:
            st.query_params.pop(param, None)
        return tuple(c for c in picked if c in allowed)
    from_url = tuple(dict.fromkeys(c for c in st.query_params.get_all(param) if c in allowed))
    if len(from_url) != len(st.query_params.get_all(param)):
        if from_url:
            st.query_params[param] = list(from_url)
        else:
            st.query_params.pop(param, None)  # a bad value falls back to no focus
    return from_url


def chart(
    title: str,
    definition: str,
    data: pd.DataFrame,
    figure: go.Figure | Cached | None,
    *,
    name: str,
    filters: Filters,
    text: str | Cached,
    formats: Mapping[str, str] | None = None,
    labels: Mapping[str, str] | None = None,
    select: bool = False,
    key: str | None = None,
    first: bool = False,
    later: bool = False,
) -> None:
    """Draw one chart block; its table shows suppressed counts as "hidden". `figure` and `text`
    are best `Cached`, so that a rerun with the same rows does not build them again. The table
    is made and sent only while its tab is open. `first`: the page's first chart, which a fresh
    visit draws before the charts marked `later` are sent (the module's docstring)."""
    st.subheader(title)
    st.caption(definition)
    if isinstance(text, Cached):
        text = _made(text.key(), text)
    if first and (data.empty or figure is None):
        _mark_first_drawn()  # no chart to wait for: the page's later charts are sent now
    if data.empty:
        st.info(EMPTY)
        return
    # The Table tab reports whether it is open (a click on it reruns the page), so its table is
    # sent only to a reader who opened it: sent with every run, the hidden tables of a page were
    # a large part of what the browser had to take in before it drew the first chart.
    chart_tab, table_tab = st.tabs(
        ["Chart", "Table"], key=f"{key or name}{TABS}", on_change="rerun"
    )
    with chart_tab:
        if figure is not None and later and not first_drawn():
            # sent once the first chart is on screen: the page runs again then
            st.container(height=PLOT_HEIGHT, border=False)
        elif figure is not None:
            drawn, described = _figure(figure, query("annotations", **filters.params()))
            text += described
            st.plotly_chart(
                drawn,
                key=key or f"chart-{name}",
                on_select="rerun" if select else "ignore",
                selection_mode="points",
                config=CONFIG,
                alt=text,
            )
            if first and not first_drawn():
                _first_chart_watch(
                    key=f"{FIRST_DRAWN}-watch",
                    data={"wait": True},
                    on_drawn_change=_mark_first_drawn,
                )
        st.caption(text)
    with table_tab:
        if table_tab.open:
            shown = _shown(
                _keyed(data), data, tuple((formats or {}).items()), tuple((labels or {}).items())
            )
            st.dataframe(shown, hide_index=True)
    offer(
        lambda: for_download(data, dict(formats or {}), dict(labels or {})),
        file_stem(name, filters.slug()),
        key=key or name,
    )


def section(title: str, draw: Callable[[], None], *, key: str, expanded: bool = False) -> None:
    """A part of a page folded under its title, drawn (`draw()`) and sent only while the reader
    has it open (opening it reruns the page). The browser lays out every chart it is sent
    before it shows the first, so a page of many charts keeps the first part open and folds
    the rest."""
    part = st.expander(f"**{title}**", expanded=expanded, key=f"{key}{SECTION}", on_change="rerun")
    if part.open:
        with part:
            draw()


def opening(key: str) -> Callable[[], None]:
    """A widget's on_change that opens the folded part `key` (`section`), before the run that
    draws it: a choice that names what the part shows (kept in the URL, so `expanded` follows
    it in a shared link) stays open when a later choice is the default again."""
    return lambda: st.session_state.update({f"{key}{SECTION}": True})


def sortable_table(
    title: str | None,
    definition: str,
    data: pd.DataFrame,
    *,
    name: str,
    filters: Filters,
    labels: Mapping[str, str] | None = None,
    column_config: Mapping[str, object] | None = None,
    formats: Mapping[str, str] | None = None,
) -> None:
    """A table block: title, definition, the table (numbers stay numbers, formatted by
    `column_config`, so clicking a header sorts them as numbers; columns with hidden counts are
    text, "hidden" where hidden) and a CSV and Excel download of exactly its rows and columns
    (`formats` marks the usd and share columns, for the units in the file's headers). Without a
    title the caller has drawn the heading (and its controls) already. Over PAGE_ROWS rows the
    table shows one page at a time, in the order the rows come (a click on a header sorts that
    page); the downloads always hold every row."""
    if title:
        st.subheader(title)
        st.caption(definition)
    if data.empty:
        st.info(EMPTY)
        return
    rows = one_page(data, key=name)
    table = _page_shown(
        _keyed(rows), rows, tuple((formats or {}).items()), tuple((labels or {}).items())
    )
    st.dataframe(table, hide_index=True, column_config=dict(column_config or {}), placeholder="–")
    offer(
        lambda: for_download(data, dict(formats or {}), dict(labels or {})),
        file_stem(name, filters.slug()),
        key=name,
    )


@st.cache_data(max_entries=200, show_spinner=False)
def _page_shown(key: str, _rows: pd.DataFrame, formats: tuple, labels: tuple) -> pd.DataFrame:
    """One page of a table block as sent (with_hidden_cells, the headers people read), made once
    per distinct rows (`key`: their digest)."""
    return with_hidden_cells(_rows, dict(formats)).rename(columns=dict(labels))


def one_page(data: pd.DataFrame, *, key: str) -> pd.DataFrame:
    """The page of `data` the reader picked (all of it when it fits on one), with a caption
    saying which rows these are."""
    pages = -(-len(data) // PAGE_ROWS)
    if pages <= 1:
        return data
    # the page count is in the key: other filters, other pages, and the pick starts again at 1
    page = st.selectbox(
        "Page",
        range(1, pages + 1),
        key=f"{key}-page-of-{pages}",
        format_func=lambda p: (
            f"{p} (rows {(p - 1) * PAGE_ROWS + 1:,}–{min(p * PAGE_ROWS, len(data)):,})"
        ),
        width=240,
    )
    first = (page - 1) * PAGE_ROWS
    st.caption(
        f"Rows {first + 1:,}–{min(first + PAGE_ROWS, len(data)):,} of {len(data):,}. A click on "
        "a header sorts this page; the downloads hold every row."
    )
    return data.iloc[first : first + PAGE_ROWS]


def with_hidden_cells(data: pd.DataFrame, formats: Mapping[str, str]) -> pd.DataFrame:
    """The table for `st.dataframe`: numbers stay numbers (a click on a header sorts them as
    numbers), except a column with hidden counts, which becomes text so that a hidden count can
    read "hidden" (Streamlit shows any missing cell with one placeholder, and a styled table's
    text is not used for missing cells); its numbers are formatted as `formats` says (default
    count)."""
    flagged = [
        c.removesuffix("_suppressed")
        for c in data.columns
        if c.endswith("_suppressed") and c.removesuffix("_suppressed") in data
    ]
    return present(data, {c: formats.get(c, "count") for c in flagged})
