"""Armed actors named in a clause, as normalized labels."""

from __future__ import annotations

import re

from . import lexicon
from .textnorm import fold, labels_in_order

# (label, pattern) for each kind of lexicon/actors.tsv, the label being the kind. A clause may name a unit and the
# force it belongs to ("قوات الأسد" and "الفرقة الرابعة"): both are kept.
_COMPILED = lexicon.labelled("actors", r"(?<![\w])[وفبل]?(?:ل)?")
ACTOR_LABELS: tuple[str, ...] = lexicon.kinds("actors")  # every label a record can name, in file order


def find_actors(text: str) -> list[str]:
    """The actors named in a text, as labels, in order of first mention, each once."""
    folded = fold(text)
    labels = labels_in_order(_COMPILED, folded)
    if "Free Syrian Army" in labels and "Syrian regime forces" in labels and not re.search(
        fold(r"قوات\s+(?:الأسد|النظام)|الجيش\s+السوري(?!\s+الحر)|جيش\s+النظام|نظام\s+الأسد"), folded
    ):
        labels.remove("Syrian regime forces")  # "الجيش السوري الحر" is not the army
    return labels
