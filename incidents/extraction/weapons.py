"""Weapons named in a clause, as normalized labels."""

from __future__ import annotations

import re

from . import lexicon
from .prefilter import compile_guarded
from .textnorm import fold, labels_in_order

AIR_WEAPONS = frozenset({"fixed-wing aircraft", "helicopter", "barrel bomb", "drone"})
GROUND_FIRE_WEAPONS = frozenset(
    {"mortar", "artillery", "MLRS", "surface-to-surface missile", "rocket", "tank", "anti-aircraft gun"}
)

# (label, pattern) for each kind of lexicon/weapons.tsv, the label being the kind.
_COMPILED = lexicon.labelled("weapons", r"(?<![\w])[وفبل]?(?:ال|ل)?")
# The weapon names that are also place names: "صواريخ الفيل وجولان" must not be read as the Golan.
_PLACE_LIKE_WEAPON = compile_guarded(
    fold(r"(?:صواريخ|صاروخ|نوع|طراز)\s+\W?(?:ال)?فيل(?:\s+و\s*(?:ال)?جولان)?|(?:صواريخ|صاروخ|نوع|طراز)\s+\W?(?:ال)?جولان|"
         r"فيل\s+و\s*(?:ال)?جولان")
)


def find_weapons(text: str) -> list[str]:
    """The weapons named in a text, as labels, in order of first mention, each once ('rocket' only if unspecified)."""
    folded = fold(text)
    labels = labels_in_order(_COMPILED, folded)
    if "rocket" in labels and ({"surface-to-surface missile", "MLRS"} & set(labels)):
        labels.remove("rocket")
    if "car bomb" in labels and "IED" in labels and not re.search(fold("عبوة|عبوات|لغم|ألغام"), folded):
        labels.remove("IED")
    return labels


def weapon_name_spans(text: str) -> list[tuple[int, int]]:
    """Spans (in the folded text) of weapon names that could be mistaken for places (فيل، جولان)."""
    return [(match.start(), match.end()) for match in _PLACE_LIKE_WEAPON.finditer(fold(text))]
