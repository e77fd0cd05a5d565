"""The extractor's tunables, declared once.

| name | value | why |
|---|---|---|
| ``AUTO_ACCEPT`` | 0.80 | claims at or above it may be auto-accepted; chosen on our own |
| | | labelled sets (tests/fixtures/foi*) so that precision there is >= 0.95 |
"""

from __future__ import annotations

AUTO_ACCEPT = 0.80
"""Confidence at or above which a proposed claim may be auto-accepted (see the table above)."""
