"""Loading files from the Data page, for the data team.

Who may: uploading is off unless a token is configured ($GROWTH_UPLOAD_TOKEN, or
`upload_token` in Streamlit's secrets), and then only for whoever types that token. How much:
each file at most $GROWTH_UPLOAD_MAX_MB megabytes (default 50), refused before it is read. The
load itself is the command line's (etl.load.load): atomic, so other sessions keep reading the
old warehouse and see the new one when the load completes; a failed file leaves it as it was
and shows the same one line as the command line."""

from __future__ import annotations

import hmac
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

import streamlit as st

from etl import sources
from etl.load import FileResult, load
from etl.preview import Preview, preview
from etl.read import SUFFIXES
from etl.reference import THEMES
from ui.data import warehouse

TOKEN_ENV = "GROWTH_UPLOAD_TOKEN"
MAX_MB_ENV = "GROWTH_UPLOAD_MAX_MB"
DEFAULT_MAX_MB = 50
RESULTS = "upload-results"


def configured_token() -> str | None:
    """The upload token, from the environment first, then Streamlit's secrets; None: off."""
    token = os.environ.get(TOKEN_ENV, "").strip()
    if token:
        return token
    try:
        return str(st.secrets.get("upload_token", "")).strip() or None
    except Exception:  # no secrets file at all is the usual case, and means "off"
        return None


def max_mb() -> int:
    """The largest file accepted, in MB: $GROWTH_UPLOAD_MAX_MB if a positive whole number."""
    try:
        value = int(os.environ.get(MAX_MB_ENV, DEFAULT_MAX_MB))
    except ValueError:
        return DEFAULT_MAX_MB
    return value if value > 0 else DEFAULT_MAX_MB


def refusal(given: str, configured: str | None) -> str | None:
    """Why an upload is refused, or None when it may go ahead."""
    if not configured:
        return (
            f"Uploading is off. The data team turns it on by setting {TOKEN_ENV} (or "
            "upload_token in Streamlit's secrets) where the app runs."
        )
    if not given:
        return "Type the upload token to load files."
    if not hmac.compare_digest(given.encode("utf-8"), configured.encode("utf-8")):
        return "Refused: that is not the upload token configured for this app."
    return None


def too_large(size: int, limit_mb: int) -> bool:
    return size > limit_mb * 1024 * 1024


def save(files: Sequence[object], folder: Path) -> list[Path]:
    """Write uploaded files to `folder` under their own base names (loads name files so)."""
    paths = []
    for uploaded in files:
        path = folder / Path(uploaded.name).name
        path.write_bytes(uploaded.getvalue())
        paths.append(path)
    return paths


def context_inputs() -> sources.Context:
    """The optional context a file may lack (country, campaign, theme), as on the command line."""
    with st.container(horizontal=True):
        country = st.text_input("Country (ISO code)", key="upload-country", max_chars=2)
        campaign = st.text_input("Campaign", key="upload-campaign", max_chars=200)
        theme = st.selectbox(
            "Theme",
            [None, *THEMES],
            format_func=lambda code: "–" if code is None else THEMES[code],
            key="upload-theme",
        )
    return sources.Context(
        country=country.strip() or None, campaign=campaign.strip() or None, theme=theme
    )


def show_previews(previews: list[Preview]) -> None:
    """What each file was detected as, or why it would fail, as plain text."""
    st.caption("Detected as (nothing is loaded until you press Load):")
    st.text("\n".join(p.describe() for p in previews))


def run_load(paths: list[Path], context: sources.Context) -> list[FileResult]:
    """Load the files with a progress bar that moves per file and per stage."""
    bar = st.progress(0.0, text="Starting the load")
    steps = len(paths) * len(STAGES) + 1
    done = 0

    def on_stage(file: str, stage: str) -> None:
        nonlocal done
        done = min(done + 1, steps - 1)
        bar.progress(done / steps, text=f"{file}: {STAGE_LABELS.get(stage, stage)}")

    try:
        results = load(paths, warehouse(), context=context, on_stage=on_stage)
    except Exception as e:  # the warehouse is unchanged; say so in one line, never a traceback
        bar.empty()
        return [FileResult(paths[0], error=f"the load stopped and changed nothing: {e}")]
    bar.progress(1.0, text="Load complete")
    return results


# The stages etl.load reports, in order, as the progress bar names them.
STAGE_LABELS = {
    "read": "reading",
    "validate": "checking rows",
    "core": "adding to the warehouse",
    "marts": "rebuilding the summaries",
}
STAGES = ("read", "validate", "core")


def show() -> None:
    """The upload section of the Data page."""
    st.subheader("Load files")
    st.caption(
        "For the data team: load grant, program, participation, role, budget, note or source "
        "files (Programs & Events Dashboard exports, Wiki Loves statistics, Commons lists), as "
        "`python -m etl load` does. Other sessions see the new data when the load completes."
    )
    if RESULTS in st.session_state:
        show_results(st.session_state.pop(RESULTS))
    configured = configured_token()
    if not configured:
        st.info(refusal("", None), icon=":material/lock:")
        return
    given = st.text_input("Upload token", type="password", key="upload-token")
    reason = refusal(given, configured)
    if reason:
        st.warning(reason, icon=":material/lock:")
        return
    limit = max_mb()
    files = st.file_uploader(
        f"Files (each at most {limit} MB)",
        type=sorted(s.lstrip(".") for s in SUFFIXES),
        accept_multiple_files=True,
        max_upload_size=limit,
        key="upload-files",
    )
    context = context_inputs()
    if not files:
        return
    large = [f.name for f in files if too_large(f.size, limit)]
    if large:
        st.error(f"Refused before reading: larger than {limit} MB.", icon=":material/block:")
        st.text("\n".join(large))
        return
    with tempfile.TemporaryDirectory(prefix="growth-upload-") as folder:
        paths = save(files, Path(folder))
        try:
            checked = sources.checked_context(context)
        except ValueError as e:
            st.error("The context is not valid.", icon=":material/error:")
            st.text(str(e))
            return
        show_previews([preview(path, checked) for path in paths])
        if not st.button("Load", type="primary", key="upload-load"):
            return
        results = run_load(paths, checked)
    # Rerun so that the whole page reads the new warehouse; the outcome survives the rerun.
    st.session_state[RESULTS] = [(r.error is not None, r.summary()) for r in results]
    st.rerun()


def show_results(results: list[tuple[bool, str]]) -> None:
    """Each file's outcome (failed?, the command line's line), as text: file names are the
    user's own."""
    failed = sum(1 for is_failed, _ in results if is_failed)
    if failed:
        st.error(
            f"{failed} of {len(results)} files failed and changed nothing.",
            icon=":material/error:",
        )
    else:
        st.success(f"Loaded {len(results)} files.", icon=":material/check_circle:")
    st.text("\n".join(line for _, line in results))
