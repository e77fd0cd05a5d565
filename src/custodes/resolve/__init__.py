"""Resolve messy equipment descriptions to manufacturer, model, capabilities, with evidence."""

from __future__ import annotations

from functools import lru_cache

from custodes import __version__
from custodes.kb import load_kb
from custodes.resolve.banner import BannerMatcher
from custodes.resolve.cache import cached
from custodes.resolve.mac import OuiTable, find_mac
from custodes.resolve.record import Capability, Device, Evidence, Resolution
from custodes.resolve.resolver import Resolver


def build_resolver() -> Resolver:
    """The resolver over the bundled KB, with the banner and MAC matchers, built from files."""
    kb = load_kb()
    return Resolver(kb, banner=BannerMatcher(kb), oui=OuiTable(kb), find_mac=find_mac)


@lru_cache(maxsize=1)
def default_resolver() -> Resolver:
    """The bundled resolver, once per process, from the on-disk cache when it is current."""
    return cached("resolver", __version__, build_resolver)


def resolve(text: object) -> Resolution:
    """Resolve one input with the bundled KB. Never raises."""
    return default_resolver().resolve(text)


__all__ = [
    "Capability",
    "Device",
    "Evidence",
    "Resolution",
    "Resolver",
    "build_resolver",
    "default_resolver",
    "resolve",
]
