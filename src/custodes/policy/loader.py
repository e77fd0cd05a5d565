"""Read rule packs from YAML: the built-in ones shipped in ``packs/`` and a user's own files.

Every problem becomes a one-line PolicyError naming the file, the rule and the field, because
the people writing packs (council officers, campaigners) should not have to read a traceback.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from custodes.errors import PolicyError
from custodes.kb.loader import safe_load
from custodes.policy.schema import Pack

PACKS_DIR = Path(__file__).parent / "packs"
EXAMPLES_DIR = Path(__file__).parent / "examples"


def load_pack(path: Path) -> Pack:
    """Read and validate one pack file."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PolicyError(f"{path}: cannot read policy pack ({_reason(exc)})") from None
    try:
        raw = safe_load(text)
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" at line {where.line + 1}" if where is not None else ""
        raise PolicyError(f"{path}: not valid YAML{line}") from None
    if not isinstance(raw, dict):
        raise PolicyError(f"{path}: a policy pack must be a YAML mapping with id, title and rules")
    try:
        return Pack.model_validate(raw)
    except ValidationError as exc:
        raise PolicyError(_describe(path, raw, exc)) from None


@cache
def builtin_packs() -> tuple[Pack, ...]:
    """The packs shipped with custodes, sorted by id."""
    packs = tuple(load_pack(path) for path in sorted(PACKS_DIR.glob("*.yaml")))
    return tuple(sorted(packs, key=lambda pack: pack.id))


def load_packs(extra: Sequence[Path] = ()) -> list[Pack]:
    """The built-in packs plus the user's pack files; pack ids must be unique."""
    packs = list(builtin_packs())
    origin = {pack.id: "built-in packs" for pack in packs}
    for path in extra:
        pack = load_pack(Path(path))
        if pack.id in origin:
            raise PolicyError(
                f"{path}: pack id '{pack.id}' is already used by {origin[pack.id]}; " "choose another id"
            )
        origin[pack.id] = str(path)
        packs.append(pack)
    return packs


def _describe(path: Path, raw: dict[str, Any], exc: ValidationError) -> str:
    """One line for the first error (and a count of the rest)."""
    errors = exc.errors()
    locs = [tuple(error["loc"]) for error in errors]
    # A failed item also makes its container "too short": report the item, not the echo.
    errors = [
        error
        for error, loc in zip(errors, locs, strict=True)
        if not any(len(other) > len(loc) and other[: len(loc)] == loc for other in locs)
    ]
    first = errors[0]
    loc = list(first["loc"])
    message = str(first["msg"]).removeprefix("Value error, ")
    where = f"pack '{raw.get('id', '?')}'"
    if len(loc) >= 2 and loc[0] == "rules" and isinstance(loc[1], int):
        where = f"rule '{_rule_id(raw, loc[1])}'"
        loc = loc[2:]
    field = ".".join(str(part) for part in loc)
    text = f"{path}: {where}"
    if field:
        text += f": field '{field}'"
    text += f": {message}"
    if len(errors) > 1:
        text += f" (and {len(errors) - 1} more error(s))"
    return text


def _rule_id(raw: dict[str, Any], index: int) -> str:
    rules = raw.get("rules")
    if isinstance(rules, list) and index < len(rules) and isinstance(rules[index], dict):
        rule_id = rules[index].get("id")
        if isinstance(rule_id, str):
            return rule_id
    return f"#{index + 1}"


def _reason(exc: Exception) -> str:
    if isinstance(exc, FileNotFoundError):
        return "no such file"
    if isinstance(exc, UnicodeDecodeError):
        return "not UTF-8 text"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return type(exc).__name__
