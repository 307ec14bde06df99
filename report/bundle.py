"""The open-data bundle: one zip of the published CSVs, data_dictionary.csv, a README with the
methodology and the suppression rule, and datapackage.json, a Frictionless Data Package naming
every file and every column's type and description.

The package and the README are generated from etl.publish.DICTIONARY, the one description of
every published column, so they cannot drift from the dictionary or from each other."""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from etl.publish import DICTIONARY, PublishedFile
from queries import privacy

# Table Schema types for the dictionary's types.
FIELD_TYPES = {"text": "string", "integer": "integer", "number": "number", "boolean": "boolean"}
DICTIONARY_FILE = "data_dictionary.csv"
PACKAGE_NAME = "community-growth-metrics"


def datapackage(k: int, created: datetime | None = None) -> dict[str, object]:
    """The Frictionless Data Package descriptor of the published files and the dictionary."""
    resources = [_resource(file) for file in DICTIONARY]
    resources.append(
        {
            "name": "data-dictionary",
            "path": DICTIONARY_FILE,
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "description": "Every published column: file, column, type, unit and definition.",
            "schema": {
                "fields": [
                    {"name": name, "type": "string", "description": description}
                    for name, description in (
                        ("file", "The published file."),
                        ("column", "The column's name in that file."),
                        ("type", "text, integer, number or boolean."),
                        ("unit", "usd, people, count, share, days, index, or blank."),
                        ("definition", "What the column holds."),
                    )
                ]
            },
        }
    )
    return {
        "name": PACKAGE_NAME,
        "title": "Community Growth Metrics: open data",
        "description": "Aggregated, privacy-safe metrics of Wikimedia Community Growth grants, "
        "programs and leadership pathways. " + privacy.rule(k),
        "licenses": [
            {
                "name": "CC0-1.0",
                "title": "CC0 1.0",
                "path": "https://creativecommons.org/publicdomain/zero/1.0/",
            }
        ],
        "created": (created or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "resources": resources,
    }


def _resource(file: PublishedFile) -> dict[str, object]:
    return {
        "name": re.sub(r"[^a-z0-9._-]", "-", file.name.removesuffix(".csv").lower()),
        "path": file.name,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "description": file.description,
        "schema": {
            "fields": [
                {
                    "name": column.name,
                    "type": FIELD_TYPES[column.type],
                    "description": column.definition,
                    **({"unit": column.unit} if column.unit else {}),
                }
                for column in file.columns
            ],
            # suppressed and unknown values are published as blank cells
            "missingValues": [""],
        },
    }


def readme(k: int, freshness: str) -> str:
    """The bundle's README: what the files are, how they are counted, the suppression rule."""
    files = "\n".join(f"- `{file.name}`: {file.description}" for file in DICTIONARY)
    return f"""# Community Growth Metrics: open data

Aggregated metrics of Wikimedia Community Growth grants, programs and leadership pathways.
Data as of {freshness}. Every column of every file is described in `{DICTIONARY_FILE}` and,
machine-readably, in `datapackage.json` (a Frictionless Data Package).

## Files

{files}

## Methodology

- Fiscal years run 1 July - 30 June and are labelled FY2023-24.
- Grants count in the fiscal year of their decision date; a grant is decided when it is funded
  or not funded. Programs and participation count in the fiscal year of the program's start.
- Regions are the 8 regions as on Meta, taken from the country of the grant, program or role.
- A grant or program with several themes counts under each theme.
- A person is their Wikimedia username, kept only as a salted hash inside the warehouse; no
  file names a person or holds a row per person. ALL rows count each person once.

## Suppression

{privacy.rule(k)}

## Licence

CC0 1.0: no rights reserved.
"""


def write(
    out: Path, csv_files: Iterable[Path], k: int, freshness: str, name: str = "open_data.zip"
) -> Path:
    """Write datapackage.json and README.md beside the CSVs in `out`, and zip them all with the
    published CSVs and the dictionary into `out/<name>`."""
    package = out / "datapackage.json"
    package.write_text(json.dumps(datapackage(k), indent=2) + "\n", encoding="utf-8")
    notes = out / "README.md"
    notes.write_text(readme(k, freshness), encoding="utf-8")
    archive = out / name
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for path in [*csv_files, package, notes]:
            z.write(path, arcname=path.name)
    return archive
