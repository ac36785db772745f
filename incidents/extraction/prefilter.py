"""Skip a regular expression on a text that cannot match it: the literals every match contains, tested in one pass.

Most rules find nothing in most sentences. A rule whose every match contains one of a few literal words (its
required literals, read off the pattern) needs no search on a text that holds none of them, and one Aho-Corasick
automaton tells which of them a text holds, for all the rules at once, in one pass in C. What a rule matches is
unchanged: only texts it could never match are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

import ahocorasick

from .factoring import class_end, factored, group_start

Literals = frozenset[str]


class _Unsupported(ValueError):
    """A construct whose effect on the required literals is not read here (inline flags, back-references, characters
    written by their code such as \\u0627)."""


def required_literals(regex: str) -> Literals | None:
    """Literals of which every match of ``regex`` contains at least one, or None when none can be read off it.

    A run of plain characters outside optional parts is required; a group that is not optional requires one of
    what each of its alternatives requires; an alternation, one of what each alternative requires. Of a sequence's
    requirements the most selective is kept (longest shortest literal, then fewest literals). Escapes (\\w, \\s),
    classes, ``.``, anchors and lookarounds require nothing.
    """
    try:
        literals, end = _alternation(regex, 0)
    except (IndexError, ValueError):
        return None
    return literals if end == len(regex) else None


def _alternation(regex: str, index: int) -> tuple[Literals | None, int]:
    found: set[str] = set()
    complete = True
    while True:
        literals, index = _sequence(regex, index)
        if literals is None:
            complete = False
        else:
            found |= literals
        if index < len(regex) and regex[index] == "|":
            index += 1
            continue
        return (frozenset(found) if complete else None), index


def _sequence(regex: str, index: int) -> tuple[Literals | None, int]:
    candidates: list[Literals] = []
    run = ""
    while index < len(regex) and regex[index] not in "|)":
        char, literals, is_char = regex[index], None, False
        if char == "\\":
            if regex[index + 1] in "uUxN0123456789":
                raise _Unsupported("a character written by its code, or a back-reference")
            index += 2
        elif char == "[":
            index = class_end(regex, index)
        elif char == "(":
            lookaround = regex.startswith(("(?=", "(?!", "(?<=", "(?<!"), index)
            literals, index = _alternation(regex, group_start(regex, index))
            if regex[index] != ")":
                raise _Unsupported("unbalanced group")
            index += 1
            if lookaround:
                literals = None  # an assertion consumes nothing: what it looks for need not be in the match
        elif char in ".^$":
            index += 1
        elif char in "?*+{":
            raise _Unsupported("quantifier without an item")
        else:
            is_char = True
            index += 1
        optional = repeated = False
        if index < len(regex) and regex[index] in "?*+{":
            repeated = True
            if regex[index] == "{":
                close = regex.index("}", index)
                optional = regex[index + 1:close].split(",")[0].strip() in ("", "0")
                index = close + 1
            else:
                optional = regex[index] in "?*"
                index += 1
            if index < len(regex) and regex[index] in "?+":
                index += 1  # lazy or possessive
        if is_char and not optional:
            run += char
            if not repeated:
                continue
        if run:
            candidates.append(frozenset({run}))
        run = ""
        if literals and not optional:
            candidates.append(literals)
    if run:
        candidates.append(frozenset({run}))
    if not candidates:
        return None, index
    return max(candidates, key=lambda found: (min(map(len, found)), -len(found))), index


# Every required literal of every guarded pattern has one bit; a text's literals are found in one pass of one
# automaton (memoized per text: a sentence is asked about by dozens of patterns), and a pattern tests its own bits.
_BITS: dict[str, int] = {}
_AUTOMATON: list[ahocorasick.Automaton] = []  # the automaton of _BITS once built; emptied when a literal comes


# A literal shorter than this (و، ب) is in nearly every sentence: it filters nothing and only slows the pass.
MIN_LITERAL = 2
# Nor do the article ال, in nearly every word, and في and من, in nearly every sentence: the automaton would report
# them all the time and let through what they guard.
UNSELECTIVE = frozenset({"ال", "في", "من"})


def mask_of(literals: Literals | None) -> int:
    """The bits of these literals (0, the pattern always runs, for None, or when one is shorter than MIN_LITERAL or
    UNSELECTIVE)."""
    if not literals or min(map(len, literals)) < MIN_LITERAL or not UNSELECTIVE.isdisjoint(literals):
        return 0
    mask = 0
    for literal in sorted(literals):
        if literal not in _BITS:
            _BITS[literal] = 1 << len(_BITS)
            _AUTOMATON.clear()
            present.cache_clear()
        mask |= _BITS[literal]
    return mask


@lru_cache(maxsize=1 << 12)
def present(text: str) -> int:
    """The bits of the registered literals that occur in ``text``: register (mask_of) before asking."""
    if not _AUTOMATON:
        automaton = ahocorasick.Automaton()
        for literal, bit in _BITS.items():
            automaton.add_word(literal, bit)
        if _BITS:
            automaton.make_automaton()
        _AUTOMATON.append(automaton)
    found = 0
    if _BITS:
        for _, bit in _AUTOMATON[0].iter(text):
            found |= bit
    return found


class Guarded:
    """A compiled pattern that runs only on texts holding one of its required literals; otherwise an re.Pattern."""

    __slots__ = ("compiled", "_mask")

    def __init__(self, compiled: re.Pattern[str], mask: int) -> None:
        self.compiled, self._mask = compiled, mask  # mask: the bits of its required literals (mask_of), not 0

    def search(self, text: str, *bounds: int) -> re.Match[str] | None:
        return self.compiled.search(text, *bounds) if present(text) & self._mask else None

    def match(self, text: str, *bounds: int) -> re.Match[str] | None:
        return self.compiled.match(text, *bounds) if present(text) & self._mask else None

    def fullmatch(self, text: str, *bounds: int) -> re.Match[str] | None:
        return self.compiled.fullmatch(text, *bounds) if present(text) & self._mask else None

    def finditer(self, text: str, *bounds: int) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(text, *bounds) if present(text) & self._mask else iter(())

    def findall(self, text: str, *bounds: int) -> list:
        return self.compiled.findall(text, *bounds) if present(text) & self._mask else []

    def sub(self, replacement, text: str, count: int = 0) -> str:
        return self.compiled.sub(replacement, text, count) if present(text) & self._mask else text

    def __getattr__(self, name: str):
        if name == "compiled":
            raise AttributeError(name)  # not yet set (copying): never look it up on itself
        return getattr(self.compiled, name)  # pattern, flags, groupindex, split...: as the compiled pattern has them


def anchored_at_start(regex: str) -> bool:
    """Whether every alternative of a pattern starts with ^ (without re.MULTILINE, it is tried at one position)."""
    starts, depth, index = [0], 0, 0
    while index < len(regex):
        char = regex[index]
        if char == "\\":
            index += 1
        elif char == "[":
            index = class_end(regex, index) - 1
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            starts.append(index + 1)
        index += 1
    return all(regex.startswith("^", start) for start in starts)


def guard(compiled: re.Pattern[str]) -> re.Pattern[str] | Guarded:
    """The pattern guarded by its required literals, or itself when it has none, ignores case or is anchored at the
    start (one try at the start costs less than the pass that would skip it); its word lists compiled as prefix
    trees (factoring.py), which match the same."""
    unguarded = compiled.flags & re.IGNORECASE or (
        not compiled.flags & re.MULTILINE and anchored_at_start(compiled.pattern))
    mask = 0 if unguarded else mask_of(required_literals(compiled.pattern))
    if not compiled.flags & (re.IGNORECASE | re.VERBOSE):
        source = factored(compiled.pattern)
        if source != compiled.pattern:
            compiled = re.compile(source, compiled.flags)
    return Guarded(compiled, mask) if mask else compiled


def compile_guarded(regex: str, flags: int = 0) -> re.Pattern[str] | Guarded:
    """re.compile, guarded by the pattern's required literals."""
    return guard(re.compile(regex, flags))
