"""The JSON API: the same data as the pages, with strict request models and an OpenAPI document.

Request bodies are pydantic models that forbid unknown fields, so a typo is a 422 naming
the field, never a silently ignored correction. Authentication is the session cookie; a
state change also needs the ``X-CSRF-Token`` header.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Header, HTTPException, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from custodes.errors import StoreError
from custodes.web import queries
from custodes.web.app import require, state

router = APIRouter(prefix="/api", tags=["custodes"])
Errors: dict[int | str, dict[str, Any]] = {
    400: {"description": "the request cannot be carried out (the reason is given)"},
    401: {"description": "not logged in"},
    403: {"description": "missing role, CSRF token or same-site origin; or public read-only mode"},
    404: {"description": "no such campaign, body, claim or document"},
}


class Strict(BaseModel):
    """Unknown fields are refused (a typo is a 422 naming it, never silently dropped)."""

    model_config = ConfigDict(extra="forbid")


class CampaignOut(Strict):
    name: str
    title: str
    requests: int
    states: dict[str, int]


class FigureOut(BaseModel):
    key: str
    text: str
    n: int
    m: int | None
    denominator: str | None
    claims: list[int]
    documents: list[str]


class BodyOut(Strict):
    code: str
    name: str
    gss_code: str | None
    state: str
    outcome: str
    makers: list[str]
    devices: int
    restricted_devices: int
    restricted_share: float | None
    refusal_sections: list[str]
    documents: list[str]


class ClaimOut(BaseModel):
    id: int
    body: str | None
    document: str
    file: str
    status: str
    manufacturer: str | None
    brand_text: str | None
    model: str | None
    quantity: int | None
    device_type: str | None
    capabilities: list[dict[str, Any]]
    refusal_sections: list[str]
    quote: str
    location: dict[str, Any]
    confidence: float
    review: str
    reviewer: str | None
    reviewed_at: str | None
    note: str | None


class Correction(Strict):
    status: Literal["owned", "not_owned", "not_held", "refused", "mentioned"] | None = None
    manufacturer: str | None = Field(default=None, max_length=100)
    brand_text: str | None = Field(default=None, max_length=300)
    model: str | None = Field(default=None, max_length=200)
    quantity: int | None = Field(default=None, ge=0, le=10_000_000)
    device_type: str | None = Field(default=None, max_length=100)
    refusal_sections: list[str] | None = None


class ReviewIn(Strict):
    decision: Literal["confirm", "correct", "reject"]
    corrected: Correction | None = None
    note: str | None = Field(default=None, max_length=2000)


class ReviewOut(Strict):
    claim_id: int
    decision: str
    reviewer: str
    review: str


@router.get("/campaigns", response_model=list[CampaignOut], responses=Errors)
def campaigns(request: Request) -> list[CampaignOut]:
    from custodes.campaign.requests import list_campaigns

    require(request)
    return [
        CampaignOut(name=c.name, title=c.title, requests=c.requests, states=dict(c.states))
        for c in list_campaigns(state(request).reader)
    ]


@router.get("/campaigns/{name}/figures", response_model=list[FigureOut], responses=Errors)
def figures(request: Request, name: str) -> list[FigureOut]:
    require(request)
    view = state(request).cache.get(state(request).reader, name)
    return [
        FigureOut(
            key=f.key,
            text=f.text,
            n=f.n,
            m=f.m,
            denominator=f.denominator,
            claims=f.claims,
            documents=f.documents,
        )
        for f in view.stats.figures()
    ]


@router.get("/campaigns/{name}/bodies", response_model=list[BodyOut], responses=Errors)
def bodies(request: Request, name: str) -> list[BodyOut]:
    require(request)
    view = state(request).cache.get(state(request).reader, name)
    return [
        BodyOut(
            code=b.key,
            name=b.name,
            gss_code=b.gss_code,
            state=b.state,
            outcome=b.outcome,
            makers=b.makers,
            devices=b.devices,
            restricted_devices=b.restricted_devices,
            restricted_share=b.restricted_share,
            refusal_sections=b.refusal_sections,
            documents=b.documents,
        )
        for b in view.bodies
    ]


@router.get(
    "/campaigns/{name}/review/next",
    response_model=ClaimOut | None,
    responses=Errors | {204: {"description": "nothing left to review"}},
)
def review_next(request: Request, name: str, after: int = Query(0, ge=0, le=2**62)) -> ClaimOut | Response:
    require(request, "reviewer")
    claim = queries.next_to_review(state(request).reader, name, after)
    return Response(status_code=204) if claim is None else ClaimOut(**claim)


@router.get("/claims/{claim_id}", response_model=ClaimOut, responses=Errors)
def claim(request: Request, claim_id: int) -> ClaimOut:
    require(request)
    if not 0 < claim_id < 2**62:
        raise HTTPException(404, f"no claim with id {claim_id}")
    return ClaimOut(**queries.get_claim(state(request).reader, claim_id, state(request).settings.public))


@router.post("/claims/{claim_id}/review", response_model=ReviewOut, responses=Errors)
def review_claim(
    request: Request, claim_id: int, body: ReviewIn, x_csrf_token: str | None = Header(default=None)
) -> ReviewOut:
    from custodes.campaign.review import review

    user = require(request, "reviewer", x_csrf_token)
    st = state(request)
    if not 0 < claim_id < 2**62:
        raise HTTPException(404, f"no claim with id {claim_id}")
    queries.get_claim(st.reader, claim_id, False)
    fixed = body.corrected.model_dump(exclude_none=True) if body.corrected else {}
    try:
        result = review(st.store, claim_id, body.decision, user.username, fixed, body.note)
    except StoreError as exc:
        raise HTTPException(400, str(exc)) from exc
    st.cache.changed()
    review_word = {"confirm": "confirmed", "correct": "corrected", "reject": "rejected"}[body.decision]
    return ReviewOut(
        claim_id=result.claim_id, decision=result.decision, reviewer=result.reviewer, review=review_word
    )


@router.get("/search", responses=Errors)
def search(request: Request, q: str = Query(min_length=1, max_length=200)) -> dict[str, list[dict[str, Any]]]:
    require(request)
    return queries.search(state(request).reader, q)


@router.get("/jobs/{job_id}", responses=Errors)
def job(request: Request, job_id: str) -> dict[str, object]:
    require(request)
    found = state(request).jobs.get(job_id)
    if found is None:
        raise HTTPException(404, f"no upload job {job_id}")
    return found.to_dict()


@router.delete("/bodies/{code}", responses=Errors | {409: {"description": "requests refer to the body"}})
def delete_body(
    request: Request, code: str, x_csrf_token: str | None = Header(default=None)
) -> dict[str, str]:
    require(request, "admin", x_csrf_token)
    name = queries.delete_body(state(request).store, code)
    state(request).cache.changed()
    return {"deleted": name}
