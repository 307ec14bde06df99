"""The contract between the loader and the source formats: what a format is told about a file
(Context), what it hands back (Part), and the format itself (SourceFormat)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd


@dataclass(frozen=True)
class ProgramIndex:
    """The programs the warehouse already holds, for exports that name a program by its title
    or by the id of a copy that was merged into another program."""

    ids: frozenset[str] = frozenset()
    by_title: dict[str, tuple[str, ...]] = field(default_factory=dict)  # title → program ids
    aliases: dict[str, str] = field(default_factory=dict)  # id or title of a copy → program id

    def resolve(self, reference: str) -> str | None:
        """The program an id, a copy's id or title, or an unambiguous title refers to."""
        reference = reference.strip()
        if reference in self.ids:
            return reference
        if reference in self.aliases:
            return self.aliases[reference]
        matches = self.by_title.get(reference) or self.by_title.get(reference.casefold(), ())
        return matches[0] if len(matches) == 1 else None


@dataclass(frozen=True)
class Context:
    """What the loader is told about a file that the file does not say itself: country,
    campaign and theme (command options or a sidecar file). `path` and `programs` help a format
    read the file (its name hints at the campaign; exports name programs by title) and are not
    part of what makes a load distinct."""

    country: str | None = None
    campaign: str | None = None
    theme: str | None = None
    path: Path | None = field(default=None, compare=False, repr=False)
    programs: Callable[[], ProgramIndex] | None = field(default=None, compare=False, repr=False)

    def program_index(self) -> ProgramIndex:
        return self.programs() if self.programs else ProgramIndex()


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
