"""Audit registers and documents: resolve every row, apply the rule packs, summarise."""

from custodes.audit.file import AuditSpec, FileAudit, audit_file
from custodes.audit.item import AuditItem
from custodes.audit.run import AuditResult, audit_files
from custodes.audit.summary import Summary, summarise

__all__ = [
    "AuditItem",
    "AuditResult",
    "AuditSpec",
    "FileAudit",
    "Summary",
    "audit_file",
    "audit_files",
    "summarise",
]
