"""Turn one answer sentence into draft claims: owned items, negatives, refusals, capabilities.

Spans are offsets into the sentence; the caller shifts them into block coordinates. The
hard negatives are decided here: a statistic ("used by 73% of local authorities") or an
installer ("installed by ...") never yields ownership, and a count next to a vehicle word
("two Ford Transit CCTV vans") is about vehicles, not cameras.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from custodes.extract import cues
from custodes.extract.claims import Status
from custodes.extract.linking import brand_for, counts_in, pair_respectively
from custodes.extract.mentions import Mention, Resolve, find_mentions
from custodes.extract.sections import refusal_sections, says_not_held, says_refused
from custodes.extract.structure import label_of
from custodes.kb.loader import read_parents

_PARENTS = read_parents()
_CLAUSE = re.compile(
    r";|\bbut\b|\bhowever\b|\balthough\b|\bwhereas\b|\bexcept\b|\bwhile\b|,\s*(?:and\s+)?which\b",
    re.IGNORECASE,
)
_ANAPHOR = re.compile(
    r"\b(?:this|it|these|they|such|the\s+(?:feature|function|functionality|capability|option))\b",
    re.IGNORECASE,
)
_CONDITIONAL = re.compile(r"^\W*(?:if|where|should|when)\b", re.IGNORECASE)
_ANSWER_PREFIX = re.compile(
    r"\s*(?:(?:our\s+)?(?:answer|response|reply)|a|r)\s*[:\-–]\s*(?=\S)", re.IGNORECASE
)
_COUNT_LABEL_BEFORE = re.compile(
    r"(?:[:=\-–(]|\b(?:quantity|qty|total(?:\s+of)?|number))\s*(?:approx\w*\.?\s*)?$", re.IGNORECASE
)
_NUMBER_OF_IS = re.compile(
    rf"\bnumber\s+of\s+(?P<what>[^.;:]{{1,80}}?)\s+{cues.STATES_VALUE}$",
    re.IGNORECASE,
)
""""The number of CCTV cameras the council operates is 45": the counted noun precedes the count."""
_YES = re.compile(r"^\W*yes\b", re.IGNORECASE)
_TERSE_FILLER = re.compile(
    r"\b(?:yes|in\s+total|total|approximately|approx|units|overall|currently)\b|\W+",
    re.IGNORECASE,
)
_ANAPHORIC_MAKER = re.compile(
    r"\b(?:either|neither|both|these|those|the\s+two|such)\s+(?:of\s+(?:them|these|those)\s+)?"
    r"(?:manufacturers?|brands?|makes?|suppliers?|vendors?|compan(?:y|ies)|products?)\b|"
    r"\b(?:either|neither|none|any)\s+of\s+(?:them|these|those|the\s+two)\b",
    re.IGNORECASE,
)


@dataclass(slots=True)
class Piece:
    """A draft claim with sentence-relative span; ``text.py`` turns it into a Draft."""

    status: Status
    start: int
    end: int
    fields: dict[str, Any]
    confidence: float


@dataclass(frozen=True, slots=True)
class Context:
    scottish: bool
    answer: bool  # inside an answer section, or a labelled answer line
    question: str | None  # the question this sentence answers, if known
    antecedents: tuple[str, ...] = ()  # makers named in the sentence before ("either of them")


def _clauses(s: str) -> list[tuple[int, int]]:
    cuts = [0] + [m.start() for m in _CLAUSE.finditer(s)] + [len(s)]
    return [(a, b) for a, b in zip(cuts, cuts[1:], strict=False) if b > a]


def _clause_of(pos: int, clauses: list[tuple[int, int]]) -> int:
    for i, (a, b) in enumerate(clauses):
        if a <= pos < b:
            return i
    return len(clauses) - 1


def _subjects(question: str | None, resolver: Resolve | None) -> tuple[list[Mention], list[str]]:
    if not question:
        return [], []
    return find_mentions(question, resolver), cues.capabilities_in(question)


def _capability_dicts(s: str, clauses: list[tuple[int, int]], negs: list[bool]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    previous: list[str] = []
    for (a, b), negated in zip(clauses, negs, strict=True):
        text = s[a:b]
        names = cues.capabilities_in(text)
        if (
            not names
            and previous
            and _ANAPHOR.search(text)
            and (negated or cues.capability_level(text) != "capable" or "capab" in text.lower())
        ):
            names = previous
        for name in names:
            cap: dict[str, Any] = {"name": name, "level": cues.capability_level(text)}
            cap["quote"] = text.strip()
            if negated:
                cap["negated"] = True
            out.append(cap)
        if names:
            previous = names
    return out


def analyse(s: str, ctx: Context, resolver: Resolve | None = None) -> list[Piece]:
    """All draft claims one sentence supports."""
    out: list[Piece] = []
    whole = (0, len(s))
    _, cut = label_of(s)
    prefix = _ANSWER_PREFIX.match(s, cut)
    if prefix:
        cut = prefix.end()  # "Answer: Yes, 12 cameras." is a "Yes" answer
    body = s[cut:]
    dates = cues.dates_in(s)
    if not _CONDITIONAL.match(body):
        if says_not_held(s):
            secs = refusal_sections(s, ctx.scottish)
            out.append(Piece("not_held", *whole, {"refusal_sections": secs, "dates": dates}, 0.9))
        elif says_refused(s, ctx.scottish):
            secs = refusal_sections(s, ctx.scottish)
            out.append(Piece("refused", *whole, {"refusal_sections": secs, "dates": dates}, 0.9))
    if out:
        return out
    mentions = find_mentions(s, resolver)
    if cues.STATISTIC.search(s):
        out = [_mentioned(m, len(s)) for m in mentions]
        clauses = _clauses(s)
        if any(_denies_them(s[a:b]) for a, b in clauses[1:]):
            # "... is used by 73% of local authorities; this council uses neither manufacturer"
            out += _denied(tuple(dict.fromkeys(m.manufacturer for m in mentions)), len(s))
        return out
    if not mentions and ctx.antecedents and _denies_them(s):
        return _denied(ctx.antecedents, len(s))
    installer_ends = [m.end() for m in cues.INSTALLER.finditer(s)]
    kept: list[Mention] = []
    for m in mentions:
        if any(0 <= m.start - e <= 40 for e in installer_ends):
            out.append(_mentioned(m, len(s)))
        else:
            kept.append(m)
    mentions = kept
    q_mentions, q_caps = _subjects(ctx.question, resolver)

    if cues.BARE_NO.match(body) or cues.BARE_YES.match(body):
        negative = bool(cues.BARE_NO.match(body))
        answer_status: Status = "not_owned" if negative else "owned"
        level = cues.capability_level(ctx.question or "")
        answer_caps: list[dict[str, Any]] = []
        for name in q_caps:
            cap: dict[str, Any] = {"name": name, "level": level, "quote": s.strip()}
            if negative:
                cap["negated"] = True
            answer_caps.append(cap)
        if not negative and len({m.manufacturer for m in q_mentions}) > 1:
            q_mentions = []  # "Yes" to "Hikvision or Dahua?" does not say which
        for m in q_mentions:
            a_fields = _mention_fields(m)
            a_fields["capabilities"] = answer_caps
            out.append(Piece(answer_status, *whole, a_fields, 0.7))
        if answer_caps and not q_mentions:
            out.append(Piece(answer_status, *whole, {"capabilities": answer_caps}, 0.7))
        q_type = cues.device_type_in(ctx.question)[0] if ctx.question else None
        if negative and not q_mentions and not answer_caps and q_type is not None:
            out.append(Piece("not_owned", *whole, {"device_type": q_type}, 0.7))  # "None."
        for piece in out:
            if piece.fields.get("device_type") is None and q_type is not None:
                piece.fields["device_type"] = q_type  # "How many ANPR cameras?" - "None."
        return out

    clauses = _clauses(s)
    unlabelled = " " * cut + body  # "Q4 - No facial recognition": the label is not the answer
    negs = [bool(cues.NEGATION.search(unlabelled[a:b].strip())) for a, b in clauses]
    caps = _capability_dicts(s, clauses, negs)
    modal = bool(cues.MODAL.search(s))
    site = cues.site_in(s)
    vehicles = cues.vehicle_pattern()
    quantities = counts_in(" " * cut + body, mentions)  # a label "2." is no count
    links = [
        brand_for(
            q,
            quantities[i + 1].start if i + 1 < len(quantities) else len(s),
            s,
            mentions,
            quantities,
        )
        for i, q in enumerate(quantities)
    ]
    paired = pair_respectively(s, mentions, quantities)  # "(37 and 11 respectively)"
    if paired is not None:
        links = paired
    any_direct = any(direct for _, direct in links)
    gone_from = next(
        (i for i, (a, b) in enumerate(clauses) if cues.GONE.search(s[a:b])),
        len(clauses),
    )
    q_makers = {m.manufacturer for m in q_mentions}
    q_brand = q_mentions[0] if len(q_makers) == 1 and not mentions else None
    q_type = cues.device_type_in(ctx.question)[0] if ctx.question else None
    terse = len(quantities) == 1 and len(_TERSE_FILLER.sub("", body.replace(quantities[0].text, ""))) < 3
    used: set[int] = set()
    owned: list[Piece] = []
    for i, q in enumerate(quantities):
        if negs[_clause_of(q.start, clauses)] and q.value != 0:
            continue
        nxt = quantities[i + 1].start if i + 1 < len(quantities) else len(s)
        chunk = s[q.end : nxt]
        if _not_a_device_count(s, q.start, q.end):
            continue
        dtype, dpos = cues.device_type_in(chunk[:60])
        veh = vehicles.search(chunk[:60])
        if veh and (dpos < 0 or veh.start() <= dpos + 12):
            continue
        if dtype is None:
            before = s[max(0, q.start - 40) : q.start]
            # "Cameras: 12", "Dahua PTZ cameras (8)": the noun is before the count
            if _COUNT_LABEL_BEFORE.search(before):
                dtype, _ = cues.device_type_in(before)
            elif stated := _NUMBER_OF_IS.search(s[: q.start]):
                dtype, _ = cues.device_type_in(stated.group("what"))
        brand, direct = links[i]
        if brand is not None and not direct and any_direct:
            brand = None  # another count in the sentence owns the brand ("Of 557, 99% are Hik")
        if brand is None and q_brand is not None and (terse or _YES.match(body)):
            brand = q_brand  # "Do you use Hikvision cameras?" - "Yes, 12." / "12"
        if dtype is None and terse and q_type is not None:
            dtype = q_type
        elif q_type is not None and dtype is not None and _PARENTS.get(q_type) == dtype:
            dtype = q_type  # "2 cameras" in answer to a question about body cameras
        if dtype is None and not direct:
            continue
        if brand is not None:
            used.add(id(brand))
        fields: dict[str, Any] = {
            "quantity": q.value,
            "quantity_text": q.text,
            "device_type": dtype or (brand.device_type if brand else None),
            "site": site,
            "dates": dates,
        }
        conf = 0.85 if ctx.answer else 0.75
        if brand is not None:
            fields.update(manufacturer=brand.manufacturer, brand_text=brand.brand_text)
            fields["model"] = brand.model
            partner = _sharing(s, brand, mentions)
            if partner is not None:  # "47 Hikvision and Dahua cameras": one count, two makers
                fields["shared_with"] = [partner.manufacturer]
                used.add(id(partner))
            conf -= 0.1 if brand.fuzzy else 0.0
            conf -= 0.0 if direct else 0.05
        q_status: Status = "not_owned" if q.value == 0 else "owned"
        a, b = clauses[_clause_of(q.start, clauses)]
        if _clause_of(q.start, clauses) < gone_from < len(clauses):
            q_status = "not_owned"  # "we had 12 Dahua cameras but these were removed"
            fields["period"] = "historic"
        elif cues.GONE_BEFORE.search(s[a : q.start]) or cues.GONE_AFTER.match(s[q.end : b]):
            q_status = "not_owned"  # "the Council replaced its 14 Dahua cameras with ..."
            fields["period"] = "historic"
        elif cues.INTENT.search(s[a:b]):
            q_status = "mentioned"  # "we plan to purchase 10 Hikvision cameras"
            fields["period"] = "planned"
        owned.append(Piece(q_status, *whole, fields, conf - (0.2 if modal else 0.0)))
    counted = {p.fields.get("manufacturer"): p for p in owned if p.fields.get("manufacturer") is not None}
    for m in mentions:
        if id(m) in used:
            continue
        negated = negs[_clause_of(m.start, clauses)]
        if not negated and m.manufacturer in counted:
            # "c.990 Dahua cameras (IPC-HFW2431S-S-S2 and ...)": the model belongs to the count
            item = counted[m.manufacturer]
            if item.fields.get("model") is None and m.model:
                item.fields["model"] = m.model
            continue
        status: Status
        if negated and not cues.STRONG_MODAL.search(s):
            status = "not_owned"
        elif not modal and (ctx.answer or cues.OWNERSHIP.search(s)):
            status = "owned"
        else:
            out.append(_mentioned(m, len(s)))
            continue
        m_fields = _mention_fields(m)
        dtype, _ = cues.device_type_in(s)
        m_fields.update(device_type=m.device_type or dtype, site=site, dates=dates)
        owned.append(Piece(status, *whole, m_fields, 0.7 if not m.fuzzy else 0.6))
    if not owned and not any(negs) and not modal:
        typed = _type_only(s, cut)
        if typed is not None:
            fields = {"device_type": typed, "site": site, "dates": dates, "type_only": True}
            owned.append(Piece("owned", *whole, fields, 0.6))  # "the force uses ANPR cameras"
    elif not owned and not mentions and not caps and not modal and (denied := cues.denied_type(s[cut:])):
        owned.append(Piece("not_owned", *whole, {"device_type": denied, "site": site}, 0.7))
    if caps:
        if owned:
            for p in owned:
                p.fields["capabilities"] = caps
        else:
            positive = any(not c.get("negated") for c in caps)
            cap_status: Status = "not_owned" if not positive else "mentioned" if modal else "owned"
            cap_fields = {"capabilities": caps, "site": site, "dates": dates}
            out.append(Piece(cap_status, *whole, cap_fields, 0.7))
    return out + owned


_USES = re.compile(
    r"\b(?:uses?|used\s+(?:by|across|at|in|to|for)|using|in\s+use|operates?|operating|runs?|has|have|"
    r"holds?|owns?|wears?|wear|worn\s+by|deploys?|deployed|installed|in\s+operation|rolled\s+out|"
    r"issued|equipped|comprises?|consists?\s+of)\b",
    re.IGNORECASE,
)
_OUR = re.compile(r"\b(?:our|its|the\s+(?:council|force|trust)'s)\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE)


_NAME_BEFORE = re.compile(r"(?<=[a-z,;)] )([A-Z][a-z]+) $")
_COUNT_WORD = re.compile(
    r"Total|Quantity|Qty|Number|Count|Cameras?|Units?|Devices?|Approximately|Approx|About|Around|Over|"
    r"Some|Circa|Yes|No|None|Nil|Only|All|With|And|Of",
)
_AND = re.compile(r"^\s*(?:and|or|&|/|,)\s*$", re.IGNORECASE)


def _sharing(s: str, brand: Mention, mentions: list[Mention]) -> Mention | None:
    """The other maker of "Hikvision and Dahua cameras" when one count covers both."""
    for m in mentions:
        if (
            m.start > brand.end
            and m.manufacturer != brand.manufacturer
            and _AND.match(s[brand.end : m.start])
            and cues.device_type_in(s[m.end : m.end + 20])[1] in (0, 1)
        ):
            return m
    return None


def _type_only(s: str, cut: int) -> str | None:
    """The device type a sentence says the body uses, with no maker or count named."""
    body = s[cut:]
    dtype, at = cues.device_type_in(body)
    vetoes = (cues.INTENT, cues.STATISTIC, cues.GONE, cues.INSTALLER, cues.RECEIVED_FROM)
    if dtype is None or any(p.search(body) for p in vetoes):
        return None
    if cues.vehicle_pattern().search(body[at : at + 25]):
        return None  # "CCTV vans": the vehicles, not cameras
    if _USES.search(body) or _OUR.search(body[:at]):
        return dtype
    return None


def _not_a_device_count(s: str, start: int, end: int) -> bool:
    """Counts of people, bodies or readings, references, labels, model names and fractions."""
    after = s[end : end + 60]
    noun = cues.counted_noun(after)
    if noun is not None and noun != "device":
        return True  # "4 enforcement officers", "70 MPs", "550,000 reads per day"
    if cues.RECEIVED_FROM.search(s[max(0, start - 40) : start]):
        return True  # "received data from 4,045 cameras": other bodies' cameras
    before = s[max(0, start - 14) : start]
    named = _NAME_BEFORE.search(s[:start])
    if named and not _COUNT_WORD.fullmatch(named.group(1)) and not find_mentions(named.group(1)):
        return True  # "Axon Body 3", "Atlantic Quay 4": a model or place name, not a count
    if cues.REFERENCE_BEFORE.search(before):
        return True  # "CPV code 35125300", "paragraph 2", "Flex 2"
    if re.fullmatch(r"(?:19[5-9]|20[0-4])\d", s[start:end]) and cues.YEAR_BEFORE.search(before):
        return True  # "since 2016"
    return bool(cues.FRACTION_AFTER.match(after))  # "two thirds"


def _denies_them(text: str) -> bool:
    return bool(_ANAPHORIC_MAKER.search(text)) and bool(
        cues.NEGATION.search(text) or "neither" in text.lower()
    )


def _denied(makers: tuple[str, ...], length: int) -> list[Piece]:
    return [Piece("not_owned", 0, length, {"manufacturer": m}, 0.6) for m in makers]


def _mention_fields(m: Mention) -> dict[str, Any]:
    return {
        "manufacturer": m.manufacturer,
        "brand_text": m.brand_text,
        "model": m.model,
        "device_type": m.device_type,
    }


def _mentioned(m: Mention, length: int) -> Piece:
    return Piece("mentioned", 0, length, _mention_fields(m), 0.3)


def mentions_only(s: str, resolver: Resolve | None = None) -> list[Piece]:
    """For the request quoted back and for questions: vendors named, never owned."""
    return [_mentioned(m, len(s)) for m in find_mentions(s, resolver)]
