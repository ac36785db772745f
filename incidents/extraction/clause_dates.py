"""The day of a clause's events: time words of the clause and sentence, the running day, sieges dated to their start."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from . import lexicon
from .dates import NEXT_DAY, TimeExpression
from .events import _SINCE_BEFORE, Trigger
from .records import _State
from .textnorm import FoldedText
from .textnorm import compile_folded as _rx


@dataclass(frozen=True)
class _FoldedTime:
    start: int
    end: int
    expression: TimeExpression
    since: bool = False  # "منذ مساء الجمعة": the start of something that went on

    @property
    def date(self) -> dt.date | None:
        return self.expression.date

    @property
    def precision(self) -> str:
        return self.expression.precision

    @property
    def vague(self) -> bool:
        return self.expression.vague

    @property
    def background(self) -> bool:
        return self.expression.background

    @property
    def future(self) -> bool:
        return self.expression.future


def _folded_time(expression: TimeExpression, folded: FoldedText) -> _FoldedTime:
    start = folded.to_folded(expression.start)
    # "منذ مساء الجمعة": the event began that day and went on; only a siege is dated to when it was imposed.
    since = bool(_SINCE_BEFORE.search(folded.folded[max(0, start - 12):start]))
    return _FoldedTime(start, folded.to_folded(expression.end), expression, since)


def _choose_date(start: int, end: int, kinds: list[tuple[Trigger, str]], times: list[_FoldedTime],
                 running: tuple[dt.date | None, str]) -> tuple[dt.date | None, str, bool]:
    """The day of a clause's events: its own time words, else its sentence's, else the running day.

    The third value tells whether the day is the start of something that went on (منذ مساء الجمعة).
    """
    relevant = [time for time in times if not (time.background or time.future)]
    anchor = kinds[0][0].start if kinds else start
    inside = [time for time in relevant if start <= time.start < end]
    if inside:
        # The time word nearest before the event word governs it; else the first one after it.
        before = [time for time in inside if time.start <= anchor]
        chosen = before[-1] if before else inside[0]
        if chosen.precision == NEXT_DAY:
            if running[0] is None or running[1] != "day":
                return None, "", False
            return running[0] + dt.timedelta(days=1), "day", False
        if chosen.vague or chosen.date is None:
            return None, "", False
        return chosen.date, chosen.precision, chosen.since
    # Else the time of an earlier clause of the sentence, else the day the report is on.
    before = [time for time in relevant if time.date is not None and not time.vague and not time.since
              and time.start < start]
    if before:
        return before[-1].date, before[-1].precision, False
    return running[0], running[1], False


def _in_story_year(expression: TimeExpression, state: _State) -> TimeExpression:
    """A day and month written without a year, in a story told about an earlier year ("فجر 23 آذار 2011 ... وفي
    الخامس والعشرين من نيسان"), is in the year of the story's running day, not of the publication."""
    running, running_precision = state.running_date
    # Only a day the story is on moves the year; a month or year named in passing ("اتفاق تموز 2018") does not.
    if not expression.year_inferred or expression.date is None or running is None or running_precision != "day":
        return expression
    if abs((expression.date - running).days) <= 183:
        return expression
    candidates = [
        day for year in (running.year - 1, running.year, running.year + 1)
        if (day := _safe_day(year, expression.date.month, expression.date.day)) is not None
        and (state.published_on is None or day <= state.published_on)
    ]
    if not candidates:
        return expression
    nearest = min(candidates, key=lambda day: abs((day - running).days))
    return dataclasses.replace(expression, date=nearest)


def _safe_day(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


# Imposing a siege, setting up a checkpoint ("الحاجز الذي أقامته القوات الثلاثاء"), with any object pronoun.
_IMPOSED = _rx(
    r"(?<![\w])[وف]?(?:" + lexicon.alternation("imposition_verbs", "imposition_verbs") + r")(?![\w])"
)


def _imposition_day(text: str, times: list[_FoldedTime], date: dt.date | None, precision: str
                    ) -> tuple[dt.date | None, str]:
    """A siege or checkpoint still in place is dated to when it was imposed or set up, when the sentence says so
    ("بعدما فرضت يوم الأحد طوقاً"، "لا يزال الحاجز الذي نصبته الفرقة الأحد")."""
    for match in _IMPOSED.finditer(text):
        for time in times:
            if (match.start() <= time.start <= match.end() + 40 and time.date is not None and not time.vague
                    and not time.future and time.precision == "day"):
                return time.date, time.precision
    return date, precision
