"""Train the claim scorer (logistic regression) on our own labelled documents; ship its weights.

Usage: python training/train_scorer.py

Candidates come from running the extractor on documents we wrote: ``training/line_roles``
(gold in ``training/claims_gold.py``) and the fixture sets ``tests/fixtures/foi``/``foi2``
(``expected.json``). A candidate is right when it agrees with a gold ownership item. The
script prints five-fold cross-validated precision and recall by threshold (folds split by
document, so no document is scored by a model that saw it), the lowest threshold reaching
precision 0.95 there, and writes ``src/custodes/extract/data/claim_scorer.json``.
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from custodes.extract import extract_claims
from custodes.extract.claims import Claim
from custodes.extract.goldscore import agrees
from custodes.extract.scorer import WEIGHTS
from custodes.extract.scoring import case_files, find_cases, load_expected

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
from claims_gold import GOLD  # noqa: E402

FIXTURES = [ROOT.parent / "tests" / "fixtures" / name for name in ("foi", "foi2")]
SCORED = ("owned", "reported", "mentioned")


def plain_text(path: Path) -> str:
    lines = [raw.partition("\t")[2] for raw in path.read_text(encoding="utf-8").splitlines()]
    return "\n".join(line for line in lines if line) + "\n"


def candidates(claims: list[Claim]) -> list[Claim]:
    return [c for c in claims if c.features and c.status in SCORED]


def labelled() -> list[tuple[str, dict[str, float], int]]:
    """(document, features, label) for every scored candidate we can label."""
    out: list[tuple[str, dict[str, float], int]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, gold in GOLD.items():
            path = Path(tmp) / name
            path.write_text(plain_text(ROOT / "line_roles" / name), encoding="utf-8")
            for c in candidates(extract_claims([path]).claims):
                good = any(agrees(c, item) for item in gold["owned"])
                if not good and any(agrees(c, item) for item in gold.get("ambiguous", [])):
                    continue
                out.append((name, c.features, int(good)))
    for root in FIXTURES:
        for folder in find_cases(root):
            expected = load_expected(folder)
            want = Counter((o["manufacturer"], o["quantity"]) for o in expected.get("owned", []))
            hard = [t.lower() for t in expected.get("hard_negatives", [])]
            for c in candidates(extract_claims(case_files(folder, expected)).claims):
                if any(t in c.quote.lower() for t in hard):
                    out.append((folder.name, c.features, 0))
                elif c.manufacturer is not None and c.quantity is not None:
                    out.append((folder.name, c.features, int((c.manufacturer, c.quantity) in want)))
    return out


def main() -> int:
    rows = labelled()
    names = sorted({k for _, f, _ in rows for k in f} - {"bias"})
    x = np.array([[f.get(k, 0.0) for k in names] for _, f, _ in rows])
    y = np.array([label for _, _, label in rows])
    groups = np.array([doc for doc, _, _ in rows])
    print(f"{len(rows)} labelled candidates ({int(y.sum())} right) from {len(set(groups))} documents")

    def model() -> LogisticRegression:
        return LogisticRegression(C=1.0, max_iter=2000)

    cv = np.zeros(len(y))
    for train, test in GroupKFold(n_splits=5).split(x, y, groups):
        cv[test] = model().fit(x[train], y[train]).predict_proba(x[test])[:, 1]
    chosen = None
    print("cross-validated (by document): threshold, precision, recall")
    for t in [0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95]:
        kept = cv >= t
        tp = int((kept & (y == 1)).sum())
        p = tp / kept.sum() if kept.sum() else 1.0
        r = tp / (y == 1).sum()
        print(f"  {t:.2f}  P {p:.3f} ({tp}/{int(kept.sum())})  R {r:.3f}")
        if chosen is None and p >= 0.95:
            chosen = t
    print(f"lowest threshold with cross-validated precision >= 0.95: {chosen}")
    final = model().fit(x, y)
    data: dict[str, Any] = {
        "model": "logistic regression (scikit-learn), features from custodes.extract.scorer",
        "trained_on": "training/line_roles + tests/fixtures/foi, foi2 (our own documents)",
        "features": names,
        "coefficients": [round(float(w), 5) for w in final.coef_[0]],
        "intercept": round(float(final.intercept_[0]), 5),
        "cross_validated_threshold_p95": chosen,
    }
    WEIGHTS.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {WEIGHTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
