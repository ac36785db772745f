"""The extractor's word lists, read from the TSV files in lexicon/ and compiled against folded text."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .textnorm import fold

LEXICON_DIR = Path(__file__).with_name("lexicon")
COLUMNS = ("form", "kind", "example")
# The proclitics the press attaches to a word: و and ف (and), ب (in, by), ل (for), and their pairs (وب، فل).
PROCLITICS = r"(?:[وف]?[بل]?)"


class LexiconError(ValueError):
    """A lexicon file that does not follow the format; the message names the file and line."""


@dataclass(frozen=True)
class Entry:
    """One row of a lexicon: a form as written, its kind, and an example sentence."""

    form: str
    kind: str
    example: str


@cache
def entries(name: str) -> tuple[Entry, ...]:
    """The rows of lexicon ``name`` (the file lexicon/<name>.tsv), in file order."""
    path = LEXICON_DIR / f"{name}.tsv"
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise LexiconError(f"{path}: the header must be the columns {', '.join(COLUMNS)}")
        rows = []
        for line, row in enumerate(reader, start=2):
            form = (row.get("form") or "").strip()
            if not form or None in row:
                raise LexiconError(f"{path}:{line}: a row needs a form and at most three columns")
            rows.append(Entry(form, (row.get("kind") or name).strip(), (row.get("example") or "").strip()))
    return tuple(rows)


def forms(name: str, *kinds: str) -> tuple[str, ...]:
    """The forms of lexicon ``name``, only those of ``kinds`` when given."""
    return tuple(entry.form for entry in entries(name) if not kinds or entry.kind in kinds)


def _form_pattern(form: str) -> str:
    open_suffix = form.endswith("*")
    words = fold(form.rstrip("*")).split()
    body = r"\s+".join(re.escape(word) for word in words)
    return body + (r"\w*" if open_suffix else "")


@cache
def pattern(name: str, *kinds: str, proclitics: bool = True, anchored: bool = False) -> re.Pattern[str]:
    """One pattern, against folded text, for the forms of lexicon ``name`` as whole words, with proclitics.

    Longer forms are tried first, so that a phrase wins over the word it starts with. ``anchored`` matches only
    at the start of the text (after any punctuation or spaces).
    """
    alternatives = sorted({_form_pattern(form) for form in forms(name, *kinds)}, key=len, reverse=True)
    if not alternatives:
        raise LexiconError(f"lexicon {name!r} has no form of kind {kinds}")
    prefix = r"^\W*" if anchored else r"(?<!\w)"
    return re.compile(prefix + (PROCLITICS if proclitics else "") + "(?:" + "|".join(alternatives) + r")(?!\w)")
