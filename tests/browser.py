"""Helpers for the tests that drive the real app in headless Chromium."""

from __future__ import annotations

from ui.charts import FIRST_DRAWN


def settle(page, pause_ms: int = 1500) -> None:
    """Wait until Streamlit has finished running the script and charts have drawn: a fresh
    session's page is also no longer waiting for its first chart to send the rest (its second
    run, ui/charts.py)."""
    running = page.locator("[data-testid='stStatusWidget']")
    running.wait_for(state="detached", timeout=60_000)
    page.locator(f".st-key-{FIRST_DRAWN}-watch").wait_for(state="detached", timeout=60_000)
    running.wait_for(state="detached", timeout=60_000)
    page.wait_for_timeout(pause_ms)


def click_until(page, target, shown: str, *, state: str = "visible", tries: int = 4) -> None:
    """Click a plotly mark until the text `shown` reaches `state`.

    A click that lands while plotly is still binding its handlers, or while Streamlit reruns,
    is dropped by the browser; a click that was taken changes the page, so it is not repeated.
    """
    for _ in range(tries):
        settle(page, pause_ms=500)
        target.click(force=True)
        try:
            page.get_by_text(shown).first.wait_for(state=state, timeout=15_000)
            return
        except Exception:  # noqa: BLE001 - Playwright's TimeoutError: the click was dropped
            continue
    page.get_by_text(shown).first.wait_for(state=state, timeout=1)
