"""Our own labelled documents (training/) scored with the real corpus's definitions.

The same scorer as ``benchmarks/extract.py``; the claim scorer was trained on these
documents, so this guards against regressions, it does not measure unseen data.
"""

from __future__ import annotations

import sys
from pathlib import Path

from custodes.extract import extract_claims
from custodes.extract.goldscore import GoldScore, score_gold
from custodes.settings import AUTO_ACCEPT

TRAINING = Path(__file__).resolve().parents[2] / "training"
sys.path.insert(0, str(TRAINING))
from claims_gold import GOLD  # type: ignore[import-not-found]  # noqa: E402
from train_scorer import plain_text  # type: ignore[import-not-found]  # noqa: E402


def test_auto_accepted_claims_on_our_documents_are_right(tmp_path: Path) -> None:
    strict, loose = GoldScore(), GoldScore()
    for name, gold in GOLD.items():
        path = tmp_path / name
        path.write_text(plain_text(TRAINING / "line_roles" / name), encoding="utf-8")
        claims = extract_claims([path]).claims
        strict.add(score_gold(claims, gold, AUTO_ACCEPT))
        loose.add(score_gold(claims, gold))
    assert strict.precision is not None and strict.precision >= 0.95, strict.false_claims
    assert strict.violations == 0 and loose.violations == 0, loose.violating
    assert loose.refusals_found == loose.refusals_expected
    assert loose.recall is not None and loose.recall >= 0.75, loose.missed
