"""Campaign statistics with honest denominators, as of a date, every figure traceable.

"N of M bodies own equipment from X" is only honest if M is stated and what it leaves
out is said: M is the bodies that answered the equipment question (at least one owned or
not-owned claim); refusals, "not held", silence and answers without figures are listed as
exclusions. Every figure carries the bodies, requests, claims and documents behind it.

Which claims count is the **basis** (:data:`BASES`), stated with every figure: by default
only claims a person confirmed or corrected, because a published figure should rest on
what someone checked; ``confirmed+auto`` adds claims the campaign's auto-accept rule took,
``all`` adds unreviewed proposals (a working view, never for publication). Rejected claims
never count. Reviewer corrections replace machine fields.

Owned means owned *now* by the body that answered: kit listed as removed or planned
(``period``), kit of another body the answer names (``body``) and what third parties
report (``reported``) are not owned. A capability counts at a level only if it is stated
at that level and not denied ("capable of facial recognition; it is not enabled" is
capable, not enabled); a claim stating only a capability is no equipment of unnamed make.
Devices are counted once (:mod:`custodes.campaign.counting`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from custodes.audit.prices import PriceRange, resolve_prices
from custodes.campaign.claims import auto_accepts, effective, to_row
from custodes.campaign.counting import Counted, count_request, is_equipment, owned_now
from custodes.campaign.data_access import CampaignRows, load_rows
from custodes.campaign.deadlines import deadlines
from custodes.campaign.figures import CampaignStats, Figure
from custodes.campaign.requests import get_campaign, today
from custodes.campaign.spend import UNRESOLVED, spend_figures
from custodes.campaign.states import ANSWERED, SENT
from custodes.errors import StoreError
from custodes.extract.claims import LEVELS, capability_levels
from custodes.kb import load_kb
from custodes.store import Store
from custodes.store.models import Campaign

BASES: dict[str, frozenset[str]] = {
    "confirmed": frozenset({"confirmed", "corrected"}),
    "confirmed+auto": frozenset({"confirmed", "corrected", "auto-accepted"}),
    "all": frozenset({"confirmed", "corrected", "auto-accepted", "proposed"}),
}
DEFAULT_BASIS = "confirmed"
BASIS_WORDS = {
    "confirmed": "claims confirmed or corrected by a reviewer",
    "confirmed+auto": "claims confirmed or corrected by a reviewer, or auto-accepted",
    "all": "all machine claims, reviewed or not (unreviewed: not for publication)",
}
PriceSpec = list[PriceRange] | str | None


@dataclass
class _BodyView:
    name: str
    request_id: int
    state: str
    asked: bool
    answered: bool
    overdue: bool
    long_overdue: bool
    late: bool = False
    claims: list[dict[str, Any]] = field(default_factory=list)
    by_status: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    counted: list[Counted] = field(default_factory=list)
    """Claims of equipment owned now, with the devices each adds (counted once)."""
    owned_now: list[dict[str, Any]] = field(default_factory=list)
    """Every claim of something owned now, capability-only statements included."""

    def having(self, *statuses: str) -> list[dict[str, Any]]:
        if len(statuses) == 1:
            return self.by_status.get(statuses[0], [])
        return [c for s in statuses for c in self.by_status.get(s, [])]


def compute_stats(
    store: Store,
    campaign_name: str,
    as_of: dt.date | None = None,
    prices: PriceSpec = None,
    basis: str = DEFAULT_BASIS,
) -> CampaignStats:
    """All statistics for a campaign as they stood at the end of ``as_of``.

    ``prices``: ``"kb"`` (the KB's sourced ranges), a price table path, a list of
    :class:`~custodes.audit.prices.PriceRange`, or None; ``basis``: one of :data:`BASES`.
    """
    if basis not in BASES:
        raise StoreError(f"basis {basis!r} is not one of {', '.join(BASES)}")
    as_of = as_of or today()
    table = resolve_prices(prices, load_kb())
    with store.transaction() as session:
        campaign: Campaign = get_campaign(session, campaign_name)
        rows = load_rows(session, campaign.id, as_of)
        auto = auto_accepts(campaign)
    views, left_out = _views(rows, as_of, BASES[basis], auto)
    asked = [v for v in views if v.asked]
    in_m = [v for v in asked if v.having("owned", "not_owned")]
    note = _denominator(asked, in_m)
    words = f"basis: {BASIS_WORDS[basis]}"
    if left_out:
        words += "; not counted: " + ", ".join(f"{n} {state}" for state, n in sorted(left_out.items()))
    stats = CampaignStats(
        campaign=campaign_name,
        as_of=as_of,
        requests=_request_figures(asked),
        refusals=_refusals(asked),
        manufacturers=_by_manufacturer(in_m, note),
        packs=_by_pack(in_m, note, rows.findings),
        capabilities=_capabilities(in_m, note),
        spend=spend_figures(in_m, rows.findings, table),
        basis=basis,
        basis_note=words,
    )
    for figure in stats.figures():
        figure.extra.setdefault("basis", basis)
    return stats


def _views(
    rows: CampaignRows, as_of: dt.date, basis: frozenset[str], auto: Callable[[float], bool] | None
) -> tuple[list[_BodyView], dict[str, int]]:
    views: dict[int, _BodyView] = {}
    for r in rows.requests:
        state = rows.state_as_of(r.request_id)
        asked = r.sent_at is not None and r.sent_at <= as_of
        dl = deadlines(r.sent_at, r.regime) if asked and r.sent_at else None
        answered = bool(rows.documents.get(r.request_id)) or state in ANSWERED
        waiting = asked and not answered and state == SENT
        replied = rows.replied_on(r.request_id) if answered else None
        views[r.request_id] = _BodyView(
            name=r.body,
            request_id=r.request_id,
            state=state,
            asked=asked,
            answered=answered and asked,
            overdue=bool(dl and waiting and dl.overdue(as_of)),
            long_overdue=bool(dl and waiting and dl.long_overdue(as_of)),
            late=bool(dl and replied and dl.overdue(replied)),
        )
    left_out: dict[str, int] = defaultdict(int)
    for claim, request_id in rows.claims:
        decision, corrected = rows.reviews.get(claim["id"], (None, None))
        if request_id not in views:
            continue
        fixed = to_row(corrected) if isinstance(corrected, dict) else corrected  # rows use column names
        seen = effective(claim, decision, fixed, auto)
        if seen["review"] not in basis:
            left_out[seen["review"]] += 1
            continue
        view = views[request_id]
        view.claims.append(seen)
        view.by_status.setdefault(seen["status"], []).append(seen)
    for view in views.values():
        view.owned_now = [c for c in view.having("owned") if owned_now(c)]
        view.counted = count_request([c for c in view.owned_now if is_equipment(c)])
    return sorted(views.values(), key=lambda v: v.name), dict(left_out)


def _fig(key: str, text: str, views: Iterable[_BodyView], claims: Iterable[dict[str, Any]] = (),
         m: int | None = None, denominator: str | None = None) -> Figure:  # fmt: skip
    chosen = list(views)
    claim_list = list(claims)
    return Figure(
        key=key,
        text=text,
        n=len(chosen),
        m=m,
        denominator=denominator,
        bodies=[v.name for v in chosen],
        requests=[v.request_id for v in chosen],
        claims=sorted({c["id"] for c in claim_list}),
        documents=sorted({c["document"] for c in claim_list}),
    )


def _exclusion(view: _BodyView) -> str:
    if view.state == "rejected" or view.having("refused"):
        return "refused"
    if view.state == "not_held" or view.having("not_held"):
        return "not held"
    if not view.answered:
        return "no reply"
    return "answered without equipment figures"


def _denominator(asked: list[_BodyView], in_m: list[_BodyView]) -> str:
    chosen = {v.request_id for v in in_m}
    reasons: dict[str, int] = defaultdict(int)
    for view in asked:
        if view.request_id not in chosen:
            reasons[_exclusion(view)] += 1
    parts = [f"{n} {reason}" for reason, n in sorted(reasons.items())]
    excludes = f"; excludes {', '.join(parts)}" if parts else ""
    return f"M = {len(in_m)} bodies that answered the equipment question{excludes}"


def _request_figures(asked: list[_BodyView]) -> list[Figure]:
    m = len(asked)
    answered = [v for v in asked if v.answered]
    silent = [v for v in asked if not v.answered]
    refused = [v for v in asked if v.state == "rejected" or v.having("refused")]
    not_held = [v for v in asked if v.state == "not_held" or v.having("not_held")]
    overdue = [v for v in silent if v.overdue]
    late = [v for v in answered if v.late]
    long_overdue = [v for v in silent if v.long_overdue]
    of = f"of {m} bodies asked"
    equipment = [v for v in asked if v.having("owned", "not_owned")]
    figures = [
        _fig("asked", f"{m} bodies asked", asked, m=m),
        _fig("answered", f"{len(answered)} {of} answered", answered, m=m),
        _fig(
            "answered_equipment",
            f"{len(equipment)} {of} answered the equipment question",
            equipment,
            [c for v in equipment for c in v.having("owned", "not_owned")],
            m=m,
        ),
        _fig(
            "refused",
            f"{len(refused)} {of} refused in whole or part",
            refused,
            [c for v in refused for c in v.having("refused")],
            m=m,
        ),
        _fig(
            "not_held",
            f"{len(not_held)} {of} said the information is not held",
            not_held,
            [c for v in not_held for c in v.having("not_held")],
            m=m,
        ),
        _fig(
            "answered_late",
            f"{len(late)} {of} replied after the 20-working-day deadline",
            late,
            m=m,
        ),
        _fig("no_reply", f"{len(silent)} {of} have not replied", silent, m=m),
        _fig("overdue", f"{len(overdue)} {of} are overdue (20 working days)", overdue, m=m),
        _fig(
            "long_overdue",
            f"{len(long_overdue)} {of} are long overdue (40 working days)",
            long_overdue,
            m=m,
        ),
    ]
    by_state: dict[str, list[_BodyView]] = defaultdict(list)
    for view in asked:
        by_state[view.state].append(view)
    for state, views in sorted(by_state.items()):
        figures.append(_fig(f"state:{state}", f"{len(views)} {of} in state {state}", views, m=m))
    return figures


def _refusals(asked: list[_BodyView]) -> list[Figure]:
    sections: dict[str, dict[int, tuple[_BodyView, list[dict[str, Any]]]]] = defaultdict(dict)
    for view in asked:
        refused = view.having("refused")
        for claim in refused:
            for section in claim["refusal_sections"] or ["unspecified"]:
                sections[section].setdefault(view.request_id, (view, []))[1].append(claim)
        if view.state == "rejected" and not refused:
            sections["unspecified"].setdefault(view.request_id, (view, []))
    m = len(asked)
    return [
        _fig(
            f"refused:{section}",
            f"{len(found)} of {m} bodies asked refused citing {section}",
            [v for v, _ in found.values()],
            [c for _, cs in found.values() for c in cs],
            m=m,
        )
        for section, found in sorted(sections.items())
    ]


def _grouped(
    in_m: list[_BodyView], keys_of: Any, claims_of: Callable[[_BodyView], list[dict[str, Any]]]
) -> dict[str, dict[int, Any]]:
    groups: dict[str, dict[int, tuple[_BodyView, list[dict[str, Any]]]]] = defaultdict(dict)
    for view in in_m:
        for claim in claims_of(view):
            for key in keys_of(claim):
                groups[key].setdefault(view.request_id, (view, []))[1].append(claim)
    return groups


def _kit(view: _BodyView) -> list[dict[str, Any]]:
    """Claims of kit owned now, each maker's once: a total's parts (not the total, unless its
    parts leave some unexplained) and the same devices stated in two documents (both)."""
    return [c.claim for c in view.counted if c.role in ("counted", "rest", "duplicate")]


def _makers(claim: dict[str, Any]) -> list[str]:
    return sorted({claim["manufacturer"] or UNRESOLVED, *(claim.get("shared_with") or [])})


def _n_of_m(prefix: str, groups: dict[str, dict[int, Any]], m: int, note: str,
            wording: Callable[[str], str]) -> list[Figure]:  # fmt: skip
    figures = [
        _fig(
            f"{prefix}:{key}",
            f"{len(found)} of {m} bodies {wording(key)}",
            [v for v, _ in found.values()],
            [c for _, cs in found.values() for c in cs],
            m=m,
            denominator=note,
        )
        for key, found in groups.items()
    ]
    return sorted(figures, key=lambda f: (-f.n, f.key))


def _by_manufacturer(in_m: list[_BodyView], note: str) -> list[Figure]:
    groups = _grouped(in_m, _makers, _kit)
    return _n_of_m("manufacturer", groups, len(in_m), note, _maker_words)


def _maker_words(key: str) -> str:
    if key == UNRESOLVED:
        return "own equipment whose maker they did not name or custodes could not resolve"
    return f"own equipment from {key}"


def _by_pack(in_m: list[_BodyView], note: str, findings: Mapping[int, list[dict[str, Any]]]) -> list[Figure]:
    groups = _grouped(
        in_m, lambda c: sorted({f["pack"] for f in findings.get(c["id"], [])}), lambda v: v.owned_now
    )
    return _n_of_m("pack", groups, len(in_m), note, lambda k: f"own equipment covered by rule pack {k}")


def _capabilities(in_m: list[_BodyView], note: str) -> list[Figure]:
    """Bodies per capability and level: stated at the level, denied nowhere at or below it
    in the body's answer (a denial in one sentence outweighs a claim in another)."""
    groups: dict[str, dict[int, tuple[_BodyView, list[dict[str, Any]]]]] = defaultdict(dict)
    for view in in_m:
        stated: dict[str, tuple[int, list[dict[str, Any]]]] = {}
        denied: dict[str, int] = {}
        either = [(c, True) for c in view.owned_now] + [(c, False) for c in view.having("not_owned")]
        for claim, owned in either:
            for name, (level, denial) in capability_levels(claim.get("capabilities") or []).items():
                denied[name] = min(denied.get(name, len(LEVELS)), denial)
                if level >= 0 and owned:
                    best, behind = stated.get(name, (-1, []))
                    stated[name] = (max(best, level), [*behind, claim])
        for name, (level, behind) in stated.items():
            for reached in LEVELS[: min(level, denied.get(name, len(LEVELS)) - 1) + 1]:
                groups[f"{name}:{reached}"].setdefault(view.request_id, (view, behind))

    def wording(key: str) -> str:
        name, level = key.rsplit(":", 1)
        if level == "capable":
            return f"own equipment capable of {name} (at least)"
        return f"own equipment with {name} {level.replace('_', ' ')}" + (
            " (or in use)" if level == "enabled" else ""
        )

    return _n_of_m("capability", groups, len(in_m), note, wording)
