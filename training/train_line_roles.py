"""Train the line-role CRF on our own labelled lines and ship it in the package.

Usage: python training/train_line_roles.py [--check]

Each ``training/line_roles/*.txt`` file is one document we wrote ourselves in the style of
real replies, minutes, news, request pages and notices: ``# kind: KIND`` and then one
``role<TAB>line`` per line. ``--check`` prints a leave-one-document-out cross-check (every
document tagged by a model that never saw it) before the final model is written to
``src/custodes/extract/data/line_roles.crfsuite``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from pathlib import Path

import pycrfsuite

from custodes.extract.roles import MODEL, crf_sequence

ROOT = Path(__file__).resolve().parent
DOCS = ROOT / "line_roles"
PARAMS = {"c1": 0.1, "c2": 0.01, "max_iterations": 200, "feature.possible_transitions": True}


def read_doc(path: Path) -> tuple[str, list[str], list[str]]:
    """(kind, lines, roles) of one labelled document."""
    kind, lines, roles = "other", [], []
    for raw in path.read_text(encoding="utf-8").splitlines():
        if raw.startswith("# kind:"):
            kind = raw.split(":", 1)[1].strip()
            continue
        if not raw.strip():
            continue
        role, _, text = raw.partition("\t")
        lines.append(text)
        roles.append(role)
    return kind, lines, roles


def train(docs: list[tuple[str, list[str], list[str]]], out: Path) -> None:
    trainer = pycrfsuite.Trainer(verbose=False)
    for _, lines, roles in docs:
        trainer.append(crf_sequence(lines), roles)
    trainer.set_params(PARAMS)
    trainer.train(str(out))


def cross_check(docs: list[tuple[str, list[str], list[str]]]) -> float:
    """Leave one document out; print per-role precision and recall and the confusions."""
    pairs: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, (_, lines, roles) in enumerate(docs):
            model = Path(tmp) / f"m{i}.crfsuite"
            train(docs[:i] + docs[i + 1 :], model)
            tagger = pycrfsuite.Tagger()
            tagger.open(str(model))
            pairs.extend(zip(roles, tagger.tag(crf_sequence(lines)), strict=True))
    right = sum(a == b for a, b in pairs)
    print(f"leave-one-document-out: {right}/{len(pairs)} lines right = {right / len(pairs):.3f}")
    for role in sorted({a for a, _ in pairs}):
        tp = sum(a == b == role for a, b in pairs)
        gold = sum(a == role for a, _ in pairs)
        said = sum(b == role for _, b in pairs)
        print(f"  {role:<12} P {tp}/{said}  R {tp}/{gold}")
    confused = Counter((a, b) for a, b in pairs if a != b)
    print(
        "  most confused (gold -> tagged):",
        ", ".join(f"{a}->{b} x{n}" for (a, b), n in confused.most_common(6)),
    )
    return right / len(pairs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="leave-one-document-out figures first")
    args = parser.parse_args(argv)
    docs = [read_doc(p) for p in sorted(DOCS.glob("*.txt"))]
    print(f"{len(docs)} documents, {sum(len(d[1]) for d in docs)} labelled lines")
    if args.check:
        cross_check(docs)
    train(docs, MODEL)
    print(f"wrote {MODEL}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
