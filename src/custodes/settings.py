"""Every tunable custodes has, declared once, with the reason for its value.

Modules import their value from here; nothing else declares a confidence, threshold or
limit a user might want to know or change. ``tests/test_settings.py`` checks that this table
and the values below agree, so the table stays true.

=========================== ========== ====================================================
name                        value      why
=========================== ========== ====================================================
AUTO_ACCEPT                 0.8        a proposed claim at or above it may be auto-accepted;
                                       chosen on our own labelled sets so that precision
                                       there is >= 0.95 (``campaign settings`` overrides it)
LOW_STRUCTURE_CONFIDENCE    0.5        the most a claim from a document with no
                                       recognisable structure may get: never auto-accepted
CAPABILITY_ONLY_CONFIDENCE  0.75       the most a claim stating only what some kit can do
                                       (no maker, no count) may get: such claims make
                                       the face-recognition figures, so a person confirms them
ROLE_SURE                   0.6        the line-role CRF's marginal below which the cue
                                       state machine's role is kept
ROLE_SURE_OVER_REQUEST      0.9        how sure the CRF must be to take a line out of what
                                       the state machine reads as the request
FAMILY_CONFIDENCE           0.5        a capability read from a model code's family shape,
                                       not stated for the exact code: never a certainty
SCAN_MIN_SCORE              0.5        below this evidence total a scanned host gets no
                                       maker (one weak banner is a lead, not a maker)
SCAN_WAIT_SECONDS           1.5        how long a probe waits for each reply
SCAN_CONCURRENCY            64         hosts probed at once
SCAN_RATE                   200.0      messages sent per second at most, across all hosts
WORKER_MEMORY_BYTES         4 GiB      address-space limit of a file-reading worker
                                       (``CUSTODES_WORKER_MEMORY``)
WORKER_CPU_SECONDS          120        CPU time one file may use
                                       (``CUSTODES_WORKER_CPU_SECONDS``)
WORKER_WALL_SECONDS         300        wall time one file may take
                                       (``CUSTODES_WORKER_WALL_SECONDS``)
WORKER_JOBS                 200        files a worker reads before it is replaced
AUDIT_MAX_QUANTITY          1000000    a register cell above this is not read as a count
UPLOAD_MAX_BYTES            25 MiB     largest upload the web app accepts: admits scanned
                                       PDFs and bounds memory
LOGIN_ATTEMPTS              5          failed logins per user name and per address ...
LOGIN_WINDOW_SECONDS        300        ... in this window, then 429
SESSION_MAX_AGE_SECONDS     28800      a working day; the signed cookie is refused after it
STATS_CACHE_SECONDS         30         web figures are recomputed at most this often, and
                                       at once after any write
=========================== ========== ====================================================
"""

from __future__ import annotations

AUTO_ACCEPT = 0.8
LOW_STRUCTURE_CONFIDENCE = 0.5
CAPABILITY_ONLY_CONFIDENCE = 0.75
ROLE_SURE = 0.6
ROLE_SURE_OVER_REQUEST = 0.9
FAMILY_CONFIDENCE = 0.5
SCAN_MIN_SCORE = 0.5
SCAN_WAIT_SECONDS = 1.5
SCAN_CONCURRENCY = 64
SCAN_RATE = 200.0
WORKER_MEMORY_BYTES = 4 * 1024**3
WORKER_CPU_SECONDS = 120
WORKER_WALL_SECONDS = 300.0
WORKER_JOBS = 200
AUDIT_MAX_QUANTITY = 1_000_000
UPLOAD_MAX_BYTES = 25 * 1024**2
LOGIN_ATTEMPTS = 5
LOGIN_WINDOW_SECONDS = 300
SESSION_MAX_AGE_SECONDS = 8 * 3600
STATS_CACHE_SECONDS = 30
