"""Names as people write them: manufacturers, brands and technology names, exact or misspelt.

A brand is mapped to the company that really makes it only through a *verified*
relationship in the KB (own brand, OEM supplier, owner). An unverified lead is reported
as evidence but never becomes the manufacturer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rapidfuzz import process
from rapidfuzz.distance import OSA, Levenshtein

from custodes.kb.loader import KBData, read_vocab
from custodes.kb.schema import Brand, Relationship
from custodes.resolve.attribution import attributions, restricted_closure
from custodes.resolve.grammar import best_grade, capabilities, relationship_evidence, source_urls
from custodes.resolve.normalize import words
from custodes.resolve.record import FROM_FAMILY, Capability, Evidence

MAX_NGRAM = 3
FUZZY_WINDOW = 2
"""Misspellings are looked for only among the first words of an input, where a make is
written ("Dauha 4MP bullet"); further in, "camera at Downing Street" is a place, not Dawning."""


def _not_fuzzy() -> frozenset[str]:
    """Ordinary words one or two edits from a vendor name (kb/vocab/not_fuzzy.txt)."""
    return frozenset(read_vocab("not_fuzzy.txt"))


_NOT_FUZZY = _not_fuzzy()
_COMPONENT_WORDS = frozenset(read_vocab("component_words.txt"))
_MAKER_KINDS = ("own-brand", "oem-supplier", "owned-by")
COMPONENT = "component"
MISSPELLING = "misspelling"


@dataclass(frozen=True, slots=True)
class AliasTarget:
    """What a name points to: a manufacturer, a brand, or a technology family."""

    kind: str  # "manufacturer" | "brand" | "technology"
    id: str
    manufacturer: str | None
    brand: str | None
    family: str | None
    device_type: str | None
    capabilities: tuple[Capability, ...]
    evidence: Evidence
    leads: tuple[Evidence, ...] = ()
    until: date | None = None
    """Set when every relationship naming the maker has ended (the latest end): the
    attribution holds for older products and is uncertain for newer ones."""
    restricted: bool = False
    """The name leads to a maker the policy packs name (or a company reported under one)."""
    first_word: bool = False
    component: bool = False

    @property
    def historical(self) -> bool:
        return self.until is not None


@dataclass(frozen=True, slots=True)
class AliasHit:
    target: AliasTarget
    text: str
    position: int
    fuzzy: bool
    lead: str | None = None
    """Why the name is only a lead, not the maker: ``component`` (a part's maker) or
    ``misspelling`` (too far from a restricted maker's name to attribute)."""


def _maker_of(brand: Brand) -> tuple[str | None, list[Relationship], list[Relationship]]:
    """The verified maker of a brand, the relationships behind it, and unverified leads.

    An own-brand or OEM-supplier link names the maker outright; failing that, the most
    recent verified owner does.
    """
    verified = [r for r in brand.relationships if r.status == "verified" and r.kind in _MAKER_KINDS]
    leads = [r for r in brand.relationships if r.status != "verified"]
    for kind in ("own-brand", "oem-supplier"):
        for rel in verified:
            if rel.kind == kind:
                return rel.party, [r for r in verified if r.party == rel.party], leads
    owners = [r for r in verified if r.kind == "owned-by"]
    if owners:
        latest = max(owners, key=lambda r: r.start.isoformat() if r.start else "")
        return latest.party, [latest], leads
    return None, [], leads


def _ended(rels: list[Relationship]) -> date | None:
    ends = [r.end for r in rels]
    if not ends or any(e is None for e in ends):
        return None
    return max(e for e in ends if e is not None)


class AliasIndex:
    def __init__(self, kb: KBData) -> None:
        self.names: dict[str, AliasTarget] = {}
        self.brands: dict[str, AliasTarget] = {}
        self.restricted = restricted_closure(kb, attributions(kb))
        registry = kb.registry
        for mid, maker in kb.manufacturers.items():
            entry = registry.get(mid)
            target = AliasTarget(
                kind="manufacturer",
                id=mid,
                manufacturer=mid,
                brand=None,
                family=None,
                device_type=entry.device_type if entry is not None else None,
                capabilities=(),
                evidence=Evidence(
                    rule=f"manufacturer:{mid}",
                    matched="",
                    sources=source_urls(kb, maker.sources),
                    grade=best_grade(kb, maker.sources),
                    note="a brand of the registry (official site)" if mid in kb.registry_only else None,
                ),
                restricted=mid in self.restricted,
                first_word=entry is not None and entry.first_word,
                component=entry is not None and entry.component,
            )
            for name in [mid, maker.name, *maker.legal_names, *maker.aliases]:
                self._add(name, target)
        for bid, brand in kb.brands.items():
            maker_id, rels, leads = _maker_of(brand)
            rel_sources = [s for r in rels for s in r.sources]
            target = AliasTarget(
                kind="brand",
                id=bid,
                manufacturer=maker_id,
                brand=bid,
                family=None,
                device_type=None,
                capabilities=(),
                evidence=Evidence(
                    rule=f"brand:{bid}",
                    matched="",
                    sources=source_urls(kb, rel_sources),
                    grade=best_grade(kb, rel_sources),
                    note="; ".join(relationship_evidence(kb, bid, r).note or "" for r in rels) or None,
                ),
                leads=tuple(relationship_evidence(kb, bid, r) for r in leads),
                until=_ended(rels),
                restricted=maker_id in self.restricted,
            )
            self.brands[bid] = target
            for name in [bid, brand.name, *brand.aliases]:
                self._add(name, target, override=True)
        for _path, model_file in kb.model_files:
            for tech in model_file.technologies:
                target = AliasTarget(
                    kind="technology",
                    id=tech.id,
                    manufacturer=tech.manufacturer,
                    brand=tech.brand,
                    family=tech.family,
                    device_type=tech.device_type,
                    capabilities=capabilities(kb, tech.capabilities, FROM_FAMILY),
                    evidence=Evidence(
                        rule=f"technology:{tech.id}",
                        matched="",
                        sources=source_urls(kb, tech.sources),
                        grade=best_grade(kb, tech.sources),
                        note=(
                            f"a technology or product-line name of {tech.manufacturer}: a family "
                            "and a lead, not the maker (other makers' devices carry such names)"
                        ),
                    ),
                    restricted=tech.manufacturer in self.restricted,
                )
                for name in tech.names:
                    self._add(name, target)
        self.fuzzy_keys = [
            k
            for k, t in self.names.items()
            if " " not in k
            and len(k) >= 5
            and not t.first_word
            and t.kind != "technology"
            and t.id not in kb.registry_only
        ]
        """Registry-only brands are matched exactly, never as misspellings: their names sit
        among ordinary words ("video" is one letter from Videor)."""
        self.unrestricted_keys = [k for k, t in self.names.items() if len(k) >= 4 and not t.restricted]
        """Names of makers the policy packs do not name: a word one edit from one of them and
        from a restricted name is ambiguous ("Hivision": Haivision or Hikvision?), so a lead."""
        self.unrestricted_phrases = [k for k in self.unrestricted_keys if len(k) >= 6]
        """The same names, for a restricted word read inside a phrase one edit from one of them
        ("hik focus" is Hi Focus mistyped, not Hikvision's "Hik")."""

    def _add(self, name: str, target: AliasTarget, override: bool = False) -> None:
        key = " ".join(name.lower().replace("\u2019", "'").split())
        # the input is read as words ("Alarm.com" -> alarm com), so a name with inner
        # punctuation is also indexed as those words; "face++" is not indexed as "face"
        as_words = " ".join(words(key))
        for k in {key, as_words} if as_words.replace(" ", "") == _squeeze(key) else {key}:
            if k and (override or k not in self.names):
                self.names[k] = target

    def find(self, words: list[str], fuzzy: bool = True) -> list[AliasHit]:
        """Every alias in a word list, longest n-gram first, then misspellings of the rest."""
        hits: list[AliasHit] = []
        used = [False] * len(words)
        n = len(words)
        names = self.names
        for size in range(min(MAX_NGRAM, n), 0, -1):
            for i in range(n - size + 1):
                if any(used[i : i + size]):
                    continue
                key = words[i] if size == 1 else " ".join(words[i : i + size])
                target = names.get(key)
                if target is None or (target.first_word and i != 0):
                    continue
                lead = COMPONENT if target.component or _part_of(words, i, size) else None
                if lead is None and size == 1 and target.restricted and self._inside_other(words, i):
                    lead = MISSPELLING
                hits.append(AliasHit(target, key, i, False, lead))
                if target.kind == "technology":
                    continue  # "Huawei SDC": the maker's own name is read as well
                for j in range(i, i + size):
                    used[j] = True
        if fuzzy:
            for i, word in enumerate(words[:FUZZY_WINDOW]):
                if used[i] or len(word) < 5 or not word.isalpha() or word in _NOT_FUZZY:
                    continue
                target_key = self._fuzzy(word)
                if target_key is None:
                    continue
                target = names[target_key]
                lead = None
                if target.restricted and (
                    not _one_edit_same_start(word, target_key) or self._near_other(word)
                ):
                    lead = MISSPELLING
                elif target.component or _part_of(words, i, 1):
                    lead = COMPONENT
                hits.append(AliasHit(target, word, i, True, lead))
        hits.sort(key=lambda h: h.position)
        return hits

    def _inside_other(self, words: list[str], i: int) -> bool:
        """Whether words[i] with a neighbour is one edit from an unrestricted name."""
        for a, b in ((i, i + 2), (i - 1, i + 1)):
            if a < 0 or b > len(words):
                continue
            for phrase in (" ".join(words[a:b]), "".join(words[a:b])):
                target = self.names.get(phrase)
                if target is not None and target.restricted:
                    continue  # "hik vision": the maker's own name in two words
                found = process.extractOne(
                    phrase, self.unrestricted_phrases, scorer=OSA.distance, score_cutoff=1
                )
                if found is not None and found[1] == 1:
                    return True
        return False

    def _near_other(self, word: str) -> bool:
        found = process.extractOne(word, self.unrestricted_keys, scorer=OSA.distance, score_cutoff=1)
        return found is not None

    def _fuzzy(self, word: str) -> str | None:
        """A close misspelling of a known name. Short words may differ by a swapped, missing or
        extra letter, never by a changed one: one changed letter turns "lorem" into Lorex and
        "drama" into Prama, while real typos of short names are mostly swaps ("Dauha")."""
        limit = 1 if len(word) <= 7 else 2
        found = process.extractOne(word, self.fuzzy_keys, scorer=OSA.distance, score_cutoff=limit)
        if found is None:
            return None
        key: str = found[0]
        if limit == 1 and len(key) == len(word) and Levenshtein.distance(word, key) == 1:
            return None  # a single changed letter
        return key


def _part_of(words: list[str], i: int, size: int) -> bool:
    """Whether a name at words[i:i+size] is described as a part ("Sony zoom module")."""
    near = words[i + size : i + size + 2] + words[max(0, i - 1) : i]
    return any(w in _COMPONENT_WORDS for w in near)


def _one_edit_same_start(word: str, key: str) -> bool:
    """The only misspelling strong enough to attribute a restricted maker: one edit (a swap
    counts as one) and the same first letter. "iWatch" is not HiWatch, "HQVision" is not
    Hikvision: those are other real brands, or leads at most."""
    return word[:1] == key[:1] and OSA.distance(word, key) <= 1


def _squeeze(name: str) -> str:
    return "".join(c for c in name if c not in " ./&,")
