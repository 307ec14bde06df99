"""The context of one input file: command options first, then the file's sidecar
`<name>.context.toml`, then the folder's `context.toml`, each filling what the one before left
blank. A sidecar holds up to three keys:

    country = "ID"             # ISO code or English name
    campaign = "Wiki Loves Monuments"
    theme = "culture_heritage" # theme code or label
"""

from __future__ import annotations

import tomllib
from dataclasses import replace
from pathlib import Path

import duckdb

from etl import reference
from etl.errors import LoadError
from etl.sources import countries
from etl.sources.model import Context, ProgramIndex

SIDECAR_SUFFIX = ".context.toml"
FOLDER_SIDECAR = "context.toml"
KEYS = ("country", "campaign", "theme")


def checked(context: Context) -> Context:
    """The context with the country as its ISO code and the theme as its code; ValueError
    naming the value if either is unknown."""
    country, theme = context.country, context.theme
    if country:
        code = countries.code_of(country)
        if code is None:
            raise ValueError(
                f"unknown country '{country}' (expected an ISO 3166-1 code or name, e.g. KE)"
            )
        country = code
    if theme:
        themes = {label: code for domain, label, code in reference.labels() if domain == "theme"}
        code = themes.get(reference.label_key(theme))
        if code is None:
            raise ValueError(
                f"unknown theme '{theme}' (expected one of {', '.join(reference.THEMES)})"
            )
        theme = code
    campaign = context.campaign.strip() if context.campaign else None
    return replace(context, country=country, campaign=campaign or None, theme=theme)


def sidecars(path: Path) -> list[Path]:
    """The sidecar files that apply to `path`, the nearest first."""
    own = path.with_name(path.stem + SIDECAR_SUFFIX)
    return [p for p in (own, path.with_name(FOLDER_SIDECAR)) if p.is_file()]


def read_sidecar(sidecar: Path) -> Context:
    try:
        values = tomllib.loads(sidecar.read_text(encoding="utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise LoadError(sidecar.name, f'is not a context file (key = "value" lines): {e}') from e
    unknown = [k for k in values if k not in KEYS]
    if unknown:
        raise LoadError(
            sidecar.name, f"unknown key '{unknown[0]}' (a context file holds {', '.join(KEYS)})"
        )
    if any(not isinstance(v, str) for v in values.values()):
        raise LoadError(sidecar.name, 'every value must be a quoted text, e.g. country = "ID"')
    try:
        return checked(Context(**values))
    except ValueError as e:
        raise LoadError(sidecar.name, str(e)) from e


def for_file(
    path: Path, given: Context | None, con: duckdb.DuckDBPyConnection | None = None
) -> Context:
    """The context to read `path` with: the options given, filled from its sidecars; with the
    file's path and the warehouse's programs for the formats that need them."""
    context = given or Context()
    for sidecar in sidecars(path):
        found = read_sidecar(sidecar)
        context = replace(context, **{k: getattr(context, k) or getattr(found, k) for k in KEYS})
    return replace(
        context, path=path, programs=(lambda: program_index(con)) if con is not None else None
    )


def program_index(con: duckdb.DuckDBPyConnection) -> ProgramIndex:
    """Program ids and titles in the warehouse, and the copies merged into them."""
    programs = con.execute("select program_id, title from core.programs").fetchall()
    aliases = con.execute(
        "select alias_id, alias_title, program_id from core.program_aliases"
    ).fetchall()
    by_title: dict[str, list[str]] = {}
    for program_id, title in programs:
        if title:
            by_title.setdefault(title.strip(), []).append(program_id)
            folded = title.strip().casefold()
            if folded != title.strip():
                by_title.setdefault(folded, []).append(program_id)
    merged: dict[str, str] = {}
    for alias_id, alias_title, program_id in aliases:
        merged[alias_id] = program_id
        if alias_title:
            merged[alias_title.strip()] = program_id
    return ProgramIndex(
        ids=frozenset(p for p, _ in programs),
        by_title={t: tuple(dict.fromkeys(ids)) for t, ids in by_title.items()},
        aliases=merged,
    )
