"""Fit the answer confidence model (knowledge/answering/confidence.py) and measure it.

Reads the JSON lines ``briefing-bot eval --evidence FILE`` writes (one per question: its set, its
half, whether the bot's answer was right, and the answer's evidence), fits a logistic regression
on the answered questions of the tuning halves only, and prints the coefficients to paste into
``confidence.py``, then how well the fitted chances hold on each half: a reliability table
(predicted against observed share right) and the trade-off of declining below a floor.

The halves: the labelled sets' ``--tuned-on`` documents; for SQuAD, the articles at even positions
of the v1.1 part A file (``--squad-v11``), in both the v1.1 and the v2.0 file, so that an article
is in one half whichever file asks about it. ``make calibrate`` runs the evaluations and this.

    python -m benchmarks.calibrate evidence.jsonl [--squad-v11 ../shared/bench/squad-dev-v1.1-part-a.json]
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from knowledge.answering.extract import WEIGHTS

FLOORS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6)
"""Floors of the trade-off table: an answer below the floor is declined."""
MIN_SUPPORT = 10
"""An input non-zero in fewer tuning answers than this gets no weight: its coefficient would be
fitted to a handful of questions ("line around the text", non-zero in one of 2,088, got -2.19).
Ten is the usual rule of thumb of ten events per fitted input, not tuned."""


def squad_halves(path: Path) -> dict[str, str]:
    """Article title -> "tuned" (even position in the v1.1 part A file) or "held out"."""
    data = json.loads(path.read_text(encoding="utf-8"))["data"]
    return {_slug(a["title"]): "tuned" if i % 2 == 0 else "held out" for i, a in enumerate(data)}


def _slug(title: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", title).strip("-")[:60]


def read_rows(files: Sequence[Path], halves: dict[str, str]) -> list[dict]:
    """Every line of ``files``, with SQuAD rows given their article's half and every row its family."""
    rows = []
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            squad = row["collection"].endswith(".json")
            if squad:
                row["half"] = halves.get(re.sub(r"^\d{3}-|\.txt$", "", row["document"] or ""))
            row["family"] = "SQuAD" if squad else "meetings"
            rows.append(row)
    return rows


def fit(rows: list[dict]) -> tuple[np.ndarray, float]:
    """Logistic regression of "right" on the evidence of the answered rows; each family weighs as
    much as the other in all, so that SQuAD's thousands of questions do not drown the meeting sets."""
    from sklearn.linear_model import LogisticRegression

    x = np.array([r["evidence"] for r in rows], dtype=float)
    y = np.array([bool(r["right"]) for r in rows])
    families = [r["family"] for r in rows]
    counts = {f: families.count(f) for f in set(families)}
    weights = np.array([len(rows) / (len(counts) * counts[f]) for f in families])
    used = supported(x)
    model = LogisticRegression(C=1.0, max_iter=2000).fit(x[:, used], y, sample_weight=weights)
    coef = np.zeros(x.shape[1])
    coef[used] = model.coef_[0]
    return coef, float(model.intercept_[0])


def supported(x: np.ndarray) -> np.ndarray:
    """Which inputs (columns of ``x``) are non-zero in at least :data:`MIN_SUPPORT` rows."""
    return (x != 0).sum(axis=0) >= MIN_SUPPORT


def chance(x: np.ndarray, coef: np.ndarray, intercept: float) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x @ coef + intercept, -30, 30)))


def report(rows: list[dict], coef: np.ndarray, intercept: float) -> None:
    """Reliability and trade-off per family and half."""
    for family in ("meetings", "SQuAD"):
        for half in ("tuned", "held out"):
            part = [r for r in rows if r["family"] == family and r["half"] == half]
            answered = [r for r in part if r["answered"] and r["evidence"]]
            if not part:
                continue
            p = chance(np.array([r["evidence"] for r in answered], dtype=float), coef, intercept) if answered else np.array([])
            right = np.array([bool(r["right"]) for r in answered])
            print(f"\n### {family}, {half}: {len(part)} questions, {len(answered)} answered from a sentence")
            print("| confidence | answers | predicted right | right |\n|---|---|---|---|")
            for lo in np.arange(0, 1, 0.2):
                inside = (p >= lo) & (p < lo + 0.2 if lo < 0.8 else p <= 1.0)
                if inside.any():
                    print(f"| {lo:.1f}-{lo + 0.2:.1f} | {inside.sum()} | {p[inside].mean():.2f} | {right[inside].mean():.2f} |")
            if len(p):
                print(f"Brier score {np.mean((p - right) ** 2):.3f}; mean predicted {p.mean():.2f}, right {right.mean():.2f}")
            if 0 < right.sum() < len(right):  # against what was there before: the raw sentence score, the lead alone
                x = np.array([r["evidence"] for r in answered], dtype=float)
                print(f"AUC {_auc(p, right):.3f}; the raw sentence score's {_auc(x[:, :len(WEIGHTS)] @ WEIGHTS, right):.3f}, "
                      f"the lead over the runner-up's alone {_auc(x[:, len(WEIGHTS)], right):.3f}")
            answerable = [r for r in part if r["answerable"]]
            refuse = [r for r in part if not r["answerable"]]
            print("| floor | answerable right | to decline, declined |\n|---|---|---|")
            for floor in FLOORS:
                ok = sum(1 for r in answerable if r["right"] and _kept(r, floor, coef, intercept))
                declined = sum(1 for r in refuse if not (r["answered"] and _kept(r, floor, coef, intercept)))
                print(f"| {floor:.1f} | {ok}/{len(answerable)} | {declined}/{len(refuse)} |")


def _auc(p: np.ndarray, right: np.ndarray) -> float:
    """How often a right answer gets a higher confidence than a wrong one (area under the ROC curve)."""
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(right, p))


def _kept(row: dict, floor: float, coef: np.ndarray, intercept: float) -> bool:
    """Whether an answered row stays answered at ``floor`` (lists, without evidence, always do)."""
    if not row["evidence"]:
        return True
    return float(chance(np.array([row["evidence"]], dtype=float), coef, intercept)[0]) >= floor


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="+", type=Path, help="JSON lines from briefing-bot eval --evidence")
    parser.add_argument("--squad-v11", type=Path, default=Path("../shared/bench/squad-dev-v1.1-part-a.json"),
                        help="The v1.1 part A file whose article positions split SQuAD into halves.")
    args = parser.parse_args(argv)
    rows = read_rows(args.files, squad_halves(args.squad_v11))
    tuning = [r for r in rows if r["half"] == "tuned" and r["evidence"] and r["answered"]]
    if len({bool(r["right"]) for r in tuning}) < 2:
        raise SystemExit(f"Cannot fit: the tuning halves hold {len(tuning)} answers from a sentence, "
                         "which must include both right and wrong ones. Run the evaluations with --evidence "
                         "and --tuned-on first (make calibrate).")
    coef, intercept = fit(tuning)
    from knowledge.answering.confidence import EVIDENCE

    rare = [name for name, kept in zip(EVIDENCE, supported(np.array([r["evidence"] for r in tuning]))) if not kept]
    if rare:
        print(f"No weight (non-zero in fewer than {MIN_SUPPORT} tuning answers): {', '.join(rare)}.")
    print(f"Fitted on {len(tuning)} answers of the tuning halves "
          f"({sum(r['family'] == 'meetings' for r in tuning)} meeting-set, {sum(r['family'] == 'SQuAD' for r in tuning)} SQuAD).")
    print("COEFFICIENTS = (" + ", ".join(f"{c:.3f}" for c in coef) + ")")
    print(f"INTERCEPT = {intercept:.3f}")
    report(rows, coef, intercept)


if __name__ == "__main__":
    main()
