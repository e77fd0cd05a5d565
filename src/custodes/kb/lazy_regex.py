"""A compiled regex that pickles as its source and compiles again only when first used.

The built resolver is cached on disk (resolve/cache.py); Python cannot store a compiled
pattern, so a plain ``re.Pattern`` would be recompiled for every rule at every start-up —
most of the start-up time. A lazy pattern costs nothing until an input needs it.
"""

from __future__ import annotations

import re
from typing import Any


class LazyPattern:
    __slots__ = ("_compiled", "flags", "pattern")

    def __init__(self, pattern: str, flags: int = 0, compiled: re.Pattern[str] | None = None) -> None:
        self.pattern = pattern
        self.flags = flags
        self._compiled = compiled

    @classmethod
    def of(cls, compiled: re.Pattern[str]) -> LazyPattern:
        return cls(compiled.pattern, compiled.flags, compiled)

    @property
    def compiled(self) -> re.Pattern[str]:
        found = self._compiled
        if found is None:
            found = self._compiled = re.compile(self.pattern, self.flags)
        return found

    def match(self, text: str) -> re.Match[str] | None:
        return self.compiled.match(text)

    def search(self, text: str) -> re.Match[str] | None:
        return self.compiled.search(text)

    @property
    def groups(self) -> int:
        return self.compiled.groups

    def __getstate__(self) -> tuple[str, int]:
        return (self.pattern, self.flags)

    def __setstate__(self, state: Any) -> None:
        self.pattern, self.flags = state
        self._compiled = None

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r})"
