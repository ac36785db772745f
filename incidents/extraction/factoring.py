"""Rewrite a regular expression's alternations of plain words as a tree of shared prefixes, matching exactly the same.

A word list compiled as ``(?:نفي|نفت|ينفي|تنفي|...)`` makes the engine compare the text with each of a hundred
words at every position; written as ``(?:ن(?:ف(?:ي|ت)...)|ي(?:...)|...)`` it compares one letter with a few dozen
first letters and goes down one branch. The rules stay readable word lists in the lexicon files; only the pattern
handed to the engine changes.

What a match is does not change. Two alternatives of plain letters can both match at one position only when one
is a prefix of the other, and the engine tries alternatives in order, so only their order matters: a word that
ends where longer words go on is tried in its place among them (an empty alternative in the middle of the group if
need be). Alternatives that are not plain letters (a class, a group, a quantifier, a space) stay where they are,
and the plain ones on each side of them are factored apart. ``\\s+`` between two words counts as one letter of its
own. A pattern with constructs this reader does not know (inline flags, conditionals) is returned unchanged.
"""

from __future__ import annotations

import re

_SPECIAL = set(".^$*+?{}[]\\|()")
_QUANTIFIERS = set("*+?{")
_SPACES = r"\s+"
Tokens = tuple[str, ...]  # each token: a letter (the character itself, unescaped), or \s+


class _Unchanged(ValueError):
    """A construct this reader does not rewrite around: the pattern is kept as it is."""


def factored(regex: str) -> str:
    """``regex`` with every alternation of plain words written as a prefix tree (the same matches, same groups)."""
    try:
        rewritten, end = _alternation(regex, 0)
    except (ValueError, IndexError):  # _Unchanged, or a construct group_start does not read
        return regex
    return rewritten if end == len(regex) else regex


def _alternation(regex: str, index: int) -> tuple[str, int]:
    """The alternation starting at ``index`` (up to an unmatched ``)`` or the end), rewritten, and where it ends."""
    pieces: list[str | Tokens] = []  # rewritten source of each alternative, or its tokens when it is plain
    while True:
        piece, index = _sequence(regex, index)
        pieces.append(piece)
        if index < len(regex) and regex[index] == "|":
            index += 1
            continue
        break
    out: list[str] = []
    run: list[Tokens] = []
    for piece in [*pieces, None]:
        if isinstance(piece, tuple):
            run.append(piece)
            continue
        if run:
            out.extend(_branches(run))
            run = []
        if piece is not None:
            out.append(piece)
    return "|".join(out), index


def _sequence(regex: str, index: int) -> tuple[str | Tokens, int]:
    """One alternative: its tokens when it is plain letters and \\s+ between them, else its rewritten source."""
    parts: list[str] = []
    tokens: list[str] | None = []
    while index < len(regex) and regex[index] not in "|)":
        char = regex[index]
        if char == "\\":
            token = regex[index:index + 2]
            index += 2
            if token == _SPACES[:2] and regex.startswith("+", index):
                token, index = _SPACES, index + 1
                plain = not regex.startswith(("?", "+"), index) and bool(tokens)  # not lazy, not first
            else:
                plain = not token[1].isalnum() and not token[1].isspace()
                letter = token[1]
        elif char == "[":
            end = class_end(regex, index)
            token, index, plain = regex[index:end], end, False
        elif char == "(":
            head_end = group_start(regex, index)
            inner, end = _alternation(regex, head_end)
            if regex[end] != ")":
                raise _Unchanged("unbalanced group")
            token, index, plain = regex[index:head_end] + inner + ")", end + 1, False
        else:
            token, index, letter = char, index + 1, char
            plain = char not in _SPECIAL and not char.isspace()
        if index < len(regex) and regex[index] in _QUANTIFIERS:
            plain = False  # a quantified letter: copied with its quantifier
            quantifier_end = regex.index("}", index) + 1 if regex[index] == "{" else index + 1
            quantifier_end += quantifier_end < len(regex) and regex[quantifier_end] in "?+"
            token, index = token + regex[index:quantifier_end], quantifier_end
        parts.append(token)
        if tokens is not None:
            tokens = tokens + [_SPACES if token == _SPACES else letter] if plain else None
    if tokens is not None and (not tokens or tokens[-1] != _SPACES):
        return tuple(tokens), index
    return "".join(parts), index


def group_start(regex: str, index: int) -> int:
    """Where the contents of the group that opens at ``index`` start: after (, (?:, (?=, (?!, (?<=, (?<! or
    (?P<name>; ValueError for the other (? constructs (inline flags, conditionals, comments, back-references)."""
    if regex.startswith(("(?:", "(?=", "(?!"), index):
        return index + 3
    if regex.startswith(("(?<=", "(?<!"), index):
        return index + 4
    if regex.startswith("(?P<", index):
        return regex.index(">", index) + 1
    if regex.startswith("(?", index):
        raise ValueError(f"{regex[index:index + 4]!r} is not read here")
    return index + 1


def class_end(regex: str, index: int) -> int:
    """Where the character class that opens at ``index`` ends (the index after its "]"); IndexError if it does not."""
    end = index + 1 + (regex[index + 1] == "^")
    end += regex[end] == "]"  # a "]" first in the class is one of its characters
    while regex[end] != "]":
        end += 2 if regex[end] == "\\" else 1
    return end + 1


def _branches(words: list[Tokens]) -> list[str]:
    """Alternatives for these plain words (tried in this order), sharing their prefixes: "" for a word that ends."""
    words = list(dict.fromkeys(words))  # a repeated word can never match where its first copy did not
    if () in words:
        ending = words.index(())
        before, after = words[:ending], words[ending + 1:]
        return [*_by_first(before), "", *_by_first(after)]
    return _by_first(words)


def _by_first(words: list[Tokens]) -> list[str]:
    groups: dict[str, list[Tokens]] = {}
    for word in words:
        groups.setdefault(word[0], []).append(word[1:])
    out = []
    for token, rests in groups.items():
        first = token if token == _SPACES else re.escape(token)
        inner = _branches(rests)
        if len(inner) == 1:
            out.append(first + inner[0])
        elif inner[-1] == "" and len(inner) == 2 and len(inner[0]) == 1:
            out.append(first + inner[0] + "?")  # one letter that may follow
        else:
            out.append(first + "(?:" + "|".join(inner) + ")")
    return out
