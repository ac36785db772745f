"""Words the map page shows, in the interface language (gettext); the page and its script read them from here."""

from collections.abc import Callable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext, pgettext

from incidents.extraction.actors import ACTOR_LABELS
from incidents.models import Incident

# A number of each plural category of the Unicode CLDR (the browser's Intl.PluralRules names the category of a count);
# gettext's plural formula of the language picks the form for it. Arabic has all six, English "one" and "other".
PLURAL_SAMPLES = {"zero": 0, "one": 1, "two": 2, "few": 3, "many": 11, "other": 100}

# The actors the extraction names (ACTOR_LABELS), as it labels them: the filter matches these labels exactly.
# For the message files: the labels above, so that the actor filter reads in Arabic too.
_ACTOR_MESSAGES = (
    gettext_noop("4th Division"), gettext_noop("9th Division"), gettext_noop("5th Division"),
    gettext_noop("15th Division"), gettext_noop("Republican Guard"), gettext_noop("Military Security"),
    gettext_noop("Air Force Intelligence"), gettext_noop("State Security"), gettext_noop("Political Security"),
    gettext_noop("National Defence Forces"), gettext_noop("Syrian regime forces"), gettext_noop("IRGC"),
    gettext_noop("Iranian militias"), gettext_noop("Hezbollah"), gettext_noop("Russian forces"),
    gettext_noop("Israeli forces"), gettext_noop("Free Syrian Army"), gettext_noop("Jaysh al-Thawra"),
    gettext_noop("Opposition operations room"), gettext_noop("Opposition factions"),
    gettext_noop("Central Committees"), gettext_noop("Local fighters"), gettext_noop("Unknown gunmen"),
    gettext_noop("Islamic State"), gettext_noop("Hay'at Tahrir al-Sham"),
)


def actor_choices() -> list[tuple[str, str]]:
    """The actor filter's options: the label the data carries, and its name in the interface language."""
    return [(label, _(label)) for label in ACTOR_LABELS]


def event_type_labels() -> dict[str, str]:
    """Each event type's name in the interface language."""
    names = {
        "shelling": _("shelling"), "airstrike": _("airstrike"), "siege": _("siege"), "checkpoint": _("checkpoint"),
        "clash": _("clash"), "assault": _("assault"), "territorial_change": _("territorial change"),
        "arrest": _("arrest"), "assassination": _("assassination"), "explosion": _("explosion"),
        "other": pgettext("event type", "other"),
    }
    return {value: names.get(value, label) for value, label in Incident.EventType.choices}


def plural_forms(sentence: Callable[[int], str]) -> dict[str, str]:
    """A counted sentence (a function of the count, calling ngettext) in each plural category, for the script to pick
    by Intl.PluralRules."""
    return {category: sentence(sample) for category, sample in PLURAL_SAMPLES.items()}


def script_strings() -> dict:
    """The sentences the map's script writes, translated; {n}-style slots are filled in by the script, counted
    sentences come in every plural form."""
    return {
        "summary": plural_forms(lambda n: ngettext("{n} incident in view", "{n} incidents in view", n)),
        "symbols": plural_forms(lambda n: ngettext("at {n} place or cluster", "at {n} places or clusters", n)),
        "unplaced": plural_forms(
            lambda n: ngettext("{n} incident without a place", "{n} incidents without a place", n)),
        "loading": _("Loading…"),
        "error": _("Could not load the map: {error}"),
        "allTime": _("whole range"),
        "undated": _("date unknown"),
        "killed": _("killed"),
        "injured": _("injured"),
        "estimate": _("estimate"),
        "actors": _("Actors"),
        "weapons": _("Weapons"),
        "outlet": _("Outlet"),
        "article": _("Article page"),
        "original": _("Original"),
        "confidence": _("confidence"),
        "precision": _("geo precision"),
        "incidentsHere": plural_forms(lambda n: ngettext("{n} incident", "{n} incidents", n)),
        "shownFirst": plural_forms(
            lambda n: ngettext("the most recent is listed", "the {n} most recent are listed", n)),
        "cluster": plural_forms(lambda n: ngettext("{n} incident in this area", "{n} incidents in this area", n)),
        "noPlaces": _("No place of that name"),
        "play": _("Play"),
        "pause": _("Pause"),
        "unplacedTitle": _("Incidents without a place"),
    }
