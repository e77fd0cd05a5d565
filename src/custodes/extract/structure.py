"""Which part of a reply a line belongs to: the request quoted back, a question, an answer.

A reply usually repeats the request ("Your request: ... Q2. Do you use Hikvision?") before
"Our response:". Vendor names in the repeated request are the requester's words, not the
body's, so they must never become ownership claims. The reader walks the lines in order and
keeps the state across blocks (a quoted request can run over a page break).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from custodes.extract.cues import STATES_VALUE

Role = Literal["request", "question", "answer", "body", "quoted"]

REQUEST_START = re.compile(
    r"^\W*(?:your\s+(?:original\s+)?(?:request|questions?|enquiry|e-?mail)|you\s+(?:asked|requested|"
    r"wrote)|request(?:ed)?(?:\s+information)?\s*:|the\s+request\s*:|requested\s+information|"
    r"information\s+requested|original\s+request|details\s+of\s+(?:your\s+)?request|"
    r"questions?\s*:|in\s+your\s+(?:request|e-?mail|letter)\s+(?:dated\s+[^,:]+\s*)?you\s+asked)",
    re.IGNORECASE,
)
RESPONSE_START = re.compile(
    r"^\W*(?:(?:our|the\s+(?:council|force|authority|trust)'?s?|my)\s+(?:response|reply|answer)s?|"
    r"response(?:\s+to\s+(?:your\s+)?(?:request|questions?))?\s*[:\-–]|answers?\s*[:\-–]|"
    r"reply\s*[:\-–]|responses?\s*$|answers?\s*$|decision\s*[:\-–]|information\s+(?:provided|"
    r"released|held)\s*[:\-–]?|in\s+response\b|i\s+can\s+confirm|we\s+can\s+confirm|"
    r"(?:the\s+)?council\s+can\s+confirm|please\s+find|we\s+answered|i\s+am\s+(?:now\s+)?(?:able|writing)|"
    r"having\s+(?:searched|considered))",
    re.IGNORECASE,
)
REQUESTER = re.compile(
    r"^\W*(?:(?:dear\s+[^,]{0,60},\s*)?(?:i\s+(?:would\s+like\s+to|wish\s+to|am\s+writing\s+to)\s+"
    r"(?:request|(?:make|submit)\s+(?:an?\s+)?(?:[\w-]+\s+){0,3}request|ask)|i\s+request\b|"
    r"i\s+write\s+to\s+(?:request|ask)|please\s+(?:could\s+you\s+)?provide\s+me|"
    r"under\s+the\s+freedom\s+of\s+information\s+act[^.]{0,40}\b(?:i|please)\b))",
    re.IGNORECASE,
)
"""The requester's own letter (a saved WhatDoTheyKnow page has no "Your request:" heading)."""
REQUEST_END = re.compile(r"^\W*yours\s+faithfully\b", re.IGNORECASE)
QUOTED_START = re.compile(
    r"^\s*(?:-{2,}\s*(?:original|forwarded)\s+message\s*-{2,}|on\s+.{4,80}\s+wrote:\s*$|"
    r"from:\s.+\s(?:sent|date):|_{10,}\s*$)",  # Outlook draws a rule of underscores
    re.IGNORECASE,
)
SECTION_START = re.compile(
    "|".join(f"(?:{p.pattern})" for p in (REQUEST_START, RESPONSE_START)), re.IGNORECASE
)
"""A line that opens the quoted request or the response never continues the line before."""

LABEL = re.compile(
    r"^\s*(?:(?:q(?:uestion)?|a(?:nswer)?|r(?:esponse)?)\s*\.?\s*(?P<n1>\d{1,2})|"
    r"\d{1,2}(?:\.\d{1,2})+\.?(?=\s)|\[\d{1,3}\]|"  # "1.1", "2.4.1", "[5]": paragraph labels
    r"(?P<n2>\d{1,2})\s*(?:[.)•·▪]|\s[-–—](?=\s+[A-Z])))\s*[-–—:.)]?\s*",  # "2.", "2•", "3 - Siting"
    re.IGNORECASE,
)
QUESTION_OPENER = re.compile(
    r"^(?:please\s+(?:provide|state|confirm|list|supply|tell|send|detail|give|advise|indicate|"
    r"include|identify|specify|outline|explain|describe)|how\s+many|how\s+much|what|which|who|"
    r"when|where|why|do\s+you|does\s+(?:the|your)|did|is\s+(?:the|your|there)|are\s+(?:the|your|"
    r"there|any)|can\s+you|could\s+you|would\s+you|have\s+you|has\s+(?:the|your)|i\s+would\s+like|"
    r"i\s+request|i\s+am\s+requesting|copies\s+of|a\s+copy\s+of|details\s+of|the\s+number\s+of|"
    r"a\s+list\s+of|a\s+breakdown|if\s+so|to\s+ask|whether(?!\s+or\s+not))\b",
    re.IGNORECASE,
)

ANSWER_OPENER = re.compile(
    r"^(?:yes|no|none|nil|not\s+held|the\s+(?:council|force|authority|trust)\s+(?:has|have|does|"
    r"do|operates|can|holds|uses|is|owns)|we\s+(?:have|do|operate|hold|can|use|own)|"
    r"there\s+(?:are|is)|this\s+information\s+is)\b",
    re.IGNORECASE,
)


def label_of(line: str) -> tuple[int | None, int]:
    """The question number a line is labelled with ("Q2 -", "2.", "A2:") and the label's length."""
    m = LABEL.match(line)
    if not m:
        return None, 0
    n = m.group("n1") or m.group("n2")
    return (int(n) if n else None), m.end()


_NOUN_OPENER = re.compile(
    r"^(?:the\s+(?:total\s+)?number\s+of|a\s+list\s+of|details\s+of|a\s+breakdown|copies\s+of)\b",
    re.IGNORECASE,
)
_STATES_VALUE = re.compile(rf"\b{STATES_VALUE}\d", re.IGNORECASE)


def is_question(text: str) -> bool:
    """A line or sentence that asks rather than answers.

    A request item may be a bare noun phrase ("The number of cameras the council owns"); the
    same opener with a stated value ("The number of cameras ... is 45") is an answer.
    """
    stripped = text.strip().rstrip("\"')]")
    if stripped.endswith("?"):
        return True
    _, cut = label_of(text)
    body = text[cut:].strip()
    if _NOUN_OPENER.match(body) and _STATES_VALUE.search(body):
        return False
    return bool(QUESTION_OPENER.match(body))


@dataclass(slots=True)
class Reader:
    """Walks lines in order and assigns each a role, remembering questions by number."""

    mode: Role = "body"
    questions: dict[int, str] = field(default_factory=dict)
    last_question: str | None = None
    quoted_block: bool = False

    def role(self, line: str) -> Role:
        """The role of ``line``; call once per line, in document order."""
        stripped = line.strip()
        if not stripped:
            return self.mode
        if stripped.startswith(">"):
            return "quoted"
        if QUOTED_START.match(stripped):
            self.quoted_block = True
        if self.quoted_block:
            return "quoted"
        if RESPONSE_START.match(stripped):
            self.mode = "answer"
            return "answer" if not is_question(stripped) else "question"
        if self.mode == "request" and REQUEST_END.match(stripped):
            self.mode = "body"
            return "request"
        if REQUEST_START.match(stripped) or (self.mode == "body" and REQUESTER.match(stripped)):
            self.mode = "request"
            self._note_question(stripped)
            return "request"
        if self.mode == "request":
            _, cut = label_of(stripped)
            if ANSWER_OPENER.match(stripped[cut:]):
                self.mode = "answer"
                return "answer"
            self._note_question(stripped)
            return "request"
        if is_question(stripped):
            self._note_question(stripped)
            return "question"
        return "answer" if self.mode == "answer" else "body"

    def note_question(self, line: str) -> None:
        """Remember a question (by its number, and as the last one asked)."""
        self._note_question(line)

    def _note_question(self, line: str) -> None:
        number, _ = label_of(line)
        if number is not None:
            self.questions.setdefault(number, line)
        self.last_question = line

    def question_for(self, line: str) -> str | None:
        """The question an answer line replies to: by its number, else the last one asked."""
        number, _ = label_of(line)
        if number is not None and number in self.questions:
            return self.questions[number]
        return self.last_question
