"""Weapons named in a clause, as normalized labels."""

from __future__ import annotations

import re

from .textnorm import fold, labels_in_order

AIR_WEAPONS = frozenset({"fixed-wing aircraft", "helicopter", "barrel bomb", "drone"})
GROUND_FIRE_WEAPONS = frozenset(
    {"mortar", "artillery", "MLRS", "surface-to-surface missile", "rocket", "tank", "anti-aircraft gun"}
)

# (label, pattern in ordinary Arabic)
_WEAPON_PATTERNS: tuple[tuple[str, str], ...] = (
    ("mortar", r"هاون"),
    ("artillery", r"مدفعي\w*|المدفعية|مدافع|قذائف\s+ال?مدفعية|هاوتزر"),
    ("MLRS", r"راجمات?|راجمة\s+صواريخ|صواريخ\s+غراد|كاتيوشا"),
    ("surface-to-surface missile", r"أرض\s*[-–]?\s*أرض|صواريخ\s+(?:ال)?فيل|صاروخ\s+(?:ال)?فيل|(?:نوع|طراز)\s+\W?فيل|"
                                   r"فيل\s+و\s*جولان|صواريخ\s+(?:ال)?جولان|(?:نوع|طراز)\s+\W?جولان"),
    # A guided (anti-tank) missile is direct fire, like an RPG: no shelling weapon.
    ("rocket", r"(?:صواريخ|صاروخ)(?!\s+(?:ال)?(?:موجه|موجهة|مضاد|مضادة|حراري|حرارية)(?![\w]))|قذائف\s+صاروخية|"
               r"القذائف\s+الصاروخية|قصف\s+صاروخي"),
    ("tank", r"دبابات?|الدبابات"),
    ("anti-aircraft gun", r"مضادات?\s+(?:ال)?أرضية|المضادات\s+الأرضية|مضاد\s+(?:ال)?طيران|رشاشات?\s+ثقيلة|"
                          r"رشاش\s*23|عيار\s+23|عيار\s+14\.5|شيلكا"),
    ("barrel bomb", r"براميل|برميل\s+متفجر|البراميل"),
    ("helicopter", r"مروحي\w*|طائرات?\s+هليكوبتر|الطيران\s+المروحي"),
    ("fixed-wing aircraft", r"طيران\s+حربي|الطيران\s+الحربي|طائرات?\s+حربية|الطائرات\s+الحربية|طيران\s+(?:ال)?روسي|"
                            r"الطيران\s+الروسي|غارات?\s+جوية|الغارات\s+الجوية|سوخوي|ميغ"),
    ("drone", r"طائرات?\s+مسيرة|مسيرات?|درون|طائرات?\s+(?:بدون|من\s+دون)\s+طيار"),
    ("IED", r"عبوات?\s+ناسفة|عبوة|عبوات|لغم|ألغام|حزام\s+ناسف"),
    ("car bomb", r"سيارة\s+مفخخة|سيارات\s+مفخخة|دراجة\s+نارية\s+مفخخة|مفخخة"),
    ("small arms", r"رصاص|أسلحة\s+خفيفة|أسلحة\s+رشاشة|إطلاق\s+(?:ال)?نار|أطلق\w*\s+(?:ال)?نار|قنص|قناص\w*|"
                   r"بنادق|كلاشنكوف|الرصاص\s+الحي"),
)
_COMPILED = tuple(
    (label, re.compile(r"(?<![\w])[وفبل]?(?:ال|ل)?(?:" + fold(pattern) + r")")) for label, pattern in _WEAPON_PATTERNS
)
# The weapon names that are also place names: "صواريخ الفيل وجولان" must not be read as the Golan.
_PLACE_LIKE_WEAPON = re.compile(
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
