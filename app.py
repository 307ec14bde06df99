"""Community Growth Metrics: navigation, the global filters, and the shell every page shares."""

import gc
from pathlib import Path

import streamlit as st

from etl import marts
from ui import data, filters

# Python's cycle collector runs a young collection every 700 new containers, and every hundredth
# of them a full one that walks every object the process holds, the caches' kept decisions and
# frames included. A cold page at 10M builds hundreds of thousands of them (cells as tuples, the
# kept cells' JSON, plotly's dicts): a narrowed Regions or Themes ran ~290 young and 1–2 full
# collections, 0.2–0.37 s of its time. Ten thousand leaves the same collector, run less often
# (up to 10,000 unreachable cycles wait a little longer); set here, so every server process
# running the app has it before its first page.
gc.set_threshold(10_000, 10, 10)

# The tab icon is a file of the app's own: a page's `:material/...:` icon would otherwise become
# the favicon, which the browser fetches from fonts.gstatic.com (SPEC §7: no request leaves).
FAVICON = Path(__file__).resolve().parent / "ui" / "favicon.png"

st.set_page_config(page_title="Community Growth Metrics", page_icon=str(FAVICON), layout="wide")

navigation = st.navigation(
    [
        st.Page("views/overview.py", title="Overview", icon=":material/dashboard:", default=True),
        st.Page("views/regions.py", title="Regions", icon=":material/public:"),
        st.Page("views/themes.py", title="Themes", icon=":material/category:"),
        st.Page("views/funding.py", title="Funding distribution", icon=":material/payments:"),
        st.Page("views/pathways.py", title="Leadership pathways", icon=":material/moving:"),
        st.Page("views/learnings.py", title="Learnings", icon=":material/menu_book:"),
        st.Page("views/data.py", title="Data", icon=":material/database:"),
    ]
)

if data.version() is None:
    st.title("Community Growth Metrics")
    st.info(
        f"No warehouse at `{data.warehouse()}` yet. Build the demo one with "
        "`python -m etl demo`, or load your files with `python -m etl load PATH`."
    )
    st.stop()


@st.cache_data(max_entries=4, show_spinner=False)
def built_by_this_code(warehouse_version: tuple[str, int, int]) -> bool:
    # asked on the session's own connection, and of etl.marts: importing etl.upgrade would
    # import the whole load for the first page of every server process
    return marts.built_by_this_code(data.connection(warehouse_version))


if not built_by_this_code(data.version()):
    st.title("Community Growth Metrics")
    st.warning(
        f"The warehouse at `{data.warehouse()}` was built by an earlier version of this app, "
        "so its pre-aggregated tables may lack what the pages read. Bring it up to date with "
        "`python -m etl upgrade` (it keeps every loaded row and rebuilds the rest; `make run` "
        "does it for you)."
    )
    st.stop()

filters.sidebar()
navigation.run()
