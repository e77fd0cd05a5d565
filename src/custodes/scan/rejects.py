"""A record an import could not read: kept with its reason, never dropped."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class Reject:
    file: str
    where: str
    reason: str
    record: str

    def to_dict(self) -> dict[str, str]:
        return {"file": self.file, "where": self.where, "reason": self.reason, "record": self.record}
