"""Event triggers in a sentence, their event types, and the cues that make a mention a non-event."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass

from . import lexicon
from .prefilter import Guarded, compile_guarded
from .textnorm import compile_folded as _rx
from .textnorm import fold
from .weapons import AIR_WEAPONS, GROUND_FIRE_WEAPONS, find_weapons

EVENT_TYPES = (
    "shelling", "airstrike", "siege", "checkpoint", "clash", "assault", "territorial_change", "arrest",
    "assassination", "explosion", "other",
)

def _ctx(kind: str) -> str:
    """The words of one kind of lexicon/contexts.tsv as an alternation (no group, no boundaries), in file order."""
    return lexicon.alternation("contexts", kind)


def _cue(*kinds: str, proclitics: str = "") -> str:
    """The words of these kinds of lexicon/cues.tsv as whole words after ``proclitics``, for a pattern here."""
    return lexicon.words("cues", *kinds, proclitics=proclitics)


# Before a stem: a word start, an optional conjunction و/ف, preposition ب/ل/ك, and article ال (or the ل of لل).
_PRE = r"(?<![\w])(?P<pre>[وف]?[بلك]?(?:ال|ل)?)"


@dataclass(frozen=True)
class _TriggerRule:
    kind: str  # an event type, or a provisional kind resolved per clause: bombard, target, rocket, shooting, ...
    pattern: re.Pattern[str] | Guarded  # guarded: a sentence without its required literals is not searched
    weak: bool = False


def _rule(kind: str, rule_id: str, *, weak: bool = False) -> _TriggerRule:
    stems = lexicon.alternation("triggers", rule_id)
    return _TriggerRule(kind, _rx(_PRE + "(?:" + stems + r")(?:ها|هم|هما|ه)?(?![\w])"), weak)


# The trigger rules, in the order they claim words: (rule id = kind of its rows in lexicon/triggers.tsv, the kind it
# reports, weak). A kind is an event type or a provisional kind resolved per clause (bombard, target, rocket,
# shooting...); a weak word reports an event only with a stronger cue in its clause.
TRIGGER_REGISTRY: tuple[tuple[str, str, bool], ...] = (
    ("shelling.weapons", "shelling", False),
    ("shelling.missiles", "shelling", False),
    ("bombard", "bombard", False),
    ("rocket", "rocket", True),
    ("airstrike", "airstrike", False),
    # Sorties: a strike only when aircraft are named ("نفذ سلاح الجو طلعات على ..."), never reconnaissance flights.
    ("sortie", "sortie", True),
    ("target", "target", True),
    # Destroying something is a strike only by aircraft or a device (دمّرت غارة، تدمير آلية بعبوة ناسفة); the
    # weapons of what was destroyed ("دمرت عربات مزودة برشاشات") say nothing of how.
    ("destroy", "destroy", True),
    # An ambush is a one-sided attack, unless the clause reports the fight or the device it became.
    ("ambush", "ambush", False),
    ("other.shootdown", "other", False),
    ("siege", "siege", False),
    ("checkpoint", "checkpoint", False),
    ("clash", "clash", False),
    ("assault", "assault", False),
    # An incursion (توغلت قوة في القرية): an assault unless the clause reports what the force did there.
    ("incursion", "incursion", False),
    ("territorial_change", "territorial_change", False),
    ("arrest", "arrest", False),
    ("other.kidnapping", "other", False),
    ("assassination", "assassination", False),
    ("explosion", "explosion", False),
    # Arson is "other" on its own; set by forces storming or raiding the place, it is part of that attack.
    ("arson", "arson", False),
    ("other.bodies", "other", False),
    ("shooting", "shooting", False),
)
TRIGGER_RULES: tuple[_TriggerRule, ...] = tuple(
    _rule(kind, rule_id, weak=weak) for rule_id, kind, weak in TRIGGER_REGISTRY
)

_AIR_CONTEXT = _rx(r"(?<![\w])(?<!دفاع\s)[وفبل]?(?:ال)?(?:" + _ctx("air") + r")(?![\w])")
# A weapon word inside a facility name (كتيبة الصواريخ، فوج المدفعية) is not a strike.
_FACILITY_BEFORE = _rx(r"(?<![\w])[وفبل]?(?:ال)?(?:" + _ctx("facility_head") + r")\s*$")
_CHECKPOINT_ACTION = _rx(_cue("checkpoint_action", proclitics="[وفبل]?(?:ال)?"))
_OPERATION_NAME_BEFORE = _rx(
    r"(?:" + _ctx("operation_launch") + r")(?:\s+\S+){0,3}?\s*[\"“«']?\s*$"
    r"|[\"“«]\s*$"
    # "إعلان الفصائل عن معركة جديدة": an operation announced, not fighting reported.
    r"|(?<![\w])[وفبل]?(?:" + _ctx("announcement") + r")(?:\s+\S+){0,5}?\s+عن\s*$"
)
# "لـ\"فريق التحرير\""، "جيش التحرير": a definite event word right after the head noun of a name is part of it.
_NAME_HEAD_BEFORE = _rx(
    r"(?<![\w])[وفبل]?(?:ال)?(?:" + _ctx("name_head") + r")\s*[\"“«']?\s*$"
)
_QUOTE_AFTER = re.compile(r"^\s*[\"“”«'‘]")
_EDITING_AFTER = _rx(r"^\s+(?:هذا|هذه)?\s*(?:ال)?(?:" + _ctx("editing_noun") + r")(?![\w])")
_TAHRIR_NAME = _rx(r"^\s*(?:" + _ctx("tahrir_name") + r")|^(?:\s*\S+)?\s*$")
_NEGATION_BEFORE = _rx(
    # "لا يزال الحاجز قائماً": still there, not a denial.
    _cue("negation") + "(?!\\s+" + _cue("still") + r")(?:\s+\S+){0,1}\s*$"
    + "|" + _cue("any") + r"\s*$"  # "أي اقتحام للمدينة سيواجه بمقاومة": any, a hypothesis
)
_STOP_BEFORE = _rx(_cue("stop", proclitics="[وفبل]?") + r"(?:\s+\S+){0,1}\s*$")
# "انتهت باعتقال أحد السكان": a move that ended with an event reports it; "انتهاء الحصار" ends one.
_ENDED_WITH_BEFORE = _rx(r"(?<![\w])[وف]?(?:" + _ctx("ended") + r")\s*$")
_PURPOSE_MASDAR = _rx("(?:" + _ctx("purpose_masdar") + ")$")
_INTENT_BEFORE = _rx(
    _cue("intent", proclitics="[وفبل]?") + r"(?:\s+\S+){0,2}\s*$"
    # A verb of striving governs its goal across an aside: "وتسعى التنظيمات، بحسب ما تعلنه، إلى السيطرة على".
    + "|" + _cue("striving", proclitics="[وف]?") + r"(?:\s+[^\s.!?؟؛;]+){0,7}?\s+إلى(?:\s+\S+){0,1}\s*$"
)
# "نزحت العائلات خوفاً من اتساع المعارك"، "وسط مخاوف من حملة": a feared event, not one that happened. "هرباً من
# القصف": the reason people fled, an event reported (or not) elsewhere; displacement places no incident.
_FEAR_BEFORE = _rx(
    _cue("fear", proclitics="[وفبل]?") + r"(?:\s+\S+){0,3}\s*$"
    + "|" + _cue("flight", proclitics="[وف]?") + r"\s+من(?:\s+\S+){0,2}\s*$"
)
# "زادت عمليات الاختطاف والاغتيال في المحافظة"، "شهد الشهر تصاعد عمليات ومحاولات اغتيال": a trend in a count of
# events, not an event reported as having happened (lexicon/trends.tsv).
_TREND_BEFORE = compile_guarded(
    r"(?<![\w])[وف]?(?:" + lexicon.alternation("trends", "trend") + r")(?![\w])(?:\s+\S+)?\s+[وف]?(?:ال)?(?:"
    + lexicon.alternation("trends", "count") + r")(?![\w])(?:\s+\S+){0,3}\s*$"
)
_FAILED_GAIN_BEFORE = _rx(_cue("failed_gain", proclitics="[وفبل]?") + r"(?:\s+\S+){0,3}\s*$")
_MOTIVE = _rx(
    # "رداً على قصف X": the event answered is a reason; "ردّ الجيش بقصف X" (no على) reports the answer itself.
    _cue("reply", proclitics="[وف]?") + r"(?:\s+\S+)?\s+على(?![\w])"
    + "|" + _cue("motive", proclitics="[وف]?")
    # "ندد ناشطون في X بالغارات": a condemnation speaks of events reported elsewhere; X is where it was voiced.
    + "|" + _cue("condemnation", proclitics="[وف]?")
)
# An offensive's stated aims: every event word of the clause after the cue is a goal ("تهدف الحملة إلى فصل الريفين
# والسيطرة على الطريق"، "بهدف اقتحام البلدة"، "تمهيداً لاقتحامها").
_AIM = _rx(
    _cue("striving", proclitics="[وف]?") + r"(?:\s+[^\s.!?؟؛;،,]+){0,4}?\s+(?:إلى|الى|ل\S+)(?![\w])"
    + "|" + _cue("aim", proclitics="[وف]?")
    # "وقالت إن هدفها تحرير المدينة": the noun of an aim, with its owner.
    + "|" + _cue("aim_owned", proclitics="[وف]?")
    # "الهدف التالي هو السيطرة على الطريق": the aim named as such.
    + r"|(?<![\w])[وف]?(?:ال)?(?:هدف|أهداف)(?:\s+\S+){0,2}?\s+(?:هو|هي)(?![\w])"
)
# "فكّكت، أول أمس السبت، عبوة": a time phrase may stand between the verb and the device.
_DISARM_BEFORE = _rx(r"(?<![\w])[وفبل]?(?:" + _ctx("disarm") + r")(?![\w])\S*(?:\s+\S+){0,6}\s*$")
# "تمشيط الشوارع لإزالة الألغام والعبوات": clearing devices in general (plural, definite) is no single event.
_CLEARING_BEFORE = _rx(
    r"(?<![\w])[وفبل]?(?:" + _ctx("clearing") + r")(?![\w])(?:\s+\S+){0,3}?\s*(?:و)?$"
)
# "العبوات الناسفة": the adjective of a device noun.
_DEVICE_NOUN_BEFORE = _rx(r"(?:ال)(?:" + _ctx("device_plural") + r")\s+و?$")
_CLEARED_DEVICES = _rx(r"^[وف]?(?:ال)(?:" + _ctx("cleared_device") + ")$")
# "قبل انفجارها": the device had not gone off.
_BEFORE_IT_HAPPENED = _rx(r"(?<![\w])قبل\s*$")
# "آثار إطلاق نار": marks on a body, not a shooting reported as such. Not the singular أثر: folded, it is also إثر
# ("إثر إطلاق النار عليه", following the gunfire), which reports the shooting.
_TRACES_BEFORE = _rx(r"(?<![\w])[وف]?(?:" + _ctx("traces") + r")\s*$")
# "القوات المداهمة"، "الدورية المداهمة": the raiding forces already reported, an adjective and not a new raid.
_FORCE_NOUN_BEFORE = _rx(
    r"(?<![\w])[وفبل]?(?:ال|لل)(?:" + _ctx("force_noun") + r")\s*$"
)
# Rocket-propelled grenades are fired point-blank: a checkpoint or a clash, not shelling.
_RPG_AFTER = _rx(r"^\s*[\"“«']?\s*(?:ال)?(?:آر\s*بي\s*جي|ار\s*بي\s*جي|RPG|ب\s*7|B7)")
# Guided (anti-tank) missiles are direct fire too, not the surface-to-surface missiles of shelling.
_GUIDED_AFTER = _rx(r"^\s*(?:ال)?(?:" + _ctx("guided") + r")(?![\w])")
# "منذ تحريرها عام 2018": the event a period is counted from, not one reported.
_SINCE_BEFORE = _rx(r"(?<![\w])[وف]?منذ\s*$")
# "بعد أربعة أشهر على اعتقاله"، "بعد اعتقاله": a person's earlier arrest recalled as the backdrop of what befell him.
_RECALLED_ARREST = _rx(r"^اعتقال(?:ه|ها|هم|هما)$")
_RECALLED_ARREST_BEFORE = _rx(r"(?<![\w])[وف]?(?:" + _ctx("recall_preposition") + r")(?:\s+\S+){0,1}\s*$")
_AIR_FORCE = _rx(r"(?<![\w])[وفبل]?(?:" + _ctx("air_force") + r")(?![\w])")
_BODY_FOUND_BEFORE = _rx("(?:" + _ctx("body_found") + r")\S*(?:\s+\S+){0,8}\s*$")
# "سيطرت قوات النظام والمجموعات الداعمة لها، أمس الجمعة، على ...": the actor and a time may come between.
_ON_AFTER = _rx(r"^[^.!?؟؛;]{0,100}?(?<![\w])[وف]?(?:" + _ctx("on") + r")(?![\w])")
# The noun (سيطرة) keeps its object close: "لسيطرة النظام" far from a later على is a state, not a capture.
_ON_AFTER_NOUN = _rx(r"^(?:\s+\S+){0,4}?\s+[وف]?(?:" + _ctx("on") + r")(?![\w])")
_INTERCEPT = "(?:" + _ctx("intercepted") + ")"
_INTERCEPTED_AFTER = _rx(r"^(?:\s+\S+){0,3}?\s+[وف]?(?:ل|لل|ل)" + _INTERCEPT + r"(?![\w])"
                         r"|^\s*(?:ل|لل)" + _INTERCEPT + r"(?![\w])")
_INTERCEPTING_BEFORE = _rx(
    r"(?<![\w])[وف]?(?:" + _ctx("intercepting") + r")(?:\s+\S+){0,3}?\s+(?:ل|لل|ال)?$"
)
_CONTROL_STATE = frozenset(fold(word) for word in ("يسيطر", "تسيطر", "يسيطرون"))
# "سنوات سيطرة التنظيم عليها"، "تحت سيطرة الفصائل": control held over a period, not a capture.
_CONTROL_PERIOD_BEFORE = _rx(
    r"(?<![\w])[وفبل]?(?:ال)?(?:" + _ctx("control_period") + r")\s*$"
)
# "يستعيد سوريون ذكرياتهم": recovering memories, not ground.
_RECALLED_AFTER = _rx(r"^[^.!?؟]{0,120}?(?<![\w])[وف]?(?:ال)?(?:" + _ctx("memory") + r")(?![\w])")
_ADVANCE = _rx("^(?:" + _ctx("advance") + r")\w*$")
# "تقدموا إلى المركز لتسوية أوضاعهم"، "تقدم بطلب": people coming forward or applying, not forces advancing.
_APPLICATION_AFTER = _rx(
    r"^[^.!?؟؛;،,]{0,60}?(?<![\w])[وفل]?(?:ب|ل|لل|ال)?(?:" + _ctx("application") + r")(?![\w])"
)
# "المصالحة التي أعادت الأمن إلى المحافظة": a settlement credited with calm is no recapture (negotiations).
_SETTLEMENT_BEFORE = _rx(r"(?<![\w])[وفبل]?(?:ال)?(?:" + _ctx("settlement") + r")(?:\s+\S+){0,3}\s*$")
_TOWARDS_AFTER = _rx(r"^(?:\s+\S+){0,3}?\s+[وف]?(?:" + _ctx("towards") + r")(?![\w])")
# Gunmen not named; not "مجهولي المصير" (of unknown fate) or "مجهول الهوية" (unidentified), said of victims.
_UNKNOWN_GUNMEN = _rx(_cue("unknown_gunmen", proclitics="[وفبل]?") + r"(?!\s+(?:ال)?(?:مصير|هوية))")
_KILLING = _rx(_cue("killing", proclitics="[وفبل]?"))  # "ما أدى لوفاتهم"، "لقي مصرعه": the death of the people shot
_DEFINITE_PRE = re.compile(r"(?:ال|^[وف]?لل)")
_BOMB = _rx("(?:" + _ctx("bomb") + ")")
_RECONNAISSANCE = _rx(r"(?<![\w])[وفبل]?(?:ال)?(?:" + _ctx("reconnaissance") + r")(?![\w])")
_RECONNAISSANCE_AIRCRAFT = _rx(
    r"(?<![\w])[وفبل]?(?:ال)?(?:" + _ctx("aircraft") + r")\s+(?:ال)?(?:" + _ctx("reconnaissance_kind") + ")"
)
_AIMED_AT_PERSON = _rx(r"(?<![\w])[وفبل]?(?:" + _ctx("aimed_at_person") + r")(?![\w])")
# Someone wounded: with unknown gunmen, a targeted shooting that failed to kill (an assassination attempt).
_WOUNDING = _rx(r"(?<![\w])[وفبل]?(?:" + _ctx("wounding") + r")(?![\w])")
# "قبل أن تتعرض لإطلاق نار": the force itself came under fire.
_UNDER_FIRE = _rx(r"(?<![\w])[وف]?(?:" + _ctx("under_fire") + r")\s+(?:ل|لل|إلى\s+)?(?:" + _ctx("fire_noun") + ")")
_ATTACKED_FACILITY = _rx(
    r"(?<![\w])[وفبل]?(?:ال)?(?:" + _ctx("attacked_facility") + r")(?![\w])"
)

# Cues that make the rest of the sentence a non-event: a denial, a call, an appeal, a threat, a warning, a plan.
GOVERNING_CUES = _rx(
    _cue("governing", proclitics="[وف]?")
    # A comparison: "ويعيد مشهد X إلى الأذهان ما جرى في Y"، "على غرار ما حدث في Y" (GUIDELINES: not incidents).
    + "|" + _cue("recall", proclitics="[وف]?") + r"(?=(?:\s+\S+){0,4}?\s+(?:إلى|الى)\s+(?:ال)?(?:أذهان|ذاكرة))"
    + "|" + _cue("comparison", proclitics="[وف]?")
)
# Cues that make the rest of their clause a non-event: a promise, the terms of an agreement, a habit or a series
# ("عمليات اغتيال شبه يومية").
LOCAL_CUES = _rx(
    _cue("promise", "terms", "habit", proclitics="[وفبل]?")
    + r"|(?<!غرفة\s)(?<![\w])عمليات\s+(?:ال)?(?:" + _ctx("series_act") + r")(?![\w])"
    # ... unless the words after it say whom they struck: "عمليات اغتيال نفذتها جماعة، طالت المهندس X" reports them.
    r"(?!(?:\s+\S+){0,9}?\s+[وف]?(?:" + _ctx("struck") + r")(?![\w]))"
    r"|(?<![\w])[وف]?سلسلة\s+(?:من\s+)?(?:ال)?عمليات(?![\w])"  # "سلسلة من عمليات الاغتيال، طالت قادة": a series
    # A tally ("وثق 41 عملية ومحاولة اغتيال خلال الشهر"): counted events over a period, not one incident.
    r"|(?<![\d])(?:[2-9]|\d{2,})\s+(?:" + _ctx("tally_noun") + r")(?![\w])"
)
# Clause openers inside a sentence: each part gets its own triggers, places and time. (?<![^...]): at the start of
# the text or after one of those characters.
SEGMENT_START = _rx(
    r"(?<![^\s،,؛;:(])[وف]?(?:حيث|في\s+حين|فيما|بينما|"
    # "وسط اشتباكات" opens a clause; "وسط مدينة طفس", "وسط السوق" only says where in the place.
    r"وسط(?!\s+(?:ال)?(?:مدينة|بلدة|قرية|حي|منطقة|مخيم|سوق|ساحة|شارع|البلد|المدينة|البلدة|القرية|الحي|المنطقة|"
    r"المخيم|السوق|الساحة|الشارع|بلدتي|مدينتي)(?![\w]))|بالتزامن\s+مع|تزامنا\s+مع|تزامناً\s+مع|"
    r"كما|كذلك|ثم|الأمر\s+الذي|على\s+أن|لكن|إلا\s+أن|"
    r"غير\s+أن|من\s+جانبه|من\s+جانبها|من\s+جهته|من\s+جهتها|مشيرا|مشيراً|مضيفا|مضيفاً|مؤكدا|مؤكداً|بعد\s+أن)(?![\w])"
    # "في الوقت ذاته" opens a clause after a break or و; after a verb ("استهدفت في الوقت ذاته مستودعاً") it only
    # dates the clause it stands in.
    r"|(?<![^،,؛;:(])\s*[وف]?(?:في\s+الوقت\s+ذاته|في\s+الوقت\s+نفسه|في\s+غضون\s+ذلك)(?![\w])"
    r"|(?<=\s)[وف](?:في\s+الوقت\s+ذاته|في\s+الوقت\s+نفسه|في\s+غضون\s+ذلك)(?![\w])"
)


@dataclass(frozen=True)
class Trigger:
    """A word that reports an event, at folded offsets of its sentence."""

    kind: str
    start: int
    end: int
    definite: bool = False
    weak: bool = False
    state: bool = False
    negated: bool = False


@dataclass(frozen=True)
class _Word:
    """One match of a trigger rule and its surroundings in the folded sentence, as the word rules read it."""

    kind: str
    pre: str  # the proclitics and article before the stem
    stem: str
    text: str  # the whole match
    before: str  # up to 60 characters before the match
    rest: str  # up to 140 characters after it

    @property
    def after(self) -> str:
        return self.rest[:60]

    @classmethod
    def of(cls, kind: str, match: re.Match[str], folded: str) -> _Word:
        """The word a trigger rule's match found in a folded sentence."""
        pre, start, end = match.group("pre"), match.start(), match.end()
        return cls(kind, pre, match.group(0)[len(pre):], match.group(0), folded[max(0, start - 60):start],
                   folded[end:end + 140])


@dataclass(frozen=True)
class WordRule:
    """A rule on one event word: when ``holds``, the word reports no event (a veto) or a non-event (a negation).

    ``kinds`` are the trigger kinds it reads (all when empty); ``example`` is a sentence of our own where it holds.
    """

    id: str
    kinds: frozenset[str]
    holds: Callable[[_Word], object]
    example: str

    def applies(self, word: _Word) -> bool:
        return (not self.kinds or word.kind in self.kinds) and bool(self.holds(word))


def _rule_of(rule_id: str, kinds: str, holds: Callable[[_Word], object], example: str) -> WordRule:
    return WordRule(rule_id, frozenset(kinds.split()), holds, example)


def _capture_is_control(word: _Word) -> bool:
    """"يسيطر التنظيم على قرى"، "سيطرة النظام" far from its object, "سنوات سيطرة التنظيم": control held, not taken."""
    if not word.stem.startswith((fold("سيطر"), fold("تسيطر"), fold("يسيطر"))):
        return False
    noun = word.stem.endswith(fold("ة"))
    if not (_ON_AFTER_NOUN if noun else _ON_AFTER).match(word.rest[:120]):
        return True
    if word.stem in _CONTROL_STATE and not word.pre.endswith("ل"):
        return True
    return noun and bool(_CONTROL_PERIOD_BEFORE.search(word.before))


# Vetoes: the word is no event word here. Order does not matter: any rule that holds drops the word.
WORD_VETOES: tuple[WordRule, ...] = (
    _rule_of("facility_name", "shelling rocket bombard", lambda w: _FACILITY_BEFORE.search(w.before),
             "سيطر المقاتلون على كتيبة الصواريخ قرب البلدة."),
    _rule_of("name_head", "", lambda w: "ال" in w.pre and _NAME_HEAD_BEFORE.search(w.before),
             "أصدر فريق التحرير بيانا مساء أمس."),
    _rule_of("rpg", "shelling", lambda w: _RPG_AFTER.match(w.after), "استهدفوا الحاجز بقذائف آر بي جي."),
    _rule_of("guided_missile", "rocket", lambda w: _GUIDED_AFTER.match(w.after),
             "دمر المقاتلون الدبابة بصاروخ موجه."),
    _rule_of("recalled_arrest", "arrest",
             lambda w: _RECALLED_ARREST.match(w.stem) and _RECALLED_ARREST_BEFORE.search(w.before),
             "توفي الشاب بعد اعتقاله بأشهر."),
    _rule_of("traces_of_gunfire", "shooting", lambda w: _TRACES_BEFORE.search(w.before),
             "وجدت الجثة وعليها آثار إطلاق نار."),
    _rule_of("raiding_force_adjective", "arrest", lambda w: "ال" in w.pre and _FORCE_NOUN_BEFORE.search(w.before),
             "انسحبت القوات المداهمة من الحي."),
    _rule_of("intercepted_missiles", "clash", lambda w: _INTERCEPTED_AFTER.match(w.after),
             "تصدت الدفاعات الجوية للصواريخ فوق العاصمة."),
    _rule_of("intercepted_strike", "rocket", lambda w: _INTERCEPTING_BEFORE.search(w.before),
             "أسقطت الدفاعات الجوية صواريخ فوق المطار."),
    _rule_of("operation_name", "clash", lambda w: fold("معركة") in w.text and (
        _QUOTE_AFTER.match(w.after) or _OPERATION_NAME_BEFORE.search(w.before)),
        "أعلنت الفصائل إطلاق معركة الكرامة."),
    _rule_of("control_not_capture", "territorial_change", _capture_is_control,
             "ويسيطر التنظيم على قرى حوض اليرموك منذ سنوات."),
    _rule_of("recalled_memories", "territorial_change", lambda w: w.stem.startswith(
        (fold("استعاد"), fold("يستعيد"), fold("تستعيد"))) and _RECALLED_AFTER.match(w.rest),
        "يستعيد السكان ذكرياتهم عن الحصار."),
    _rule_of("coming_forward", "territorial_change",
             lambda w: _ADVANCE.match(w.stem) and _APPLICATION_AFTER.match(w.rest[:80]),
             "تقدم العشرات بطلبات إلى مركز التسوية."),
    _rule_of("settlement_restored_calm", "territorial_change", lambda w: w.stem.startswith(
        (fold("أعاد"), fold("يعيد"), fold("تعيد"), fold("إعادة"))) and _SETTLEMENT_BEFORE.search(w.before),
        "قال إن المصالحة أعادت الأمن إلى البلدة."),
    _rule_of("advance_towards", "territorial_change",
             lambda w: _ADVANCE.match(w.stem) and _TOWARDS_AFTER.match(w.after), "تقدمت القوات باتجاه البلدة."),
    _rule_of("tahrir_name", "territorial_change",
             lambda w: w.stem.startswith(fold("تحرير")) and _TAHRIR_NAME.match(w.after[:12]),
             "أعلنت هيئة تحرير الشام عن هجوم جديد."),
    _rule_of("editing_the_report", "territorial_change",
             lambda w: w.stem.startswith(fold("تحرير")) and _EDITING_AFTER.match(w.after),
             "لم تعرف حصيلة القتلى حتى لحظة تحرير هذا الخبر."),
    _rule_of("devices_cleared", "explosion", lambda w: _CLEARED_DEVICES.match(w.text) and (
        _CLEARING_BEFORE.search(w.before) or _DEVICE_NOUN_BEFORE.search(w.before)),
        "بدأت الفرق تمشيط الحقول لإزالة الألغام."),
)
# After a device is defused (an explosion word read as "other"): bodies are an event only when found.
LATE_VETOES: tuple[WordRule, ...] = (
    _rule_of("bodies_not_found", "other", lambda w: fold("جث") in w.text and not _BODY_FOUND_BEFORE.search(w.before),
             "سلمت الجهات المعنية جثث الضحايا لذويهم."),
)
# Negations: the word reports what did not happen (a denial, an intent, a fear, a trend, a purpose...).
WORD_NEGATIONS: tuple[WordRule, ...] = (
    _rule_of("negation", "", lambda w: _NEGATION_BEFORE.search(w.before), "لم تقصف القوات البلدة اليوم."),
    _rule_of("intent", "", lambda w: _INTENT_BEFORE.search(w.before), "تسعى القوات إلى اقتحام البلدة."),
    _rule_of("stop", "", lambda w: _STOP_BEFORE.search(w.before) and not (
        "ب" in w.pre and _ENDED_WITH_BEFORE.search(w.before)), "طالب الأهالي بوقف القصف على البلدة."),
    _rule_of("fear", "", lambda w: _FEAR_BEFORE.search(w.before), "نزحت العائلات خوفا من قصف البلدة."),
    _rule_of("trend", "", lambda w: _TREND_BEFORE.search(w.before), "تزايدت عمليات الاغتيال في المحافظة."),
    _rule_of("failed_gain", "territorial_change", lambda w: _FAILED_GAIN_BEFORE.search(w.before),
             "فشلت القوات في السيطرة على التلة."),
    _rule_of("since", "", lambda w: _SINCE_BEFORE.search(w.before),
             "عاد الهدوء إلى البلدة منذ تحريرها من التنظيم قبل عامين."),
    _rule_of("before_it_happened", "explosion", lambda w: _BEFORE_IT_HAPPENED.search(w.before),
             "ابتعد السكان عن السيارة قبل انفجارها."),
    # "اقتحام الحي لاعتقال مطلوبين": an arrest as the purpose of a move ("للاعتقال" after تعرض is one).
    _rule_of("arrest_as_purpose", "arrest", lambda w: w.pre in ("ل", "ول", "فل"),
             "داهمت الدورية الحي لاعتقال مطلوبين."),
    # "معركة ... للسيطرة على قرى X": a capture as the purpose of an offensive, not one reported.
    _rule_of("capture_as_purpose", "territorial_change",
             lambda w: _PURPOSE_MASDAR.match(w.stem) and w.pre.lstrip("وف") in ("ل", "لل"),
             "بدأت الفصائل معركة للسيطرة على القرى."),
)


def find_triggers(folded: str) -> list[Trigger]:
    """Event words of a folded sentence, negated where a cue before them says the event did not happen."""
    triggers: list[Trigger] = []
    taken = bytearray(len(folded))
    defused = False
    for rule in TRIGGER_RULES:
        for match in rule.pattern.finditer(folded):
            start, end = match.start(), match.end()
            pre = match.group("pre")
            stem_start = start + len(pre)
            if any(taken[stem_start:end]):
                continue
            word = _Word.of(rule.kind, match, folded)
            if any(veto.applies(word) for veto in WORD_VETOES):
                continue
            if word.kind == "explosion" and (_DISARM_BEFORE.search(word.before) or defused):
                # A device defused; the words after it in the sentence ("عبوة ناسفة ... معدة للتفجير") describe it.
                word = dataclasses.replace(word, kind="other")
                defused = True
            if any(veto.applies(word) for veto in LATE_VETOES):
                continue
            negated = any(negation.applies(word) for negation in WORD_NEGATIONS)
            # "المحاصرة", "محاصرين": besieged, a state; "محاصرة المدينة": the act of besieging.
            state = word.kind == "siege" and word.stem.startswith(fold("محاصر")) and (
                "ال" in pre or word.stem != fold("محاصرة"))
            definite = bool(_DEFINITE_PRE.search(pre))
            taken[stem_start:end] = b"\x01" * (end - stem_start)
            triggers.append(Trigger(word.kind, stem_start, end, definite, rule.weak, state, negated))
    triggers.sort(key=lambda trigger: trigger.start)
    return triggers


def motive_spans(folded: str) -> list[tuple[int, int]]:
    """Spans from a motive cue (ردا على، نصرة، تضامنا مع) or a stated aim (تهدف الحملة إلى، بهدف، تمهيداً لـ) to the
    end of its clause: reasons and goals, not events."""
    spans = []
    for match in list(_MOTIVE.finditer(folded)) + list(_AIM.finditer(folded)):
        end = _clause_end(folded, match.end())
        spans.append((match.start(), end))
    return spans


_CLAUSE_BOUNDARY = re.compile(r"[،,؛;.:!?؟]")


def _clause_end(folded: str, position: int) -> int:
    """The next clause boundary (comma, semicolon, full stop) after a position, or the end of the text."""
    boundary = _CLAUSE_BOUNDARY.search(folded, position)
    return boundary.start() if boundary else len(folded)


def split_segments(folded: str) -> list[tuple[int, int]]:
    """Clause spans of a folded sentence, split before clause openers (حيث، في حين، فيما، بالتزامن مع ...)."""
    cuts = [0]
    for match in SEGMENT_START.finditer(folded):
        if match.start() - cuts[-1] >= 3:
            cuts.append(match.start())
    cuts.append(len(folded))
    return [(cuts[i], cuts[i + 1]) for i in range(len(cuts) - 1) if folded[cuts[i]:cuts[i + 1]].strip()]


FIRE_TYPES = ("shelling", "airstrike")  # the two ways of firing at a place from afar
# Ground weapons that aircraft do not carry: rockets and missiles may be an air strike's munitions.
_ARTILLERY = GROUND_FIRE_WEAPONS - {"rocket", "surface-to-surface missile"}


def resolve_kinds(triggers: list[Trigger], clause: str, sentence_has_checkpoint_action: bool,
                  previous_fire_type: str | None) -> list[tuple[Trigger, str]]:
    """The event type of each live trigger of a clause, from its weapons and neighbours; some triggers drop out."""
    live = [trigger for trigger in triggers if not trigger.negated]
    if not live:
        return []
    # Reconnaissance aircraft overhead say nothing about how a strike was delivered.
    strike_clause = _RECONNAISSANCE_AIRCRAFT.sub(lambda match: " " * len(match.group(0)), clause)
    weapons = set(find_weapons(strike_clause))
    air = (bool(weapons & AIR_WEAPONS) or bool(_AIR_CONTEXT.search(strike_clause))
           or bool(_AIR_FORCE.search(strike_clause)))
    ground = bool(weapons & GROUND_FIRE_WEAPONS) or any(trigger.kind == "shelling" for trigger in live)
    has_checkpoint = any(trigger.kind == "checkpoint" for trigger in live) and sentence_has_checkpoint_action
    strong_kinds = {trigger.kind for trigger in live if not trigger.weak and trigger.kind not in ("bombard",)}
    unknown_gunmen = bool(_UNKNOWN_GUNMEN.search(clause))
    killing = bool(_KILLING.search(clause))
    resolved: list[tuple[Trigger, str]] = []
    two_acts: Trigger | None = None
    for trigger in live:
        kind = trigger.kind
        if kind == "bombard":
            kind = "airstrike" if air else "shelling"
            if air and weapons & _ARTILLERY and two_acts is None:
                # "تعرضت للقصف من المدفعية والطيران المروحي": two acts, a shelling and an air strike (GUIDELINES).
                two_acts = trigger
                resolved.append((trigger, "shelling"))
        elif kind == "rocket":
            if air or "shelling" in strong_kinds or "airstrike" in strong_kinds:
                continue  # the rockets of a strike already counted
            kind = "shelling"
        elif kind == "sortie":
            if not air or _RECONNAISSANCE.search(clause):
                continue
            kind = "airstrike"
        elif kind == "destroy":
            if air:
                kind = "airstrike"
            elif weapons & {"IED", "car bomb"}:
                kind = "explosion"
            else:
                continue
        elif kind == "explosion" and air and _BOMB.match(clause[trigger.start:trigger.end]):
            # "غارات استخدمت فيها قنابل عنقودية"، "ألقت الطائرات قنابل": the munitions of the air strike.
            if "airstrike" in strong_kinds:
                continue
            kind = "airstrike"
        elif kind == "arson":
            if strong_kinds & {"assault", "arrest", "clash", "checkpoint"}:
                continue  # "اقتحمت المجموعة المزرعة وأضرمت النار فيها": the storming, not a second incident
            kind = "other"
        elif kind == "incursion":
            if strong_kinds - {"incursion"}:
                continue  # "توغلت قوة في البلدة واعتقلت شابين": the arrest is the event
            kind = "assault"
        elif kind == "ambush":
            if strong_kinds & {"clash", "explosion", "assassination"}:
                continue  # the ambush is the fight or the device it set off
            kind = "assault"
        elif kind == "target":
            if air:
                kind = "airstrike"
            elif ground:
                kind = "shelling"
            elif weapons & {"IED", "car bomb"}:
                kind = "explosion"
            elif "small arms" in weapons:
                kind = "shooting"
            elif previous_fire_type and not strong_kinds:
                kind = previous_fire_type
            else:
                continue
        if kind == "checkpoint" and not has_checkpoint:
            continue
        if kind == "shooting":
            if has_checkpoint:
                continue  # shooting at or from a checkpoint: the checkpoint event
            targeted = killing or (_WOUNDING.search(clause) and not _ATTACKED_FACILITY.search(clause))
            # "قتل عنصر يدعى X بعد استهدافه بالرصاص": a person killed by shots aimed at him, shooter unnamed or not.
            aimed_killing = killing and bool(_AIMED_AT_PERSON.search(clause))
            kind = "assassination" if (unknown_gunmen and targeted) or aimed_killing else "assault"
            if strong_kinds - {"shooting", "incursion"}:
                continue  # gunfire in a clash, a raid, an assassination: that event (an incursion yields to it)
        if has_checkpoint and kind in ("assault", "territorial_change"):
            continue  # storming or taking a checkpoint is the checkpoint event
        if kind == "assault" and "assassination" in strong_kinds:
            continue
        resolved.append((trigger, kind))
    if two_acts is not None:
        # The weapon words of that bombardment (المدفعية، قذائف) are its shelling, not an act of their own.
        resolved = [(t, k) for t, k in resolved if t is two_acts or k not in FIRE_TYPES]
    # Gunmen who storm a police station or a base and kill its men made an attack, not a targeted killing.
    attack_on_facility = "assault" in strong_kinds and bool(_ATTACKED_FACILITY.search(clause))
    if unknown_gunmen and killing and not attack_on_facility and not any(
        kind == "assassination" for _, kind in resolved
    ):
        if not any(kind in ("shelling", "airstrike", "explosion", "clash") for _, kind in resolved):
            anchor = live[0]
            resolved = [(anchor, "assassination")] + [(t, k) for t, k in resolved if k != "assault"]
    return resolved


def incursion_drew_fire(kinds: list[tuple[Trigger, str]], clause: str, sentence: str,
                        sentence_triggers: list[Trigger]) -> list[tuple[Trigger, str]]:
    """An incursion whose force came under fire is a clash, not an assault (GUIDELINES: "an incursion that draws
    fire"): the gunfire's clause gives the clash; the incursion named in another clause of the sentence is that act."""
    if not _UNDER_FIRE.search(sentence) or not any(
            trigger.kind == "incursion" and not trigger.negated for trigger in sentence_triggers):
        return kinds
    if not _UNDER_FIRE.search(clause):
        return [(trigger, kind) for trigger, kind in kinds if not (kind == "assault" and trigger.kind == "incursion")]
    return [(trigger, "clash" if kind == "assault" and trigger.kind in ("shooting", "incursion") else kind)
            for trigger, kind in kinds]


_ATTEMPT_WORD = lexicon.pattern("failed_attempts", "attempt")
_FAILURE_WORD = lexicon.pattern("failed_attempts", "failure")


def failed_storming_is_clash(kinds: list[tuple[Trigger, str]], sentence: str) -> list[tuple[Trigger, str]]:
    """A storming the sentence says was attempted and failed or was repulsed met resistance: a clash (GUIDELINES:
    "a storming attempt that meets resistance"), as in "حاولت القوات اقتحام البلدة وباءت محاولتها بالفشل"."""
    if not _FAILURE_WORD.search(sentence):
        return kinds
    return [(trigger, "clash" if kind == "assault" and trigger.kind == "assault" and (
        _ATTEMPT_WORD.search(sentence, max(0, trigger.start - 80), trigger.start)
        or _FAILURE_WORD.search(sentence, max(0, trigger.start - 25), trigger.start)) else kind)
        for trigger, kind in kinds]


def checkpoint_action(folded: str) -> bool:
    """True when a sentence says something was done to or from a checkpoint (attacked, taken, set up, removed)."""
    return bool(_CHECKPOINT_ACTION.search(folded))
