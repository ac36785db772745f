"""Time expressions in Arabic news text, resolved against the publication date."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import partial

from . import lexicon
from .prefilter import compile_guarded
from .textnorm import compile_folded as _rx
from .textnorm import fold, fold_with_offsets

_LEXICON = "time_words"
# The lexicon's readers bound to this module's file: an alternation of kinds, a kind's folded forms, valued kinds.
_alternation = partial(lexicon.alternation, _LEXICON)
_folded = partial(lexicon.folded_forms, _LEXICON)
_valued = partial(lexicon.valued, _LEXICON)


def _as_written(*kinds: str) -> str:
    """The forms of these kinds, folded, in file order, with one space between words (not \\s+): the words found are
    compared with these."""
    return "(?:" + "|".join(fold(form) for kind in kinds for form in lexicon.forms(_LEXICON, kind)) + ")"


_MONTH_BY_FOLDED = _valued("month")
# Month names that are also ordinary words (father, he practised...) count only with a day number or a year.
_AMBIGUOUS_MONTHS = _folded("ambiguous_month")
_MONTH = "(?:" + "|".join(sorted(map(re.escape, _MONTH_BY_FOLDED), key=len, reverse=True)) + ")"

WEEKDAYS: dict[str, int] = _valued("weekday")  # 0 = Monday
# الاثنين is also "the two", الأحد "anyone": alone, they are no date.
_AMBIGUOUS_WEEKDAYS = _folded("ambiguous_weekday")
_WEEKDAY = "(?:" + "|".join(sorted(map(re.escape, WEEKDAYS), key=len, reverse=True)) + ")"
_PAST_QUALIFIER = "(?:" + _alternation("past_qualifier") + ")"
_FUTURE_QUALIFIER = "(?:" + _alternation("future_qualifier") + ")"

_YEAR_WORD = "(?:" + _alternation("year_word") + ")"
_PERIOD_PAST = _folded("period_past")
_PERIOD_CURRENT = _folded("period_current")
_QUALIFIER = "(?:" + _alternation("period_past", "period_current") + ")"
_PROCLITIC = r"(?<![\w])[وفبل]?"


_DIGIT = re.compile(r"\d")
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?!\d)")  # year first: 2011/04/29 too
_NUMERIC_DATE = re.compile(r"(?<!\d)(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?!\d)")
_DAY_MONTH = compile_guarded(
    rf"(?<![\d\w])(\d{{1,2}})\s*(?:{fold('من')}\s+)?(?:{fold('شهر')}\s+)?[وبل]?(?P<m1>{_MONTH})(?![\w])"
    rf"(?:\s*[/\-–(]\s*(?P<m2>{_MONTH})(?:\s*[/\-–]\s*(?P<m3>{_MONTH}))?\s*\)?)?"
    rf"(?:\s*[،,]?\s*(?:{fold('من')}\s+)?(?:{_YEAR_WORD}\s+)?(?P<year>\d{{4}})(?!\d))?"
    rf"(?:\s*(?:{fold('من')}\s+{_YEAR_WORD}\s+)?(?P<qual>{_QUALIFIER}))?"
)
# What every pattern with a month's name needs: when a text has none, those patterns are not tried.
_MONTH_NAME = compile_guarded(rf"(?:{_MONTH})(?![\w])")
# "في الخامس والعشرين من نيسان"، "يوم الثامن عشر من آذار 2011": the day written as an ordinal word.
_ORDINAL_UNITS = _valued("ordinal")
_ORDINAL_TENS = _valued("ordinal_ten")
_ORDINAL_UNIT = "(?:" + "|".join(sorted(map(re.escape, _ORDINAL_UNITS), key=len, reverse=True)) + ")"
_ORDINAL_TEN = "(?:" + "|".join(map(re.escape, _ORDINAL_TENS)) + ")"
_ORDINAL_DAY_MONTH = compile_guarded(
    rf"(?<![\w])(?:(?P<unit>{_ORDINAL_UNIT})(?:\s+(?P<teen>{_alternation('ordinal_teen')})|\s+{fold('و')}(?P<ten>{_ORDINAL_TEN}))?"
    rf"|(?P<tens>{_ORDINAL_TEN}))"
    rf"\s+{fold('من')}\s+(?:{fold('شهر')}\s+)?(?P<m1>{_MONTH})(?![\w])"
    rf"(?:\s*[/\-–(]\s*{_MONTH}\s*\)?)?"
    rf"(?:\s*[،,]?\s*(?:{fold('من')}\s+)?(?:{_YEAR_WORD}\s+)?(?P<year>\d{{4}})(?!\d))?"
)
# "في آذار": a month; "مطلع آذار": a position in it, a date even without a year.
_MONTH_SPAN = _folded("month_span")
_MONTH_ONLY = compile_guarded(
    rf"(?:(?P<pos>{_alternation('month_position', 'month_span')})\s+)?"
    rf"(?:(?P<shahr>{fold('شهر')})\s+)?{_PROCLITIC}(?P<m1>{_MONTH})(?![\w])"
    rf"(?:\s*[/\-–(]\s*(?P<m2>{_MONTH})\s*\)?)?"
    rf"(?:\s*[،,]?\s*(?:{fold('من')}\s+)?(?:{_YEAR_WORD}\s+)?(?P<year>\d{{4}})(?!\d)"
    rf"|\s*(?:{fold('من')}\s+{_YEAR_WORD}\s+)?(?P<qual>{_QUALIFIER}))?"
)
_YEAR_ONLY = compile_guarded(
    rf"{_PROCLITIC}{_YEAR_WORD}\s+(?:(?P<year>\d{{4}})(?!\d)|(?P<qual>{_QUALIFIER}))"
)
_DAYPART = _as_written("daypart")
# The days back from publication of اليوم، أمس، أول أمس.
_DAYS_BACK = _valued("days_back")
_RELATIVE_DAY = _as_written("days_back_2", "days_back_0", "days_back_1")
_RELATIVE = compile_guarded(
    rf"{_PROCLITIC}(?:(?P<midnight>(?:{fold('بعد')}\s+)?{fold('منتصف')}\s+(?:ال)?(?:{fold('ليلة|ليل')}))\s+"
    rf"|(?P<part>{_DAYPART})\s+)?"
    rf"(?:(?P<yawm>{_alternation('day_word')})\s+)?"
    rf"(?:(?P<rel>{_RELATIVE_DAY})(?![\w])(?:\s+(?:{fold('يوم')}\s+)?(?P<wd1>{_WEEKDAY})(?![\w]))?"
    rf"|(?P<wd2>{_WEEKDAY})(?![\w])(?:\s+(?P<past>{_PAST_QUALIFIER})(?![\w])|\s+(?P<next>{_FUTURE_QUALIFIER}))?)"
)
# After اليوم these make it "the first day", "the next day"...: not today.
_NOT_TODAY_AFTER = compile_guarded(r"\s+(?:" + _alternation("not_today_after") + ")")
_BARE_WEEKDAY_BEFORE = re.compile(r"(?:^|[،,(:]|(?<![\w])(?:" + _alternation("weekday_preposition") + r"))\s*$")
_LAST_MONTH = compile_guarded(
    _PROCLITIC + fold("الشهر") + rf"\s+(?P<qual>{_QUALIFIER})(?![\w])"
)
_HOURS_PAST = compile_guarded(
    "(?:" + _alternation("hours_preposition") + r")\s+(?:ال)?" + fold("ساعات") + r"\s+(?:ال)?(?:\d+\s+)?"
    + _as_written("hours_past")
)
# A vague or ongoing time (the event gets no date): قبل أيام، قبل عدة أسابيع، منذ أشهر، خلال الأيام الماضية،
# مستمرة، لا يزال، يومياً، لليوم الثالث، الأسبوع الماضي.
_VAGUE = compile_guarded(
    r"(?<![\w])[وف]?(?:"
    + fold("قبل") + r"\s+(?:" + _alternation("ago_vague") + "|"
    + "(?:" + _alternation("ago_few") + r")\s+\w+|\d+\s+(?:" + _alternation("ago_unit") + "))"
    + "|" + fold("منذ") + r"\s+(?:" + _alternation("since_vague") + r"|\d+)"
    + "|(?:" + _alternation("span_preposition") + r")?\s*(?:ال)?(?:" + _alternation("span_noun") + r")\s+"
    + "(?:" + _alternation("span_past") + ")"
    + "|(?:ال)?(?:" + _alternation("ongoing") + r")(?![\w])|" + _alternation("still")
    + "|" + _alternation("habitual") + "|" + fold("لليوم") + r"\s+ال\w+"
    + "|(?:ال)?" + fold("أسبوع") + r"\s+(?:" + _alternation("week_past") + ")"
    + "|(?:ال)?" + fold("أسابيع") + r"\s+(?:" + _alternation("weeks_past") + ")"
    + ")"
)
# "وفي اليوم التالي": the day after the one the report was on (precision NEXT_DAY, resolved per clause).
_NEXT_DAY = compile_guarded(
    r"(?<![\w])[وف]?(?:" + fold("في") + r"\s+)?(?:ال)?(?:" + _alternation("next_day_noun") + r")\s+(?:ال)?(?:"
    + _alternation("next_day_adjective") + r")(?![\w])"
)
NEXT_DAY = "next_day"
# "قبل يومين"، "قبل 3 أيام"، "قبل 11 يوماً": a counted number of days back (not the vague "قبل أيام").
_DAYS_AGO = compile_guarded(
    _PROCLITIC + fold("قبل") + r"\s+(?:" + fold("يومين") + r"|(?P<n>\d{1,2})\s+(?:" + _alternation("day_unit")
    + r"))(?![\w])"
)
_FIRST_TIME_SINCE = _rx(r"لأول\s+مرة\s*$")
_SINCE_BEFORE = _rx(r"(?<![\w])منذ(?![\w])")
_FUTURE_CUE = compile_guarded(r"(?<![\w])(?:" + _alternation("future_cue") + r")(?![\w])")


@dataclass(frozen=True)
class TimeExpression:
    """A time expression found in a text, with the day (or month, year) it points to."""

    start: int
    end: int
    text: str
    date: dt.date | None
    precision: str  # "day", "month", "year"; "" for a vague or ongoing expression; NEXT_DAY for "the day after"
    vague: bool = False  # ongoing, spanning days, or vaguely placed: the event gets no date
    background: bool = False  # "since 2011": the time of something else, not of the event
    future: bool = False  # a planned meeting, "next Sunday"
    year_inferred: bool = False  # a day and month written without a year: the year was taken from publication


# Relative expressions reach at most a year back and a week ahead of the publication date.
_ANCHOR_MIN, _ANCHOR_MAX = dt.date(dt.MINYEAR + 1, 1, 1), dt.date(dt.MAXYEAR, 12, 1)


def resolve_weekday(weekday: int, published_on: dt.date, *, strictly_before: bool = False) -> dt.date:
    """The latest day with this weekday (0 = Monday) on or before the publication date."""
    back = (published_on.weekday() - weekday) % 7
    if back == 0 and strictly_before:
        back = 7
    return published_on - dt.timedelta(days=back)


def _infer_year(month: int, day: int, published_on: dt.date | None) -> int | None:
    """The year of a day-month date written without one: the publication year, or the year before if that is later."""
    if published_on is None:
        return None
    year = published_on.year
    candidate = _safe_date(year, month, day)
    if candidate is not None and candidate > published_on:
        year -= 1
    return year


_WEEKDAY_BEFORE = compile_guarded(rf"(?<![\w])[وف]?(?:{fold('يوم')}\s+)?(?P<wd>{_WEEKDAY})\s*[،,]?\s*$")
_YEAR_NAMED = compile_guarded(r"(?<!\d)(?:19[89]\d|20\d\d)(?!\d)")


def year_floor(text: str) -> int | None:
    """The latest year an article names (an article is written in or after every year it speaks of), if any."""
    years = [int(match.group(0)) for match in _YEAR_NAMED.finditer(text)]
    return max(years) if years else None


def _first_year_on_weekday(month: int, day: int, weekday: int, floor: int) -> int | None:
    """The first year from ``floor`` on in which the day of the month falls on the weekday (within 12 years)."""
    for year in range(floor, floor + 12):
        date = _safe_date(year, month, day)
        if date is not None and date.weekday() == weekday:
            return year
    return None


def _month_of(name: str | None) -> int | None:
    """The month number of a folded month name."""
    return _MONTH_BY_FOLDED.get(name) if name else None


def find_time_expressions(text: str, published_on: dt.date | None, *,
                          year_floor: int | None = None) -> list[TimeExpression]:
    """Every time expression in a text, resolved against the publication date where that is possible.

    Without a publication date, a weekday with its day and month ("الإثنين 28 تشرين الأول") is dated in the first year
    from ``year_floor`` (the latest year the article names) on which that day is that weekday.
    """
    if published_on is not None and not _ANCHOR_MIN <= published_on <= _ANCHOR_MAX:
        # A day or a year back or ahead of a date at the calendar's ends would not exist: nothing is anchored on it.
        published_on = None
    folded = fold_with_offsets(text)
    found: list[tuple[int, int, dt.date | None, str, bool]] = []  # folded start, end, date, precision, vague
    inferred: set[int] = set()  # starts of day-month dates whose year was inferred
    taken: list[tuple[int, int]] = []

    def overlaps(start: int, end: int) -> bool:
        return any(start < other_end and other_start < end for other_start, other_end in taken)

    def add(start: int, end: int, date: dt.date | None, precision: str, vague: bool = False) -> None:
        if not overlaps(start, end):
            taken.append((start, end))
            found.append((start, end, date, precision, vague))

    source = folded.folded
    digits = _DIGIT.search(source) is not None  # what the numeric dates need
    for match in _ISO_DATE.finditer(source) if digits else ():
        date = _safe_date(int(match.group(1)), int(match.group(3)), int(match.group(4)))
        if date:
            add(match.start(), match.end(), date, "day")
    for match in _NUMERIC_DATE.finditer(source) if digits else ():
        date = _safe_date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        if date:
            add(match.start(), match.end(), date, "day")

    def add_day_month(match: re.Match[str], month: int, day: int) -> None:
        year = int(match.group("year")) if match.group("year") else _infer_year(month, day, published_on)
        if year is None and published_on is None and year_floor is not None:
            weekday = _WEEKDAY_BEFORE.search(source, 0, match.start())
            if weekday is not None:
                year = _first_year_on_weekday(month, day, WEEKDAYS[weekday.group("wd")], year_floor)
        date = _safe_date(year, month, day) if year else None
        add(match.start(), match.end(), date, "day" if date else "")
        if not match.group("year"):
            inferred.add(match.start())

    month_named = _MONTH_NAME.search(source) is not None
    for match in _DAY_MONTH.finditer(source) if month_named else ():
        month = _month_of(match.group("m1"))
        day = int(match.group(1))
        if month is None or not 1 <= day <= 31:
            continue
        add_day_month(match, month, day)
    for match in _ORDINAL_DAY_MONTH.finditer(source) if month_named else ():
        month = _month_of(match.group("m1"))
        if match.group("tens"):
            day = _ORDINAL_TENS[match.group("tens")]
        else:
            day = _ORDINAL_UNITS[match.group("unit")]
            if match.group("teen"):
                day += 10
            elif match.group("ten"):
                day += _ORDINAL_TENS[match.group("ten")]
        if month is None or day > 31 or (day == 10 and match.group("teen")):
            continue
        add_day_month(match, month, day)
    for match in _MONTH_ONLY.finditer(source) if month_named else ():
        name = match.group("m1")
        month = _month_of(name)
        if month is None:
            continue
        has_cue = bool(match.group("shahr") or match.group("m2") or match.group("year") or match.group("qual"))
        positional = match.group("pos") and match.group("pos") not in _MONTH_SPAN
        if name in _AMBIGUOUS_MONTHS and not (match.group("m2") or match.group("year") or match.group("shahr")):
            continue
        if not (has_cue or positional or (match.group("pos") and name not in _AMBIGUOUS_MONTHS)):
            continue
        year = _month_year(month, match.group("year"), match.group("qual"), published_on)
        date = dt.date(year, month, 1) if year else None
        add(match.start(), match.end(), date, "month" if date else "")
    for match in _YEAR_ONLY.finditer(source):
        if match.group("year"):
            year = int(match.group("year"))
        elif published_on is not None:
            qualifier = match.group("qual")
            year = published_on.year - 1 if qualifier in _PERIOD_PAST else (
                published_on.year
            )
        else:
            continue
        if 1900 <= year <= 2100:
            add(match.start(), match.end(), dt.date(year, 1, 1), "year")
    for match in _LAST_MONTH.finditer(source):
        if published_on is not None:
            qualifier = match.group("qual")
            year, month = published_on.year, published_on.month
            if qualifier not in _PERIOD_CURRENT:
                year, month = (year, month - 1) if month > 1 else (year - 1, 12)
            add(match.start(), match.end(), dt.date(year, month, 1), "month")
    for match in _HOURS_PAST.finditer(source):
        add(match.start(), match.end(), published_on, "day" if published_on else "")
    for match in _DAYS_AGO.finditer(source):
        if published_on is not None and (match.group("n") is None or int(match.group("n")) > 0):
            back = 2 if match.group("n") is None else int(match.group("n"))
            add(match.start(), match.end(), published_on - dt.timedelta(days=back), "day")
    for match in _NEXT_DAY.finditer(source):
        add(match.start(), match.end(), None, NEXT_DAY)
    for match in _VAGUE.finditer(source):
        if match.group(0).strip().startswith(fold("منذ")) and _FIRST_TIME_SINCE.search(source[: match.start()]):
            continue
        add(match.start(), match.end(), None, "", vague=True)
    for match in _RELATIVE.finditer(source):
        resolved = _resolve_relative(match, source, published_on)
        if resolved is not None:
            add(match.start(), match.end(), *resolved)

    expressions = []
    for start, end, date, precision, vague in sorted(found):
        orig_start, orig_end = folded.to_original(start, end)
        # Skip leading spaces/proclitic-only noise in the span.
        window = source[max(0, start - 40): start]
        background = bool(precision in ("year", "month") and _SINCE_BEFORE.search(_last_words(window, 6)))
        future = bool(
            (date is not None and published_on is not None and date > published_on)
            or _FUTURE_CUE.search(_last_words(source[max(0, start - 160): start], 16))
        )
        expressions.append(
            TimeExpression(
                orig_start, orig_end, text[orig_start:orig_end], date, precision, vague, background, future,
                start in inferred
            )
        )
    return expressions


def _last_words(text: str, count: int) -> str:
    """The last few words of a text (to look for a cue just before an expression)."""
    words = text.split()
    return " ".join(words[-count:])


def _month_year(month: int, year: str | None, qualifier: str | None, published_on: dt.date | None) -> int | None:
    """The year of a month expression: written, or relative to the publication date."""
    if year:
        return int(year)
    if published_on is None:
        return None
    if qualifier in _PERIOD_PAST and qualifier is not None:
        # "يوليو من العام الفائت" and "يونيو الماضي" both point back; the month alone decides which year.
        return published_on.year - 1 if month >= published_on.month else published_on.year
    if qualifier in _PERIOD_CURRENT:
        return published_on.year
    return published_on.year if month <= published_on.month else published_on.year - 1


def _resolve_relative(
    match: re.Match[str], source: str, published_on: dt.date | None
) -> tuple[dt.date | None, str] | None:
    """Date and precision of a relative expression (اليوم، أمس الجمعة، فجر الأحد، الأحد الماضي), None to skip it."""
    relative = match.group("rel")
    weekday_name = match.group("wd1") or match.group("wd2")
    today = relative is not None and _DAYS_BACK[relative] == 0
    if today and _NOT_TODAY_AFTER.match(source, match.end()) and not match.group("wd1"):
        return None
    if relative is None and not (match.group("part") or match.group("yawm") or match.group("midnight")
                                 or match.group("past") or match.group("next")):
        # A bare weekday name: only where it reads as a date (والجمعة، ...; في السبت), and never an ambiguous one.
        if weekday_name in _AMBIGUOUS_WEEKDAYS:
            return None
        before = source[max(0, match.start() - 8): match.start()]
        has_proclitic = match.group(0)[:1] in ("و", "ف", "ب")
        if not has_proclitic and not _BARE_WEEKDAY_BEFORE.search(before):
            return None
    if published_on is None:
        return None, ""
    if relative is not None:
        date = published_on - dt.timedelta(days=_DAYS_BACK[relative])
        if weekday_name and date.weekday() != WEEKDAYS[weekday_name]:
            # "مساء أمس الإثنين" in a report posted a day late: the named weekday is the day, the latest one
            # on or before publication (before it, for أمس).
            date = resolve_weekday(WEEKDAYS[weekday_name], published_on, strictly_before=not today)
    else:
        weekday = WEEKDAYS[weekday_name]
        if match.group("next"):
            back = (weekday - published_on.weekday()) % 7 or 7
            date = published_on + dt.timedelta(days=back)
        else:
            date = resolve_weekday(weekday, published_on, strictly_before=bool(match.group("past")))
    if match.group("midnight"):
        # Midnight of a night ends that day: what follows it happens on the next day.
        date = date + dt.timedelta(days=1)
    return date, "day"


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    """A date, or None when the numbers do not make one."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_date_line(line: str) -> dt.date | None:
    """The date of a line that is only a date (a dateline: "21 شباط (فبراير - فيفري)، 2018", "2021-08-07")."""
    stripped = line.strip()
    if not stripped or len(stripped) > 80:
        return None
    for expression in find_time_expressions(stripped, None):
        if expression.date is None or expression.precision != "day":
            continue
        rest = (stripped[: expression.start] + stripped[expression.end:])
        rest = re.sub(r"[\d:\s،,.\-–|/()]+", " ", fold(rest)).strip()
        rest_words = [word for word in rest.split() if word not in _DATELINE_WORDS]
        if len(rest_words) <= 1 and not ARABIC_SENTENCE_HINT.search(" ".join(rest_words)):
            return expression.date
    return None


# The words of a dateline besides its date (نشر في، آخر تحديث، الساعة), and weekday names.
_DATELINE_WORDS = _folded("dateline") | set(WEEKDAYS)
ARABIC_SENTENCE_HINT = re.compile(r"\w{4,}\s+\w{4,}")
