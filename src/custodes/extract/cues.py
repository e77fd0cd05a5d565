"""Word cues that decide what a sentence is doing: owning, denying, grading a capability,
quoting a statistic, naming an installer, describing a vehicle; plus sites and dates.

Phrase lists that are domain knowledge (capability phrases, vehicle makes) live in
``data/*.txt``; the grammatical cues stay here as patterns.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from pathlib import Path

from custodes.extract.sections import says_not_held
from custodes.kb.loader import read_vocab

DATA = Path(__file__).parent / "data"


def _lines(name: str) -> list[str]:
    out = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return out


@lru_cache(maxsize=1)
def capability_phrases() -> list[tuple[re.Pattern[str], str]]:
    """(pattern, capability term), longest phrase first."""
    pairs = [line.split("\t") for line in _lines("capability_phrases.txt")]
    pairs.sort(key=lambda p: -len(p[0]))
    return [(re.compile(rf"(?<![\w-]){re.escape(p)}(?![\w-])", re.IGNORECASE), c) for p, c in pairs]


@lru_cache(maxsize=1)
def vehicle_pattern() -> re.Pattern[str]:
    """Vehicle nouns (any case) and makes/models (as capitalised)."""
    words = sorted(_lines("vehicles.txt"), key=len, reverse=True)
    parts = [(re.escape(w) if w[0].isupper() else f"(?i:{re.escape(w)})") for w in words]
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])")


@lru_cache(maxsize=1)
def device_keywords() -> list[tuple[re.Pattern[str], str]]:
    """The KB's free-text device-type keywords ("speed dome" -> ptz-camera), longest first."""
    pairs = [line.split() for line in read_vocab("device_type_keywords.txt")]
    pairs.sort(key=lambda p: -len(p[0]))
    out = []
    for key, term in pairs:
        words = r"[\s-]+".join(re.escape(w) for w in key.split("_"))
        out.append((re.compile(rf"(?<![\w-]){words}(?:e?s)?(?![\w-])", re.IGNORECASE), term))
    return out


def device_type_in(text: str) -> tuple[str | None, int]:
    """The first device-type keyword in ``text`` and where it starts (-1 when none)."""
    best: tuple[str | None, int] = (None, -1)
    for pattern, term in device_keywords():
        m = pattern.search(text)
        if m and (best[1] < 0 or m.start() < best[1]):
            best = (term, m.start())
    return best


def capabilities_in(text: str) -> list[str]:
    """Capability terms named in ``text``, in order, each once."""
    return list(_capabilities_in(text))


@lru_cache(maxsize=4096)
def _capabilities_in(text: str) -> tuple[str, ...]:
    """Cached: an answer's question is looked up once per sentence that answers it."""
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for pattern, term in capability_phrases():
        for m in pattern.finditer(text):
            if all(m.end() <= a or m.start() >= b for a, b in taken):
                found.append((m.start(), term))
                taken.append((m.start(), m.end()))
    out: list[str] = []
    for _, term in sorted(found):
        if term not in out:
            out.append(term)
    return tuple(out)


_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
REFERENCE_BEFORE = re.compile(
    r"\b(?:code|ref(?:erence)?|no|nr|id|notice|identifier|request|case|foi|eir|page|para(?:graph)?|"
    r"section|s|item|appendix|annex|version|phase|lot|model|series|mark|mk|gen(?:eration)?|"
    r"type|floor|level|room|unit)\s*[.:#]?\s*$",
    re.IGNORECASE,
)
"""A number right after these is a reference, label or model name, never a count."""
YEAR_BEFORE = re.compile(r"\b(?:year|since|in|from|until|by|during|before|after)\s*$", re.IGNORECASE)
"""Before a year-like number ("since 2016"), a date, not a count."""
FRACTION_AFTER = re.compile(
    r"^\s*(?:-\s*)?(?:half|halves|thirds?|quarters?|fifths?|tenths?)\b", re.IGNORECASE
)


RECEIVED_FROM = re.compile(
    r"\b(?:received|receives|receiving|feeds?|fed|feeding|collected|gathered|shared)\s+(?:[\w-]+\s+){0,3}"
    r"from\b|\bdata\s+from\b",
    re.IGNORECASE,
)
"""Data received from cameras is about others' cameras ("the centre received data from 4,045 cameras")."""


@lru_cache(maxsize=1)
def not_device_nouns() -> frozenset[str]:
    """Nouns that, counted, are people, bodies, readings or time -- never equipment."""
    return frozenset(_lines("not_device_nouns.txt"))


def counted_noun(after: str) -> str | None:
    """What a count counts: "device" for kit, the noun for anything else, None when unclear.

    The first of the next four words that is either a device keyword or a non-device noun
    decides ("4 enforcement officers" -> officers, "12 static cameras" -> device).
    """
    words: list[str] = _WORD.findall(after)
    for word in words[:4]:
        if word.lower() in not_device_nouns():
            return word.lower()
        if device_type_in(word)[0] is not None:
            return "device"
    return None


NEGATION = re.compile(
    r"\b(?:do|does|did|have|has|is|are|was|were|will|would|could|can)\s*(?:not|n't)\b|"
    r"\b(?:don't|doesn't|didn't|isn't|aren't|wasn't|weren't|haven't|hasn't|cannot|can't)\b|"
    r"\bno\s+(?:longer|such)\b|\bnone\b|\bnever\b|^\W*no\b(?!\.?\s*\d)|"
    r"\bno\s+(?:[\w-]+\s+){0,3}(?:technology|software|systems?|analytics|capabilit(?:y|ies)|"
    r"functions?|functionality|features?)\b|"
    # "no cameras", "no Hikvision or Dahua products": up to four words (makes, "or") between
    r"\bno\s+(?:[A-Za-z][\w-]*,?\s+){0,4}(?:cameras?|cctv|equipment|devices?|systems?|products?|"
    r"units?)\b|"
    r"\bnot\s+(?:used|in\s+use|deployed|installed|enabled|activated|licensed|switched\s+on)\b|"
    r"\bdisabled\b|\bswitched\s+off\b|\bturned\s+off\b|\bdeactivated\b|\bnil\b|\bzero\b|"
    r"\b(?:removed|decommissioned|disposed\s+of|taken\s+out\s+of\s+service)\b",
    re.IGNORECASE,
)
BARE_NO = re.compile(r"^\W*(?:no|none|nil|zero|0|neither|not\s+applicable)\W*$", re.IGNORECASE)
BARE_YES = re.compile(r"^\W*yes\b[\W]*$", re.IGNORECASE)

_CAPABLE = re.compile(
    r"\bcapab(?:le|ility|ilities)\b|\bcould\s+be\b|\bcan\s+be\b|\bsupports?\b|\bable\s+to\b|"
    r"\bhas\s+the\s+(?:ability|functionality|facility|option)\b|\bfunctionality\b|"
    r"\bbuilt[\s-]in\b|\bfeature\b|\bpotential\b",
    re.IGNORECASE,
)
_ENABLED = re.compile(
    r"\benabled\b|\blicen[cs]ed\b|\bactivated\b|\bswitched\s+on\b|\bturned\s+on\b|"
    r"\bconfigured\s+(?:for|to)\b",
    re.IGNORECASE,
)
_IN_USE = re.compile(
    r"\b(?:we|council|force|authority|trust)\s+(?:\w+\s+)?(?:use|uses|operate|operates|deploy|"
    r"deploys|utilise|utilises|employ|employs|run|runs|carry\s+out)\b|\bin\s+use\b|"
    r"\b(?:is|are|was|were)\s+(?:currently\s+)?(?:used|deployed|operated|utilised)\b|"
    r"\bused\s+(?:for|at|to|in|by\s+(?:us|the\s+council))\b|\busing\b|\buse\b|\boperate\b",
    re.IGNORECASE,
)


_IF_BEFORE = re.compile(
    r"\b(?:if|when|once|unless|until|subject\s+to|would\s+(?:need\s+to|have\s+to)\s+be|requires?)"
    r"\s+(?:[\w-]+\s+){0,4}$",
    re.IGNORECASE,
)


def capability_level(text: str) -> str:
    """How far a clause goes: in_use > enabled > capable ("capable" when unsure)."""
    enabled = [m for m in _ENABLED.finditer(text) if not _IF_BEFORE.search(text[: m.start()])]
    if _CAPABLE.search(text) and not enabled:
        return "capable"  # "capable of this if licensed" is still only capable
    if enabled:
        return "enabled"
    if _IN_USE.search(text):
        return "in_use"
    return "capable"


OWNERSHIP = re.compile(
    r"\b(?:we|council|force|authority|trust|board|department|it)\s+(?:\w+\s+){0,2}?"
    r"(?:use|uses|used|operate|operates|operated|own|owns|owned|have|has|had|hold|holds|deploy|"
    r"deploys|deployed|installed|purchased|bought|procured|maintain|maintains|run|runs)\b|"
    r"\b(?:in\s+use|in\s+operation|in\s+place|installed|deployed|operational|are\s+all|"
    r"all\s+(?:of\s+)?(?:our|the|these|them)|manufactured\s+by|made\s+by|supplied\s+by|"
    r"consists?\s+of|comprises?|brand|make|model|yes)\b",
    re.IGNORECASE,
)
MODAL = re.compile(
    r"\b(?:should|must|would|might|guidance|recommend(?:s|ed|ation)?|advice|advised|ban|banned|"
    r"prohibit(?:s|ed)?|concerns?|policy|review(?:ing)?|consider(?:ing)?|plan(?:s|ned)?\s+to|"
    r"intend|propos(?:e|ed|al)|i\s+understand|i\s+believe|reportedly|alleged(?:ly)?|"
    r"it\s+(?:is|has\s+been)\s+reported)\b",
    re.IGNORECASE,
)
GONE = re.compile(
    r"\b(?:these|they|them|those|which|all\s+of\s+(?:them|these))\s+(?:\w+\s+){0,2}?"
    r"(?:(?:were|was|have\s+been|has\s+been|had\s+been)\s+(?:since\s+|all\s+|subsequently\s+|"
    r"later\s+|now\s+)?(?:removed|decommissioned|replaced|disposed\s+of|retired|taken\s+out|withdrawn|"
    r"returned)|"
    r"(?:are|is)\s+no\s+longer\s+(?:in\s+use|used|operational|in\s+service|owned|operated))\b|"
    r"\b(?:it|we|the\s+council|the\s+authority)\s+(?:now|currently)\s+(?:has|have|holds?|operates?)\s+none\b",
    re.IGNORECASE,
)
GONE_BEFORE = re.compile(
    r"\b(?:removed|replaced|decommissioned|disposed\s+of|retired|scrapped)\s+(?:all\s+)?(?:of\s+)?"
    r"(?:its|our|the|their)?\s*(?:[A-Za-z-]+\s+)?$",
    re.IGNORECASE,
)
"""A count right after a removal verb ("replaced its 14 Dahua cameras") is kit now gone."""
GONE_AFTER = re.compile(
    r"^[^.;]{0,60}?\b(?:were|was|have\s+been|had\s+been)\s+(?:\w+\s+)?(?:removed|withdrawn|"
    r"decommissioned|returned|replaced|disposed\s+of|retired|taken\s+out)\b",
    re.IGNORECASE,
)
"""Kit counted and then said to be gone in the same clause ("6 Zepcam units were withdrawn")."""
INTENT = re.compile(
    r"\b(?:plan(?:s|ning|ned)?\s+to|intend(?:s|ing|ed)?\s+to|propos(?:e|es|ing|ed)\s+to|"
    r"going\s+to\s+(?:buy|purchase|install|procure)|will\s+(?:be\s+)?(?:buy|purchas|install|procur)\w*|"
    r"due\s+to\s+be\s+(?:installed|purchased|delivered)|(?:next|the\s+coming)\s+(?:financial\s+)?year|"
    r"not\s+yet\s+(?:been\s+)?(?:bought|purchased|installed|procured)|will\s+have)\b",
    re.IGNORECASE,
)
"""Kit not yet bought: a count in such a clause is an intention, not ownership."""
"""Kit referred back to and said to be gone ("... but these were removed in 2022")."""
STRONG_MODAL = re.compile(
    r"\b(?:should|must|would|might|could|plan(?:s|ned)?\s+to|intend(?:s|ed)?\s+to|propos(?:e|es|ed)\s+to)\b",
    re.IGNORECASE,
)
"""A denial under a modal ("must be removed", "should not be used") is policy, not a fact."""
STATISTIC = re.compile(
    r"\d+(?:\.\d+)?\s*(?:%|per\s*cent|percent)\s+of\s+(?![\d,]+\b)|"
    r"\b(?:used|deployed|owned|operated)\s+by\s+(?:\d+|many|most|some|the\s+majority\s+of|"
    r"a\s+number\s+of)\s+(?:other\s+)?(?:local\s+authorities|councils|police\s+forces|"
    r"public\s+bodies|authorities|trusts|schools|organisations)\b|"
    r"\b(?:nationally|nationwide|across\s+the\s+(?:UK|country)|in\s+the\s+UK|national\s+(?:survey|"
    r"figures|statistics)|according\s+to|survey|research\s+(?:by|from)|report(?:ed)?\s+by|"
    r"investigation\s+(?:by|found)|big\s+brother\s+watch|ipvm|media\s+reports?|press\s+reports?|"
    r"reported\s+that|newspapers?|news\s+(?:articles?|reports?|stor(?:y|ies))|"
    r"(?:an?|the|this|that)\s+(?:\w+\s+)?articles?\b|(?:says?|said|claims?|claimed)\s+(?:that\s+)?you\b|"
    r"other\s+(?:local\s+authorities|councils|forces))\b",
    re.IGNORECASE,
)
INSTALLER = re.compile(
    r"\b(?:installed|maintained|serviced|fitted|monitored|managed|integrated|commissioned|"
    r"repaired|upgraded)\s+(?:and\s+\w+\s+)?by\b|\b(?:installer|maintainer|contractor|integrator|"
    r"maintenance\s+(?:contract(?:or)?|provider|company|partner))s?\b",
    re.IGNORECASE,
)

_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        "january february march april may june july august september october november " "december".split()
    )
}
_MON = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DATE_DMY = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MON})\.?,?\s+(\d{{4}})\b", re.I)
_DATE_MY = re.compile(rf"\b({_MON})\.?\s+(\d{{4}})\b", re.I)
_DATE_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_DATE_NUM = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
_YEAR = re.compile(r"\b(?:in|since|from|during|until|by)\s+((?:19[5-9]|20\d)\d)\b", re.I)


def _month(name: str) -> int:
    name = name.lower()[:3]
    return next(v for k, v in _MONTHS.items() if k.startswith(name))


def dates_in(text: str) -> list[str]:
    """Dates as ISO strings (day, month or year precision), UK day-first for d/m/y."""
    out: list[str] = []
    taken: list[tuple[int, int]] = []

    def add(value: str, m: re.Match[str]) -> None:
        if all(m.end() <= a or m.start() >= b for a, b in taken):
            taken.append((m.start(), m.end()))
            if value not in out:
                out.append(value)

    for m in _DATE_ISO.finditer(text):
        add(m.group(0), m)
    for m in _DATE_DMY.finditer(text):
        add(_iso(int(m.group(3)), _month(m.group(2)), int(m.group(1))), m)
    for m in _DATE_NUM.finditer(text):
        add(_iso(int(m.group(3)), int(m.group(2)), int(m.group(1))), m)
    for m in _DATE_MY.finditer(text):
        add(f"{int(m.group(2)):04d}-{_month(m.group(1)):02d}", m)
    for m in _YEAR.finditer(text):
        add(m.group(1), m)
    return out


def _iso(year: int, month: int, day: int) -> str:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return f"{year:04d}"


_PLACE_WORDS = (
    r"Car\s+Park|Street|Road|Centre|Center|Square|Park|Depot|Station|Hall|House|Lane|Avenue|"
    r"Estate|Market|Precinct|Building|Offices?|Library|School|Gardens|Way|Place|Bridge|Quay|"
    r"Crescent|Terrace|Close|Drive|Parade|Leisure\s+Centre|Town\s+Centre|Civic\s+Centre|Yard|Wharf"
)
_SITE = re.compile(
    rf"\b(?:at|in|on|outside|around|within)\s+(?:the\s+)?"
    rf"((?:[A-Z][\w'&.-]*\s+){{0,4}}(?:{_PLACE_WORDS}))\b"
)


def site_in(text: str) -> str | None:
    """A named place ("Market Street car park") the sentence puts the equipment at."""
    m = _SITE.search(text)
    return m.group(1).strip() if m else None


STATES_VALUE = (
    r"(?:is|are|was|were|totals?|totalled|stands?\s+at|comes?\s+to)\s+"
    r"(?:(?:approximately|about|around|roughly|circa|c\.)\s+)?"
)
"""The verb that states a value, and a hedge before it ("... is approximately 45")."""

_DENIES_TYPE = re.compile(
    r"\b(?:(?:do|does|did)\s+not|don't|doesn't|never)\s+(?:currently\s+)?(?:have|own|use|operate|run|"
    r"deploy|hold)\s+(?:any\s+)?(?P<a>[\w\s-]{2,40}?)\s*(?:[.,;]|$)"
    r"|\b(?:have|has|own|owns|use|uses|operate|operates)\s+no\s+(?P<b>[\w\s-]{2,40}?)\s*(?:[.,;]|$)"
    r"|\bno\s+use\s+is\s+made\s+of\s+(?P<c>[\w\s-]{2,40}?)\s*(?:[.,;]|$)",
    re.IGNORECASE,
)
_NOT_KIT = re.compile(
    r"\b(?:information|records?|data|details|plans?|knowledge|access|footage)\b", re.IGNORECASE
)
_ELSEWHERE = re.compile(
    r"\b(?:belongs?\s+to|owned\s+by|operated\s+by|run\s+by|the\s+responsibility\s+of|" r"a\s+matter\s+for)\b",
    re.IGNORECASE,
)


def denied_type(body: str) -> str | None:
    """The device type a sentence says the body has none of ("We do not have any body worn
    cameras", "No use is made of body-worn video"); not "we do not hold information about ..."."""
    if says_not_held(body) or _ELSEWHERE.search(body):
        return None  # "... the cameras belong to the landlord": another party's kit, not a denial
    m = _DENIES_TYPE.search(body)
    if m is None:
        return None
    what = m.group("a") or m.group("b") or m.group("c") or ""
    dtype, at = device_type_in(what)
    if dtype is None or at > 15 or _NOT_KIT.search(what[:at]):
        return None
    return dtype
