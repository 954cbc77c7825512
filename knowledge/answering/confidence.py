"""How likely an answer is right: a logistic model over the answering sentence's evidence.

The pipeline picks its sentence by a hand-weighted score (:data:`.extract.WEIGHTS`); that score
ranks sentences of one question well but says little about whether the best one answers. The
chance that it does is learned here from labelled questions instead: the sentence's features,
how far it leads the runner-up, and whether it holds the kind of answer asked for, combined by
a logistic regression fitted on the tuning halves only (``python -m benchmarks.calibrate``,
docs/figures.md, "Confidence"). On the held-out meeting documents, answers above 0.8 were right
86% of the time (predicted 90%), those below 0.6 rarely; on SQuAD's encyclopedic text it is too
sure (above 0.8: 65% right). Lists the document gives (its agenda, its speakers) keep 1.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from knowledge.answering.extract import FEATURES, Candidate

EVIDENCE = (*FEATURES, "lead over the runner-up", "holds the answer kind")
"""What the model reads, in order: :data:`.extract.FEATURES` of the answering sentence, its score
minus the best other candidate's (0 to 1; 1 with no other), and 1 when it holds an item of the kind
asked for in a form that answers (:attr:`.extract.Candidate.fits`). A lead is never below 0: when a
filter picks a candidate the score ranked lower (a follow-up's "he", a "Speakers:" field), the lead
over a candidate the question ruled out says nothing, and a negative one flagged right answers as
unsure ("Where does he work?" after "Who opened the meeting?")."""

COEFFICIENTS = (-0.581, 0.785, -0.557, 0.790, 0.256, -0.740, 0.000, -0.172, 0.000, 1.499, 0.576)
INTERCEPT = 0.103
"""One per :data:`EVIDENCE`, fitted by ``make calibrate`` (``python -m benchmarks.calibrate`` on what
``briefing-bot eval --evidence`` writes) on 2,088 answers of the tuning halves: 164 of the five
meeting sets, 1,924 of SQuAD's even articles, the two families weighing the same. Inputs non-zero
in fewer than ten of them get 0 (:data:`benchmarks.calibrate.MIN_SUPPORT`)."""


def evidence(best: Candidate, ranked: Sequence[Candidate]) -> tuple[float, ...]:
    """The inputs of :func:`probability` for ``best`` among the question's ``ranked`` candidates."""
    others = [c.score for c in ranked if c is not best]
    lead = min(max(best.score - max(others), 0.0), 1.0) if others else 1.0
    features = best.features or (0.0,) * len(FEATURES)
    return tuple(round(float(f), 4) for f in (*features, lead, 1.0 if best.fits else 0.0))


def probability(values: Sequence[float]) -> float:
    """The fitted chance that an answer with this :func:`evidence` is right (0-1)."""
    z = INTERCEPT + sum(w * v for w, v in zip(COEFFICIENTS, values))
    return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))

