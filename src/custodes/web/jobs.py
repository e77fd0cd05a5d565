"""Uploads processed in the background: store, extract and audit an answer, with progress.

An upload is checked before any work starts (size, type, name) and saved under a name
made by ``report.safe.confined``; a worker thread then runs the campaign's ``attach``
(extraction in an isolated worker process, then one transaction: a file that cannot be read
attaches nothing and the job says why). The page polls the
job's state with HTMX. Jobs live in memory: one server process, like the rate limiter.
"""

from __future__ import annotations

import datetime as dt
import secrets
import shutil
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from custodes.errors import CustodesError
from custodes.report.safe import confined
from custodes.store import Store

STEPS = ("queued", "extracting claims and auditing", "done", "failed")


@dataclass
class Job:
    id: str
    campaign: str
    body: str
    file_name: str
    user: str
    step: str = "queued"
    message: str = ""
    claims: int = 0
    findings: int = 0
    started: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))

    @property
    def finished(self) -> bool:
        return self.step in ("done", "failed")

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "campaign": self.campaign,
            "body": self.body,
            "file_name": self.file_name,
            "step": self.step,
            "message": self.message,
            "claims": self.claims,
            "findings": self.findings,
            "finished": self.finished,
        }


class Jobs:
    def __init__(self, store: Store, folder: Path | None, on_change: Callable[[], None]) -> None:
        self.store = store
        self.folder = folder or Path(tempfile.mkdtemp(prefix="custodes-uploads-"))
        self.folder.mkdir(parents=True, exist_ok=True)
        self.on_change = on_change
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()

    def get(self, job_id: str) -> Job | None:
        return self._jobs.get(job_id)

    def submit(
        self, campaign: str, body: str, file_name: str, data: bytes, received: dt.date, user: str
    ) -> Job:
        job = Job(secrets.token_hex(8), campaign, body, file_name, user)
        folder = self.folder / job.id
        folder.mkdir()
        path = confined(folder, file_name)
        path.write_bytes(data)
        with self._lock:
            self._jobs[job.id] = job
        threading.Thread(target=self._run, args=(job, path, received), daemon=True).start()
        return job

    def _run(self, job: Job, path: Path, received: dt.date) -> None:
        from custodes.campaign.responses import attach

        job.step = STEPS[1]
        try:
            result = attach(self.store, job.campaign, job.body, [path], received)
        except CustodesError as exc:
            job.step, job.message = "failed", f"{job.file_name}: {exc}; nothing was attached"
        except Exception as exc:  # a reader bug must not kill the worker silently
            job.step, job.message = (
                "failed",
                f"{job.file_name}: unexpected error ({type(exc).__name__}); nothing was attached",
            )
        else:
            job.step, job.claims, job.findings = "done", result.claims, result.findings
            if result.failed:
                reason = result.failed[0][1]
                job.step, job.message = "failed", f"{job.file_name}: {reason}; nothing was attached"
            elif result.already_attached:
                job.message = f"{job.file_name} was already attached to this request"
            else:
                job.message = f"{result.claims} claims and {result.findings} findings from {job.file_name}"
            self.on_change()
        finally:
            shutil.rmtree(path.parent, ignore_errors=True)
