"""Audit registers and documents: resolve every row, apply the rule packs, summarise."""

from custodes.audit.run import AuditItem, AuditResult, audit_files
from custodes.audit.summary import Summary, summarise

__all__ = ["AuditItem", "AuditResult", "Summary", "audit_files", "summarise"]
