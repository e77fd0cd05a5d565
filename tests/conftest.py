"""Suite-wide settings: in CI, hypothesis draws the same examples every run (no flaky
red builds); on a developer's machine it explores afresh each time."""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")
