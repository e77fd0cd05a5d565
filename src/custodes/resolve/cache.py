"""The built resolver, kept on disk between runs so that a command starts in a fraction of
the time it takes to read, validate and index the KB.

The cache is a pickle of the resolver in the user's cache folder (``$CUSTODES_CACHE_DIR``,
else ``$XDG_CACHE_HOME/custodes``, else ``~/.cache/custodes``), named by a key over the
package version, the Python version and the size and modification time of every KB, vocab
and resolver source file: any edit gives a new key, so a stale cache is never read. Only
files this process wrote are read back. A cache that cannot be written or read is skipped:
the resolver is then built from the KB, as without a cache.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

_PACKAGE = Path(__file__).resolve().parent.parent
_WATCHED = ("kb", "resolve")
"""Folders whose files (data, vocabularies and code) make up the built resolver."""
DISABLE = "CUSTODES_NO_CACHE"


def cache_dir() -> Path:
    explicit = os.environ.get("CUSTODES_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "custodes"


def cache_key(version: str) -> str:
    digest = hashlib.sha256(f"{version}|{sys.version}".encode())
    for folder in _WATCHED:
        for path in sorted((_PACKAGE / folder).rglob("*")):
            if path.is_file() and path.suffix in (".py", ".yaml", ".txt", ".xml", ".csv"):
                stat = path.stat()
                digest.update(f"{path.relative_to(_PACKAGE)}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:24]


def cached(name: str, version: str, build: Callable[[], T]) -> T:
    """``build()``'s result, from the cache when a current one exists, else built and stored."""
    if os.environ.get(DISABLE):
        return build()
    try:
        path = cache_dir() / f"{name}-{cache_key(version)}.pickle"
    except OSError:
        return build()
    try:
        with path.open("rb") as fh:
            value: T = pickle.load(fh)  # noqa: S301 - a file this package wrote, under the user's own cache
            return value
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        pass
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{name}-", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        for old in path.parent.glob(f"{name}-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError):
        pass
    return value
