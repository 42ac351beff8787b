"""The errors hrss-compare raises for bad input; the CLI turns them into one line and exit 1."""

from __future__ import annotations


class HrssCompareError(Exception):
    """Base class: something in the user's input is wrong, and the message says what to fix."""


class DataError(HrssCompareError):
    """A data file is unreadable or does not follow the schema."""

    def __init__(
        self,
        path: str,
        message: str,
        *,
        line: int | None = None,
        column: int | None = None,
        problems: tuple[DataError, ...] = (),
    ) -> None:
        self.path = path
        self.message = message
        self.line = line
        self.column = column
        self.problems: tuple[DataError, ...] = problems or (self,)
        super().__init__(self.location() + ": " + message)

    def location(self) -> str:
        """``path``, ``path:line`` or ``path:line:column``."""
        parts = [self.path]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)
