"""The sidebar's publication-date range, typed as two plain fields.

Streamlit's calendar field sends a typed date only when focus leaves it by a click, so a
researcher who types a day and presses Enter sees nothing change. Two text fields send their
value on Enter, on Tab and on a click elsewhere alike. Reading them is pure and lives here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

FORMAT = "YYYY-MM-DD"


@dataclass(frozen=True)
class DayRange:
    """The typed bounds as understood, and one line per field that could not be read."""

    first: date | None
    last: date | None
    problems: tuple[str, ...] = ()


def parse_day(text: str) -> date | None:
    """The day typed in one field, or None when the field is empty.

    Raises ValueError with the line to show when the text is not a day.
    """
    cleaned = text.strip()
    if not cleaned:
        return None
    try:
        return date.fromisoformat(cleaned)
    except ValueError:
        raise ValueError(f"“{cleaned}” is not a date: type it as {FORMAT}.") from None


def day_range(typed_from: str, typed_to: str, bounds: tuple[date, date]) -> DayRange:
    """The range the two fields ask for, within the event's first and last day.

    A bound at or beyond the event's own edge is no bound at all (None), so an article without
    a date is never dropped by a range that covers every dated one. A field that cannot be read
    is ignored, with its line in `problems`; so is a reversed range, which would keep nothing.
    """
    problems: list[str] = []
    days: list[date | None] = []
    for label, text in (("From", typed_from), ("To", typed_to)):
        try:
            days.append(parse_day(text))
        except ValueError as error:
            problems.append(f"{label}: {error}")
            days.append(None)
    first, last = days
    if first is not None and last is not None and first > last:
        problems.append(f"From ({first}) is after To ({last}): swap them.")
        first = last = None
    if first is not None and first <= bounds[0]:
        first = None
    if last is not None and last >= bounds[1]:
        last = None
    return DayRange(first, last, tuple(problems))
