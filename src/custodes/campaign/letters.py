"""Letters: one rendered request per body, as text and .eml, plus a WhatDoTheyKnow batch text.

Templates are Jinja2 rendered in a sandbox with StrictUndefined, so a user template with
a typo in a variable fails loudly instead of sending "Dear ," to 400 councils.

File names come from body codes, which an imported CSV may set to anything ("../../x"):
every name goes through :func:`custodes.report.safe.confined`, so nothing is written outside
``--out``, and a file there that an earlier run did not write (listed in
``.custodes-letters``) is never overwritten: the letter gets the next free name instead.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from importlib.resources import files
from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from custodes.campaign.deadlines import regime_for
from custodes.campaign.requests import campaign_bodies
from custodes.errors import InputError, StoreError
from custodes.report.safe import confined
from custodes.store import Store
from custodes.store.models import Body, Campaign

DEFAULT_TEMPLATE = "surveillance-estate.txt.j2"
WDTK_BODY_URL = "https://www.whatdotheyknow.com/body/"
WDTK_PLACEHOLDER = "[Authority name]"
MANIFEST = ".custodes-letters"
"""The names a run wrote in its output folder, one a line: what a later run may overwrite."""

_ENV = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True)


def default_template() -> str:
    return (files("custodes.campaign") / "data" / DEFAULT_TEMPLATE).read_text(encoding="utf-8")


def load_template(path: Path | None) -> str:
    """The template source: the bundled one, or a user file checked by a trial render."""
    if path is None:
        return default_template()
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read template: {exc}") from exc
    try:
        _render(source, _context_for("Example Council", "FOIA", "A. Requester", None, None))
    except StoreError as exc:
        raise InputError(str(path), str(exc)) from exc
    return source


def _context_for(
    name: str, regime: str, requester: str, campaign: Campaign | None, short: str | None
) -> dict[str, Any]:
    today = dt.date.today()
    return {
        "body": {"name": name, "short_name": short or name, "regime": regime},
        "requester": requester,
        "date_from": str(campaign.period_from if campaign else today.replace(year=today.year - 3)),
        "date_to": str(campaign.period_to if campaign else today),
        "reference": campaign.name if campaign else "",
    }


def _render(source: str, context: dict[str, Any]) -> str:
    try:
        return _ENV.from_string(source).render(context)
    except TemplateError as exc:
        raise StoreError(f"template error: {exc}") from exc


def render_letter(campaign: Campaign, body: Body) -> str:
    regime = regime_for(body.nation)
    context = _context_for(body.name, regime, campaign.requester, campaign, body.short_name)
    return _render(campaign.template, context)


def subject_for(campaign: Campaign) -> str:
    return f"Freedom of Information request: {campaign.title}"


def to_eml(campaign: Campaign, body: Body, text: str, sender: str | None = None) -> bytes:
    """An RFC 5322 message ready to send or import into a mail client."""
    msg = EmailMessage()
    msg["Subject"] = subject_for(campaign)
    msg["From"] = sender or campaign.requester
    msg["To"] = body.email or f"FOI officer, {body.name}"
    msg["Date"] = format_datetime(dt.datetime.now(dt.UTC))
    msg["Message-ID"] = make_msgid(domain="custodes.invalid")
    msg["X-Custodes-Campaign"] = campaign.name
    msg["X-Custodes-Body"] = body.code
    msg.set_content(text)
    return msg.as_bytes()


def wdtk_batch_text(campaign: Campaign) -> str:
    """One text for a WhatDoTheyKnow batch: WDTK fills in ``[Authority name]`` itself."""
    context = _context_for(WDTK_PLACEHOLDER, "FOIA", campaign.requester, campaign, None)
    return _render(campaign.template, context)


def write_campaign_letters(
    store: Store, campaign_name: str, outdir: Path, sender: str | None = None
) -> tuple[list[LetterFiles], Path, Path]:
    """Letters for every body in a campaign (see :func:`write_letters`)."""
    campaign, bodies = campaign_bodies(store, campaign_name)
    return write_letters(campaign, bodies, outdir, sender)


def _wdtk_ref(body: Body) -> str:
    if body.wdtk_slug:
        return WDTK_BODY_URL + body.wdtk_slug
    if body.wdtk_id:
        return f"WhatDoTheyKnow body id {body.wdtk_id}"
    return "(not known to be on WhatDoTheyKnow)"


@dataclass(frozen=True)
class LetterFiles:
    body: str
    text: Path
    eml: Path


class _Folder:
    """Names handed out inside one output folder: confined, unique, never someone else's file."""

    def __init__(self, root: Path) -> None:
        self.root = root
        try:
            root.mkdir(parents=True, exist_ok=True)
            listed = (root / MANIFEST).read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            listed = []
        except OSError as exc:
            raise InputError(str(root), f"cannot write letters here: {exc.strerror or exc}") from exc
        self.ours = set(listed)
        self.taken: set[str] = set()

    def path(self, name: str) -> Path:
        stem, dot, ext = name.rpartition(".")
        for n in range(1, 10_000):
            candidate = name if n == 1 else f"{stem}-{n}{dot}{ext}"
            try:
                target = confined(self.root, candidate)
            except ValueError as exc:
                raise InputError(str(self.root), str(exc)) from None
            mine = target.name in self.ours and not target.is_symlink()
            if target.name not in self.taken and (mine or not target.exists()):
                self.taken.add(target.name)
                return target
        raise InputError(str(self.root), f"no free file name for {name!r}")

    def close(self) -> None:
        (self.root / MANIFEST).write_text("".join(f"{n}\n" for n in sorted(self.taken | self.ours)))


def write_letters(
    campaign: Campaign, bodies: list[Body], outdir: Path, sender: str | None = None
) -> tuple[list[LetterFiles], Path, Path]:
    """Write ``<code>.txt`` and ``<code>.eml`` per body (code slugged), the WDTK batch text and
    body list, all inside ``outdir``."""
    folder = _Folder(outdir)
    written: list[LetterFiles] = []
    try:
        for body in bodies:
            text = render_letter(campaign, body)
            txt_path = folder.path(f"{body.code}.txt")
            eml_path = folder.path(f"{txt_path.stem}.eml")
            txt_path.write_text(text, encoding="utf-8")
            eml_path.write_bytes(to_eml(campaign, body, text, sender))
            written.append(LetterFiles(body=body.name, text=txt_path, eml=eml_path))
        batch = folder.path("wdtk-batch.txt")
        batch.write_text(wdtk_batch_text(campaign), encoding="utf-8")
        listing = folder.path("wdtk-bodies.txt")
        lines = [f"{b.name}\t{_wdtk_ref(b)}" for b in bodies]
        listing.write_text("\n".join(lines) + "\n", encoding="utf-8")
    except OSError as exc:
        raise InputError(str(outdir), f"cannot write letters: {exc.strerror or exc}") from exc
    finally:
        folder.close()
    return written, batch, listing
