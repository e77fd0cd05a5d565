"""FOI extractor benchmark: claim quality on labelled answers, and pages per second.

Usage: python benchmarks/extract.py [FOLDER ...] [--pages 200] [--problems]

Each FOLDER is searched for case folders holding an ``expected.json`` (the format is
described in ``custodes.extract.scoring``). Default: the fixtures in tests/fixtures/foi and
tests/fixtures/foi2 (the second set was written after the extractor, in other styles), plus
../shared/eval/ when a labelled FOI set is present there, plus the demo campaign's fictional
replies (examples/demo-campaign, labelled by its manifest). Prints, in one run:
precision and recall of owned claims (manufacturer and quantity both right), recall of
refusals (with their sections) and of not-held answers, recall of explicit negatives, the
number of ownership claims made from hard negatives (request quoted back, national
statistics, installers, vehicles), and pages per second on a generated PDF letter.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from custodes.extract import extract_claims, extract_document
from custodes.extract.goldscore import GoldScore, score_gold
from custodes.extract.scoring import CaseScore, case_files, find_cases, load_expected, score_case
from custodes.ingest import read_document
from custodes.settings import AUTO_ACCEPT

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "foi"
FIXTURES2 = ROOT / "tests" / "fixtures" / "foi2"  # written after the extractor, as a held-out check
SHARED_EVAL = ROOT.parent / "shared" / "eval"
DEMO = ROOT / "examples" / "demo-campaign"
REAL = SHARED_EVAL / "foi-real"
TRAINING = ROOT / "training"  # our own documents, labelled like foi-real (the scorer's training set)

_PAGE = [
    "Freedom of Information request {n} - response",
    "Your request:",
    "Q1. Do you use cameras made by Hikvision or Dahua? How many cameras are there at each site?",
    "Our response:",
    "Q1 - At site {n} the council operates {a} static cameras and {b} PTZ, all Hikvision. "
    "The cameras are capable of facial recognition but this feature is not enabled.",
    "Hikvision/Dahua is used by 73% of local authorities according to press reports. The "
    "system was installed by CDS Systems Ltd and is maintained under contract.",
    "Q2 - The locations of the cameras are exempt under section 31(1)(a) of the Act.",
    "Q3 - We do not hold information about the purchase price.",
]


def make_pdf(path: Path, pages: int) -> None:
    """A long letter: one answered, refused and not-held question block per page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    style = getSampleStyleSheet()["BodyText"]
    story: list[object] = []
    for n in range(1, pages + 1):
        for line in _PAGE:
            story.append(Paragraph(line.format(n=n, a=10 + n % 40, b=n % 7 + 1), style))
        story.append(PageBreak())
    SimpleDocTemplate(str(path), pagesize=A4).build(story)


def demo_cases() -> list[tuple[str, list[Path], dict[str, Any]]]:
    """The demo campaign's fictional replies, labelled by its manifest's ground truth."""
    manifest = DEMO / "manifest.json"
    if not manifest.is_file():
        return []
    out = []
    for body in json.loads(manifest.read_text(encoding="utf-8"))["bodies"]:
        if not body["documents"]:
            continue
        truth = body["truth"]
        expected: dict[str, Any] = {
            "owned": [{"manufacturer": o["manufacturer"], "quantity": o["quantity"]} for o in truth["owned"]],
            "refused": [truth["refusal_sections"]] if truth["refusal_sections"] else [],
            "not_held": 1 if truth["not_held"] else 0,
            "not_owned": [{"manufacturer": m} for m in truth["not_owned"]],
        }
        files = [DEMO / "answers" / name for name in body["documents"]]
        out.append((f"demo:{body['nice_name']}", files, expected))
    return out


Doc = tuple[str, str, str]
"""(file name, kind, text) of one gold-labelled document."""


def real_set(root: Path) -> tuple[list[Doc], dict[str, Any]]:
    """foi-real: docs/ and gold.json; the URL/KIND header is the corpus's, not the document's."""
    gold = json.loads((root / "gold.json").read_text(encoding="utf-8"))
    docs = [
        (name, *split_header((root / "docs" / name).read_text(encoding="utf-8"))) for name in sorted(gold)
    ]
    return docs, gold


def training_set() -> tuple[list[Doc], dict[str, Any]]:
    """Our own role-labelled documents with their gold claims (training/claims_gold.py)."""
    sys.path.insert(0, str(TRAINING))
    from claims_gold import GOLD  # type: ignore[import-not-found]
    from train_scorer import plain_text  # type: ignore[import-not-found]

    docs = []
    for name in sorted(GOLD):
        path = TRAINING / "line_roles" / name
        kind = path.read_text(encoding="utf-8").splitlines()[0].split(":", 1)[1].strip()
        docs.append((name, kind, plain_text(path)))
    return docs, GOLD


def split_header(text: str) -> tuple[str, str]:
    """The corpus's ``URL:``/``KIND:`` header is metadata: the kind, and the document without it."""
    lines = text.splitlines(keepends=True)
    kind = "other"
    cut = 0
    for i, line in enumerate(lines[:3]):
        if line.startswith("KIND:"):
            kind = line.split(":", 1)[1].strip()
            cut = i + 1
        elif line.startswith("URL:"):
            cut = i + 1
    return kind, "".join(lines[cut:])


def score_gold_set(docs: list[Doc], gold: dict[str, Any], show: bool) -> None:
    """Per kind, at the auto-accept threshold and over all proposed claims; every miss printed."""
    results: dict[str, tuple[str, list[Any]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, kind, body in docs:
            plain = Path(tmp) / name  # the extractor sees the document, not the corpus's labels
            plain.write_text(body, encoding="utf-8")
            result = extract_claims([plain])
            results[name] = (kind, result.claims)
    for label, threshold in (("auto-accepted", AUTO_ACCEPT), ("all proposed", 0.0)):
        total = GoldScore()
        kinds: dict[str, GoldScore] = {}
        for name, (kind, claims) in results.items():
            score = score_gold(claims, gold[name], threshold)
            total.add(score)
            kinds.setdefault(kind, GoldScore()).add(score)
            if show and threshold == 0.0:
                for line in score.false_claims:
                    print(f"    FALSE  {name}: {line}")
                for line in score.missed:
                    print(f"    MISSED {name}: {line}")
                for line in score.violating:
                    print(f"    VIOLATION {name}: {line}")
        print(f"  {label} (confidence >= {threshold:.2f})")
        for kind, part in [("ALL", total), *sorted(kinds.items())]:
            print(
                f"    {kind:<13} docs {part.documents:>2}  P {ratio(part.true, part.emitted):<18} "
                f"R {ratio(part.matched, part.expected):<18} violations {part.violations}  "
                f"refusals {part.refusals_found}/{part.refusals_expected}  "
                f"not-held {part.not_held_found}/{part.not_held_expected}  "
                f"not-owned {part.not_owned_found}/{part.not_owned_expected}"
            )


def labelled_roots(args: list[Path]) -> list[Path]:
    if args:
        return args
    roots = [FIXTURES, FIXTURES2]
    if SHARED_EVAL.is_dir() and find_cases(SHARED_EVAL):
        roots.append(SHARED_EVAL)
    return roots


def ratio(num: int, den: int) -> str:
    return f"{num / den:.3f} ({num}/{den})" if den else "n/a (nothing labelled)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path)
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--problems", action="store_true", help="list every miss")
    parser.add_argument("--no-demo", action="store_true", help="skip examples/demo-campaign")
    args = parser.parse_args(argv)

    sets = [("foi-real (real documents, never trained on)", REAL)] if (REAL / "gold.json").is_file() else []
    for title, root in sets:
        docs, gold = real_set(root)
        print(f"{title}: {len(docs)} documents")
        score_gold_set(docs, gold, args.problems)
    docs, gold = training_set()
    print(f"our own documents (training/: the scorer was trained on them): {len(docs)} documents")
    score_gold_set(docs, gold, args.problems)

    cases: list[tuple[str, list[Path], dict[str, Any]]] = []
    for root in labelled_roots(args.folders):
        for folder in find_cases(root):
            expected = load_expected(folder)
            label = f"{root.name}/{folder.relative_to(root)}"
            cases.append((label, case_files(folder, expected), expected))
    if not args.folders and not args.no_demo:
        cases.extend(demo_cases())
    if not cases:
        print("no labelled cases (folders with expected.json) found", file=sys.stderr)
        return 1
    total = CaseScore()
    by_set: dict[str, CaseScore] = {}
    failures = 0
    started = time.perf_counter()
    for name, files, expected in cases:
        result = extract_claims(files)
        failures += len(result.failures)
        score = score_case(result.claims, expected)
        total.add(score)
        by_set.setdefault(name.split(":")[0].split("/")[0], CaseScore()).add(score)
        if args.problems:
            for problem in score.problems:
                print(f"  {name}: {problem}")
    scored_in = time.perf_counter() - started

    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "long-letter.pdf"
        make_pdf(pdf, args.pages)
        t0 = time.perf_counter()
        doc = read_document(pdf)
        read_s = time.perf_counter() - t0
        t1 = time.perf_counter()
        claims = extract_document(doc)
        extract_s = max(time.perf_counter() - t1, 1e-9)
    owned = [c for c in claims if c.status == "owned"]
    bad = [c for c in owned if "73%" in c.quote or "CDS Systems" in c.quote or "?" in c.quote]
    pages = args.pages
    python = f"{platform.python_implementation()} {platform.python_version()}"
    print(f"custodes extract benchmark ({python})")
    print(f"labelled cases                  {len(cases)} ({failures} unreadable files)")
    print(f"  scored in {scored_in:.2f}s (includes loading the KB once)")
    print(f"owned precision (make + count)  {ratio(total.owned_correct, total.owned_found)}")
    print(f"owned recall (make + count)     {ratio(total.owned_correct, total.owned_expected)}")
    print(f"refusal recall (with sections)  {ratio(total.refused_found, total.refused_expected)}")
    print(f"not-held recall                 {ratio(total.not_held_found, total.not_held_expected)}")
    print(f"explicit-negative recall        {ratio(total.not_owned_found, total.not_owned_expected)}")
    print(f"ownership claims from hard negatives  {total.hard_negative_claims}")
    for label, part in sorted(by_set.items()):
        print(
            f"  {label:<12} owned P {ratio(part.owned_correct, part.owned_found)}, "
            f"R {ratio(part.owned_correct, part.owned_expected)}, "
            f"hard-negative claims {part.hard_negative_claims}"
        )
    print(
        f"long PDF: {pages} pages in {read_s + extract_s:.2f}s = "
        f"{pages / (read_s + extract_s):.1f} pages/s end to end "
        f"({len(claims)} claims, {len(owned)} owned, {len(bad)} owned from hard negatives)"
    )
    print(
        f"  reading (pdfplumber) {read_s:.2f}s = {pages / read_s:.1f} pages/s; "
        f"extraction {extract_s:.2f}s = {pages / extract_s:.1f} pages/s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
