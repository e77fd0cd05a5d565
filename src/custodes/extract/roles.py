"""The role of every line (request, question, answer, quoted, heading, boilerplate, body).

Roles are decided by a linear-chain CRF (python-crfsuite) over the document's lines, so a
line is read in the light of its neighbours: a short line after "Our response" opens the
answers, a line after "You asked:" is the requester's. The cue patterns that used to decide
roles on their own (``structure.py``) are now features, beside position, length, numbering,
question marks, salutations, capitals and table cells. The model is trained by
``training/train_line_roles.py`` on lines we wrote ourselves (``training/line_roles/``) and
shipped as ``data/line_roles.crfsuite``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import pycrfsuite

from custodes.extract import structure as s
from custodes.settings import ROLE_SURE, ROLE_SURE_OVER_REQUEST

MODEL = Path(__file__).parent / "data" / "line_roles.crfsuite"

_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("request_start", s.REQUEST_START),
    ("response_start", s.RESPONSE_START),
    ("requester", s.REQUESTER),
    ("request_end", s.REQUEST_END),
    ("quoted_start", s.QUOTED_START),
    ("question_opener", s.QUESTION_OPENER),
    ("answer_opener", s.ANSWER_OPENER),
)
_DEAR = re.compile(r"^\W*dear\b", re.IGNORECASE)
_SIGN_OFF = re.compile(r"^\W*(?:yours|kind\s+regards|regards|best\s+wishes|many\s+thanks)\b", re.IGNORECASE)
_BOILER = re.compile(
    r"\b(?:copyright|internal\s+review|information\s+commissioner|re-?use|dissatisfied|unhappy|"
    r"complain|right\s+to|our\s+ref|your\s+ref|reference(?:\s+no)?\s*[:.]|date\s*:|tel(?:ephone)?\b|"
    r"e-?mail\s*:|www\.|https?://|published|share\s+this|related\s*:|read\s+more|categories|"
    r"attachments?|follow\s+this|annotations|link\s+to\s+this|thank\s+you\s+for\s+your|"
    r"i\s+write\s+(?:in|with)|i\s+am\s+writing\s+(?:in|with)|received\s+on|dated)\b",
    re.IGNORECASE,
)
_FIRST_PERSON_REQ = re.compile(r"\b(?:i|me|my)\b", re.IGNORECASE)
_WE = re.compile(r"\b(?:we|our|us|the\s+(?:council|force|trust|authority|service|agency))\b", re.IGNORECASE)
_REPORTING = re.compile(
    r"\b(?:said|says|told|according\s+to|reported|announced|spokes(?:person|man|woman))\b"
)
_MINUTES = re.compile(
    r"\b(?:resolved|noted|agreed|members?|councillors?|portfolio|committee|cabinet)\b", re.IGNORECASE
)
_YES_NO = re.compile(r"^\W*(?:[a-z]\)\s*)?(?:yes|no|none|nil)\b", re.IGNORECASE)
_YES_NO_ANSWER = re.compile(r"^\W*(?:yes|no)\s*[-–—,.:;]\s*\S", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[-•*·▪–●○◦■□➢►✓]|\(cid:\d+\))")
_DIGIT_BULLET = re.compile(r"^\s*\d{1,2}\s*[•·▪]")
_SECTION_NUM = re.compile(r"^\s*\d{1,2}\.\d{1,2}\b")
_DATE = re.compile(
    r"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\s+\d{4}\b|"
    r"\b\d{1,2}/\d{1,2}/\d{2,4}\b",
    re.IGNORECASE,
)


def _shape(line: str) -> dict[str, float | str]:
    text = line.strip()
    words = text.split()
    n = len(words)
    letters = [c for c in text if c.isalpha()]
    number, cut = s.label_of(text)
    rest = text[cut:].strip()
    f: dict[str, float | str] = {
        "len": "0" if n == 0 else "1-3" if n <= 3 else "4-8" if n <= 8 else "9-20" if n <= 20 else "21+",
        "q_end": float(text.rstrip("\"')|] ").endswith("?")),
        "q_inside": float("?" in text),
        "colon_end": float(text.rstrip(" |").endswith(":")),
        "period_end": float(text.rstrip(" |").endswith(".")),
        "pipe": float("|" in text),
        "pipe_end": float(text.endswith("|")),
        "label": float(number is not None),
        "q_label": float(bool(re.match(r"^\s*q(?:uestion)?\s*\d", text, re.IGNORECASE))),
        "bullet": float(bool(_BULLET.match(text))),
        "digit_bullet": float(bool(_DIGIT_BULLET.match(text))),
        "section_num": float(bool(_SECTION_NUM.match(text))),
        "allcaps": float(len(letters) > 3 and all(c.isupper() for c in letters)),
        "title": float(0 < n <= 10 and sum(w[:1].isupper() for w in words) >= 0.6 * n),
        "dear": float(bool(_DEAR.match(text))),
        "sign_off": float(bool(_SIGN_OFF.match(text))),
        "boiler": float(bool(_BOILER.search(text))),
        "date": float(bool(_DATE.search(text))),
        "first_person": float(bool(_FIRST_PERSON_REQ.search(rest))),
        "we": float(bool(_WE.search(rest))),
        "reporting": float(bool(_REPORTING.search(rest))),
        "minutes": float(bool(_MINUTES.search(rest))),
        "yes_no": float(bool(_YES_NO.match(rest))),
        "quote_mark": float(text.startswith(">")),
        "digits": float(any(c.isdigit() for c in rest)),
        "first": (words[0].lower().strip(".,:;-()") if words else "")[:12],
    }
    for name, pattern in _CUES:
        f[name] = float(bool(pattern.match(rest) or pattern.match(text)))
    return f


def features(lines: Sequence[str]) -> list[dict[str, float | str]]:
    """CRF features for each line: its own shape, its neighbours' and its place in the document."""
    shapes = [_shape(line) for line in lines]
    n = len(lines)
    # what the whole document looks like: a reply asks and answers, news reports
    whole: dict[str, float | str] = {
        "doc_questions": float(sum(bool(x["q_end"]) or bool(x["question_opener"]) for x in shapes) >= 2),
        "doc_response": float(any(x["response_start"] for x in shapes)),
        "doc_request": float(any(x["request_start"] or x["requester"] for x in shapes)),
        "doc_reporting": float(sum(bool(x["reporting"]) for x in shapes) >= 2),
        "doc_minutes": float(sum(bool(x["minutes"]) for x in shapes) >= 3),
    }
    rules = s.Reader()
    seen_response = 0.0
    out: list[dict[str, float | str]] = []
    for i, own in enumerate(shapes):
        f: dict[str, float | str] = {"bias": 1.0, **own, **whole}
        seen_response = max(seen_response, float(own["response_start"]))
        f["after_response"] = seen_response
        f["rule"] = rules.role(lines[i])  # the old state machine's verdict, as one more feature
        if own["len"] in ("1-3",):
            f["short_text"] = str(lines[i]).strip().lower().strip(":|. ")[:24]
        f["pos"] = "first" if i == 0 else "top" if i < 4 else "end" if i >= n - 3 else "mid"
        for off in (-2, -1, 1):
            j = i + off
            if 0 <= j < n:
                for key in ("q_end", "colon_end", "label", "response_start", "request_start", "title",
                            "len", "dear", "quoted_start", "pipe_end", "boiler"):  # fmt: skip
                    f[f"{off}:{key}"] = shapes[j][key]
            else:
                f[f"{off}:none"] = 1.0
        out.append(f)
    return out


def _crf_items(feats: list[dict[str, float | str]]) -> list[dict[str, float]]:
    """crfsuite takes numbers: a string feature becomes ``name=value`` with weight 1."""
    items = []
    for f in feats:
        item: dict[str, float] = {}
        for key, value in f.items():
            if isinstance(value, str):
                item[f"{key}={value}"] = 1.0
            elif value:
                item[key] = float(value)
        items.append(item)
    return items


def crf_sequence(lines: Sequence[str]) -> list[dict[str, float]]:
    """The item sequence the tagger and the trainer both see."""
    return _crf_items(features(lines))


@lru_cache(maxsize=1)
def _tagger() -> pycrfsuite.Tagger:
    tagger = pycrfsuite.Tagger()
    tagger.open(str(MODEL))
    return tagger


def label_lines(lines: Sequence[str], sure: float = ROLE_SURE) -> list[str]:
    """The role of each line (``kb/vocab/line_roles.txt``), read as one sequence.

    Where the CRF is unsure of a line (its marginal below ``sure``: short texts, styles the
    training lines lack), the cue state machine's role is kept instead; a line that the state
    machine places in a quoted message stays there, and one it places in the requester's
    letter leaves it only when the CRF is very sure, because a maker in the requester's words
    must never become an ownership claim.
    """
    if not lines:
        return []
    items = crf_sequence(lines)
    tagger = _tagger()
    roles: list[str] = tagger.tag(items)
    rules = s.Reader()
    out = []
    for i, (line, role) in enumerate(zip(lines, roles, strict=True)):
        rule = rules.role(line)
        if line.lstrip().startswith(">"):
            role = "quoted"
        else:
            sureness = tagger.marginal(role, i)
            if (
                rule == "quoted"
                or sureness < sure
                or (rule == "request" and sureness < ROLE_SURE_OVER_REQUEST)
            ):
                role = rule
            if role in ("request", "question") and _YES_NO_ANSWER.match(line):
                role = "answer"  # "Yes - two wardens ...": nobody asks a question that way
        out.append(role)
    return out
