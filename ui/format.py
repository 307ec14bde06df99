"""Numbers and words for people: USD with thousands separators, shares as %, hidden counts as
"hidden", and text from input files made plain for markdown."""

from __future__ import annotations

import math
import re

import pandas as pd

from queries import privacy


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def usd(value: object) -> str:
    return "–" if _missing(value) else f"${float(value):,.0f}"


def share(value: object) -> str:
    return "–" if _missing(value) else f"{float(value) * 100:.1f}%"


def count(value: object) -> str:
    return "–" if _missing(value) else f"{float(value):,.0f}"


def number(value: object, decimals: int = 1) -> str:
    return "–" if _missing(value) else f"{float(value):,.{decimals}f}"


def hidden() -> str:
    """How a suppressed people count is shown. Not `<k`: a count hidden so that a small one
    cannot be worked out from a total may be large, and `<k` would misstate it."""
    return "hidden"


def present(frame: pd.DataFrame, formats: dict[str, str] | None = None) -> pd.DataFrame:
    """The frame as people read it: each `<col>_suppressed` flag turns its column's hidden
    values into `<k` and is dropped; `formats` maps columns to usd, share, count or number."""
    shown = frame.copy()
    formatters = {"usd": usd, "share": share, "count": count, "number": number}
    for column, kind in (formats or {}).items():
        if column in shown:
            shown[column] = shown[column].map(formatters[kind]).astype("string")
    for flag in [c for c in shown.columns if c.endswith("_suppressed")]:
        column = flag.removesuffix("_suppressed")
        if column in shown:
            values = shown[column].astype("object")
            values[shown[flag].fillna(False).astype(bool)] = hidden()
            shown[column] = values.astype("string")
        shown = shown.drop(columns=flag)
    return shown


def threshold() -> int:
    """k: people counts from 1 to k - 1 are hidden."""
    return privacy.k()


def usd_short(value: object) -> str:
    """USD in few characters, for labels inside a chart: $950, $375k, $11.3M."""
    if _missing(value):
        return "–"
    amount = float(value)
    if abs(amount) >= 1_000_000:
        return f"${amount / 1_000_000:,.1f}M"
    if abs(amount) >= 1_000:
        return f"${amount / 1_000:,.0f}k"
    return f"${amount:,.0f}"


def percent(value: object) -> str:
    """A share rounded to whole percent (as a suppressed share is stored): 42%."""
    return "–" if _missing(value) else f"{float(value) * 100:.0f}%"


# Every ASCII punctuation mark CommonMark lets a backslash escape, and the ones Streamlit's
# markdown adds meaning to ($ for maths, : for icons and colours, ~ for strike-through).
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&\"'=^])")


# Bare addresses become links after markdown is parsed (GFM autolink literals), escapes or not:
# an invisible word joiner inside the pattern keeps them text.
_AUTOLINK = re.compile(r"(://|www(?=\.)|@)", re.IGNORECASE)
WORD_JOINER = "\u2060"


def plain(text: object) -> str:
    """Text from input data (a grant id, an organization's name) made safe to put in a heading,
    caption or info box: markdown and HTML in it show as the characters they are, never as a
    link, an image or formatting."""
    joined = _AUTOLINK.sub(lambda m: m.group(0)[0] + WORD_JOINER + m.group(0)[1:], str(text))
    return _MARKDOWN.sub(r"\\\1", joined).replace("\n", " ")
