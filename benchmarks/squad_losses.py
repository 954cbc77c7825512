"""Where SQuAD's tuning half loses its answers, and the trade-off of the head-noun paraphrase cut-off.

On the answerable questions of SQuAD v1.1 part A's even-position articles (the seeded sample
``briefing-bot eval --squad`` answers), each question is put in one bucket: whether the
best-scored sentence holds a gold answer, and whether the bot answered right, answered wrong or
declined; declines whose verification missed the noun the question asks for ("What *entity*...")
are counted apart. Then, for each ``--close-paraphrase`` value, SQuAD 2.0 part A's tuning half is
answered again: answerable right and unanswerable declined (docs/figures.md).

    python -m benchmarks.squad_losses --v11 ../shared/bench/squad-dev-v1.1-part-a.json \\
        --v20 ../shared/bench/squad-dev-v2.0-part-a.json --close-paraphrase 0.7 0.6 0.5
"""

from __future__ import annotations

import argparse
import os
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from embeddings.lexical import fold, terms as text_terms
from knowledge.answering import extract, verify


def _briefing(path: Path, work: Path):
    from knowledge.briefing import Briefing
    from knowledge.evaluation.quality import squad_documents

    squad_documents(path, work / "documents")
    briefing = Briefing(work / "documents", work / "data", model_path=os.environ.get("BRIEFING_MODEL"))
    briefing.refresh()
    return briefing


def _title(document: str) -> str:
    return re.sub(r"^\d{3}-|\.txt$", "", document)


def _ask(briefing, questions: Sequence[str]) -> list:
    return [a for start in range(0, len(questions), 64) for a in briefing.ask_many(list(questions[start : start + 64]))]


def buckets(briefing, cases) -> Counter:
    """Counts of (best-scored sentence right?, outcome) over ``cases``; outcome "declined: head" when the
    noun asked for was missing, else "answered right", "answered wrong" or "declined"."""
    from knowledge.evaluation.quality import holds_gold

    first, head_missing = {}, set()
    candidates, unsupported = extract.candidates, verify.unsupported

    def spy(corpus, encoder, question, *args, **kwargs):
        out = candidates(corpus, encoder, question, *args, **kwargs)
        first.setdefault(question.text, out)
        return out

    def check(question, missing, dense, idf, naming=frozenset()):
        head = set(text_terms(question.head)) - verify.NON_CONTENT_HEADS if question.head else set()
        if head & set(missing) and dense < verify.CLOSE_PARAPHRASE:
            head_missing.add(question.text)
        return unsupported(question, missing, dense, idf, naming)

    extract.candidates, verify.unsupported = spy, check
    try:
        answers = _ask(briefing, [c.question for c in cases])
    finally:
        extract.candidates, verify.unsupported = candidates, unsupported
    out = Counter()
    for case, answer in zip(cases, answers):
        cands = first.get(" ".join(case.question.split()).strip())
        top = bool(cands) and any(fold(g) in fold(cands[0].text) for g in case.golds)
        outcome = "answered right" if holds_gold(case, answer) else "answered wrong" if answer.answered else \
            "declined: head" if " ".join(case.question.split()).strip() in head_missing else "declined"
        out[("best-scored right" if top else "best-scored wrong", outcome)] += 1
    return out


def main(argv: Sequence[str] | None = None) -> None:
    from knowledge.evaluation.quality import holds_gold, squad_cases

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--v11", type=Path, required=True)
    parser.add_argument("--v20", type=Path)
    parser.add_argument("--close-paraphrase", type=float, nargs="*", default=[])
    parser.add_argument("--work", type=Path, default=Path("data/squad-losses"))
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    tuned = {_title(d) for d in sorted({c.document for c in squad_cases(args.v11)})[::2]}
    cases = [c for c in squad_cases(args.v11, sample=2000) if c.answerable and _title(c.document) in tuned]
    counts = buckets(_briefing(args.v11, args.work / "v11"), cases)
    print(f"SQuAD v1.1 part A, tuning half: {len(cases)} answerable questions of the 2,000 sample")
    for key, n in sorted(counts.items()):
        print(f"  {key[0]}, {key[1]}: {n}")
    if args.v20 and args.close_paraphrase:
        briefing = _briefing(args.v20, args.work / "v20")
        cases = [c for c in squad_cases(args.v20, sample=2618) if _title(c.document) in tuned]
        default = verify.CLOSE_PARAPHRASE
        try:
            for value in args.close_paraphrase:
                verify.CLOSE_PARAPHRASE = value
                answers = _ask(briefing, [c.question for c in cases])
                right = [holds_gold(c, a) for c, a in zip(cases, answers) if c.answerable]
                declined = [not a.answered for c, a in zip(cases, answers) if not c.answerable]
                print(f"SQuAD v2.0 tuning half, CLOSE_PARAPHRASE {value}: answerable right "
                      f"{sum(right) / len(right):.3f} of {len(right)}, unanswerable declined "
                      f"{sum(declined) / len(declined):.3f} of {len(declined)}")
        finally:
            verify.CLOSE_PARAPHRASE = default


if __name__ == "__main__":
    main()
