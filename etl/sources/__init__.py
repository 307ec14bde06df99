"""Formats users really have (Programs & Events Dashboard exports, Wiki Loves statistics,
Commons upload lists, WMF reference tables, Meta budget tables, 360Giving grants), each
converted to parts in canonical kinds.

A source format recognises a file by its header and turns its rows into one or more
canonical parts (programs, participation, …) that are validated and loaded like canonical
files, in the same batch. Context a file does not carry (country, campaign, theme) comes from
the command line or a sidecar file (see `context`)."""

from __future__ import annotations

from etl.sources import budgets, commons, pe_dashboard, threesixty, wikiloves, wmf
from etl.sources.context import checked as checked_context
from etl.sources.context import for_file as context_for
from etl.sources.model import Context, Part, ProgramIndex, SourceFormat

__all__ = [
    "FORMATS",
    "Context",
    "Part",
    "ProgramIndex",
    "SourceFormat",
    "checked_context",
    "context_for",
    "find",
]

FORMATS: list[SourceFormat] = [
    *threesixty.FORMATS,
    *pe_dashboard.FORMATS,
    *wikiloves.FORMATS,
    *commons.FORMATS,
    *wmf.FORMATS,
    *budgets.FORMATS,
]


def find(header_keys: list[str]) -> SourceFormat | None:
    """The source format whose header this is, if any."""
    return next((f for f in FORMATS if f.recognises(header_keys)), None)
