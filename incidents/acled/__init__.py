"""ACLED coding of our incidents (types, actors, interaction), read from the TSV tables beside this file; no Django."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

TABLES = Path(__file__).parent
CIVILIANS = ("Civilians (Syria)", 7)
STATE_FORCES = 1
# Sub-event types whose target is civilians: an incident naming no second actor has civilians as actor2.
_CIVILIAN_TARGET_SUB_EVENTS = frozenset({"Attack", "Arrests"})


def _read_table(name: str) -> list[dict[str, str]]:
    lines = [line for line in (TABLES / name).read_text(encoding="utf-8").splitlines() if line and line[0] != "#"]
    return list(csv.DictReader(lines, delimiter="\t"))


@cache
def event_type_table() -> dict[str, dict[str, str]]:
    """Our incident type -> its ACLED disorder type, event type, sub-event type, tags and civilian targeting."""
    return {row["type"]: row for row in _read_table("event_types.tsv")}


@cache
def actor_table() -> dict[str, tuple[str, int]]:
    """Our actor label -> (ACLED actor name, ACLED inter code)."""
    return {row["label"]: (row["acled_actor"], int(row["inter"])) for row in _read_table("actors.tsv")}


@dataclass(frozen=True)
class AcledCoding:
    """The ACLED columns that follow from an incident's type and actors."""

    disorder_type: str
    event_type: str
    sub_event_type: str
    tags: str
    civilian_targeting: str
    actor1: str = ""
    assoc_actor_1: str = ""
    inter1: int | None = None
    actor2: str = ""
    assoc_actor_2: str = ""
    inter2: int | None = None

    @property
    def interaction(self) -> int | None:
        """ACLED's interaction code: the two inter codes, the lower first (10, 20 … with one actor)."""
        codes = sorted(code for code in (self.inter1, self.inter2) if code is not None)
        if not codes:
            return None
        return codes[0] * 10 + (codes[1] if len(codes) > 1 else 0)


def acled_code(*, incident_type: str, actors: list[str]) -> AcledCoding:
    """ACLED's coding of one incident: actor1 is the first actor named, actor2 the first other one."""
    return _acled_code(incident_type, tuple(actors))


@cache
def _acled_code(incident_type: str, actors: tuple[str, ...]) -> AcledCoding:
    # Few distinct (type, actors) pairs recur over many rows: code each once.
    types = event_type_table().get(incident_type) or event_type_table()["other"]
    known = actor_table()
    sides: list[tuple[str, int | None, list[str]]] = []  # (ACLED actor, inter, our labels)
    for label in actors:
        name, inter = known.get(label, (label, None))
        side = next((s for s in sides if s[0] == name), None)
        if side is None and len(sides) < 2:
            sides.append((name, inter, [label]))
        elif side is not None:
            side[2].append(label)
        else:
            sides[1][2].append(label)
    if len(sides) < 2 and types["sub_event_type"] in _CIVILIAN_TARGET_SUB_EVENTS:
        sides.append((CIVILIANS[0], CIVILIANS[1], []))
    sub_event_type = types["sub_event_type"]
    if incident_type == "territorial_change" and sides and sides[0][1] == STATE_FORCES:
        sub_event_type = "Government regains territory"

    def assoc(side: tuple[str, int | None, list[str]]) -> str:
        return "; ".join(label for label in side[2] if label != side[0])

    columns: dict = {}
    for number, side in enumerate(sides, start=1):
        columns |= {f"actor{number}": side[0], f"assoc_actor_{number}": assoc(side), f"inter{number}": side[1]}
    return AcledCoding(
        disorder_type=types["disorder_type"], event_type=types["event_type"], sub_event_type=sub_event_type,
        tags=types["tags"], civilian_targeting=types["civilian_targeting"], **columns,
    )
