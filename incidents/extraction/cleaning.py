"""Blank the boilerplate of scraped news pages (same length, offsets kept) and read title and date lines."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from . import lexicon
from .dates import parse_date_line
from .events import find_triggers
from .textnorm import compile_folded as _rx
from .textnorm import fold


@dataclass(frozen=True)
class ArticleMetadata:
    """What the top of an article says about itself."""

    title: str
    published_on: dt.date | None
    date_line_span: tuple[int, int] | None = None
    title_span: tuple[int, int] | None = None


@dataclass
class _Line:
    start: int
    end: int
    text: str

    @property
    def folded(self) -> str:
        return fold(self.text).strip()


def _lines(text: str) -> list[_Line]:
    """The lines of a text with their offsets (newlines excluded)."""
    lines = []
    start = 0
    for part in text.split("\n"):
        lines.append(_Line(start, start + len(part), part))
        start += len(part) + 1
    return lines


_SHARE_TOKENS = sorted(
    {
        fold(token).lower()
        for token in (
            "شارك على", "شارك عبر", "شارك", "شاركها", "مشاركة", "المشاركة", "فيسبوك", "فيس بوك", "تويتر", "واتساب",
            "واتس اب", "تلغرام", "تيليجرام", "تليجرام", "لينكدإن", "لينكد إن", "البريد الإلكتروني", "بريد", "طباعة",
            "نسخ الرابط", "ماسنجر", "انستغرام", "إنستغرام", "يوتيوب", "ريديت", "facebook", "twitter", "whatsapp",
            "telegram", "linkedin", "pinterest", "email", "e-mail", "print", "share", "tweet", "messenger", "reddit",
            "tumblr", "copy link", "share this", "x",
        )
    },
    key=len,
    reverse=True,
)
_SHARE_SEPARATORS = re.compile(r"[\s|•·,،:\-–—/()]+")

_READ_ALSO = _rx(r"^[\s\W]*(?:اقرأ|إقرأ|اقرا|شاهد|طالع)\s+(?:أيضا|أيضاً|ايضا|كذلك)\s*[:：\-–—]?\s*")
# Not guarded (prefilter.py): it starts with one of two letters, which the engine finds faster in a line than the
# prefilter's pass over it would.
_MAY_LIKE = re.compile(fold(r"(?:قد\s+يعجبك|قد\s+يهمك|ربما\s+يعجبك|ربما\s+يهمك)\s+(?:أيضا|أيضاً|ايضا)?\s*[:：\-–—]?"))
_RELATED_TO_END = _rx(
    r"^[\s\W]*(?:(?:مقالات|مواضيع|موضوعات|أخبار|تقارير|قصص)\s+(?:ذات\s+صلة|مشابهة|متعلقة)"
    r"|الأكثر\s+(?:تداولا|تداولاً|قراءة|مشاهدة)|اقرأ\s+المزيد|المزيد\s+من\s+الأخبار|اخترنا\s+لك)"
)
_COMMENT_HEADER = _rx(
    r"^[\s\W]*(?:اترك|أترك|أضف|اضف)\s+(?:تعليقا|تعليقاً|تعليق|ردا|رداً|رد|تعليقك)|^[\s\W]*(?:التعليقات|تعليقات)\s*\W*$"
)
# A comment form's labels. The Arabic ones are guarded by their words (prefilter.py); the English ones ignore case,
# and are tried only on a line with a letter they could match (A-Z in either case, or one of four letters that
# match one of those when case is ignored: İ ı ſ K).
_COMMENT_FORM_ARABIC = _rx(
    r"لن\s+يتم\s+نشر\s+عنوان\s+بريدك|الحقول\s+الإلزامية|الحقول\s+المطلوبة|احفظ\s+اسمي|إرسال\s+التعليق|"
    r"أرسل\s+التعليق|نشر\s+التعليق|^\s*(?:الاسم|الإسم|البريد\s+الإلكتروني|الموقع\s+الإلكتروني|التعليق|الموقع)\s*\*?\s*$"
)
_COMMENT_FORM_ENGLISH = re.compile(
    r"your email address will not be published|required fields are marked|leave a (?:reply|comment)", re.IGNORECASE
)
_LATIN_LETTER = re.compile("[A-Za-z\u0130\u0131\u017f\u212a]")


def _comment_form(folded_line: str) -> bool:
    """Whether a folded line holds a comment form's label."""
    return bool(_COMMENT_FORM_ARABIC.search(folded_line) or (
        _LATIN_LETTER.search(folded_line) and _COMMENT_FORM_ENGLISH.search(folded_line)))


_BACK_TO_TOP = re.compile(
    fold(r"(?:زر\s+)?(?:الذهاب|العودة|الرجوع|انتقل)\s+(?:إلى|الى|ل)\s*(?:ال)?أعلى") + r"|back to top|scroll to top",
    re.IGNORECASE,
)
_SHORTCODE = re.compile(r"\[/?[A-Za-z_][\w\-]*(?:\s[^\]\n]*)?\]")
_POSTED_BY = re.compile(r"^\s*Posted\s+by\s+.+\s+on\s+.+$|^\s*" + fold(r"(?:تم\s+)?النشر\s+(?:بواسطة|من\s+قبل)\s+.+"),
                        re.IGNORECASE)
_TWEET_FOOTER = re.compile(r"^\s*[—–-]\s*.{1,80}\(@\w+\)\s+\S+\s+\d{1,2},\s+\d{4}\s*$")
_SOURCE_LINE = _rx(r"^\s*المصدر\s*[:：\-–]?\s*[^.!?؟]{0,60}$")
_FOLLOW_US = _rx(r"^\s*(?:تابعنا|تابعونا|تابعوا)(?:\s+(?:على|عبر)\s+.{0,60})?\s*$")
_AGENCY_SIGNOFF = re.compile(
    r"^\s*(?:[^.!?؟\n]{0,40}?\s*[-–—|/]\s*)?"
    + fold(r"(?:وكالات|الأناضول|رويترز|أ\s*ف\s*ب|فرانس\s+برس|د\s*ب\s*أ|سانا)")
    + r"\s*$|^\s*[^.!?؟\n]{0,40}?\s*[-–—|/]\s*(?:AFP|Reuters|AP|DPA)\s*$",
    re.IGNORECASE,
)
_CAPTION_END = re.compile(
    r"(?:\(\s*(?:AA|AFP|Reuters|Getty(?:\s+Images)?|AP|EPA|"
    + fold(r"أ\s*ف\s*ب|رويترز|الأناضول|إنترنت|انترنت|أرشيف|أرشيفية|تعبيرية|مواقع\s+التواصل|ارشيف|وكالات")
    + r")[^)]{0,30}\)|[-–—]\s*"
    + fold(r"(?:أرشيف|أرشيفية|صورة\s+أرشيفية|صورة\s+تعبيرية)")
    + r"|"
    + fold(r"صورة\s+(?:أرشيفية|تعبيرية)")
    + r")\s*$",
    re.IGNORECASE,
)
_CAPTION_START = _rx(r"^\s*\(?(?:صورة|الصورة)\s*[:：(]")
_FURNITURE_LINE = re.compile(
    r"^\s*(?:Loading\.*|Advertisement|" + fold(r"إعلان|اعلان|الرئيسية") + r")\s*$", re.IGNORECASE
)


# A dateline before the first sentence of the body: "درعا - خاص:"، "عمان – رويترز:"، "روزنة_ درعا||": up to five
# words of place, outlet or byline, then a separator. It says where the report was filed, not where events were.
# The words are parted by spaces or a dash, never by nothing: a word split in pieces would be tried every way.
_DATELINE = re.compile(
    r"^\s*(?P<prefix>[^\s.!?؟:|،,؛\d\-–—ـ_]+(?:(?:\s+[\-–—ـ_]?\s*|[\-–—ـ_]\s*)[^\s.!?؟:|،,؛\d\-–—ـ_]+){0,4})"
    r"\s*(?:\|{1,2}|:|(?<=\s)[\-–—ـ_]\s|[\-–—ـ_]\s*(?:\|{1,2}|:))\s*(?=\S)"
)


_EVENT_DATE_LABEL = lexicon.pattern("event_date_labels")  # "تاريخ الحدث:" is a label, not a dateline
_SHARE_TOKEN_PATTERNS = tuple(re.compile(rf"(?<![\w]){re.escape(token)}(?![\w])") for token in _SHARE_TOKENS)
_SHARE_TOKEN_CHARS = frozenset("".join(_SHARE_TOKENS) + " ")
# A character that is not in a label and not one of _SHARE_SEPARATORS.
_NOT_IN_SHARE_LINE = re.compile(
    "[^" + "".join(map(re.escape, sorted(_SHARE_TOKEN_CHARS | set("|•·,،:-–—/()")))) + r"\s]"
)


def _is_share_line(folded_line: str) -> bool:
    """True for a line made only of share-button labels (فيسبوك تويتر واتساب ...)."""
    lowered = folded_line.lower()
    if _NOT_IN_SHARE_LINE.search(lowered):
        return False  # a character that is neither a separator nor in a label: most prose lines stop here
    rest = _SHARE_SEPARATORS.sub(" ", lowered).strip()
    if not rest:
        return False
    if not _SHARE_TOKEN_CHARS.issuperset(rest):
        return False  # a character no label has survives every substitution
    for pattern in _SHARE_TOKEN_PATTERNS:
        rest = pattern.sub(" ", rest)
    return not rest.strip()


def _blank(chars: list[str], start: int, end: int) -> None:
    """Replace text[start:end] by spaces, keeping newlines."""
    for index in range(start, end):
        if chars[index] != "\n":
            chars[index] = " "


def _next_nonempty(lines: list[_Line], index: int) -> int | None:
    """Index of the next non-blank line after index, or None."""
    for other in range(index + 1, len(lines)):
        if lines[other].text.strip():
            return other
    return None


def _previous_nonempty(lines: list[_Line], index: int) -> int | None:
    """Index of the previous non-blank line before index, or None."""
    for other in range(index - 1, -1, -1):
        if lines[other].text.strip():
            return other
    return None


def _looks_like_title(line: str) -> bool:
    """A short line without a sentence-final full stop: a headline or a link title."""
    stripped = line.strip()
    return 0 < len(stripped) <= 200 and not stripped.endswith((".", "!", "؟", "?", ":"))


def clean_text(text: str) -> str:
    """The text with boilerplate blanked by spaces (newlines kept): offsets into it are offsets into the text."""
    chars = list(text)
    lines = _lines(text)
    nonempty = [index for index, line in enumerate(lines) if line.text.strip()]
    tail = set(nonempty[-5:])
    for index, line in enumerate(lines):
        if not line.text.strip():
            continue
        line_folded = fold(line.text)  # once: a line longer than a sentence is not memoized
        folded = line_folded.strip()  # line.folded
        for match in _SHORTCODE.finditer(line.text):
            _blank(chars, line.start + match.start(), line.start + match.end())
        if _RELATED_TO_END.search(folded):
            if line.start >= len(text) // 2:
                _blank(chars, line.start, len(text))
                break
            _blank(chars, line.start, line.end)
            for following in _following_titles(lines, index):
                _blank(chars, lines[following].start, lines[following].end)
            continue
        if _COMMENT_HEADER.search(folded):
            _blank(chars, line.start, line.end)
            for following in range(index + 1, len(lines)):
                other = lines[following]
                if other.text.strip() and not (_comment_form(other.folded) or len(other.text.strip()) <= 40):
                    break
                _blank(chars, other.start, other.end)
            continue
        may_like = _MAY_LIKE.search(line_folded)
        if may_like:
            # The marker is often glued to the title of the next related article: blank it to the end of the line.
            _blank(chars, line.start + _original_index(line.text, may_like.start()), line.end)
            if not line_folded[may_like.end():].strip():
                following = _next_nonempty(lines, index)
                if following is not None and _looks_like_title(lines[following].text):
                    _blank(chars, lines[following].start, lines[following].end)
            continue
        read_also = _READ_ALSO.search(folded)
        if read_also:
            _blank(chars, line.start, line.end)
            last_link = index
            following = _next_nonempty(lines, index)
            if not folded[read_also.end():].strip():
                if following is not None and _looks_like_title(lines[following].text):
                    _blank(chars, lines[following].start, lines[following].end)
                    last_link = following
            # A list of related links: the title-like lines that follow the marker line without a blank line.
            for other in _adjacent_titles(lines, last_link):
                _blank(chars, lines[other].start, lines[other].end)
            continue
        if _POSTED_BY.search(line.text) or _POSTED_BY.search(folded) or _TWEET_FOOTER.search(line.text):
            # An embedded social-media post: its text is the line before the "Posted by" footer.
            _blank(chars, line.start, line.end)
            previous = _previous_nonempty(lines, index)
            if previous is not None and len(lines[previous].text.strip()) <= 500:
                _blank(chars, lines[previous].start, lines[previous].end)
            continue
        stripped_length = len(line.text.strip())
        if (
            _is_share_line(folded)
            or _comment_form(folded)
            or (stripped_length <= 60 and _BACK_TO_TOP.search(folded))
            or _FOLLOW_US.search(folded)
            or (stripped_length <= 60 and _AGENCY_SIGNOFF.search(folded))
            or (stripped_length <= 250 and _CAPTION_END.search(folded))
            or (stripped_length <= 250 and _CAPTION_START.search(folded))
            or _FURNITURE_LINE.search(folded)
            or (index in tail and stripped_length <= 80 and _SOURCE_LINE.search(folded))
        ):
            _blank(chars, line.start, line.end)
    _blank_dateline(chars, lines)
    return "".join(chars)


def _blank_dateline(chars: list[str], lines: list[_Line]) -> None:
    """Blank the dateline that opens the first sentence-like line of the body, if it has one."""
    for line in lines:
        text = "".join(chars[line.start:line.end])
        if not text.strip() or _looks_like_title(text):
            continue
        dateline = _DATELINE.match(text)
        prefix = fold(dateline.group("prefix")) if dateline else ""
        if dateline and not find_triggers(prefix) and not _EVENT_DATE_LABEL.search(prefix):
            _blank(chars, line.start, line.start + dateline.end())
        return


def _adjacent_titles(lines: list[_Line], index: int) -> Iterator[int]:
    """The short title-like lines right below a line, up to the first blank or sentence-like line."""
    for following in range(index + 1, len(lines)):
        text = lines[following].text
        if not text.strip() or not _looks_like_title(text) or len(text.strip()) > 120:
            return
        yield following


def _following_titles(lines: list[_Line], index: int) -> Iterator[int]:
    """The short title-like lines right after a 'related articles' marker."""
    for following in range(index + 1, len(lines)):
        text = lines[following].text
        if not text.strip():
            continue
        if not _looks_like_title(text) or len(text.strip()) > 120:
            return
        yield following


def _original_index(line: str, folded_index: int) -> int:
    """Index in a line of the character that is at folded_index in its folded form."""
    count = 0
    for index, char in enumerate(line):
        if count >= folded_index:
            return index
        count += len(fold(char))
    return len(line)


def headline_span(text: str) -> tuple[int, int] | None:
    """Span of the first non-empty line when it reads as a headline (short, no closing full stop), else None."""
    for line in _lines(text):
        if line.text.strip():
            if _looks_like_title(line.text) and len(line.text.strip()) <= 160:
                offset = len(line.text) - len(line.text.lstrip())
                return line.start + offset, line.start + len(line.text.rstrip())
            return None
    return None


def read_metadata(text: str) -> ArticleMetadata:
    """Title (first non-empty line, boilerplate skipped) and publication date (a date line near the top)."""
    cleaned = clean_text(text)
    lines = [line for line in _lines(cleaned) if line.text.strip()]
    if not lines:
        return ArticleMetadata("", None)
    title_line = lines[0]
    leading = len(title_line.text) - len(title_line.text.lstrip())
    title_span = (title_line.start + leading, title_line.start + len(title_line.text.rstrip()))
    title = text[title_span[0]:title_span[1]]
    if len(title) > 200:
        title = title[:200].rsplit(" ", 1)[0] + "…"
    for line in lines[:6]:
        date = parse_date_line(line.text)
        if date is not None:
            leading = len(line.text) - len(line.text.lstrip())
            span = (line.start + leading, line.start + len(line.text.rstrip()))
            if line is title_line:
                title_span = None
                title = ""
            return ArticleMetadata(title, date, span, title_span)
    return ArticleMetadata(title, None, None, title_span)
