"""Learn the weights of the sentence score (knowledge/answering/extract.py, ``WEIGHTS``) from data.

Every question of the tuning halves is answered once with the bot, and every sentence the
pipeline scored for it is kept with its features (:data:`extract.FEATURES`) and whether it holds
a right answer (an expected phrase of a labelled set, a gold answer of SQuAD). A conditional logit
(a softmax over each question's sentences, the right ones together) is fitted to those: the weights
under which the right sentences come first most often. The two families weigh the same, as in
``benchmarks.calibrate``. It prints the weights, scaled so that the dense similarity's is 1 (only
their ratios rank sentences), and the share of questions whose best-scored sentence is right,
under the hand-set and the learned weights, on each half; the held-out halves are only measured.

The halves: the labelled sets' first ``N`` documents (``--set DOCS QUESTIONS N``); SQuAD v1.1 part
A's articles at even positions (odd ones held out). Questions that follow another, and those to
decline, are left out: neither has a right sentence to learn from.

    python -m benchmarks.weights --squad ../shared/bench/squad-dev-v1.1-part-a.json \\
        --set ../shared/eval/real-dev/docs ../shared/eval/real-dev/questions.jsonl 6 ...
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from embeddings.lexical import fold
from knowledge.answering import extract

SHIPPED = Path(__file__).resolve().parents[1] / "briefings"
L2 = 0.01
"""Ridge penalty on the weights (the loss is a mean over questions): keeps a feature rare in the
tuning data near 0; not tuned."""
STEPS = 3000


def collect(briefing, questions: Sequence[str], golds: Sequence[Sequence[str]]) -> list[tuple[np.ndarray, np.ndarray]]:
    """``(features, right)`` of the sentences the pipeline scored first for each question (those
    whose first scoring left none right or none wrong teach nothing and are skipped)."""
    seen: dict[str, list] = {}
    original = extract.candidates

    def spy(corpus, encoder, question, *args, **kwargs):
        out = original(corpus, encoder, question, *args, **kwargs)
        seen.setdefault(question.text, out)
        return out

    extract.candidates = spy
    try:
        for start in range(0, len(questions), 64):
            briefing.ask_many(list(questions[start : start + 64]))
    finally:
        extract.candidates = original
    groups = []
    for question, wanted in zip(questions, golds):
        cands = seen.get(question) or seen.get(" ".join(question.split()))
        if not cands:
            continue
        x = np.array([c.features for c in cands], dtype=float)
        y = np.array([any(fold(g) in fold(c.text) for g in wanted) for c in cands])
        groups.append((x, y))
    return groups


def fit(groups: Sequence[tuple[np.ndarray, np.ndarray, float]], start: np.ndarray) -> np.ndarray:
    """Weights maximising the weighted log-probability of each question's right sentences (Adam)."""
    size = max(len(y) for _, y, _ in groups)
    x = np.zeros((len(groups), size, len(start)))
    right = np.zeros((len(groups), size), dtype=bool)
    present = np.zeros((len(groups), size), dtype=bool)
    for i, (xi, yi, _) in enumerate(groups):
        x[i, : len(yi)], right[i, : len(yi)], present[i, : len(yi)] = xi, yi, True
    g = np.array([gi for _, _, gi in groups])
    g = g / g.sum()
    w = start.astype(float).copy()
    m, v = np.zeros_like(w), np.zeros_like(w)
    for step in range(1, STEPS + 1):
        s = np.where(present, x @ w, -np.inf)
        p = np.exp(s - s.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        sr = np.where(right, s, -np.inf)
        r = np.exp(sr - sr.max(axis=1, keepdims=True))
        r /= r.sum(axis=1, keepdims=True)
        grad = L2 * w + np.einsum("q,qnf,qn->f", g, x, p - r)
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad**2
        w -= 0.02 * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
    return w


def top1(groups: Sequence[tuple[np.ndarray, np.ndarray]], w: Sequence[float]) -> float:
    """Share of questions whose best-scored sentence holds a right answer."""
    return float(np.mean([y[int(np.argmax(x @ np.asarray(w)))] for x, y in groups])) if groups else float("nan")


def _labelled(work: Path, docs: Path, questions: Path, tuned_on: int, model: str | None):
    from knowledge.briefing import Briefing
    from knowledge.evaluation.quality import read_cases

    folder = work / "documents"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for f in list(SHIPPED.iterdir()) + list(docs.iterdir()):
        if f.is_file():
            shutil.copy(f, folder / f.name)
    cases = read_cases(questions)
    tuned = set(sorted({c.doc for c in cases if c.doc})[:tuned_on])  # as ``briefing-bot eval --tuned-on``
    briefing = Briefing(folder, work / "data", model_path=model)
    briefing.refresh()
    halves = {}
    for half in ("tuned", "held out"):
        asked = [c for c in cases if not c.refuse and c.after is None and (c.doc in tuned) is (half == "tuned")]
        halves[half] = collect(briefing, [c.question for c in asked], [c.expect_all or c.expect_any for c in asked])
    return halves


def _squad(work: Path, path: Path, sample: int, model: str | None):
    from knowledge.briefing import Briefing
    from knowledge.evaluation.quality import squad_cases, squad_documents

    squad_documents(path, work / "documents")
    briefing = Briefing(work / "documents", work / "data", model_path=model)
    briefing.refresh()
    cases = [c for c in squad_cases(path, sample=sample) if c.answerable]
    documents = sorted({c.document for c in squad_cases(path)})
    even = set(documents[::2])
    return {half: collect(briefing, [c.question for c in cases if (c.document in even) is (half == "tuned")],
                          [c.golds for c in cases if (c.document in even) is (half == "tuned")])
            for half in ("tuned", "held out")}


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--squad", type=Path, help="SQuAD v1.1 part A file")
    parser.add_argument("--sample", type=int, default=2000, help="SQuAD questions answered (seeded sample)")
    parser.add_argument("--set", nargs=3, action="append", default=[], metavar=("DOCS", "QUESTIONS", "N"),
                        help="a labelled set: its documents, its questions, how many documents are tuned on")
    parser.add_argument("--work", type=Path, default=Path("data/weights"), help="work folder (indexes)")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    model = os.environ.get("BRIEFING_MODEL")
    families: dict[str, dict[str, list]] = {"meetings": {"tuned": [], "held out": []},
                                            "SQuAD": {"tuned": [], "held out": []}}
    for i, (docs, questions, n) in enumerate(args.set):
        for half, groups in _labelled(args.work / f"set{i}", Path(docs), Path(questions), int(n), model).items():
            families["meetings"][half] += groups
    if args.squad:
        for half, groups in _squad(args.work / "squad", args.squad, args.sample, model).items():
            families["SQuAD"][half] += groups
    useful = []
    for family, halves in families.items():
        tuned = [(x, y) for x, y in halves["tuned"] if y.any() and not y.all()]
        if tuned:
            useful += [(x, y, 1.0 / len(tuned)) for x, y in tuned]  # each family weighs the same
    if not useful:
        sys.exit("No tuning question had both a right and a wrong sentence: nothing to learn from.")
    learned = fit(useful, np.asarray(extract.WEIGHTS))
    if learned[0] > 0:
        learned = learned / learned[0]
    print("FEATURES =", extract.FEATURES)
    print("WEIGHTS = (" + ", ".join(f"{w:.3f}" for w in learned) + ")")
    print("\n| family | half | questions | right sentence among those scored | best-scored right: hand-set | learned |")
    print("|---|---|---|---|---|---|")
    for family, halves in families.items():
        for half, groups in halves.items():
            if groups:
                reachable = [(x, y) for x, y in groups if y.any()]
                print(f"| {family} | {half} | {len(groups)} | {len(reachable) / len(groups):.3f} "
                      f"| {top1(groups, extract.WEIGHTS):.3f} | {top1(groups, learned):.3f} |")


if __name__ == "__main__":
    main()
