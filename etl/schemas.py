"""The canonical input files: for each kind, its columns, their types, the other names they go
by, and the key that identifies a row. Detection and validation are driven from here."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # id, text, enum:<domain>, country, region, money, count, date, themes, bool,
    #            username, fiscal_year, month
    required: bool = False
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Kind:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    detected: bool = True  # False: only source formats make it; never detected from a header

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def required(self) -> list[str]:
        return [c.name for c in self.columns if c.required]


def header_key(name: str) -> str:
    """How header names are compared: case, spacing and punctuation do not matter."""
    return re.sub(r"[^a-z0-9]+", "_", name.strip().lstrip("\ufeff").lower()).strip("_")


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind(
            "organizations",
            (
                Column("organization_id", "id", True),
                Column("name", "text", True, ("organization_name",)),
                Column("type", "enum:organization_type", False, ("organization_type",)),
                Column("country", "country", False, ("country_code",)),
                Column("recognized_date", "date", False, ("recognised_date",)),
            ),
            key=("organization_id",),
        ),
        Kind(
            "grants",
            (
                # 360Giving names (Identifier, Amount Awarded, …) are accepted as aliases.
                Column("grant_id", "id", True, ("identifier", "grant_identifier")),
                Column("title", "text", False, ("grant_title",)),
                Column("fund", "enum:fund", True, ("grant_programme_title", "grant_programme")),
                Column("status", "enum:grant_status", False, ("grant_status",)),
                Column("applicant_type", "enum:applicant_type"),
                Column("organization_id", "id", False, ("recipient_org_identifier",)),
                Column("organization_name", "text", False, ("recipient_org_name",)),
                Column("lead_username", "username", False, ("lead", "grantee_username")),
                Column(
                    "country",
                    "country",
                    True,
                    ("beneficiary_location_country_code", "recipient_org_country_code"),
                ),
                Column("region", "enum:grant_region", False, ("grant_region",)),
                Column("currency", "text"),
                Column("amount_requested", "money", False, ("amount_applied_for",)),
                Column("amount_requested_usd", "money"),
                Column("amount_awarded_usd", "money", False, ("amount_awarded",)),
                Column("submitted_date", "date", False, ("submission_date",)),
                Column("decision_date", "date", False, ("award_date",)),
                Column("start_date", "date", False, ("planned_dates_start_date",)),
                Column("end_date", "date", False, ("planned_dates_end_date",)),
                Column("themes", "themes", False, ("theme",)),
                Column("multi_year", "bool"),
            ),
            key=("grant_id",),
        ),
        Kind(
            "programs",
            (
                Column("program_id", "id", True),
                Column("title", "text"),
                Column("program_type", "enum:program_type", False, ("type",)),
                Column("themes", "themes", False, ("theme",)),
                Column("country", "country", False, ("country_code",)),
                Column("start_date", "date", True, ("start",)),
                Column("end_date", "date", False, ("end",)),
                Column("grant_id", "id"),
                Column("organization_id", "id"),
                Column("home_wiki", "text"),
            ),
            key=("program_id",),
        ),
        Kind(
            "participation",
            (
                Column("program_id", "id", True),
                Column("username", "username", True, ("user", "user_name")),
                Column("role", "enum:participation_role", True),
                Column("registered_at", "date", False, ("registration_date", "registered")),
                Column("edits", "count"),
                Column("bytes_added", "count"),
                Column("articles_created", "count"),
                Column("articles_edited", "count"),
                Column("uploads", "count"),
                Column("gender", "enum:gender"),
            ),
            key=("program_id", "username", "role"),
        ),
        Kind(
            "roles",
            (
                Column("username", "username", True, ("user", "user_name")),
                Column("role", "enum:leadership_role", True),
                Column("body", "text", True, ("committee", "organization")),
                Column("country", "country"),
                Column("start_date", "date", True, ("start",)),
                Column("end_date", "date", False, ("end",)),
            ),
            key=("username", "role", "body", "start_date"),
        ),
        Kind(
            "budgets",
            (
                Column("fiscal_year", "fiscal_year", True),
                Column("region", "region", True, ("region_code", "funding_region")),
                Column("budget_usd", "money", True, ("budget",)),
            ),
            key=("fiscal_year", "region"),
        ),
        Kind(
            "active_editors",
            (
                Column("month", "month", True),
                Column("region", "region", True, ("wmf_region", "region_code")),
                Column("active_editors", "count", True, ("total_active_editors",)),
            ),
            key=("month", "region"),
        ),
        # Dated notes that explain a change (MENA and SSA split from MEA, a fund opened): each
        # shows on the trend charts that span its date, for its region, fund or theme or all.
        Kind(
            "annotations",
            (
                Column("date", "date", True, ("note_date", "annotation_date")),
                Column("title", "text", True, ("note", "annotation")),
                Column("text", "text", False, ("description", "details")),
                Column("region", "region", False, ("region_code",)),
                Column("fund", "enum:fund"),
                Column("themes", "themes", False, ("theme",)),
            ),
            key=("date", "title"),
        ),
        # What a source reports about a program as a whole (a Dashboard course's statistics, a
        # Wiki Loves country's figures), as it counts them. A later figure replaces an earlier
        # one; a blank keeps it.
        Kind(
            "program_stats",
            (
                Column("program_id", "id", True),
                Column("participants", "count"),
                Column("new_participants", "count"),
                Column("total_edits", "count"),
                Column("total_articles_created", "count"),
                Column("total_articles_edited", "count"),
                Column("total_bytes_added", "count"),
                Column("references_added", "count"),
                Column("total_uploads", "count"),
                Column("uploads_used", "count"),
                Column("article_views", "count"),
                Column("training_completion_rate", "money"),
                Column("wikidata_items_created", "count"),
                Column("wikidata_claims_created", "count"),
                Column("wikidata_labels_added", "count"),
                Column("wikidata_descriptions_added", "count"),
                Column("wikidata_edits", "count"),
            ),
            key=("program_id",),
            detected=False,
        ),
        # A program found to be a copy of another (a Dashboard backup course): exports that
        # name the copy count under the program it copies.
        Kind(
            "program_aliases",
            (
                Column("alias_id", "id", True),
                Column("alias_title", "text"),
                Column("program_id", "id", True),
            ),
            key=("alias_id",),
            detected=False,
        ),
    )
}

# Loading a folder goes in this order, so that participation finds its programs.
LOAD_ORDER = list(KINDS)


def header_names(kind: Kind) -> dict[str, str]:
    """Every accepted header key of a kind → its canonical column name."""
    names: dict[str, str] = {}
    for column in kind.columns:
        for name in (column.name, *column.aliases):
            names[header_key(name)] = column.name
    return names
