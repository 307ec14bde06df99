"""The app as its server runs it: `streamlit run server.py` (what `make run`, the benches and
the browser tests do) serves `app.py` as `streamlit run app.py` would, and first does what
`ui.startup.warm` does, before the server answers, so no visitor waits for it. The page it
sends names plotly's JavaScript for the browser to fetch at once (`ui.preload`), and its
connections send without Nagle's delay (`ui.tcp`)."""

from contextlib import asynccontextmanager

import streamlit as st
from starlette.middleware import Middleware

from ui import preload, startup, tcp


@asynccontextmanager
async def warmed(_app):
    tcp.no_delay_on_listening_sockets()
    startup.warm()
    yield


app = st.App("app.py", lifespan=warmed, middleware=[Middleware(preload.Preload)])
