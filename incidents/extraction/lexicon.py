"""The extractor's word lists, read from the TSV files in lexicon/ and compiled against folded text."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .prefilter import Guarded, guard
from .textnorm import fold

LEXICON_DIR = Path(__file__).with_name("lexicon")
COLUMNS = ("form", "kind", "example")
# A file of word families: a lemma, its forms as the press writes them (separated by «، »), or one regular expression
# between slashes where a list cannot say it (words between two parts, a word that must not follow).
LEMMA_COLUMNS = ("lemma", "forms", "kind", "example")
_FORM_SEPARATOR = re.compile(r"\s*،\s+")
# The proclitics the press attaches to a word: و and ف (and), ب (in, by), ل (for), and their pairs (وب، فل).
PROCLITICS = r"(?:[وف]?[بل]?)"


class LexiconError(ValueError):
    """A lexicon file that does not follow the format; the message names the file and line."""


@dataclass(frozen=True)
class Entry:
    """One row of a lexicon: a form (or a lemma) as written, its kind, an example sentence, and its forms."""

    form: str
    kind: str
    example: str
    forms: tuple[str, ...] = ()

    @property
    def is_pattern(self) -> bool:
        """Whether the row's forms are one regular expression (written /.../)."""
        return len(self.forms) == 1 and len(self.forms[0]) > 2 and self.forms[0][0] == "/" == self.forms[0][-1]


@cache
def entries(name: str) -> tuple[Entry, ...]:
    """The rows of lexicon ``name`` (the file lexicon/<name>.tsv), in file order."""
    path = LEXICON_DIR / f"{name}.tsv"
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = tuple(reader.fieldnames or ())
        if header not in (COLUMNS, LEMMA_COLUMNS):
            raise LexiconError(f"{path}: the header must be the columns {', '.join(COLUMNS)} "
                               f"or {', '.join(LEMMA_COLUMNS)}")
        rows = []
        for line, row in enumerate(reader, start=2):
            form = (row.get(header[0]) or "").strip()
            cell = (row.get("forms") or "").strip() if header == LEMMA_COLUMNS else form
            if not form or not cell or None in row:
                raise LexiconError(f"{path}:{line}: a row needs every column of {', '.join(header)}, and no more")
            try:
                variants = (cell,) if cell.startswith("/") else tuple(
                    form for written in _FORM_SEPARATOR.split(cell) for form in expand(written))
            except LexiconError as error:
                raise LexiconError(f"{path}:{line}: {error}") from None
            rows.append(Entry(form, (row.get("kind") or name).strip(), (row.get("example") or "").strip(), variants))
    return tuple(rows)


def expand(written: str) -> tuple[str, ...]:
    """The forms one written form stands for: itself, or for a verb written "perfect/imperfect" (هدد/يهدد, the third
    person masculine singular of both) the third persons the press reports with: هدد، هددت، هددوا، يهدد، تهدد، يهددون.

    For verbs whose stem keeps its letters through these persons (sound and hollow verbs: اغتال/يغتال); a verb whose
    last letter changes (دعا، يدعو) is written out form by form.
    """
    if "/" not in written:
        return (written,)
    perfect, imperfect = (part.strip() for part in written.split("/", 1))
    if not perfect or not imperfect.startswith("ي"):
        raise LexiconError(f"{written!r}: a verb is written as its perfect and imperfect, e.g. هدد/يهدد")
    return (perfect, perfect + "ت", perfect + "وا", imperfect, "ت" + imperfect[1:], imperfect + "ون")


def forms(name: str, *kinds: str) -> tuple[str, ...]:
    """The forms of lexicon ``name``, only those of ``kinds`` when given."""
    return tuple(form for entry in entries(name) if not kinds or entry.kind in kinds for form in entry.forms)


def alternation(name: str, *kinds: str) -> str:
    """The forms of these kinds of lexicon ``name`` as a regular-expression alternation against folded text, kind
    after kind, each in file order (the engine tries them in that order), without word boundaries or proclitics: the
    caller adds those."""
    return "|".join("|".join(_alternatives(name, (kind,))) for kind in kinds)


def folded_forms(name: str, kind: str) -> set[str]:
    """The folded forms of one kind of lexicon ``name``: what a matched word is compared with."""
    return {fold(form) for form in forms(name, kind)}


def valued(name: str, prefix: str) -> dict[str, int]:
    """The folded forms of the kinds ``<prefix>_<number>`` of lexicon ``name`` (month_3, vague_12) with their numbers,
    in file order: the values a rule reads from the words it found."""
    return {
        fold(form): int(value)
        for entry in entries(name)
        for head, _, value in [entry.kind.rpartition("_")] if head == prefix and value.isdigit()
        for form in entry.forms
    }


def _alternatives(name: str, kinds: tuple[str, ...]) -> list[str]:
    parts: list[str] = []
    for entry in entries(name):
        if not kinds or entry.kind in kinds:
            parts.extend([fold(entry.forms[0][1:-1])] if entry.is_pattern else map(_form_pattern, entry.forms))
    if not parts:
        raise LexiconError(f"lexicon {name!r} has no form of kind {kinds}")
    return parts


def _form_pattern(form: str) -> str:
    open_suffix = form.endswith("*")
    words = fold(form.rstrip("*")).split()
    body = r"\s+".join(re.escape(word) for word in words)
    return body + (r"\w*" if open_suffix else "")


@cache
def pattern(name: str, *kinds: str, proclitics: bool = True, anchored: bool = False) -> re.Pattern[str] | Guarded:
    """One pattern, against folded text, for the forms of lexicon ``name`` as whole words, with proclitics.

    Longer forms are tried first, so that a phrase wins over the word it starts with. ``anchored`` matches only
    at the start of the text (after any punctuation or spaces).
    """
    alternatives = sorted(dict.fromkeys(_alternatives(name, kinds)), key=len, reverse=True)  # ties in file order
    prefix = r"^\W*" if anchored else r"(?<!\w)"
    return guard(re.compile(prefix + (PROCLITICS if proclitics else "") + "(?:" + "|".join(alternatives) + r")(?!\w)"))


def words(name: str, *kinds: str, proclitics: str = "") -> str:
    """The forms of these kinds of lexicon ``name`` as whole words after ``proclitics`` (a pattern such as "[وف]?"):
    a pattern fragment, against folded text, for a rule to build its context around."""
    return r"(?<![\w])" + proclitics + "(?:" + "|".join(_alternatives(name, kinds)) + r")(?![\w])"


@cache
def labelled(name: str, prefix: str) -> tuple[tuple[str, re.Pattern[str] | Guarded], ...]:
    """Each kind of lexicon ``name`` with one pattern of its forms after ``prefix`` (no end boundary, guarded by its
    required literals), in kind order: the labels (actors, weapons) a text names, found by
    ``textnorm.labels_in_order``."""
    return tuple((kind, guard(re.compile(prefix + "(?:" + alternation(name, kind) + ")"))) for kind in kinds(name))


def kinds(name: str) -> tuple[str, ...]:
    """The kinds of lexicon ``name``, each once, in the order of their first row."""
    return tuple(dict.fromkeys(entry.kind for entry in entries(name)))


def entry_pattern(entry: Entry) -> re.Pattern[str]:
    """One row's forms as whole words with proclitics, against folded text (to check that its example shows it)."""
    forms = [fold(entry.forms[0][1:-1])] if entry.is_pattern else [_form_pattern(form) for form in entry.forms]
    return re.compile(r"(?<!\w)" + PROCLITICS + "(?:" + "|".join(forms) + r")(?!\w)")
