"""Policies as data: rule packs (YAML) and the engine that applies them to resolved devices.

packs = load_packs([Path("my-council-policy.yaml")])
findings = evaluate(DeviceFacts(...), packs, as_of=date.today())
"""

from custodes.policy.engine import evaluate, in_force
from custodes.policy.facts import DeviceFacts, Finding
from custodes.policy.loader import EXAMPLES_DIR, PACKS_DIR, builtin_packs, load_pack, load_packs
from custodes.policy.schema import (
    LEVEL_RANK,
    SEVERITY_RANK,
    CapabilityMatch,
    Match,
    Pack,
    Rule,
    Source,
)

__all__ = [
    "EXAMPLES_DIR",
    "LEVEL_RANK",
    "PACKS_DIR",
    "SEVERITY_RANK",
    "CapabilityMatch",
    "DeviceFacts",
    "Finding",
    "Match",
    "Pack",
    "Rule",
    "Source",
    "builtin_packs",
    "evaluate",
    "in_force",
    "load_pack",
    "load_packs",
]
