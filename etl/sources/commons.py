"""Commons upload lists: one row per uploaded file (`Item Label,Image,Author,Submission
Date,Year,…`, as the Wiki Loves Monuments UK tool writes them).

Each contest year is a program, `<campaign>-<year>-<CC>` (wiki-loves-monuments-2013-GB), from
the first to the last submission; each distinct author is a participant with their number of
uploads. The list names neither campaign nor country: they come from the context, the campaign
also from a contest named in the file or folder name (wlm-uk/…)."""

from __future__ import annotations

import pandas as pd

from etl.sources import countries
from etl.sources.common import part, slug
from etl.sources.model import Context, Part, SourceFormat
from etl.sources.wikiloves import contest_for

DATE = r"(\d{4}-\d{2}-\d{2})"


def convert_uploads(frame: pd.DataFrame, context: Context) -> list[Part]:
    """One list is one contest year: the year most of its uploads carry (the Year column, else
    the submission date). Uploads dated in other years (re-uploads and edits after the
    contest) still count for their authors; the program's dates come from the contest year's
    own submissions."""
    contest, hint = contest_for(context, "a Commons upload list")
    authors = frame["author"].str.strip()
    days = frame["submission_date"].str.extract(DATE, expand=False)
    years = frame["year"].str.strip() if "year" in frame.columns else pd.Series("", frame.index)
    years = years.mask(years == "", days.str[:4])
    authorless = authors == ""
    uploads = pd.DataFrame(
        {"year": years, "day": days, "author": authors, "source_row": frame["source_row"]}
    )[~authorless]
    if uploads.empty:
        return [part("participation", {"username": []}, [], [hint, "no uploads with an author"])]
    year = uploads["year"].mode().iloc[0]
    in_year = uploads[uploads["year"] == year]
    country = context.country or ""
    program_id = f"{slug(contest.name)}-{year}" + (f"-{country}" if country else "")
    place = f" – {countries.country_name(country)}" if country else ""
    per_author = uploads.groupby("author", as_index=False, sort=False).agg(
        uploads=("source_row", "size"), source_row=("source_row", "min")
    )
    late = len(uploads) - len(in_year)
    notes = [
        hint,
        f"{len(uploads)} uploads by {len(per_author)} authors → program {program_id}",
        f"{late} uploads dated outside {year} (re-uploads, later edits) count with the {year} "
        "contest"
        if late
        else "",
        f"{int(authorless.sum())} uploads without an author are not counted"
        if authorless.any()
        else "",
        ""
        if country
        else "no country given: the program loads with region unknown (give --country CC or "
        "a sidecar <file>.context.toml)",
    ]
    programs = part(
        "programs",
        {
            "program_id": [program_id],
            "title": [f"{contest.name} {year}{place}"],
            "program_type": "photo_contest",
            "themes": context.theme or contest.theme,
            "country": country,
            "start_date": [in_year["day"].min()],
            "end_date": [in_year["day"].max()],
            "home_wiki": "commons.wikimedia.org",
        },
        [int(in_year["source_row"].min())],
        notes,
    )
    participation = part(
        "participation",
        {
            "program_id": program_id,
            "username": per_author["author"],
            "role": "participant",
            "uploads": per_author["uploads"],
        },
        per_author["source_row"],
    )
    return [programs, participation]


FORMATS = [
    SourceFormat(
        "commons_uploads",
        lambda keys: {"author", "submission_date", "image"} <= set(keys),
        convert_uploads,
    )
]
