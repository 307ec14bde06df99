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


def one_line(error: BaseException) -> str:
    """An unforeseen error in one line: its kind and the first line of its message, never a
    traceback. DuckDB's errors already name their kind."""
    text = str(error).strip().splitlines()[0][:300] if str(error).strip() else ""
    if type(error).__module__.startswith("duckdb") or text.split(" Error: ")[0].endswith("Error"):
        return text or type(error).__name__
    return f"{type(error).__name__}: {text}" if text else type(error).__name__
