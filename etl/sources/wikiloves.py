"""Wiki Loves contest statistics (Quarry results `{"meta", "headers", "rows"}` of the Wiki
Loves statistics tool): figures per country per year, and uploaders per country per year with
their account registration date.

A contest-year-country is a program, `<contest>-<year>-<CC>` (wiki-loves-africa-2025-DZ), so
that the figures file and the uploaders file join up whichever loads first. Country names map
as `countries` says; a part of a country ('Cameroon (jury)', 'Italy - Lombardy') counts with
it. `Global` rows are the contest's totals: they make no program and no people, and serve to
check the uploaders. Other names that do not map are reported: their figures are not loaded,
and their uploaders count in one `<contest>-<year>-unknown-country` program (region unknown)
unless they also uploaded for a country that year, so nobody is counted twice."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

import pandas as pd

from etl.errors import LoadError
from etl.sources import countries
from etl.sources.common import numbers, part, slug
from etl.sources.model import Context, Part, SourceFormat


@dataclass(frozen=True)
class Contest:
    name: str
    theme: str
    months: tuple[int, int] | None  # first and last month when the contest has fixed dates


# Contests by the word that names them; the months are the international contest period.
CONTESTS: dict[str, Contest] = {
    "monuments": Contest("Wiki Loves Monuments", "culture_heritage", (9, 9)),
    "earth": Contest("Wiki Loves Earth", "environment", (5, 6)),
    "africa": Contest("Wiki Loves Africa", "culture_heritage", None),
    "folklore": Contest("Wiki Loves Folklore", "culture_heritage", (2, 3)),
    "food": Contest("Wiki Loves Food", "culture_heritage", None),
    "women": Contest("Wiki Loves Women", "gender_gap", None),
}
ABBREVIATIONS = {"wlm": "monuments", "wle": "earth", "wla": "africa", "wlf": "folklore"}

GLOBAL = "global"
UNKNOWN_COUNTRY = "unknown-country"

COUNTRY_FIGURES = {
    "uploaders": "participants",
    "new_uploaders": "new_participants",
    "uploads": "total_uploads",
    "images_used": "uploads_used",
}


def contest_for(context: Context, what: str) -> tuple[Contest, str]:
    """The contest a file is about, and a note when it was taken from the file's name: the
    campaign given, else a contest named in the file or folder name (africa_…, wlm-uk/…)."""
    if context.campaign:
        words = re.findall(r"[a-z]+", context.campaign.lower())
        known = next((CONTESTS[w] for w in words if w in CONTESTS), None)
        theme, months = (known.theme, known.months) if known else ("culture_heritage", None)
        return Contest(context.campaign, theme, months), ""
    path = context.path
    words = re.findall(r"[a-z]+", f"{path.parent.name} {path.stem}".lower()) if path else []
    for word in words:
        key = ABBREVIATIONS.get(word, word)
        if key in CONTESTS:
            contest = CONTESTS[key]
            return contest, (
                f"campaign '{contest.name}' taken from the file name (give --campaign to say "
                "otherwise)"
            )
    raise LoadError(
        path.name if path else "file",
        f"{what} does not say which contest it is from; give --campaign NAME (e.g. "
        "'Wiki Loves Monuments') or a sidecar <file>.context.toml",
    )


def program_dates(contest: Contest, years: pd.Series) -> tuple[pd.Series, pd.Series]:
    """First and last day of each contest year: the contest's months, else the whole year."""
    first, last = contest.months or (1, 12)
    starts = years.map(lambda y: f"{int(y):04d}-{first:02d}-01")
    ends = years.map(lambda y: f"{int(y):04d}-{last:02d}-{calendar.monthrange(int(y), last)[1]}")
    return starts, ends


def program_ids(contest: Contest, years: pd.Series, codes: pd.Series) -> pd.Series:
    prefix = slug(contest.name)
    return prefix + "-" + years.astype(str) + "-" + codes


def programs_part(
    contest: Contest, context: Context, places: pd.DataFrame, notes: list[str]
) -> Part:
    """One program per contest year and country (code), or per year with country unknown
    (code UNKNOWN_COUNTRY); `places` has year, code and source_row."""
    unknown = places["code"] == UNKNOWN_COUNTRY
    names = places["code"].map(
        lambda c: "country unknown" if c == UNKNOWN_COUNTRY else countries.country_name(c)
    )
    starts, ends = program_dates(contest, places["year"])
    return part(
        "programs",
        {
            "program_id": program_ids(contest, places["year"], places["code"]),
            "title": contest.name + " " + places["year"].astype(str) + " – " + names,
            "program_type": "photo_contest",
            "themes": context.theme or contest.theme,
            "country": places["code"].mask(unknown, ""),
            "start_date": starts,
            "end_date": ends,
            "home_wiki": "commons.wikimedia.org",
        },
        places["source_row"],
        notes,
    )


def _places(frame: pd.DataFrame, context: Context) -> pd.DataFrame:
    """Each row's year, country code (None when its name does not map), whether it is a
    Global row, and whether its name is only a part of the country."""
    names = frame["country"].str.strip()
    if context.country:
        names = names.mask(names == "", context.country)
    matches = {name: countries.match(name) for name in names.unique()}
    years = numbers(frame["year"])
    if years.isna().any():
        row = int(frame["source_row"][years.isna()].iloc[0])
        value = frame["year"][years.isna()].iloc[0]
        raise LoadError(
            context.path.name if context.path else "file",
            f"'{value}' is not a contest year",
            row=row,
            column="year",
        )
    return pd.DataFrame(
        {
            "name": names,
            "year": years.astype(int),
            "code": names.map({n: m.code for n, m in matches.items()}),
            "part_of_country": names.map({n: not m.exact for n, m in matches.items()}),
            "is_global": names.str.lower() == GLOBAL,
            "source_row": frame["source_row"],
        },
        index=frame.index,
    )


def _mapping_notes(places: pd.DataFrame, unmapped_rule: str) -> list[str]:
    named = places[~places["is_global"]]
    unmapped = sorted(named.loc[named["code"].isna(), "name"].unique())
    # Per-uploader categories ('Spain by <user>') name a person: never shown.
    shown = [n for n in unmapped if " by " not in n]
    hidden = len(unmapped) - len(shown)
    notes = []
    if unmapped:
        text = ", ".join(shown)
        if hidden:
            text += f" and {hidden} per-uploader categories"
        notes.append(f"unmapped countries ({unmapped_rule}): {text}")
    parts = named[named["code"].notna() & named["part_of_country"]]
    examples = [n for n in parts["name"].unique() if " by " not in n][:3]
    if len(parts):
        shown_examples = ", ".join(
            f"'{n}' → {parts.loc[parts['name'] == n, 'code'].iloc[0]}" for n in examples
        )
        notes.append(
            f"{parts['name'].nunique()} names count as part of their country, e.g. {shown_examples}"
        )
    return notes


def convert_countries(frame: pd.DataFrame, context: Context) -> list[Part]:
    """Figures per country per year → programs and their figures. A country's figures are
    the largest among the rows that count for it (its parts repeat its files)."""
    contest, hint = contest_for(context, "a Wiki Loves statistics file")
    places = _places(frame, context)
    mapped = places[places["code"].notna() & ~places["is_global"]]
    figures = pd.DataFrame(
        {out: numbers(frame[col]) for col, out in COUNTRY_FIGURES.items() if col in frame.columns}
    ).loc[mapped.index]
    grouped = pd.concat([mapped[["year", "code", "source_row"]], figures], axis=1).groupby(
        ["year", "code"], as_index=False, sort=False
    )
    per_program = grouped.agg({"source_row": "min", **{c: "max" for c in figures.columns}})
    notes = [hint, *_mapping_notes(places, "their figures are not loaded")]
    globals_ = places["is_global"].sum()
    if globals_:
        notes.append(f"{globals_} Global rows are the contest totals: no program is made of them")
    programs = programs_part(contest, context, per_program, notes)
    stats = part(
        "program_stats",
        {
            "program_id": program_ids(contest, per_program["year"], per_program["code"]),
            **{c: per_program[c] for c in figures.columns},
        },
        per_program["source_row"],
    )
    return [programs, stats]


def convert_uploaders(frame: pd.DataFrame, context: Context) -> list[Part]:
    """Uploaders per country per year → programs and participation (uploads, registration)."""
    contest, hint = contest_for(context, "a Wiki Loves uploaders file")
    places = _places(frame, context)
    people = pd.DataFrame(
        {
            "year": places["year"],
            "code": places["code"],
            "uploader": frame["uploader"].str.strip(),
            "uploads": numbers(frame["images"]) if "images" in frame else pd.NA,
            "registered_at": frame.get("registration", ""),
            "source_row": frame["source_row"],
        }
    )[~places["is_global"] & (frame["uploader"].str.strip() != "")]
    counted = people[people["code"].notna()]
    elsewhere = people[people["code"].isna()]
    # Uploaders of unmapped names count once a year, and only if no country counts them.
    seen = pd.MultiIndex.from_frame(counted[["year", "uploader"]])
    elsewhere = elsewhere[~pd.MultiIndex.from_frame(elsewhere[["year", "uploader"]]).isin(seen)]
    people = pd.concat([counted, elsewhere.assign(code=UNKNOWN_COUNTRY)])
    per_person = people.groupby(["year", "code", "uploader"], as_index=False, sort=False).agg(
        uploads=("uploads", "max"),
        registered_at=("registered_at", lambda r: next((v for v in r if v), "")),
        source_row=("source_row", "min"),
    )
    per_program = per_person.groupby(["year", "code"], as_index=False, sort=False).agg(
        source_row=("source_row", "min")
    )
    notes = [
        hint,
        *_mapping_notes(
            places, "their uploaders count in a country-unknown program unless a country has them"
        ),
        _global_check(frame, places),
    ]
    programs = programs_part(contest, context, per_program, notes)
    participation = part(
        "participation",
        {
            "program_id": program_ids(contest, per_person["year"], per_person["code"]),
            "username": per_person["uploader"],
            "role": "participant",
            "registered_at": per_person["registered_at"],
            "uploads": per_person["uploads"],
        },
        per_person["source_row"],
    )
    return [programs, participation]


def uploaders_per_year(frame: pd.DataFrame) -> pd.DataFrame:
    """Per year: distinct uploaders of the non-Global rows and of the Global rows."""
    names = frame["country"].str.strip().str.lower()
    work = pd.DataFrame({"year": numbers(frame["year"]), "uploader": frame["uploader"].str.strip()})
    counted = work[names != GLOBAL].groupby("year")["uploader"].nunique()
    global_ = work[names == GLOBAL].groupby("year")["uploader"].nunique()
    return pd.DataFrame({"counted": counted, "global": global_}).dropna().astype(int)


def _global_check(frame: pd.DataFrame, places: pd.DataFrame) -> str:
    if not places["is_global"].any():
        return ""
    years = uploaders_per_year(frame)
    gap = (years["counted"] - years["global"]).abs() / years["global"]
    worst = gap.idxmax()
    return (
        f"uploaders per year agree with the Global rows within {gap.max():.1%} (largest gap "
        f"{worst}: {years.loc[worst, 'counted']} counted, {years.loc[worst, 'global']} Global)"
    )


FORMATS = [
    SourceFormat(
        "wikiloves_countries",
        lambda keys: {"year", "country", "uploads", "uploaders"} <= set(keys),
        convert_countries,
    ),
    SourceFormat(
        "wikiloves_uploaders",
        lambda keys: {"year", "country", "uploader"} <= set(keys),
        convert_uploaders,
    ),
]
