"""Place-name index over Arabic text, candidate lookup, and disambiguation of a name to one gazetteer place.

Pure Python (no Django): the Django layer builds a ``NameIndex`` from its Place/PlaceName rows and calls
``find_mentions`` and ``resolve_mention``.
"""

from __future__ import annotations

import bisect
import dataclasses
import math
import re
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import pairwise

import ahocorasick
from geopy.distance import ELLIPSOIDS
from pyproj import Geod
from rapidfuzz import fuzz, process

from gazetteer.arabic import (
    ARTICLE,
    PROCLITIC_SEQUENCES,
    name_variants,
    normalize_all,
    normalize_for_matching,
    normalize_with_offsets,
    original_span,
    proclitic_splits,
    weak_name_variants,
)

PlaceId = int | str

# The country of the gazetteer: a place elsewhere is abroad and is read only where the text puts it abroad.
HOME_COUNTRY = "SY"
# Words that put a place in a country (the country, its people, its state's adjectives), by ISO code.
COUNTRY_WORDS: dict[str, tuple[str, ...]] = {
    "JO": ("الأردن", "الأردنية", "الأردني", "أردني", "أردنية", "الأردنيين", "المملكة الأردنية"),
    "LB": ("لبنان", "اللبنانية", "اللبناني", "لبناني", "لبنانية", "اللبنانيين"),
    "IL": ("إسرائيل", "الإسرائيلية", "الإسرائيلي", "إسرائيلي", "إسرائيلية", "فلسطين", "الفلسطينية"),
    "IQ": ("العراق", "العراقية", "العراقي", "عراقي", "عراقية"),
    "TR": ("تركيا", "التركية", "التركي", "تركي", "تركية"),
}
# Rough centre of Daraa and Quneitra: the prior for a homonym that nothing in the text decides.
REGION_CENTROID = (32.8, 36.1)
DEFAULT_FUZZY_THRESHOLD = 88.0
MIN_NAME_LENGTH = 3  # shorter normalized names collide with particles and abbreviations

# ACLED geo_precision by kind: 1 the place itself, 2 a part of / near a place, 3 a region only.
KIND_PRECISION = {
    "city": 1, "town": 1, "village": 1, "quarter": 1,
    "camp": 2, "site": 2, "hill": 2, "crossing": 2, "subdistrict": 2,
    "district": 3, "governorate": 3, "region": 3,
}
# Small tie-breaker when nothing else decides: a bare name usually means the settlement, not the governorate.
_KIND_PRIOR = {
    "city": 0.3, "town": 0.3, "village": 0.25, "quarter": 0.2, "camp": 0.15, "site": 0.1, "hill": 0.1,
    "crossing": 0.1, "subdistrict": 0.05, "district": 0.0, "region": 0.0, "governorate": -0.1,
}
_ADMIN_KINDS = frozenset({"governorate", "district", "subdistrict", "region"})
# Radius (km) within which a place counts as "in" an anchor of this kind when the parent chain does not say.
_CONTAINER_RADIUS_KM = {
    "governorate": 70.0, "region": 50.0, "district": 40.0, "subdistrict": 25.0,
    "city": 12.0, "town": 6.0, "village": 4.0,
}


def _norm_set(words: Iterable[str]) -> frozenset[str]:
    return frozenset(normalize_all(words))


# Generic words written before a name, and the kinds of place each announces.
GENERIC_WORD_KINDS: dict[str, frozenset[str]] = {
    normalize_for_matching(word): frozenset(kinds)
    for word, kinds in {
        "محافظة": ("governorate",),
        "مدينة": ("city", "town"), "مدينتي": ("city", "town"), "مدن": ("city", "town"),
        "بلدة": ("town", "village", "city"), "بلدتي": ("town", "village", "city"), "بلدات": ("town", "village"),
        "قرية": ("village", "town"), "قريتي": ("village", "town"), "قرى": ("village", "town"),
        "حي": ("quarter",), "أحياء": ("quarter",),
        "مخيم": ("camp",), "تل": ("hill",), "تلة": ("hill",), "معبر": ("crossing",),
        "ناحية": ("subdistrict", "town"), "منطقة": ("region", "district", "subdistrict"),
        "مناطق": ("region", "district", "subdistrict"), "مزرعة": ("village", "site"),
    }.items()
}
# Generic words that admit a common-word name right after them (بلدة الصورة، قرية العالية).
CUE_WORDS: frozenset[str] = frozenset(GENERIC_WORD_KINDS)
_CUE_FORMS = frozenset(prefix + word for word in CUE_WORDS for prefix in PROCLITIC_SEQUENCES)
# Front-line words that, like a generic word, announce a place: "على محور الشجرة"، "جبهة الحارة".
_FRONT_CUE_FORMS = frozenset(
    prefix + normalize_for_matching(word) for word in ("محور", "محاور", "جبهة") for prefix in PROCLITIC_SEQUENCES
)
_NAME_CUE_FORMS = _CUE_FORMS | _FRONT_CUE_FORMS
# Cue words after which an unknown word is worth a fuzzy lookup: singular, always followed by a proper name.
_FUZZY_CUE_FORMS = frozenset(
    prefix + normalize_for_matching(word)
    for word in ("مدينة", "بلدة", "قرية", "حي", "مخيم", "ناحية")
    for prefix in PROCLITIC_SEQUENCES
)

# First words of two-word place names (عين ذكر، تل شهاب، خربة غزالة): an unknown name starting so takes two words.
_COMPOUND_HEADS = _norm_set(
    ("عين", "تل", "تلة", "خربة", "دير", "كفر", "بيت", "أم", "ام", "أبو", "ابو", "بئر", "جبل", "وادي", "نبع", "الشيخ",
     "سحم", "بصر", "بصرى", "عرب", "مزرعة", "قصر", "جسر")
)
# A place name is letters only; anything else after a cue word is not a name.
_NAME_WORD = re.compile(r"[\u0621-\u064a]{3,}")
# Words that follow بلدة/مدينة/حي in news text without being names: adjectives and verbs of description.
_NOT_NAMES = _norm_set(
    ("صغيرة", "كبيرة", "سكني", "سكنية", "تقع", "يقع", "مجاورة", "المجاورة", "قريبة", "القريبة", "محاصرة",
     "المحاصرة", "حدودية", "الحدودية", "أخرى", "ثانية", "واحدة", "جديدة", "الجديدة", "قديمة", "القديمة", "آمنة",
     "مدمرة", "خاضعة", "الخاضعة", "تابعة", "التابعة", "يسيطر", "تسيطر", "شهدت", "تشهد", "مجاور", "المجاور",
     "ذاتها", "نفسها", "كاملة", "بأكملها", "بالكامل", "المذكورة", "آنفة", "سابقة", "مختلفة", "عدة")
)

_HILL_WORDS = _norm_set(("تل", "تلة"))
# Words after تل/تلة that describe the hill instead of naming it.
_NOT_HILL_NAMES = _norm_set(
    ("مرتفع", "مرتفعة", "استراتيجي", "استراتيجية", "الاستراتيجي", "الاستراتيجية", "حاكم", "حاكمة", "الحاكم",
     "الحاكمة", "مطل", "المطل", "مطلة", "المطلة", "يطل", "تطل", "يقع", "تقع", "قريب", "قريبة", "صغير", "صغيرة",
     "كبير", "كبيرة", "ترابي", "ترابية", "عسكري", "عسكرية", "اثري", "اثرية", "الاثري", "الاثرية", "مجاور",
     "مجاورة", "آخر", "اخر", "اخرى", "يسمى", "تسمى", "يعرف", "تعرف", "المعروف", "المعروفة", "عال", "عالية",
     "بالقرب", "شرق", "غرب", "شمال", "جنوب", "قرب", "داخل", "محيط", "على", "الى", "الي", "من", "في")
)
# Adjectives with the article that describe a common noun ("التل الحاكم", "القرية المجاورة"), not a place's name.
_DESCRIBING_ADJECTIVES = frozenset(
    word for word in _NOT_NAMES | _NOT_HILL_NAMES | _norm_set(("المشرف", "المشرفة", "المرتفع"))
    if word.startswith(ARTICLE) and len(word) > 4
)
_DIRECTION_BEARINGS = {
    normalize_for_matching(word): bearing
    for word, bearing in {
        "شرق": 90, "شرقي": 90, "غرب": 270, "غربي": 270, "شمال": 0, "شمالي": 0, "جنوب": 180, "جنوبي": 180,
    }.items()
}
_RURAL_ADJECTIVE_BEARINGS = {
    normalize_for_matching(word): bearing
    for word, bearing in {
        "الشرقي": 90, "الشرقية": 90, "الغربي": 270, "الغربية": 270, "الشمالي": 0, "الشمالية": 0,
        "الجنوبي": 180, "الجنوبية": 180,
    }.items()
}
_RURAL = frozenset({normalize_for_matching(w) for w in ("ريف", "ريفي", "أرياف")})
_NEAR = _norm_set(("محيط", "قرب", "القرب", "أطراف", "ضواحي", "مشارف", "مدخل", "مداخل", "جوار", "تخوم"))
_IN = _norm_set(("في", "داخل", "ضمن"))
_FROM = _norm_set(("من",))
_SENTENCE_END = re.compile(r"[.!?؟\n]")
_ELLIPTIC_AFTER = re.compile(r" (?P<and>و) ?(?P<adjective>\S+)(?= |$)")


def _after_lone_and(norm: str, word_start: int) -> bool:
    """Whether the word at ``word_start`` follows a lone و (the press often writes "و الشرقية")."""
    lone = word_start == 2 or (word_start > 2 and norm[word_start - 3] == " ")
    return lone and norm[word_start - 2:word_start] == "و "



# Frequent words of Arabic news text that are also the names of places somewhere in Syria or the Levant. A single-word
# place name on this list is matched only with a cue: a generic word before it (مدينة، بلدة، قرية، حي، منطقة...),
# a compass word or ريف after it, or as the next item of a list of places. General vocabulary, not tuned to a corpus.
DEFAULT_COMMON_WORDS: frozenset[str] = _norm_set("""
الصورة صورة المال مال نمر الحرية حرية جملة الجملة عين العين التل تل الشيخ شيخ البلد المحطة المركز السوق
الجامع المسجد المدرسة مدرسة الجامعة المستشفى السجن الحاجز المعبر الجسر جسر الطريق طريق السد الجمرك القصر قصر
البرج برج الحصن الحقل الحمام المزرعة البستان الحديقة الروضة الوادي الجبل السهل الهضبة النبع البئر الشجرة شجرة
النخلة القبة قبة الصوامع الدير الكنيسة الميدان الساحة الدوار المعامل المصنع الملعب المطار الميناء الكتيبة اللواء
الفوج الفرقة الفرع المفرزة الثكنة المربع المقر المحور الجبهة الحي المدينة البلدة القرية المنطقة الناحية الريف
البادية الصحراء المخيم الباب الدور الطبقة حارة الثورة الكرامة النصر السلام الوحدة العروبة النهضة الاستقلال
الجلاء البعث الأسد القادسية الفداء الشهداء الأمل التحرير الشعب الوطن الحرب الجيش الأمن الدولة الحكومة المعارضة
النظام الاتفاق التسوية الهدنة المقاومة الصمود التضامن العودة الشهيد الانتفاضة الحراك العدالة الإصلاح الاستقامة
التقدم البناء العمل الخير الرحمة السلامة الإشارة الزيارة الزراعة الصحة التعليم السعر الضمير العليا العال الهلال
النور الضياء الفجر الصباح المساء الليل الشيوخ الحاضر الراعي الجديد الجديدة جديدة جديد القديم القديمة قديم
الكبير الكبيرة كبير الصغير الصغيرة العالي العالية عالية الطويل الطويلة القصيرة الجميل الجميلة الكريم الكريمة
الشرقي الشرقية الغربي الغربية الشمالي الشمالية الجنوبي الجنوبية الوسطى السفلى الحمراء البيضاء السوداء الخضراء
الزرقاء الصفراء الحربية المنصورة المعزولة المرتفعة المنكوبة الضخم الجيد الناعم المحروسة المعلقة الطيبة الهامة
الرئيسية العامة الخاصة الوطنية الأولى الثانية الأخيرة المحاصرة السبت الأحد الاثنين الثلاثاء الأربعاء الخميس
الجمعة كانون شباط آذار نيسان أيار حزيران تموز آب أيلول تشرين يناير فبراير مارس أبريل مايو يونيو يوليو أغسطس
سبتمبر أكتوبر نوفمبر ديسمبر حدث حالات صراع سلسلة جيل خطاب كوكب عقرب ملح نصيب صافي سلوك إسكان إسقاط عدوان
فرحة ميل كسب راهب سوق علما حيث بيان قرار مركز معسكر ساحة جروح سلمي سلمية جولان فيل إصابة إصابات شهيد شهداء
قتلى جرحى ورقة فرقة فرق بحث وقت وصول لجنة كتيبة بلاد فصيل فصائل كامل كافة وحدة فريق بعد بين وفد فجر ولاية وزير
وزارة بحر بناء فوق كبيرة كثير بقية بعض لقاء لواء ليلة وسط وجود واقع وكالة بنود بشكل لعدد بعدد كذلك كما لكن ولكن
فقط بحسب وبحسب وفق وفقا بسبب برفقة بدعم بمشاركة كلمة لحظة فترة فكرة لهجة بطل حضر حاضر
السل حطين غجر الغجر جدل المدورة الضهر سور العارضة نهج الكازية الكوم الحيران
القدم الشعار المشهد السكري الأنصاري سليم قنوات قارة صور
""".split())
# Names of two words or more that are also frequent as something else (people's names): matched only with a cue.
DEFAULT_COMMON_PHRASES: frozenset[str] = frozenset(
    normalize_for_matching(phrase) for phrase in ("صلاح الدين", "سيف الدولة", "ركن الدين")
)
_COUNTRY_FORMS: dict[str, str] = {
    prefix + normalize_for_matching(word): code
    for code, words in COUNTRY_WORDS.items() for word in words for prefix in PROCLITIC_SEQUENCES
    if " " not in word
}
_COUNTRY_PHRASES: dict[str, str] = {
    normalize_for_matching(word): code for code, words in COUNTRY_WORDS.items() for word in words if " " in word
}


def countries_named(text: str) -> frozenset[str]:
    """ISO codes of the countries a text names (الأردن، اللبنانية، إسرائيل...), other than the home country."""
    norm = normalize_for_matching(text)
    found = {_COUNTRY_FORMS[word] for word in norm.split(" ") if word in _COUNTRY_FORMS}
    found.update(code for phrase, code in _COUNTRY_PHRASES.items() if phrase in norm)
    return frozenset(found)


@dataclass(frozen=True)
class PlaceRecord:
    """A gazetteer place as the resolver sees it."""

    place_id: PlaceId
    name_ar: str
    name_en: str
    kind: str
    lat: float
    lon: float
    parent_id: PlaceId | None = None
    population: int | None = None
    country: str = HOME_COUNTRY

    @property
    def abroad(self) -> bool:
        """Whether the place lies outside the gazetteer's country."""
        return self.country != HOME_COUNTRY


@dataclass(frozen=True)
class Mention:
    """A place name found in a text; start/end index the original text and exclude proclitics."""

    start: int
    end: int
    text: str
    normalized: str
    place_ids: tuple
    fuzzy: bool = False
    score: float = 100.0


@dataclass(frozen=True)
class Candidate:
    """A place that a name may refer to, with the indexed name that matched and how well."""

    place: PlaceRecord
    name: str
    fuzzy: bool = False
    score: float = 100.0
    # The name is a locality inside ``place`` whose own position the gazetteer lacks ("within" names).
    within: bool = False
    # An editor gave this name to ``place`` when correcting a geocode.
    preferred: bool = False

    @property
    def place_id(self) -> PlaceId:
        """The candidate place's id."""
        return self.place.place_id


@dataclass(frozen=True)
class Resolution:
    """The outcome of resolving one name: a place and point, or 'unresolved'."""

    place_id: PlaceId | None
    lat: float | None
    lon: float | None
    geo_precision: int | None
    confidence: float
    method: str
    note: str = ""


@dataclass
class _Match:
    start: int  # normalized offsets, unpadded
    end: int
    variant: str
    prefix: str
    keys: tuple[str, ...]
    weak_keys: tuple[str, ...]
    cue_ok: bool
    coordination: bool = False


@dataclass
class ContextAnalysis:
    """A text scanned once: its normalized form, word bounds, exact mentions and sentence breaks."""

    text: str
    norm: str
    offsets: list[int]
    word_starts: list[int]
    word_ends: list[int]
    mentions: list[Mention]
    mention_words: list[tuple[int, int]]
    sentence_breaks: list[int]
    anchor_ids: frozenset = field(default_factory=frozenset)
    written: list[str] = field(default_factory=list)  # normalized form of each mention as written
    spans: list[tuple[int, int]] = field(default_factory=list)  # normalized [start, end) of each mention

    @cached_property
    def mention_starts(self) -> list[int] | None:
        """The original start of each mention, when they come in text order (None otherwise)."""
        starts = [mention.start for mention in self.mentions]
        return starts if all(a <= b for a, b in pairwise(starts)) else None


def _word_bounds(norm: str) -> tuple[list[int], list[int]]:
    starts, ends = [], []
    position = 0
    for word in norm.split(" "):
        if word:
            starts.append(position)
            ends.append(position + len(word))
        position += len(word) + 1
    return starts, ends


@lru_cache(maxsize=1 << 13)
def _bare(word: str) -> str:
    """A normalized word without a leading conjunction/preposition, for comparing with small word lists."""
    for prefix, stem in reversed(proclitic_splits(word)):
        if prefix and (stem in _CUE_FORMS or stem in _DIRECTION_BEARINGS or stem in _RURAL or stem in _NEAR):
            return stem
    return word


def _specific_length(variant: str) -> int:
    """Length of a name without a leading generic word: "منطقة درعا" must not beat "درعا البلد" on a tie."""
    first, _, rest = variant.partition(" ")
    return len(rest) if rest and first in CUE_WORDS else len(variant)


def bearing_degrees(origin: tuple[float, float], target: tuple[float, float]) -> float:
    """Initial compass bearing from origin to target, in degrees from north."""
    lat1, lat2 = math.radians(origin[0]), math.radians(target[0])
    dlon = math.radians(target[1] - origin[1])
    x = math.sin(dlon) * math.cos(lat2)
    y = math.cos(lat1) * math.sin(lat2) - math.sin(lat1) * math.cos(lat2) * math.cos(dlon)
    return (math.degrees(math.atan2(x, y)) + 360.0) % 360.0


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Geodesic distance in km between two (lat, lon) points."""
    return _geodesic_km(float(a[0]), float(a[1]), float(b[0]), float(b[1]))


_PROCLITICS_LONGEST_FIRST = tuple(sorted(PROCLITIC_SEQUENCES, key=len, reverse=True))
_HILL_FORMS = frozenset(prefix + word for prefix in PROCLITIC_SEQUENCES for word in _HILL_WORDS)
# geopy's WGS-84 ellipsoid in km (geopy's geodesic(...).km); pyproj solves the same Karney geodesic in C, some forty
# times faster than geographiclib in Python, so the resolver can measure every distance it needs without a memo.
_WGS84_KM = Geod(a=ELLIPSOIDS["WGS-84"][0], f=ELLIPSOIDS["WGS-84"][2])


def _geodesic_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    return _WGS84_KM.inv(lon1, lat1, lon2, lat2)[2]


class NameIndex:
    """All names of the gazetteer, normalized, in one Aho-Corasick automaton for single-pass matching."""

    def __init__(
        self,
        places: Iterable[PlaceRecord],
        names: Iterable[tuple[PlaceId, str]] = (),
        *,
        within_names: Iterable[tuple[PlaceId, str]] = (),
        preferred_names: Iterable[tuple[PlaceId, str]] = (),
        requires_cue: Iterable[str] | None = None,
        common_words: Iterable[str] | None = None,
        fuzzy_threshold: float = DEFAULT_FUZZY_THRESHOLD,
        fuzzy_scorer: Callable[..., float] = fuzz.ratio,
        min_name_length: int = MIN_NAME_LENGTH,
    ) -> None:
        """Index the places' Arabic names plus extra (place_id, name) aliases.

        ``within_names`` are (place_id, name) pairs of localities known to lie inside that place (a hamlet of a town,
        a village of a subdistrict or region) but with no position of their own: they are found in text like any name
        and resolve to the containing place at a coarser precision. ``preferred_names`` are (place_id, name) pairs an
        editor confirmed: among places sharing the name, that reading wins unless the context clearly says otherwise.

        ``requires_cue`` lists names matched in text only after a cue; by default it is derived as the single-word
        names found in ``common_words`` (``DEFAULT_COMMON_WORDS`` unless given).
        """
        self.fuzzy_threshold = fuzzy_threshold
        self.fuzzy_scorer = fuzzy_scorer
        self.min_name_length = min_name_length
        self._places: dict[PlaceId, PlaceRecord] = {}
        self._keys: dict[str, dict[PlaceId, None]] = {}  # normalized name -> place ids (ordered set)
        self._english: dict[str, dict[PlaceId, None]] = {}
        for place in places:
            self._places[place.place_id] = place
            self._add_name(place.place_id, place.name_ar)
            if place.name_en:
                self._english.setdefault(place.name_en.strip().casefold(), {})[place.place_id] = None
        self._preferred: set[tuple[str, PlaceId]] = set()
        for place_id, name in preferred_names:
            if place_id in self._places:
                self._add_name(place_id, name)
                self._preferred.add((normalize_for_matching(name), place_id))
        for place_id, name in names:
            if place_id in self._places:
                self._add_name(place_id, name)
        proper = {(key, place_id) for key, ids in self._keys.items() for place_id in ids}
        self._within: set[tuple[str, PlaceId]] = set()
        for place_id, name in within_names:
            key = normalize_for_matching(name)
            if place_id in self._places and key and (key, place_id) not in proper:
                self._add_name(place_id, name)
                self._within.add((key, place_id))
        common = _norm_set(common_words) if common_words is not None else DEFAULT_COMMON_WORDS
        self.common_words = common
        if requires_cue is None:
            self.requires_cue = frozenset(
                key for key in self._keys
                if (" " not in key and key in common) or key in DEFAULT_COMMON_PHRASES
            )
        else:
            self.requires_cue = _norm_set(requires_cue)
        self._ancestors: dict[PlaceId, tuple[PlaceId, ...]] = {}
        self._context_cache: OrderedDict[str, ContextAnalysis] = OrderedDict()
        self._cache_lock = threading.Lock()  # the Django layer shares one index between threads
        self._build_variants()
        self._build_automaton()

    # -- construction -------------------------------------------------------------------------------------------

    def _add_name(self, place_id: PlaceId, name: str) -> None:
        key = normalize_for_matching(name)
        if key:
            self._keys.setdefault(key, {})[place_id] = None

    def _build_variants(self) -> None:
        # variant -> {key: needs_cue}; a key reachable without a cue through any spelling does not need one.
        variants: dict[str, dict[str, bool]] = {}
        for key in self._keys:
            needs_cue = key in self.requires_cue
            for variant in name_variants(key):
                entry = variants.setdefault(variant, {})
                entry[key] = entry.get(key, True) and needs_cue
            for variant in weak_name_variants(key):
                variants.setdefault(variant, {}).setdefault(key, True)
        self._variants = variants
        self._variant_list = list(variants)
        # The keys a variant reaches without a cue, and those it reaches only with one, for the text scan.
        self._variant_keys = {
            variant: (tuple(key for key, needs_cue in entry.items() if not needs_cue),
                      tuple(key for key, needs_cue in entry.items() if needs_cue))
            for variant, entry in variants.items()
        }

    def _build_automaton(self) -> None:
        automaton = ahocorasick.Automaton()
        for variant in self._variants:
            if len(variant.replace(" ", "")) < self.min_name_length:
                continue
            if variant.startswith(ARTICLE):
                # ل + ال is written لل: للصنمين. The name as written starts at the article's lam.
                stem = variant[len(ARTICLE):]
                lam_form = "ل" + (stem if stem.startswith("ل") else "ل" + stem)
                for conj in ("", "و", "ف"):
                    pattern = f" {conj}{lam_form} "
                    automaton.add_word(pattern, (len(pattern), 1 + len(conj) + 1, len(lam_form) - 1, variant))
            for prefix in PROCLITIC_SEQUENCES:
                if variant.startswith(ARTICLE) and prefix.endswith("ل"):
                    continue  # written لل, handled above
                pattern = f" {prefix}{variant} "
                automaton.add_word(pattern, (len(pattern), 1 + len(prefix), len(variant), variant))
        if len(automaton):
            automaton.make_automaton()
        self._automaton = automaton

    # -- lookups ------------------------------------------------------------------------------------------------

    def __len__(self) -> int:
        """Number of indexed places."""
        return len(self._places)

    def place(self, place_id: PlaceId) -> PlaceRecord:
        """The place with this id (KeyError when unknown)."""
        return self._places[place_id]

    def named_inside(self, place_id: PlaceId, normalized_name: str) -> bool:
        """Whether a name denotes a locality kept only inside this administrative unit (a "within" name whose own
        point the gazetteer lacks), not the unit itself."""
        return self._places[place_id].kind in _ADMIN_KINDS - {"region"} and (normalized_name, place_id) in self._within

    def places(self) -> list[PlaceRecord]:
        """Every indexed place."""
        return list(self._places.values())

    def place_ids_for(self, normalized_name: str) -> tuple[PlaceId, ...]:
        """Ids of the places carrying exactly this normalized name."""
        return tuple(self._keys.get(normalized_name, ()))

    def ancestors(self, place_id: PlaceId) -> tuple[PlaceId, ...]:
        """Parent, grandparent... of a place, nearest first (cycles cut)."""
        if place_id not in self._ancestors:
            chain: list[PlaceId] = []
            current = self._places.get(place_id)
            while current is not None and current.parent_id is not None and current.parent_id not in chain:
                if current.parent_id == place_id:
                    break
                chain.append(current.parent_id)
                current = self._places.get(current.parent_id)
            self._ancestors[place_id] = tuple(chain)
        return self._ancestors[place_id]

    def _ids_of_keys(self, keys: Iterable[str]) -> tuple[PlaceId, ...]:
        ids: dict[PlaceId, None] = {}
        for key in keys:
            ids.update(self._keys.get(key, {}))
        return tuple(ids)

    def candidates(self, name: str, *, fuzzy_threshold: float | None = None) -> list[Candidate]:
        """Places a name may refer to: exact normalized hits, else fuzzy hits above the threshold (best first)."""
        normalized = normalize_for_matching(name)
        if not normalized:
            return []
        forms = self._lookup_forms(normalized)
        for form in forms:
            entry = self._variants.get(form)
            if entry:
                found: dict[PlaceId, Candidate] = {}
                for key in entry:
                    for place_id in self._keys[key]:
                        found.setdefault(place_id, self._candidate(place_id, key))
                return list(found.values())
        english = self._english.get(name.strip().casefold())
        if english:
            return [Candidate(self._places[place_id], normalized) for place_id in english]
        threshold = self.fuzzy_threshold if fuzzy_threshold is None else fuzzy_threshold
        return self._fuzzy_candidates(forms[-1], threshold)

    def candidates_of(self, place_ids: Sequence[PlaceId], name: str) -> list[Candidate]:
        """The places of these ids the index knows, as candidates for a name read as them."""
        normalized = normalize_for_matching(name)
        known = [place_id for place_id in dict.fromkeys(place_ids) if place_id in self._places]
        return [self._candidate(place_id, normalized) for place_id in known]

    def _candidate(self, place_id: PlaceId, key: str, *, fuzzy: bool = False, score: float = 100.0) -> Candidate:
        return Candidate(self._places[place_id], key, fuzzy=fuzzy, score=score,
                         within=(key, place_id) in self._within, preferred=(key, place_id) in self._preferred)

    def _lookup_forms(self, normalized: str) -> list[str]:
        """The name, then readings without proclitics and without leading generic words (بمدينة درعا -> درعا)."""
        forms = [normalized]
        index = 0
        while index < len(forms) and len(forms) < 12:
            form = forms[index]
            index += 1
            words = form.split(" ")
            for _prefix, stem in proclitic_splits(words[0])[1:]:
                reading = " ".join([stem, *words[1:]])
                if reading not in forms and (reading in self._variants or stem in CUE_WORDS):
                    forms.append(reading)
            if len(words) > 1 and words[0] in CUE_WORDS:
                reading = " ".join(words[1:])
                if reading not in forms:
                    forms.append(reading)
        return forms

    def _fuzzy_candidates(self, form: str, threshold: float) -> list[Candidate]:
        if len(form.replace(" ", "")) < 4 or form in self.common_words:
            return []  # short strings are one edit away from too many names
        hits = process.extract(
            form, self._variant_list, scorer=self.fuzzy_scorer, score_cutoff=threshold, limit=10
        )
        best: dict[PlaceId, Candidate] = {}
        for variant, score, _ in hits:
            for key in self._variants[variant]:
                for place_id in self._keys[key]:
                    if place_id not in best or best[place_id].score < score:
                        best[place_id] = self._candidate(place_id, key, fuzzy=True, score=float(score))
        return sorted(best.values(), key=lambda candidate: -candidate.score)

    # -- matching in text ---------------------------------------------------------------------------------------

    def find_mentions(self, text: str, *, fuzzy_after_cue: bool = True) -> list[Mention]:
        """Place names in a text, in order: one automaton pass, whole words, longest first, no overlaps.

        Proclitics (و ف ب ل ك, لل) are allowed before a name and left out of the span. With ``fuzzy_after_cue``,
        an unknown word right after مدينة/بلدة/قرية/حي/مخيم/ناحية is also looked up fuzzily (flagged fuzzy); when
        nothing comes close it is still returned, with no candidate (place_ids empty, score 0), so that an incident
        there is kept for an editor instead of lost.
        """
        analysis = self.analyse_context(text)
        if fuzzy_after_cue and analysis.norm:
            return self._add_fuzzy_after_cue(text, analysis)
        return list(analysis.mentions)

    def _raw_matches(self, norm: str) -> list[_Match]:
        padded = f" {norm} "
        matches: list[_Match] = []
        if not len(self._automaton):
            return matches
        for end_index, (pattern_len, name_offset, name_len, variant) in self._automaton.iter(padded):
            pattern_start = end_index - pattern_len + 1
            start = pattern_start + name_offset - 1  # back to unpadded offsets
            prefix = padded[pattern_start + 1:pattern_start + name_offset]
            word_start = pattern_start  # unpadded index of the word (with its proclitics)
            if prefix and self._doubtful_split(norm, word_start, prefix, variant):
                continue  # no cue rescues it: a generic word is followed by the bare name, not by a clitic
            keys, weak = self._variant_keys[variant]
            cue_ok = self._has_cue(norm, word_start, start + name_len) if weak else False
            matches.append(_Match(start, start + name_len, variant, prefix, keys, weak, cue_ok))
        return matches

    def _doubtful_split(self, norm: str, word_start: int, prefix: str, variant: str) -> bool:
        """Whether reading a word as proclitics + name is too doubtful to report.

        فرقة is a word, not ف + رقة: a whole word that is itself a frequent word is not split. A short bare name
        (3 letters or fewer, no article) is read after و ب ل only, since longer clitic chains on a short stem mostly
        spell another word.
        """
        word_end = norm.find(" ", word_start)
        whole_word = norm[word_start:word_end if word_end >= 0 else len(norm)]
        if whole_word in self.common_words:
            return True
        stem = variant.split(" ", 1)[0]
        return len(stem) <= 3 and not stem.startswith(ARTICLE) and prefix not in ("و", "ب", "ل")

    @staticmethod
    def _has_cue(norm: str, word_start: int, end: int) -> bool:
        """A generic word just before, or a compass word / ريف just after: the name is used as a place."""
        if word_start > 0:
            before_start = norm.rfind(" ", 0, word_start - 1) + 1
            if norm[before_start:word_start - 1] in _NAME_CUE_FORMS:
                return True
        if end >= len(norm):
            return False
        next_end = norm.find(" ", end + 1)
        following = norm[end + 1:next_end if next_end >= 0 else len(norm)]
        bare = _bare(following)
        if bare in _DIRECTION_BEARINGS or bare in _RURAL:
            return True
        if following in _IN and next_end >= 0:
            after_end = norm.find(" ", next_end + 1)
            return norm[next_end + 1:after_end if after_end >= 0 else len(norm)] in _RURAL
        return False

    def _select(self, matches: list[_Match], length: int, norm: str = "") -> list[_Match]:
        """Longest first (a leading generic word not counted), then leftmost; a cue-only name survives only with
        its cue or as the next item of a list, unless an adjective describes it ("والتل الحاكم": a hill, no town)."""
        usable = []
        for match in matches:
            if match.keys or match.cue_ok:
                usable.append(match)
            elif match.prefix.startswith(("و", "ف")) or _after_lone_and(norm, match.start - len(match.prefix)):
                match.coordination = True  # decided below, once its neighbours are known
                usable.append(match)
        usable.sort(key=lambda m: (-_specific_length(m.variant), -(m.end - m.start), m.start, not m.keys))
        taken = bytearray(length)
        chosen: list[_Match] = []
        for match in usable:
            if any(taken[match.start:match.end]):
                continue
            chosen.append(match)
            taken[match.start:match.end] = b"\x01" * (match.end - match.start)
        chosen.sort(key=lambda m: m.start)
        kept: list[_Match] = []
        for match in chosen:
            if match.coordination:
                previous = kept[-1] if kept else None
                # The previous kept name must end on the word just before this one: "بلدة النعيمة والصورة" (or
                # before a lone و: "النعيمة و الصورة").
                word_start = match.start - len(match.prefix)
                if previous is None or not (previous.end == word_start - 1 or (
                        previous.end == word_start - 3 and _after_lone_and(norm, word_start))):
                    continue
                next_end = norm.find(" ", match.end + 1) if match.end < len(norm) else -1
                following = norm[match.end + 1:next_end if next_end >= 0 else len(norm)] if norm else ""
                if following in _DESCRIBING_ADJECTIVES:
                    continue
                match.cue_ok = True
            kept.append(match)
            elliptic = self._elliptic_member(match, norm, taken)
            if elliptic is not None:
                kept.append(elliptic)
        return kept

    def _elliptic_member(self, match: _Match, norm: str, taken: bytearray) -> _Match | None:
        """"الغارية الغربية والشرقية": a bare compass adjective coordinated right after a name ending in another one
        is the same name with that adjective, when the gazetteer knows it."""
        words = match.variant.split(" ")
        if len(words) < 2 or words[-1] not in _RURAL_ADJECTIVE_BEARINGS or not norm:
            return None
        after = _ELLIPTIC_AFTER.match(norm, match.end)
        if after is None or any(taken[after.start("adjective"):after.end("adjective")]):
            return None
        adjective = after.group("adjective")
        variant = " ".join([*words[:-1], adjective])
        if adjective == words[-1] or adjective not in _RURAL_ADJECTIVE_BEARINGS or variant not in self._variants:
            return None
        entry = self._variants[variant]
        return _Match(after.start("adjective"), after.end("adjective"), variant, after.group("and"),
                      tuple(entry), (), True, True)

    def _mention(self, text: str, offsets: list[int], match: _Match) -> Mention:
        start, end = original_span(text, offsets, match.start, match.end)
        keys = match.keys + (match.weak_keys if match.cue_ok else ())
        primary = match.variant if match.variant in keys else keys[0]
        return Mention(start, end, text[start:end], primary, self._ids_of_keys(keys))

    def _add_fuzzy_after_cue(self, text: str, analysis: ContextAnalysis) -> list[Mention]:
        norm, offsets = analysis.norm, analysis.offsets
        taken = bytearray(len(norm))
        for start, end in analysis.spans:
            taken[start:end] = b"\x01" * (end - start)
        starts, ends = analysis.word_starts, analysis.word_ends
        extra: list[Mention] = []
        for i in range(len(starts) - 1):
            if norm[starts[i]:ends[i]] not in _FUZZY_CUE_FORMS:
                continue
            j = i + 1
            if any(taken[starts[j]:ends[j]]):
                continue
            # Try two words before one: "خربة غزالة" misspelt is still one name.
            for last in (j + 1, j):
                if last >= len(starts) or any(taken[starts[j]:ends[last]]):
                    continue
                form = norm[starts[j]:ends[last]]
                hits = self._fuzzy_candidates(form, self.fuzzy_threshold)
                if any(hit.place.abroad for hit in hits):
                    start, end = original_span(text, offsets, starts[j], ends[last])
                    around = _sentence_around(text, analysis.sentence_breaks, start, end)
                    hits = _within_borders(hits, countries_named(around))
                if not hits:
                    continue
                best_score = hits[0].score
                best = [hit for hit in hits if hit.score == best_score]
                start, end = original_span(text, offsets, starts[j], ends[last])
                ids = tuple(dict.fromkeys(hit.place_id for hit in best))
                extra.append(Mention(start, end, text[start:end], best[0].name, ids, fuzzy=True, score=best_score))
                taken[starts[j]:ends[last]] = b"\x01" * (ends[last] - starts[j])
                break
            else:
                unknown = self._unknown_name_span(norm, starts, ends, j, taken)
                if unknown is not None:
                    start, end = original_span(text, offsets, *unknown)
                    extra.append(Mention(start, end, text[start:end], norm[unknown[0]:unknown[1]], (), score=0.0))
                    taken[unknown[0]:unknown[1]] = b"\x01" * (unknown[1] - unknown[0])
        extra.extend(self._unknown_hills(text, analysis, taken))
        if not extra:
            return list(analysis.mentions)
        return sorted([*analysis.mentions, *extra], key=lambda mention: mention.start)

    def _unknown_hills(self, text: str, analysis: ContextAnalysis, taken: bytearray) -> list[Mention]:
        """"تل الشعار" the gazetteer lacks: a named hill is a place of its own (GUIDELINES: a named hill with no
        settlement stays itself), so "تل"/"تلة" and the name after it are returned unresolved (no candidate)."""
        norm, offsets = analysis.norm, analysis.offsets
        starts, ends = analysis.word_starts, analysis.word_ends
        found: list[Mention] = []
        for i in range(len(starts) - 1):
            word = norm[starts[i]:ends[i]]
            if word not in _HILL_FORMS:
                continue  # the exact test below, done for every word of every text, is slow
            prefix = next((p for p in _PROCLITICS_LONGEST_FIRST
                           if word.startswith(p) and word[len(p):] in _HILL_WORDS), None)
            if prefix is None or any(taken[starts[i]:ends[i + 1]]):
                continue
            name = norm[starts[i + 1]:ends[i + 1]]
            if (not _NAME_WORD.fullmatch(name) or name in self.common_words or name in CUE_WORDS
                    or name in _NOT_NAMES or name in _NOT_HILL_NAMES or name in _DIRECTION_BEARINGS
                    or name in _RURAL_ADJECTIVE_BEARINGS):
                continue
            span = (starts[i] + len(prefix), ends[i + 1])
            start, end = original_span(text, offsets, *span)
            found.append(Mention(start, end, text[start:end], norm[span[0]:span[1]], (), score=0.0))
            taken[span[0]:span[1]] = b"\x01" * (span[1] - span[0])
        return found

    def _unknown_name_span(
        self, norm: str, starts: list[int], ends: list[int], j: int, taken: bytearray
    ) -> tuple[int, int] | None:
        """The span of a name the gazetteer lacks after a cue word, or None when the words there are no name."""
        word = norm[starts[j]:ends[j]]
        if word in _COMPOUND_HEADS:
            if j + 1 < len(starts) and not any(taken[starts[j + 1]:ends[j + 1]]):
                second = norm[starts[j + 1]:ends[j + 1]]
                if _NAME_WORD.fullmatch(second) and second not in self.common_words:
                    return starts[j], ends[j + 1]
            return None
        if not _NAME_WORD.fullmatch(word) or word in self.common_words or word in CUE_WORDS or word in _NOT_NAMES:
            return None
        if word in _DIRECTION_BEARINGS or word in _RURAL_ADJECTIVE_BEARINGS:
            return None
        return starts[j], ends[j]

    def analyse_context(self, context_text: str) -> ContextAnalysis:
        """Normalized text, exact mentions, words and sentence breaks of a text (cached: find_mentions and then
        resolve_mention on the same article scan it once)."""
        with self._cache_lock:
            cached = self._context_cache.get(context_text)
            if cached is not None:
                self._context_cache.move_to_end(context_text)
                return cached
        norm, offsets = normalize_with_offsets(context_text)
        selected = self._select(self._raw_matches(norm), len(norm), norm) if norm else []
        mentions = [self._mention(context_text, offsets, match) for match in selected]
        starts, ends = _word_bounds(norm)
        mention_words = [
            (_word_at(starts, match.start), _word_at(starts, match.end - 1)) for match in selected
        ]
        breaks = [m.start() for m in _SENTENCE_END.finditer(context_text)]
        anchor_ids = frozenset(pid for mention in mentions for pid in mention.place_ids)
        analysis = ContextAnalysis(
            context_text, norm, offsets, starts, ends, mentions, mention_words, breaks, anchor_ids,
            written=[norm[match.start:match.end] for match in selected],
            spans=[(match.start, match.end) for match in selected],
        )
        with self._cache_lock:
            self._context_cache[context_text] = analysis
            if len(self._context_cache) > 64:
                self._context_cache.popitem(last=False)
        return analysis


def _word_at(starts: list[int], position: int) -> int:
    return max(0, bisect.bisect_right(starts, position) - 1)


# -- disambiguation -------------------------------------------------------------------------------------------------


@dataclass
class _Cue:
    relation: str  # "in", "near", "rural", "direction"
    anchor_ids: tuple
    bearing: float | None
    weight: float
    label: str


@dataclass
class _Scored:
    candidate: Candidate
    evidence: float = 0.0
    prior: float = 0.0
    reasons: list[str] = field(default_factory=list)

    @property
    def total(self) -> float:
        """Evidence from the text plus the priors."""
        return self.evidence + self.prior


@dataclass
class _TargetContext:
    kinds: frozenset[str] = frozenset()
    near: bool = False
    region: bool = False
    cues: list[_Cue] = field(default_factory=list)
    article_ids: frozenset = frozenset()
    countries: frozenset = frozenset()  # countries other than home named around the name


def _occurrences(analysis: ContextAnalysis, name_norm: str, mention_start: int | None) -> list[tuple[int, int]]:
    """Word ranges (first, last) of the mention in the context: the one at mention_start, else every occurrence."""
    starts = analysis.word_starts
    if not starts:
        return []
    if mention_start is not None:
        position = bisect.bisect_left(analysis.offsets, mention_start)
        if position >= len(analysis.norm):
            return []
        first = _word_at(starts, position)
    else:
        found = [
            words for mention, written, words in zip(analysis.mentions, analysis.written, analysis.mention_words,
                                                     strict=True)
            if mention.normalized == name_norm or written == name_norm
        ]
        if found:
            return found
        # Not an indexed mention (generic words, a misspelling): find the words, allowing proclitics on the first.
        pattern = rf"(?:^| )(?:{'|'.join(PROCLITIC_SEQUENCES[1:])})?{re.escape(name_norm)}(?= |$)"
        match = re.search(pattern, analysis.norm)
        if match is None:
            return []
        first = _word_at(starts, match.start() + (1 if analysis.norm[match.start()] == " " else 0))
    for words in analysis.mention_words:
        if words[0] <= first <= words[1]:
            return [words]
    return [(first, min(first + name_norm.count(" "), len(starts) - 1))]


def _merge_targets(targets: list[_TargetContext], article_ids: frozenset) -> _TargetContext:
    """One view of several occurrences of a name in an article: they almost always mean the same place."""
    if not targets:
        return _TargetContext(article_ids=article_ids)
    if len(targets) == 1:
        return targets[0]
    kind_votes = Counter(target.kinds for target in targets if target.kinds)
    return _TargetContext(
        kinds=kind_votes.most_common(1)[0][0] if kind_votes else frozenset(),
        near=all(target.near for target in targets),
        region=all(target.region for target in targets),
        cues=[cue for target in targets for cue in target.cues],
        article_ids=article_ids,
    )


def _mentions_in_sentence(analysis: ContextAnalysis, position: int) -> Sequence[int]:
    """The numbers of the mentions that start in the sentence of an original offset (_same_sentence of each), found
    by bisection: the mentions come in text order, so a long roundup is not walked whole for every incident."""
    starts = analysis.mention_starts
    if starts is None:
        return [number for number, mention in enumerate(analysis.mentions)
                if _same_sentence(analysis, position, mention.start)]
    breaks = analysis.sentence_breaks
    index = bisect.bisect_left(breaks, position)
    left = breaks[index - 1] if index else -1  # the last break before the position
    right = breaks[index] if index < len(breaks) else len(analysis.text)  # the first break at or after it
    return range(bisect.bisect_right(starts, left), bisect.bisect_right(starts, right))


def _same_sentence(analysis: ContextAnalysis, start: int, end: int) -> bool:
    """No sentence break between two original offsets."""
    low, high = min(start, end), max(start, end)
    index = bisect.bisect_left(analysis.sentence_breaks, low)
    return index >= len(analysis.sentence_breaks) or analysis.sentence_breaks[index] >= high


def _sentence_around(text: str, breaks: list[int], start: int, end: int) -> str:
    """The sentence(s) of the original text spanning [start, end), bounded by the sentence breaks."""
    index = bisect.bisect_left(breaks, start)
    low = breaks[index - 1] + 1 if index > 0 else 0
    high_index = bisect.bisect_left(breaks, end)
    high = breaks[high_index] if high_index < len(breaks) else len(text)
    return text[low:high]


def _countries_around(analysis: ContextAnalysis, occurrences: list[tuple[int, int]]) -> frozenset[str]:
    """Countries named in the sentences of the given occurrences (word ranges) of a name."""
    found: set[str] = set()
    for first, last in occurrences:
        start = analysis.offsets[analysis.word_starts[first]]
        end = analysis.offsets[analysis.word_ends[last] - 1] + 1
        found |= countries_named(_sentence_around(analysis.text, analysis.sentence_breaks, start, end))
    return frozenset(found)


def _within_borders(candidates: list[Candidate], countries: frozenset[str]) -> list[Candidate]:
    """Leave out a reading abroad that the text does not put abroad (no word for its country near the name).

    A fuzzy match abroad never crosses the border on its own (عرمان is not عمان); an exact name abroad gives way to a
    place of the same name at home. Only an exact name that nothing at home carries, or an editor's reading, is read
    abroad without a cue.
    """
    home = [c for c in candidates if not c.place.abroad]
    kept = []
    for candidate in candidates:
        place = candidate.place
        if not place.abroad or place.country in countries or candidate.preferred:
            kept.append(candidate)
        elif not candidate.fuzzy and not home:
            kept.append(candidate)
    return kept


def _anchor_ids(index: NameIndex, place_ids: tuple, kinds: frozenset[str]) -> tuple:
    """The readings of a reference place: those of the kind its generic word names, else the most specific ones."""
    if kinds:
        wanted = tuple(pid for pid in place_ids if index.place(pid).kind in kinds)
        if wanted:
            return wanted
    containers = {ancestor for pid in place_ids for ancestor in index.ancestors(pid)}
    specific = tuple(pid for pid in place_ids if pid not in containers)
    return specific or place_ids


def _target_context(
    index: NameIndex, analysis: ContextAnalysis, words: tuple[int, int], name_norm: str
) -> _TargetContext:
    """Cues around a mention: generic word before it, near/region words, and anchors after it or in its sentence."""
    result = _TargetContext(article_ids=analysis.anchor_ids)
    norm, starts, ends = analysis.norm, analysis.word_starts, analysis.word_ends

    def word(i: int) -> str:
        """The i-th normalized word of the context."""
        return norm[starts[i]:ends[i]]

    first_word = name_norm.split(" ", 1)[0]
    located_first = _bare(word(words[0]))
    if first_word in GENERIC_WORD_KINDS:
        result.kinds = GENERIC_WORD_KINDS[first_word]
    elif located_first in GENERIC_WORD_KINDS and located_first != name_norm:
        result.kinds = GENERIC_WORD_KINDS[located_first]  # the name sits inside a longer mention: "محافظة درعا"
    i = words[0] - 1
    if i >= 0 and not result.kinds and _bare(word(i)) in GENERIC_WORD_KINDS:
        result.kinds = GENERIC_WORD_KINDS[_bare(word(i))]
        i -= 1
    # Past a من / في / generic word, a near, ريف or compass word: "بالقرب من مدينة الصنمين", "ريف درعا".
    for _ in range(3):
        if i < 0:
            break
        bare = _bare(word(i))
        if bare in _FROM or bare in _IN or bare in GENERIC_WORD_KINDS:
            i -= 1
            continue
        if bare in _NEAR:
            result.near = True
        elif bare in _RURAL or bare in _DIRECTION_BEARINGS:
            result.region = True
        break

    target_start = analysis.offsets[starts[words[0]]]
    target_end = analysis.offsets[ends[words[1]] - 1] + 1
    used: set[int] = set()
    previous_last = words[1]
    for number, (mention, (m_first, m_last)) in enumerate(zip(analysis.mentions, analysis.mention_words,
                                                             strict=True)):
        if m_first <= words[1]:
            continue
        if m_first - previous_last > 8 or not _same_sentence(analysis, target_end, mention.start):
            break
        between = [word(k) for k in range(previous_last + 1, m_first)]
        anchor_word = word(m_first)
        written_first = analysis.written[number].split(" ", 1)[0]
        prefix = anchor_word[: max(0, len(anchor_word) - len(written_first))]
        relation, bearing, label = _relation(between, prefix)
        if relation is None:
            break
        if relation == "list":
            previous_last = m_last
            continue
        if relation == "rural" and m_last + 1 < len(starts):
            bearing = _RURAL_ADJECTIVE_BEARINGS.get(word(m_last + 1), bearing)
        generic = _bare(between[-1]) if between else ""
        anchor_ids = _anchor_ids(index, mention.place_ids, GENERIC_WORD_KINDS.get(generic, frozenset()))
        result.cues.append(_Cue(relation, anchor_ids, bearing, 1.0, f"{label} {mention.text}".strip()))
        used.add(number)
        break
    # Compass or ريف phrases elsewhere in the sentence ("وفي شمال درعا استهدفت ... مدينة انخل") count half.
    for number in _mentions_in_sentence(analysis, target_start):
        mention, (m_first, m_last) = analysis.mentions[number], analysis.mention_words[number]
        if number in used or words[0] <= m_first <= words[1] or m_first == 0:
            continue
        before = _bare(word(m_first - 1))
        if before in _DIRECTION_BEARINGS:
            result.cues.append(_Cue("direction", _anchor_ids(index, mention.place_ids, frozenset()),
                                    float(_DIRECTION_BEARINGS[before]), 0.5, f"{word(m_first - 1)} {mention.text}"))
        elif before in _RURAL:
            adjective = word(m_last + 1) if m_last + 1 < len(starts) else ""
            bearing = _RURAL_ADJECTIVE_BEARINGS.get(adjective)
            result.cues.append(_Cue("rural", _anchor_ids(index, mention.place_ids, frozenset()), bearing, 0.5,
                                    f"{word(m_first - 1)} {mention.text}"))
    return result


def _relation(between: list[str], prefix: str) -> tuple[str | None, float | None, str]:
    """How a place named after the target relates to it, from the words between them and its proclitics.

    Returns ("list", ...) for the next item of a list (والصورة، ومدينة الحارة), ("in"|"near"|"rural"|"direction",
    bearing, label) for a container or reference place, and (None, ...) when other words intervene.
    """
    bare_words = [_bare(w) for w in between]
    meaningful = [w for w in bare_words if w not in GENERIC_WORD_KINDS]
    label = " ".join(between)
    if not meaningful:
        if between:
            last_word = between[-1]
            # "بمدينة درعا" names a container; "ومدينة الحارة" continues a list.
            if last_word.startswith("ب") and _bare(last_word) != last_word:
                return "in", None, label
            return "list", None, ""
        if "ب" in prefix:  # "حي المنشية بدرعا"
            return "in", None, ""
        return "list", None, ""
    last = meaningful[-1]
    if last in _DIRECTION_BEARINGS:
        bearing = float(_DIRECTION_BEARINGS[last])
        if len(meaningful) >= 2 and meaningful[-2] in _DIRECTION_BEARINGS:
            # "جنوب شرق درعا": the mean of the two bearings, the short way round.
            other = float(_DIRECTION_BEARINGS[meaningful[-2]])
            if abs(other - bearing) > 180.0:
                other, bearing = (other + 360.0, bearing) if other < bearing else (other, bearing + 360.0)
            bearing = ((bearing + other) / 2.0) % 360.0
        return "direction", bearing, label
    if last in _RURAL:
        return "rural", None, label
    if last in _NEAR:
        return "near", None, label
    if last in _IN and len(meaningful) == 1:
        return "in", None, label
    if len(meaningful) >= 2 and last in _FROM and meaningful[-2] in _NEAR:
        return "near", None, label
    return None, None, ""


def _score_candidates(index: NameIndex, candidates: list[Candidate], target: _TargetContext,
                      context_points: Sequence[tuple[float, float]]) -> list[_Scored]:
    scored = []
    for candidate in candidates:
        place = candidate.place
        point = (place.lat, place.lon)
        item = _Scored(candidate)
        ancestors = set(index.ancestors(place.place_id))
        for cue in target.cues:
            anchors = [index.place(pid) for pid in cue.anchor_ids if pid != place.place_id]
            if not anchors:
                continue
            item.evidence += cue.weight * _cue_score(cue, anchors, ancestors, point)
            item.reasons.append(cue.label)
        if ancestors & target.article_ids:
            item.evidence += 1.0
        if context_points:
            nearest = min(distance_km(point, other) for other in context_points)
            item.evidence += 2.0 * math.exp(-nearest / 40.0) - (1.0 if nearest > 150.0 else 0.0)
        if target.kinds:
            item.evidence += 1.5 if place.kind in target.kinds else -1.0
        if place.abroad and place.country in target.countries:
            item.evidence += 2.0  # "صيدا اللبنانية": the text puts the place in its country
        item.prior += 0.6 * math.exp(-distance_km(point, REGION_CENTROID) / 100.0)
        item.prior += 0.2 * min(1.0, math.log10((place.population or 0) + 1) / 6.0)
        item.prior += _KIND_PRIOR.get(place.kind, 0.0)
        if candidate.fuzzy:
            item.prior += (candidate.score - 100.0) / 10.0
        if candidate.within:
            item.prior -= 0.5  # a place that carries the name itself is the likelier reading
        if candidate.preferred:
            item.prior += 1.0  # an editor's reading; strong cues in the text still outweigh it
        scored.append(item)
    return scored


def _cue_score(cue: _Cue, anchors: list[PlaceRecord], ancestors: set, point: tuple[float, float]) -> float:
    """Support (+) or contradiction (-) of one cue for one candidate point."""
    score = 0.0
    if cue.relation in ("in", "rural", "near"):
        if any(anchor.place_id in ancestors for anchor in anchors):
            score += 3.0
        else:
            best = 0.0
            for anchor in anchors:
                radius = _CONTAINER_RADIUS_KM.get(anchor.kind, 8.0)
                if cue.relation == "rural":
                    radius = max(radius, 40.0)
                elif cue.relation == "near":
                    radius = min(radius, 15.0)
                distance = distance_km(point, (anchor.lat, anchor.lon))
                value = 2.0 if distance <= radius else (-2.0 if distance > 3 * radius else 0.0)
                best = value if best == 0.0 else max(best, value)
            score += best
    if cue.bearing is not None:
        best = -2.0
        for anchor in anchors:
            origin = (anchor.lat, anchor.lon)
            distance = distance_km(origin, point)
            if distance > 80.0:
                continue
            difference = abs((bearing_degrees(origin, point) - cue.bearing + 180.0) % 360.0 - 180.0)
            # Writers misplace the side of a town often enough that a nearby place on the wrong side still counts.
            best = max(best, 2.0 if difference <= 67.5 or distance < 2.0 else 0.5)
        score += best if cue.relation == "direction" else best / 2.0
    return score


def _fuzzy_confidence(score: float, threshold: float) -> float:
    span = max(1.0, 100.0 - threshold)
    return round(0.45 + 0.3 * max(0.0, min(1.0, (score - threshold) / span)), 3)


def _drop_containers(index: NameIndex, candidates: list[Candidate], kinds: frozenset[str]) -> list[Candidate]:
    """Leave out a candidate that contains another one of the same name (درعا the governorate vs the city).

    News text means the more specific place unless a generic word (محافظة) asks for the container. Containment is
    the parent chain, or for administrative kinds with no chain, the other candidate lying within their radius.
    """
    kept = []
    for candidate in candidates:
        place = candidate.place
        if place.kind in kinds:
            kept.append(candidate)
            continue
        contains_other = False
        for other in candidates:
            if other.place_id == candidate.place_id:
                continue
            if place.place_id in index.ancestors(other.place_id):
                contains_other = True
            elif place.kind in _ADMIN_KINDS and other.place.kind not in _ADMIN_KINDS and not index.ancestors(
                other.place_id
            ):
                radius = _CONTAINER_RADIUS_KM.get(place.kind, 25.0)
                contains_other = distance_km((place.lat, place.lon), (other.place.lat, other.place.lon)) <= radius
            if contains_other:
                break
        if not contains_other:
            kept.append(candidate)
    return kept or candidates


def _named_container_instead(index: NameIndex, place: PlaceRecord, target: _TargetContext) -> PlaceRecord | None:
    """The settlement an explicit "in" cue names ("X في مدينة Y"), when the chosen reading of X lies far outside it."""
    for cue in target.cues:
        if cue.relation != "in" or cue.weight < 1.0:
            continue
        anchors = [index.place(pid) for pid in cue.anchor_ids if pid != place.place_id]
        anchors = [anchor for anchor in anchors if anchor.kind in _CONTAINER_RADIUS_KM
                   and anchor.kind not in _ADMIN_KINDS and anchor.kind != "region"]
        if len(anchors) != 1:
            return None
        anchor = anchors[0]
        if anchor.place_id in set(index.ancestors(place.place_id)):
            return None
        radius = _CONTAINER_RADIUS_KM[anchor.kind]
        # A quarter belongs to its own town: one of another town's quarters is outside already beyond the radius.
        limit = radius if place.kind == "quarter" else 3 * radius
        if distance_km((place.lat, place.lon), (anchor.lat, anchor.lon)) > limit:
            return anchor
        return None
    return None


def _reading_in_context(analysis: ContextAnalysis | None, name_norm: str, mention_start: int | None) -> str | None:
    """The name the text's scan read at the mention when that is another name than the one written ("الغارية
    الغربية والشرقية": the bare الشرقية is read as الغارية الشرقية), else None."""
    if analysis is None or mention_start is None:
        return None
    for mention, written in zip(analysis.mentions, analysis.written, strict=False):
        if mention.start == mention_start and written == name_norm and mention.normalized != name_norm:
            return mention.normalized
    return None


def resolve_mention(
    name: str,
    index: NameIndex,
    *,
    context_text: str = "",
    context_points: Sequence[tuple[float, float]] = (),
    mention_start: int | None = None,
    candidate_ids: Sequence[PlaceId] = (),
    precision_hint: int | None = None,
) -> Resolution:
    """Resolve a place name to one gazetteer place using cues in its context, nearby resolved points and priors.

    ``mention_start`` (offset of the mention in ``context_text``) pins which occurrence the cues are read around;
    without it the cues of every occurrence of the name in the context are pooled. ``candidate_ids`` are the places
    the extractor already read the mention as (its narrowing by the words around it), ``precision_hint`` the
    coarsest geo precision its role allows (a direction reference, a home town, a region): both travel from
    extraction, so the mention is not read again with a second copy of the same word lists.
    """
    resolution = _resolve(name, index, context_text, context_points, mention_start, candidate_ids)
    if precision_hint and resolution.geo_precision is not None and precision_hint > resolution.geo_precision:
        return dataclasses.replace(resolution, geo_precision=precision_hint)
    return resolution


def _resolve(name: str, index: NameIndex, context_text: str, context_points: Sequence[tuple[float, float]],
             mention_start: int | None, candidate_ids: Sequence[PlaceId]) -> Resolution:
    name_norm = normalize_for_matching(name)
    analysis = index.analyse_context(context_text) if context_text else None
    read_as = _reading_in_context(analysis, name_norm, mention_start)
    candidates = index.candidates(read_as or name)
    if candidate_ids:
        # The extractor's reading narrows the name's places; an editor's name for a place is newer than it and stays.
        known = set(candidate_ids)
        candidates = [c for c in candidates if c.place.place_id in known or c.preferred] or candidates or (
            index.candidates_of(candidate_ids, name))
    if not candidates:
        return Resolution(None, None, None, None, 0.0, "unresolved", f"no place named {name.strip()!r}")
    target = _TargetContext()
    countries: frozenset[str] = frozenset()
    if analysis is not None:
        occurrences = _occurrences(analysis, name_norm, mention_start)
        targets = [_target_context(index, analysis, words, name_norm) for words in occurrences]
        target = _merge_targets(targets, analysis.anchor_ids)
        if any(candidate.place.abroad for candidate in candidates):
            countries = _countries_around(analysis, occurrences)
    inside = _within_borders(candidates, countries)
    if not inside:
        across = ", ".join(sorted({c.place.name_en or c.place.name_ar for c in candidates}))
        return Resolution(None, None, None, None, 0.0, "unresolved",
                          f"{name.strip()!r} only matches places abroad ({across}) and the text does not put it there")
    candidates = inside
    target.countries = countries
    first_word = name_norm.split(" ", 1)[0]
    if not target.kinds and first_word in GENERIC_WORD_KINDS and len(name_norm.split(" ")) > 1:
        target.kinds = GENERIC_WORD_KINDS[first_word]
    candidates = _drop_containers(index, candidates, target.kinds)
    scored = sorted(_score_candidates(index, candidates, target, context_points), key=lambda s: -s.total)
    best = scored[0]
    place = best.candidate.place
    container = _named_container_instead(index, place, target)
    if container is not None:
        # "حي الكرك في مدينة نوى" with no Karak quarter of Nawa known: every reading of the name lies far outside the
        # settlement the text puts it in, so the place is that settlement (part of it, precision 2).
        return Resolution(container.place_id, container.lat, container.lon, 2, 0.5, "context",
                          f"no {name.strip()!r} inside {container.name_ar} in the gazetteer; placed at the container")
    if best.candidate.within:
        # ACLED's convention for a locality that cannot be placed: the place containing it, at a coarser precision.
        confidence = 0.5
        if best.candidate.fuzzy:
            confidence = min(confidence, _fuzzy_confidence(best.candidate.score, index.fuzzy_threshold))
        return Resolution(place.place_id, place.lat, place.lon, max(2, KIND_PRECISION.get(place.kind, 2)),
                          confidence, "within",
                          f"{name.strip()} lies in {place.name_ar} but has no position of its own in the gazetteer; "
                          f"placed at {place.name_ar}")
    best_point = (place.lat, place.lon)
    alternatives = [
        s for s in scored[1:] if distance_km(best_point, (s.candidate.place.lat, s.candidate.place.lon)) > 3.0
    ]
    fuzzy = best.candidate.fuzzy
    fuzzy_confidence = _fuzzy_confidence(best.candidate.score, index.fuzzy_threshold)
    method = "fuzzy" if fuzzy else "exact"
    notes = [f"fuzzy match of {best.candidate.name} ({best.candidate.score:.0f})"] if fuzzy else []
    if not alternatives:
        confidence = fuzzy_confidence if fuzzy else 0.9
        if best.evidence < -1.0:
            confidence *= 0.5
            notes.append("context disagrees")
        elif best.evidence >= 1.0:
            confidence = min(0.95, confidence + 0.05)
    else:
        margin = best.evidence - max(s.evidence for s in alternatives)
        if margin >= 1.0:
            method = "context"
            confidence = min(0.9, 0.6 + 0.1 * margin)
            if fuzzy:
                confidence = min(confidence, fuzzy_confidence)
            reason = f": {best.reasons[0]}" if best.reasons else ""
            notes.append(f"{len(alternatives) + 1} places of this name; chose by context{reason}")
        else:
            confidence = min(0.4, fuzzy_confidence) if fuzzy else 0.4
            notes.append(f"{len(alternatives) + 1} places of this name, no context to decide; chose the most plausible")
    precision = KIND_PRECISION.get(place.kind, 2)
    if fuzzy:
        precision = max(precision, 2)
    if target.near:
        precision = max(precision, 2)
        notes.append("near the place")
    if target.region:
        precision = 3
        notes.append("the region around the place")
    return Resolution(place.place_id, place.lat, place.lon, precision, round(confidence, 3), method, "; ".join(notes))
