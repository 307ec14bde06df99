"""The app as its server runs it: `streamlit run server.py` (what `make run`, the benches and
the browser tests do) serves `app.py` as `streamlit run app.py` would, and first does what
`ui.startup.warm` does, before the server answers, so no visitor waits for it."""

from contextlib import asynccontextmanager

import streamlit as st

from ui import startup


@asynccontextmanager
async def warmed(_app):
    startup.warm()
    yield


app = st.App("app.py", lifespan=warmed)
