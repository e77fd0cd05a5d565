"""Resolve messy equipment descriptions to manufacturer, model, capabilities, with evidence."""

from __future__ import annotations

from functools import lru_cache

from custodes.kb import load_kb
from custodes.resolve.banner import BannerMatcher
from custodes.resolve.mac import OuiTable, find_mac
from custodes.resolve.record import Capability, Device, Evidence, Resolution
from custodes.resolve.resolver import Resolver


@lru_cache(maxsize=1)
def default_resolver() -> Resolver:
    """The resolver over the bundled KB, with the banner and MAC matchers."""
    kb = load_kb()
    return Resolver(kb, banner=BannerMatcher(kb), oui=OuiTable(kb), find_mac=find_mac)


def resolve(text: object) -> Resolution:
    """Resolve one input with the bundled KB. Never raises."""
    return default_resolver().resolve(text)


__all__ = [
    "Capability",
    "Device",
    "Evidence",
    "Resolution",
    "Resolver",
    "default_resolver",
    "resolve",
]
