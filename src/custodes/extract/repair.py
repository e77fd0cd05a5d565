"""Repair text that extraction glued together, keeping a map back to the original characters.

PDF and HTML extraction drop the space or line break between words and list items:
"twoCCTV vans", "Q1 - 95Q2 - 12", "cameras.2. The council". Reading such text as written
joins a count to the wrong noun or an answer to the next question. :func:`repair` inserts
the missing break; :func:`origin` maps every repaired position back, so a claim still quotes
the exact original characters and their span.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_GLUES: tuple[tuple[re.Pattern[str], str], ...] = (
    # "95Q2 - ", "Yes.Q3:": a question label glued to the answer before it
    (re.compile(r"(?<=[\w.)?])(?=Q\d{1,2}\s*[-–:.)])"), "\n"),
    # "cameras.2. The", "held?3) Do": a numbered item glued to the sentence before it
    (re.compile(r"(?<=[a-z][.?!])(?=\d{1,2}[.)]\s*[A-Z])"), "\n"),
    # "twoCCTV", "ourANPR": a word glued to an acronym
    (re.compile(r"(?<=[a-z]{2})(?=[A-Z]{2,}(?![a-z]))"), " "),
    # "systemThe council": a word glued to a capitalised word
    (re.compile(r"(?<=[a-z]{3})(?=[A-Z][a-z]{2,})"), " "),
    # "12cameras" (the break goes where the match ends); "cameras12" stays: models look alike
    (re.compile(r"\b\d{1,3}(?=(?:cameras?|units|devices|drones)\b)", re.IGNORECASE), " "),
)


@dataclass(frozen=True, slots=True)
class Repaired:
    """The repaired text and, for each of its characters, the original position."""

    text: str
    positions: tuple[int, ...]

    def origin(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the repaired span ``[start, end)``."""
        if not self.positions:
            return start, end
        if end <= start:
            a = self.positions[min(start, len(self.positions) - 1)]
            return a, a
        return self.positions[start], self.positions[end - 1] + 1


def repair(text: str) -> Repaired:
    """Insert the breaks extraction lost; identity (with no position table) when none is needed."""
    cuts: dict[int, str] = {}
    for pattern, glue in _GLUES:
        for m in pattern.finditer(text):
            if m.end() > 0:
                cuts.setdefault(m.end(), glue)
    if not cuts:
        return Repaired(text, ())
    parts: list[str] = []
    positions: list[int] = []
    prev = 0
    for at in sorted(cuts):
        parts.append(text[prev:at])
        positions.extend(range(prev, at))
        parts.append(cuts[at])
        positions.append(at)  # an inserted break belongs to the character after it
        prev = at
    parts.append(text[prev:])
    positions.extend(range(prev, len(text)))
    return Repaired("".join(parts), tuple(positions))
