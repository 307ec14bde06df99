"""Programs & Events Dashboard (outreachdashboard.wmflabs.org) exports, as the Dashboard writes
them or re-saved by a spreadsheet: campaign courses, users with their courses (students or
instructors), a course's editors, articles and Wikidata statistics.

A course is a program whose id is its slug. The exports carry no country or theme: those come
from the context (command options or a sidecar), else the programs load with region unknown."""

from __future__ import annotations

import pandas as pd

from etl.errors import LoadError
from etl.sources.common import numbers, part, program_type
from etl.sources.model import Context, Part, SourceFormat

# Course figures that must all agree (with the dates) for one course to be a copy of another.
# Article views are left out: the Dashboard keeps counting them after a course ends.
ACTIVITY = (
    "editors",
    "new_editors",
    "articles_edited",
    "articles_created",
    "bytes_added",
    "references_added",
    "total_edits",
    "mainspace_edits",
    "upload_count",
    "uploads_used_in_articles",
)

# Course export column → program_stats column.
COURSE_STATS = {
    "editors": "participants",
    "new_editors": "new_participants",
    "total_edits": "total_edits",
    "articles_created": "total_articles_created",
    "articles_edited": "total_articles_edited",
    "bytes_added": "total_bytes_added",
    "references_added": "references_added",
    "upload_count": "total_uploads",
    "uploads_used_in_articles": "uploads_used",
    "article_views": "article_views",
    "training_completion_rate": "training_completion_rate",
}

WIKIDATA_STATS = {
    "items_created": "wikidata_items_created",
    "claims_created": "wikidata_claims_created",
    "labels_added": "wikidata_labels_added",
    "descriptions_added": "wikidata_descriptions_added",
    "total_revisions": "wikidata_edits",
}

# Words in a users export's file name that make its people facilitators (counted as organizers).
FACILITATOR_WORDS = ("instructor", "facilitator", "nonstudent", "organizer", "organiser")


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    return frame[name] if name in frame.columns else pd.Series("", index=frame.index)


def _no_country_note(context: Context, programs: int) -> str:
    if context.country or not programs:
        return ""
    return (
        f"no country given: {programs} programs load with region unknown "
        "(give --country CC or a sidecar <file>.context.toml)"
    )


def _copies(courses: pd.DataFrame) -> dict[int, int]:
    """{position of a copy: position of its original}. A copy is another course (another
    slug) with the same dates and the same activity figures, and some edits; the one created
    first (else the first in the file) is the original. A repeated row of the same course is
    not a copy: the loader rejects it as a duplicate row."""
    figures = [c for c in ("start_date", "end_date", *ACTIVITY) if c in courses.columns]
    if "total_edits" not in figures or len(figures) < 4:
        return {}
    active = courses[numbers(courses["total_edits"]).fillna(0) > 0]
    created = _column(active, "created_at")
    ordered = active.assign(_created=created).sort_values(["_created"], kind="stable")
    copies: dict[int, int] = {}
    slugs = courses["course_slug"].str.strip()
    for _, group in ordered.groupby(figures, sort=False, dropna=False):
        first, *others = group.index
        copies.update({p: first for p in others if slugs[p] != slugs[first]})
    return copies


def convert_courses(frame: pd.DataFrame, context: Context) -> list[Part]:
    """Campaign courses export → programs, their Dashboard figures, and copies merged."""
    frame = frame.reset_index(drop=True)
    slugs = frame["course_slug"].str.strip()
    titles = _column(frame, "title").str.strip()
    copies = _copies(frame)
    # A copy is written as its original's row, so that the loader counts it as a duplicate.
    shown = frame.index.map(lambda i: copies.get(i, i))
    original = frame.loc[shown].reset_index(drop=True)
    programs = part(
        "programs",
        {
            "program_id": original["course_slug"].str.strip(),
            "title": original["title"].str.strip() if "title" in frame else "",
            "program_type": program_type(_column(original, "title")),
            "themes": context.theme or "",
            "country": context.country or "",
            "start_date": _column(original, "start_date"),
            "end_date": _column(original, "end_date"),
            "home_wiki": _column(original, "home_wiki"),
        },
        frame["source_row"],
        [_no_country_note(context, len(frame) - len(copies))],
    )
    kept = frame.drop(index=list(copies))
    stats = part(
        "program_stats",
        {
            "program_id": kept["course_slug"].str.strip(),
            **{out: kept[col] for col, out in COURSE_STATS.items() if col in kept.columns},
        },
        kept["source_row"],
    )
    notes = [
        f"duplicate program: {slugs[copy]} is a copy of {slugs[orig]} (same dates and "
        "figures); loaded once, and exports that name the copy count under the original"
        for copy, orig in copies.items()
    ]
    aliases = part(
        "program_aliases",
        {
            "alias_id": slugs[list(copies)],
            "alias_title": titles[list(copies)],
            "program_id": slugs[list(copies.values())].to_numpy(),
        },
        frame["source_row"][list(copies)],
        notes,
    )
    return [programs, aliases, stats]


def _role_from_name(context: Context) -> str:
    name = context.path.name.lower() if context.path else ""
    return "facilitator" if any(w in name for w in FACILITATOR_WORDS) else "participant"


def convert_users(frame: pd.DataFrame, context: Context) -> list[Part]:
    """Campaign users export (`username,course[,registered_at]`) → participation. The role
    comes from a role column, else from the file name: an instructors export gives
    facilitators, any other gives participants."""
    index = context.program_index()
    courses = frame["course"].str.strip()
    program_ids = courses.map(lambda c: index.aliases.get(c, c))
    merged = int((program_ids != courses).sum())
    role = frame["role"] if "role" in frame.columns else _role_from_name(context)
    participation = part(
        "participation",
        {
            "program_id": program_ids,
            "username": frame["username"],
            "role": role,
            "registered_at": _column(frame, "registered_at"),
        },
        frame["source_row"],
        [f"{merged} enrolments in copied courses count under their originals" if merged else ""],
    )
    return [participation]


def convert_course_editors(frame: pd.DataFrame, context: Context) -> list[Part]:
    """One course's editors export → participation with each editor's contribution counts.
    The export does not name its course: a `course` column, else --campaign (the course's slug
    or title) names it."""
    if "course" in frame.columns:
        references = frame["course"].str.strip()
    elif context.campaign:
        references = pd.Series(context.campaign, index=frame.index)
    else:
        raise LoadError(
            context.path.name if context.path else "file",
            "a course editors export does not say which course it is from; give --campaign "
            "COURSE_SLUG (or the course title) or a sidecar <file>.context.toml",
        )
    index = context.program_index()
    program_ids = references.map(lambda r: index.resolve(r) or r)
    participation = part(
        "participation",
        {
            "program_id": program_ids,
            "username": frame["username"],
            "role": "participant",
            "registered_at": _column(frame, "registered_at"),
            "edits": _column(frame, "revisions_during_project"),
            "bytes_added": _column(frame, "mainspace_bytes_added"),
            "articles_created": _column(frame, "total_articles_created"),
            "articles_edited": _column(frame, "total_articles_edited"),
        },
        frame["source_row"],
    )
    return [participation]


def convert_articles(frame: pd.DataFrame, context: Context) -> list[Part]:
    """Campaign articles export (one row per article and course) → per course: articles
    edited and created in the main namespace, and the bytes added to them."""
    index = context.program_index()
    mainspace = numbers(frame["namespace"]).fillna(0) == 0
    created = frame["new"].str.strip().str.lower().isin(["true", "1", "yes"]) & mainspace
    work = pd.DataFrame(
        {
            "course": frame["course_slug"].str.strip(),
            "edited": mainspace.astype(int),
            "created": created.astype(int),
            "bytes": numbers(_column(frame, "characters_added")).fillna(0).where(mainspace, 0),
            "source_row": frame["source_row"],
        }
    )
    per_course = work.groupby("course", sort=False).agg(
        edited=("edited", "sum"),
        created=("created", "sum"),
        bytes=("bytes", "sum"),
        source_row=("source_row", "min"),
        articles=("source_row", "size"),
    )
    courses = per_course.index.to_series()
    stats = part(
        "program_stats",
        {
            "program_id": courses.map(lambda c: index.aliases.get(c, c)).to_numpy(),
            "total_articles_edited": per_course["edited"].to_numpy(),
            "total_articles_created": per_course["created"].to_numpy(),
            "total_bytes_added": per_course["bytes"].to_numpy(),
        },
        per_course["source_row"].to_numpy(),
        [f"{len(frame)} article rows → figures of {len(per_course)} courses"],
    )
    return [stats]


def convert_wikidata(frame: pd.DataFrame, context: Context) -> list[Part]:
    """Campaign Wikidata export (one row per course, named by its title, and a Total row) →
    Wikidata figures per course. A title that names no loaded program, or several, is rejected
    as an unknown program."""
    names = frame["course_name"].str.strip()
    total = names.str.lower() == "total"
    rows = frame[~total]
    index = context.program_index()
    program_ids = names[~total].map(lambda t: index.resolve(t) or t)
    unresolved = int((program_ids == names[~total]).sum())
    stats = part(
        "program_stats",
        {
            "program_id": program_ids,
            **{out: rows[col] for col, out in WIKIDATA_STATS.items() if col in rows.columns},
        },
        rows["source_row"],
        [
            "the Total row is the sum of the courses: not loaded" if total.any() else "",
            f"{unresolved} course titles name no loaded program (load the courses export first)"
            if unresolved
            else "",
        ],
    )
    return [stats]


FORMATS = [
    SourceFormat(
        "pe_courses",
        lambda keys: {"course_slug", "editors"} <= set(keys),
        convert_courses,
    ),
    SourceFormat(
        "pe_course_editors",
        lambda keys: {"username", "enrollment_timestamp", "revisions_during_project"} <= set(keys),
        convert_course_editors,
    ),
    SourceFormat(
        "pe_users",
        lambda keys: (
            {"username", "course"} <= set(keys)
            and set(keys) <= {"username", "course", "registered_at", "role"}
        ),
        convert_users,
    ),
    SourceFormat(
        "pe_articles",
        lambda keys: {"namespace", "course_slug", "new"} <= set(keys),
        convert_articles,
    ),
    SourceFormat(
        "pe_wikidata",
        lambda keys: {"course_name", "claims_created", "total_revisions"} <= set(keys),
        convert_wikidata,
    ),
]
