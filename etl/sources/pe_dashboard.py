"""Programs & Events Dashboard (outreachdashboard.wmflabs.org) exports, as the Dashboard writes
them or re-saved by a spreadsheet, with the header variants older exports have (see
`../shared/formats/pe-dashboard-header-history.csv`):

- campaign courses, a course overview and the admin system export → programs and their figures;
- campaign students and instructors (with or without their courses), a course's editors and a
  course's uploads → participation, with each person's edits, bytes, uploads and registration;
- campaign and course articles → articles edited and created, and bytes added, per course;
- campaign and course Wikidata statistics (wide, or the long `revision_type,count` form of
  2020-22) → Wikidata figures per course;
- the admin list of all courses and instructors → programs and their facilitators;
- course and campaign revisions (an export removed in 2024) → each editor's edits per course.

Exports that hold nothing this product counts (retention predictors, daily system totals,
tagged-course summaries, mentor sign-ups with e-mail addresses, ORES diffs) are recognised and
refused with a reason, not mistaken for another kind of file.

A course is a program whose id is its slug. The exports carry no country or theme: those come
from the context (command options or a sidecar), else the programs load with region unknown."""

from __future__ import annotations

from collections.abc import Callable

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


def _course_of(frame: pd.DataFrame, context: Context, export: str) -> pd.Series:
    """The course each row belongs to: a `course` column, else --campaign (the course's slug
    or title), resolved to a loaded program where it names one."""
    if "course" in frame.columns:
        references = frame["course"].str.strip()
    elif context.campaign:
        references = pd.Series(context.campaign, index=frame.index)
    else:
        raise LoadError(
            context.path.name if context.path else "file",
            f"a {export} export does not say which course it is from; give --campaign "
            "COURSE_SLUG (or the course title) or a sidecar <file>.context.toml",
        )
    index = context.program_index()
    return references.map(lambda r: index.resolve(r) or r)


def convert_course_editors(frame: pd.DataFrame, context: Context) -> list[Part]:
    """One course's editors export → participation with each editor's contribution counts and
    registration. Every variant since 2017 loads: the misspelt `userpace_bytes_added` and the
    later `global_id` and training columns are not used."""
    program_ids = _course_of(frame, context, "course editors")
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
    """Campaign articles export (one row per article and course; a course's own export names
    no course: --campaign does) → per course: articles edited and created in the main
    namespace, and the bytes added to them. The `username`/`usernames` column (renamed in
    2025) is not used: articles are counted per course, not per person."""
    index = context.program_index()
    if "course_slug" in frame.columns:
        courses = frame["course_slug"].str.strip()
    else:
        courses = _course_of(frame, context, "course articles")
    mainspace = numbers(frame["namespace"]).fillna(0) == 0
    created = frame["new"].str.strip().str.lower().isin(["true", "1", "yes"]) & mainspace
    work = pd.DataFrame(
        {
            "course": courses,
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


def convert_course_uploads(frame: pd.DataFrame, context: Context) -> list[Part]:
    """One course's uploads export (one row per file) → participation: each uploader with the
    number of their files still on Commons."""
    program_ids = _course_of(frame, context, "course uploads")
    deleted = frame["deleted"].str.strip().str.lower().isin(["true", "1", "yes"])
    work = pd.DataFrame(
        {
            "program_id": program_ids,
            "username": frame["username"].str.strip(),
            "uploads": (~deleted).astype(int),
            "source_row": frame["source_row"],
        }
    )
    people = work.groupby(["program_id", "username"], sort=False, as_index=False).agg(
        uploads=("uploads", "sum"), source_row=("source_row", "min"), files=("uploads", "size")
    )
    participation = part(
        "participation",
        {
            "program_id": people["program_id"],
            "username": people["username"],
            "role": "participant",
            "uploads": people["uploads"],
        },
        people["source_row"],
        [
            f"{len(frame)} uploaded files → {len(people)} uploaders"
            + (f" ({int(deleted.sum())} files deleted, not counted)" if deleted.any() else "")
        ],
    )
    return [participation]


def convert_students(frame: pd.DataFrame, context: Context) -> list[Part]:
    """A campaign students export without courses (`username` only): the course comes from
    --campaign. The Dashboard leaves students of private courses out."""
    program_ids = _course_of(frame, context, "students")
    return convert_users(frame.assign(course=program_ids), context)


def convert_long_wikidata(frame: pd.DataFrame, context: Context) -> list[Part]:
    """A course's Wikidata statistics as 2020-22 exports wrote them (`revision_type,count`, one
    row per kind of revision) → the same figures as the wide export."""
    types = (
        frame["revision_type"].str.strip().str.lower().str.replace(r"[^a-z0-9]+", "_", regex=True)
    )
    program_id = (
        _course_of(frame.iloc[:1], context, "course Wikidata").iloc[0] if len(frame) else ""
    )
    figures = {
        out: frame.loc[types == name, "count"].iloc[0] if (types == name).any() else ""
        for name, out in WIKIDATA_STATS.items()
    }
    first_row = frame["source_row"].iloc[:1]
    return [
        part(
            "program_stats",
            {"program_id": program_id, **figures},
            first_row,
            [f"{len(frame)} revision types → the Wikidata figures of one course"],
        )
    ]


def convert_all_courses(frame: pd.DataFrame, context: Context) -> list[Part]:
    """The admin list of all courses and instructors (one row per facilitator and one per
    wiki of each course) → one program per course and its facilitators."""
    slugs = frame["slug"].str.strip()
    first = ~slugs.duplicated()
    courses = frame[first]
    wikis = (
        frame.assign(slug=slugs)[frame["wiki"].str.strip() != ""].groupby("slug")["wiki"].first()
    )
    programs = part(
        "programs",
        {
            "program_id": slugs[first],
            "title": courses["title"].str.strip(),
            "program_type": program_type(courses["title"]),
            "themes": context.theme or "",
            "country": context.country or "",
            "start_date": courses["start"],
            "end_date": courses["end"],
            "home_wiki": slugs[first].map(wikis).fillna(""),
        },
        courses["source_row"],
        [
            f"{len(frame)} rows → {int(first.sum())} courses",
            _no_country_note(context, int(first.sum())),
        ],
    )
    facilitators = frame[frame["facilitator"].str.strip() != ""]
    participation = part(
        "participation",
        {
            "program_id": slugs[facilitators.index],
            "username": facilitators["facilitator"],
            "role": "facilitator",
        },
        facilitators["source_row"],
    )
    return [programs, participation]


def convert_revisions(frame: pd.DataFrame, context: Context) -> list[Part]:
    """A revisions export (written until December 2024; one row per edit, `course_slug` in the
    campaign version, else --campaign names the course) → participation: each editor's edits,
    characters added and articles created in the course."""
    if "course_slug" in frame.columns:
        courses = frame["course_slug"].str.strip()
    else:
        courses = _course_of(frame, context, "revisions")
    index = context.program_index()
    work = pd.DataFrame(
        {
            "program_id": courses.map(lambda c: index.aliases.get(c, c)),
            "username": frame["user"].str.strip(),
            "bytes": numbers(_column(frame, "characters_added")).fillna(0),
            "created": _column(frame, "new").str.strip().str.lower().isin(["true", "1", "yes"]),
            "source_row": frame["source_row"],
        }
    )
    people = work.groupby(["program_id", "username"], sort=False, as_index=False).agg(
        edits=("source_row", "size"),
        bytes=("bytes", "sum"),
        created=("created", "sum"),
        source_row=("source_row", "min"),
    )
    participation = part(
        "participation",
        {
            "program_id": people["program_id"],
            "username": people["username"],
            "role": "participant",
            "edits": people["edits"],
            "bytes_added": people["bytes"],
            "articles_created": people["created"],
        },
        people["source_row"],
        [f"{len(frame)} revisions → {len(people)} editors"],
    )
    return [participation]


def refuse(what: str) -> Callable[[pd.DataFrame, Context], list[Part]]:
    """A converter for an export this product does not load: it fails the file saying why."""

    def convert(frame: pd.DataFrame, context: Context) -> list[Part]:
        raise LoadError(
            context.path.name if context.path else "file",
            f"this is a Programs & Events Dashboard {what}; it holds nothing this product "
            "counts and is not loaded",
            row=1,
        )

    return convert


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
        "pe_course_uploads",
        lambda keys: {"filename", "commons_page", "username", "deleted"} <= set(keys),
        convert_course_uploads,
    ),
    SourceFormat("pe_students", lambda keys: keys == ["username"], convert_students),
    SourceFormat(
        "pe_wikidata_long",
        lambda keys: {"revision_type", "count"} <= set(keys) and len(keys) <= 3,
        convert_long_wikidata,
    ),
    SourceFormat(
        "pe_all_courses",
        lambda keys: {"course_id", "slug", "facilitator", "wiki"} <= set(keys),
        convert_all_courses,
    ),
    SourceFormat(
        "pe_revisions",
        lambda keys: {"article_title", "user", "revision_id"} <= set(keys),
        convert_revisions,
    ),
    SourceFormat(
        "pe_course_retention",
        lambda keys: {"summary", "first_course"} <= set(keys),
        refuse("course retention export (summary figures and retention predictors per student)"),
    ),
    SourceFormat(
        "pe_system_daily_stats",
        lambda keys: {"snapshot_date", "active_programs_count"} <= set(keys),
        refuse("daily system statistics export (Dashboard-wide totals)"),
    ),
    SourceFormat(
        "pe_tagged_courses",
        lambda keys: {"courses", "institution_term", "wiki_expert"} <= set(keys),
        refuse("tagged courses export (course titles without slugs or dates)"),
    ),
    SourceFormat(
        "pe_mentorship",
        lambda keys: {"real_name", "email", "course_slug"} <= set(keys),
        refuse("mentorship export (names and e-mail addresses, which must not be loaded)"),
    ),
    SourceFormat(
        "pe_ores_diff",
        lambda keys: {"article_title", "ores_before", "ores_after"} <= set(keys),
        refuse("ORES diff export (article quality scores)"),
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
        lambda keys: (
            {"namespace", "new", "edit_count"} <= set(keys)
            or {"namespace", "course_slug", "new"} <= set(keys)
        ),
        convert_articles,
    ),
    SourceFormat(
        "pe_wikidata",
        lambda keys: {"course_name", "claims_created", "total_revisions"} <= set(keys),
        convert_wikidata,
    ),
]
