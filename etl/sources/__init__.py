"""Formats users really have (Programs & Events Dashboard exports, Wiki Loves statistics,
Commons upload lists, WMF reference tables), each converted to parts in canonical kinds.

A source format recognises a file by its header and turns its rows into one or more
canonical parts (programs, participation, …) that are validated and loaded like canonical
files, in the same batch. Context a file does not carry (country, campaign, theme) comes from
the command line or a sidecar file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd


@dataclass(frozen=True)
class Context:
    """What the loader is told about a file that the file does not say itself."""

    country: str | None = None
    campaign: str | None = None
    theme: str | None = None


@dataclass(frozen=True)
class Part:
    """Rows of one canonical kind made from a source file: text columns named as the kind's
    canonical columns, plus `source_row` (the row of the source file each came from)."""

    kind: str
    frame: pd.DataFrame
    notes: tuple[str, ...] = field(default=())  # what the conversion noticed, for the summary


@dataclass(frozen=True)
class SourceFormat:
    name: str
    recognises: Callable[[list[str]], bool]  # header keys (see schemas.header_key) → bool
    convert: Callable[[pd.DataFrame, Context], list[Part]]  # frame of text cells → parts


FORMATS: list[SourceFormat] = []


def find(header_keys: list[str]) -> SourceFormat | None:
    """The source format whose header this is, if any."""
    return next((f for f in FORMATS if f.recognises(header_keys)), None)
