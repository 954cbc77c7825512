import json

from knowledge.answering import confidence
from knowledge.answering.extract import FEATURES, Candidate
from knowledge.briefing import Briefing
from knowledge.language.nlp import Entity


def _candidate(score: float, *, key_words: float = 0.5, kind: float = 0.0, typed: bool = False) -> Candidate:
    features = [0.5, key_words, 0.0, kind, 1.0, 0.0, 0.0, 0.0, 0.0]
    items = (Entity("PERSON", 0, 8, "Ana Holm"),) if typed else ()
    return Candidate("a.txt", 0, 0, 10, "Ana Holm chaired.", score, 0.5, key_words, items, tuple(features))


def test_evidence_is_the_features_the_lead_over_the_runner_up_and_the_answer_kind():
    best, runner_up = _candidate(1.6, kind=1.0, typed=True), _candidate(1.2)
    found = confidence.evidence(best, [best, runner_up])
    assert len(found) == len(confidence.EVIDENCE) == len(FEATURES) + 2
    assert found[: len(FEATURES)] == best.features
    assert found[-2:] == (0.4, 1.0)
    alone = confidence.evidence(runner_up, [runner_up])
    assert alone[-2:] == (1.0, 0.0)  # no other candidate: the lead is full; no item of the kind asked
    filtered = confidence.evidence(runner_up, [best, runner_up])  # a filter chose the lower-scored one
    assert filtered[-2] == 0.0


def test_a_clear_typed_winner_is_more_likely_right_than_a_near_tie_without_the_answer_kind():
    clear = _candidate(2.0, key_words=1.0, kind=1.0, typed=True)
    doubtful = _candidate(0.9, key_words=0.2)
    p_clear = confidence.probability(confidence.evidence(clear, [clear, _candidate(1.0)]))
    p_doubtful = confidence.probability(confidence.evidence(doubtful, [doubtful, _candidate(0.88)]))
    assert 0.0 < p_doubtful < p_clear < 1.0


def test_answers_carry_a_chance_between_0_and_1_and_what_it_was_computed_from(knowledge_dir, data_dir, fake_encoder):
    briefing = Briefing(knowledge_dir, data_dir, encoder=fake_encoder)
    answer = briefing.ask("What did Lyzhenkov say about smuggled and trafficked commodities?")
    assert answer.answered and 0.0 < answer.confidence < 1.0
    assert len(answer.evidence) == len(confidence.EVIDENCE)
    assert answer.confidence == round(confidence.probability(answer.evidence), 4)
    declined = briefing.ask("What did Lyzhenkov say about the Mars landing budget?")
    assert not declined.answered and declined.evidence == ()


def test_calibration_splits_squad_by_article_the_same_way_in_both_files(tmp_path):
    from benchmarks.calibrate import read_rows, squad_halves

    v11 = tmp_path / "v11.json"
    v11.write_text(json.dumps({"data": [{"title": "Lakes_Commission"}, {"title": "Harbour_Board"},
                                        {"title": "Oslo"}]}), encoding="utf-8")
    halves = squad_halves(v11)
    lines = tmp_path / "evidence.jsonl"
    rows = [  # in the v2.0 file the Harbour Board is article 0, at an even position there
        {"collection": "squad-v2.json", "document": "000-Harbour-Board.txt"},
        {"collection": "squad-v11.json", "document": "002-Oslo.txt"},
        {"collection": "meetings-dev", "document": "01-a.txt", "half": "tuned"},
    ]
    lines.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    read = read_rows([lines], halves)
    assert [(r["family"], r["half"]) for r in read] == [("SQuAD", "held out"), ("SQuAD", "tuned"), ("meetings", "tuned")]


def test_a_refit_without_both_right_and_wrong_answers_is_refused_with_what_to_run(tmp_path):
    import pytest

    from benchmarks import calibrate

    squad = tmp_path / "squad.json"
    squad.write_text(json.dumps({"data": []}), encoding="utf-8")
    evidence = tmp_path / "evidence.jsonl"
    row = {"collection": "meetings-dev", "document": "a.txt", "half": "tuned", "answerable": True, "answered": True,
           "right": True, "kind": "passage", "confidence": 0.9, "evidence": [0.5] * 11}
    for rows in ([], [row, row]):  # nothing evaluated; only right answers
        evidence.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        with pytest.raises(SystemExit, match="both right and wrong.*make calibrate"):
            calibrate.main([str(evidence), "--squad-v11", str(squad)])


def test_calibration_reports_only_answers_shown_and_counts_a_declined_one_as_declined(capsys):
    import numpy as np

    from benchmarks.calibrate import report

    shown = {"family": "meetings", "half": "held out", "answerable": True, "answered": True, "right": True,
             "evidence": [0.5] * 11}
    floored = {**shown, "answerable": False, "answered": False, "right": True}  # declined below a floor: keeps evidence
    report([shown, floored], np.zeros(11), 5.0)
    out = capsys.readouterr().out
    assert "2 questions, 1 answered from a sentence" in out
    assert "| 0.0 | 1/1 | 1/1 |" in out


def test_an_input_seen_in_too_few_tuning_answers_gets_no_weight():
    import numpy as np
    import pytest

    pytest.importorskip("sklearn")  # the [bench] extra, as make calibrate installs it
    from benchmarks.calibrate import MIN_SUPPORT, fit

    rng = np.random.default_rng(0)
    rows = []
    for i in range(200):
        right = bool(i % 2)
        rare = 1.0 if i < MIN_SUPPORT - 1 else 0.0  # in one answer fewer than the rule asks
        rows.append({"family": "meetings", "right": right, "evidence": [rng.normal(0.6 if right else 0.4, 0.1), rare]})
    coef, _ = fit(rows)
    assert coef[1] == 0.0 and coef[0] > 0
