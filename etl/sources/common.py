"""Helpers the source formats share: building text parts, reading numbers and dates as
spreadsheets write them, slugs for program ids, and program types from titles."""

from __future__ import annotations

import re

import pandas as pd

from etl.sources.model import Part

# Program types named in titles, in several languages; the first that matches wins. A datathon
# is an edit-a-thon on Wikidata; an internship is a mentored placement.
PROGRAM_TYPE_WORDS: tuple[tuple[str, str], ...] = (
    ("edit_a_thon", r"edit[\s_-]?a[\s_-]?thon|editathon|datathon|wikithon"),
    ("mentorship", r"\b(?:internships?|intern|pemagangan|magang|mentorship|mentoring)\b"),
    ("training", r"\b(?:trainings?|wikilatih|pelatihan|bootcamp|capacitaci[oó]n|formation)\b"),
    ("workshop", r"\b(?:workshops?|lokakarya|taller(?:es)?|atelier)\b"),
    ("meetup", r"\b(?:meet[\s-]?ups?|kopdar|kopi darat|wikimeetup)\b"),
    ("conference", r"\b(?:conference|summit|konferensi|conferencia|colloque)\b"),
    ("photo_contest", r"\b(?:photo (?:contest|competition)|wiki loves|lomba foto)\b"),
    ("campaign", r"\b(?:campaign|kampanye|campaña)\b"),
)


def program_type(titles: pd.Series) -> pd.Series:
    """The program type a title names (edit-a-thon, training, meetup, …), else `other`."""
    lowered = titles.fillna("").str.lower()
    result = pd.Series("other", index=titles.index, dtype="string")
    decided = pd.Series(False, index=titles.index)
    for code, pattern in PROGRAM_TYPE_WORDS:
        hit = lowered.str.contains(pattern, regex=True) & ~decided
        result[hit] = code
        decided |= hit
    return result


def slug(text: str) -> str:
    """Lower case, other characters as one hyphen: 'Wiki Loves Africa' → wiki-loves-africa."""
    return re.sub(r"[^a-z0-9]+", "-", text.strip().lower()).strip("-")


def numbers(values: pd.Series) -> pd.Series:
    """Numbers as spreadsheets write them (1234.5, 1,234.50, 1.234.567,89, 12,5, 01.00), as
    floats; anything else is NaN. The same rules as the loader's `parse_number`."""
    text = values.astype("string").str.strip().str.replace(r"[\s_$€£]", "", regex=True)
    thousands_comma = text.str.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", na=False)
    thousands_dot = text.str.fullmatch(r"-?\d{1,3}(\.\d{3})+,\d+", na=False) | text.str.fullmatch(
        r"-?\d{1,3}(\.\d{3}){2,}", na=False
    )
    decimal_comma = text.str.fullmatch(r"-?\d+,\d+", na=False)
    text = text.mask(thousands_comma, text.str.replace(",", "", regex=False))
    text = text.mask(
        thousands_dot, text.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    )
    text = text.mask(decimal_comma, text.str.replace(",", ".", regex=False))
    return pd.to_numeric(text, errors="coerce")


def text(values: pd.Series) -> pd.Series:
    """Numbers and missing values as the text cells parts are made of."""
    if pd.api.types.is_float_dtype(values) and (values.dropna() % 1 == 0).all():
        values = values.astype("Int64")
    return values.astype("string").fillna("")


def part(kind: str, columns: dict[str, object], source_row: object, notes=()) -> Part:
    """A part of `kind` from columns (series or scalars) and the source rows they came from."""
    frame = pd.DataFrame({"source_row": source_row, **columns})
    for name in columns:
        frame[name] = text(frame[name]) if len(frame) else frame[name].astype("string")
    frame["source_row"] = frame["source_row"].astype(int)
    return Part(kind, frame.reset_index(drop=True), tuple(n for n in notes if n))


def empty_part(kind: str, notes: list[str]) -> Part:
    """No rows, only notes: a file that is recognised and checked but holds nothing to load."""
    return Part(kind, pd.DataFrame({"source_row": pd.Series([], dtype=int)}), tuple(notes))


def listing(items: list[str], limit: int = 12) -> str:
    """'a, b, c and 4 more' for notes that could be long."""
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")
