"""The one kind of error a load reports: a whole file refused, said in one actionable line."""

from __future__ import annotations


class LoadError(Exception):
    """A file that cannot be loaded at all. The warehouse is left exactly as it was."""

    def __init__(self, file: str, message: str, row: int | None = None, column: str | None = None):
        self.file, self.row, self.column, self.message = file, row, column, message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column '{self.column}'")
        return ", ".join(where) + f": {self.message}"
