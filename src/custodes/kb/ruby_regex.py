"""Rapid7 Recog patterns are Ruby (Onigmo) regexes: translate them for Python ``re``.

Only the few constructs Python lacks need rewriting (line anchors, inline flags in the
middle of a pattern, ``\\h``, ``\\z``); a pattern that still does not compile is skipped
by the caller with a counted note. ``literals_of`` gives the literal fragments a pattern
must contain, for the banner matcher's prefilter.
"""

from __future__ import annotations

import importlib
import re
import warnings
from typing import Any

MIN_LITERAL = 4
"""Shorter literal fragments are too common to be worth a prefilter hit."""

_RUBY_FLAGS = {"i": "i", "m": "s", "x": "x"}
_GLOBAL_FLAGS = {"i": re.IGNORECASE, "s": re.DOTALL, "x": re.VERBOSE}
_XML_FLAGS = {"REG_ICASE": re.IGNORECASE, "REG_MULTILINE": re.DOTALL, "REG_DOT_NEWLINE": re.DOTALL}
_ESCAPES = {"h": "[0-9a-fA-F]", "H": "[^0-9a-fA-F]", "z": r"\Z", "Z": r"(?=\n?\Z)"}
_CLASS_ESCAPES = {"h": "0-9a-fA-F"}
_FLAG_GROUP = re.compile(r"\(\?([imx]+)(?:-([imx]+))?([):])")


def translate(pattern: str, xml_flags: str | None = None) -> tuple[str, int]:
    """Rewrite a Recog (Ruby) pattern for Python ``re``; returns (pattern, flags).

    Ruby ``^``/``$`` always match at line boundaries (Python MULTILINE), Ruby ``m`` is
    Python ``s`` (dot matches newline), and a flag group in mid-pattern is widened to the
    whole pattern, which Python requires. Raises ValueError for what cannot be translated.
    """
    flags = re.MULTILINE
    for name in filter(None, (xml_flags or "").split(",")):
        flags |= _XML_FLAGS.get(name.strip(), 0)
    out: list[str] = []
    i, in_class = 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            nxt = pattern[i + 1]
            table = _CLASS_ESCAPES if in_class else _ESCAPES
            if nxt in table:
                out.append(table[nxt])
            elif nxt in "pPkgG" or (nxt == "A" and in_class):
                raise ValueError(f"unsupported escape \\{nxt}")
            else:
                out.append(pattern[i : i + 2])
            i += 2
            continue
        if in_class:
            if ch == "[" and pattern.startswith("[:", i):
                raise ValueError("POSIX bracket class")
            in_class = ch != "]" or pattern[i - 1] == "["
            out.append(ch)
            i += 1
            continue
        if ch == "[":
            in_class = True
            out.append(ch)
            i += 1
            continue
        if pattern.startswith("(?<", i) and not pattern.startswith(("(?<=", "(?<!"), i):
            out.append("(?P<")
            i += 3
            continue
        flag = _FLAG_GROUP.match(pattern, i)
        if flag:
            on = "".join(_RUBY_FLAGS[c] for c in flag.group(1))
            off = "".join(_RUBY_FLAGS[c] for c in flag.group(2) or "")
            if flag.group(3) == ":":
                out.append(f"(?{on}{'-' + off if off else ''}:")
            elif off:
                raise ValueError("flag group turning flags off")
            else:
                for c in on:
                    flags |= _GLOBAL_FLAGS[c]
            i = flag.end()
            continue
        out.append(ch)
        i += 1
    return "".join(out), flags


def compile_pattern(pattern: str, flags: int) -> re.Pattern[str]:
    """Compile, treating any warning (e.g. a nested set) as a failure."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            return re.compile(pattern, flags)
        except (re.error, Warning) as exc:
            raise ValueError(str(exc)) from exc


# --- prefilter literals --------------------------------------------------------------------

_parser: Any = importlib.import_module("re._parser")
_constants: Any = importlib.import_module("re._constants")


def _groups(items: Any) -> list[list[str]]:
    """Literal groups a parsed sequence requires: every group must occur in a matching
    text, and a group is satisfied by any one of its members (from an alternation)."""
    groups: list[list[str]] = []
    run: list[str] = []

    def flush() -> None:
        if len(run) >= MIN_LITERAL:
            groups.append(["".join(run)])
        run.clear()

    for op, arg in items:
        if op is _constants.LITERAL:
            run.append(chr(arg))
            continue
        flush()
        if op is _constants.SUBPATTERN:
            groups.extend(_groups(arg[-1]))
        elif op is _constants.ATOMIC_GROUP:
            groups.extend(_groups(arg))
        elif op in (_constants.MAX_REPEAT, _constants.MIN_REPEAT, _constants.POSSESSIVE_REPEAT):
            if arg[0] >= 1:
                groups.extend(_groups(arg[2]))
        elif op is _constants.BRANCH:
            best = [max(g, key=lambda group: min(map(len, group))) for g in map(_groups, arg[1]) if g]
            if len(best) == len(arg[1]):
                groups.append([lit for group in best for lit in group])
    flush()
    return groups


def literals_of(regex: re.Pattern[str]) -> tuple[tuple[str, ...], ...]:
    """Case-folded literal groups that any match of ``regex`` contains (see ``_groups``)."""
    try:
        found = _groups(_parser.parse(regex.pattern, regex.flags & ~re.VERBOSE))
    except Exception:  # the private parser is only an optimisation; fall back to always-run
        return ()
    unique = {tuple(sorted({lit.casefold() for lit in group})) for group in found}
    return tuple(sorted(unique))


# --- loading -------------------------------------------------------------------------------
