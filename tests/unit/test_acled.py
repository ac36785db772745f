"""ACLED coding of incident types and actors (pure: the tables beside incidents/acled)."""

from incidents.acled import acled_code, actor_table, event_type_table
from incidents.extraction.actors import ACTOR_LABELS

OUR_TYPES = {"shelling", "airstrike", "siege", "checkpoint", "clash", "assault", "territorial_change", "arrest",
             "assassination", "explosion", "other"}


def test_every_incident_type_and_every_actor_label_has_an_acled_coding():
    assert set(event_type_table()) == OUR_TYPES
    assert set(ACTOR_LABELS) <= set(actor_table())
    assert all(1 <= inter <= 8 for _, inter in actor_table().values())


def test_siege_and_checkpoint_have_no_acled_type_and_keep_ours_in_tags():
    for kind in ("siege", "checkpoint"):
        coding = acled_code(incident_type=kind, actors=["Syrian regime forces"])
        assert (coding.event_type, coding.sub_event_type, coding.tags) == ("Strategic developments", "Other", kind)


def test_actor1_actor2_and_the_interaction_code_lowest_inter_first():
    coding = acled_code(incident_type="clash", actors=["Opposition factions", "4th Division", "Syrian regime forces"])
    assert coding.actor1 == "Opposition Rebels (Syria)" and coding.inter1 == 2
    assert coding.actor2 == "Military Forces of Syria (2000-2024)" and coding.inter2 == 1
    assert coding.assoc_actor_2 == "4th Division; Syrian regime forces"
    assert coding.interaction == 12


def test_violence_against_civilians_names_civilians_as_actor2():
    coding = acled_code(incident_type="assassination", actors=["Unknown gunmen"])
    assert coding.event_type == "Violence against civilians" and coding.civilian_targeting == "Civilian targeting"
    assert (coding.actor2, coding.inter2, coding.interaction) == ("Civilians (Syria)", 7, 37)
    assert acled_code(incident_type="shelling", actors=[]).interaction is None


def test_territory_taken_by_state_forces_is_government_regains_territory():
    assert acled_code(incident_type="territorial_change", actors=["Syrian regime forces"]).sub_event_type == (
        "Government regains territory")
    assert acled_code(incident_type="territorial_change", actors=["Islamic State"]).sub_event_type == (
        "Non-state actor overtakes territory")
