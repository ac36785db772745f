"""Armed actors named in a clause, as normalized labels."""

from __future__ import annotations

import re

from .textnorm import fold, labels_in_order

# (label, pattern in ordinary Arabic). Named units come before the generic forces they belong to; both are kept,
# since "قوات الأسد" and "الفرقة الرابعة" in one clause say who acted and which unit.
_ACTOR_PATTERNS: tuple[tuple[str, str], ...] = (
    ("4th Division", r"الفرقة\s+الرابعة|الفرقة\s+4(?!\d)"),
    ("9th Division", r"الفرقة\s+التاسعة|الفرقة\s+9(?!\d)"),
    ("5th Division", r"الفرقة\s+الخامسة|الفرقة\s+5(?!\d)"),
    ("15th Division", r"الفرقة\s+(?:15|الخامسة\s+عشرة?)(?!\d)"),
    ("Republican Guard", r"الحرس\s+الجمهوري"),
    ("Military Security", r"(?:فرع\s+)?الأمن\s+العسكري|الامن\s+العسكري"),
    ("Air Force Intelligence", r"المخابرات\s+الجوية|الأمن\s+الجوي|الاستخبارات\s+الجوية"),
    ("State Security", r"أمن\s+الدولة"),
    ("Political Security", r"الأمن\s+السياسي"),
    ("National Defence Forces", r"الدفاع\s+الوطني"),
    ("Syrian regime forces", r"قوات\s+(?:الأسد|النظام|الحكومة|جيش\s+النظام)|القوات\s+الحكومية|الجيش\s+السوري|"
                             r"جيش\s+النظام|الجيش\s+العربي\s+السوري|قوات\s+تابعة\s+للنظام|نظام\s+الأسد|"
                             r"القوات\s+النظامية|قوات\s+الجيش"),
    ("IRGC", r"الحرس\s+الثوري"),
    ("Iranian militias", r"(?:ال)?ميليشيات?\s+(?:ال)?إيرانية|(?:ال)?مليشيات?\s+(?:ال)?إيرانية|ميليشيات\s+إيران|"
                         r"مليشيات\s+إيران|ميليشيات\s+الاحتلال\s+الإيراني|(?:ال)?ميليشيات\s+الشيعية|"
                         r"(?:ال)?مليشيات\s+الشيعية|لواء\s+\W?الفاطميون|الميليشيات\s+الأجنبية"),
    ("Hezbollah", r"حزب\s+الله"),
    ("Russian forces", r"(?:ال)?قوات\s+(?:ال)?روسية|الطيران\s+(?:الحربي\s+)?الروسي|الشرطة\s+العسكرية\s+الروسية|"
                       r"الجيش\s+الروسي|ضباط\s+روس"),
    ("Israeli forces", r"(?:ال)?جيش\s+(?:ال)?إسرائيلي|جيش\s+الاحتلال|الطيران\s+(?:الحربي\s+)?الإسرائيلي|"
                       r"الاحتلال\s+الإسرائيلي|طائرات\s+(?:حربية\s+)?إسرائيلية|(?:ال)?غارات\s+(?:ال)?إسرائيلية|"
                       r"(?:ال)?قصف\s+(?:ال)?إسرائيلي|(?<![\w])إسرائيل(?![\w])"),
    ("Free Syrian Army", r"الجيش\s+الحر|الجيش\s+السوري\s+الحر"),
    ("Jaysh al-Thawra", r"جيش\s+الثورة"),
    ("Opposition operations room", r"غرفة\s+عمليات\s+[\w\"“ ]{2,40}?(?=[\s،,.]|$)"),
    ("Opposition factions", r"فصائل\s+(?:ال)?(?:معارضة|ثوار|المعارضة)|المعارضة\s+(?:ال)?مسلحة|الفصائل\s+المعارضة|"
                            r"فصائل\s+الجيش\s+الحر|(?<![\w])الثوار(?![\w])|(?<![\w])(?:ال)?معارضة(?![\w])"),
    ("Central Committees", r"اللجان?\s+المركزية|اللجنة\s+المركزية"),
    ("Local fighters", r"أبناء\s+(?:ال)?منطقة|مقاتلون\s+محليون|مقاتلين\s+محليين|مقاتلي\s+(?:درعا|حوران)|"
                       r"أبناء\s+(?:بلدة|مدينة|قرية)?\s*\w+|أبناء\s+(?:ال)?محافظة|شبان\s+(?:ال)?منطقة"),
    ("Unknown gunmen", r"مجهولون|مجهولين|مسلحون\s+مجهولون|مسلحين\s+مجهولين|ملثمون|ملثمين"),
    ("Islamic State", r"تنظيم\s+(?:ال)?دولة|داعش|جيش\s+خالد\s+بن\s+الوليد"),
    ("Hay'at Tahrir al-Sham", r"هيئة\s+تحرير\s+الشام|جبهة\s+النصرة"),
)
_COMPILED = tuple(
    (label, re.compile(r"(?<![\w])[وفبل]?(?:ل)?(?:" + fold(pattern) + r")")) for label, pattern in _ACTOR_PATTERNS
)


def find_actors(text: str) -> list[str]:
    """The actors named in a text, as labels, in order of first mention, each once."""
    folded = fold(text)
    labels = labels_in_order(_COMPILED, folded)
    if "Free Syrian Army" in labels and "Syrian regime forces" in labels and not re.search(
        fold(r"قوات\s+(?:الأسد|النظام)|الجيش\s+السوري(?!\s+الحر)|جيش\s+النظام|نظام\s+الأسد"), folded
    ):
        labels.remove("Syrian regime forces")  # "الجيش السوري الحر" is not the army
    return labels
