"""Answer quality with the real model on labelled sets: the shipped briefing, paraphrases and
typos of its questions, and three made-up meetings indexed together (they compete)."""

from pathlib import Path

import pytest

from knowledge.briefing import Briefing
from knowledge.errors import BriefingError
from knowledge.evaluation import evaluate, read_cases
from tests.conftest import SHIPPED

HERE = Path(__file__).parent

# (knowledge folder, labelled set, least share answered right, least share declined right)
SETS = [
    (SHIPPED, HERE / "seed_questions.jsonl", 1.0, 1.0),
    (SHIPPED, HERE / "seed_paraphrases.jsonl", 0.9, 1.0),
    (HERE / "meetings", HERE / "meetings_questions.jsonl", 0.9, 0.95),
]


@pytest.mark.model
@pytest.mark.parametrize("folder, labelled, answer_target, refuse_target", SETS, ids=lambda v: getattr(v, "name", None))
def test_labelled_set_meets_its_target(real_encoder, tmp_path, folder, labelled, answer_target, refuse_target):
    briefing = Briefing(folder, tmp_path / "data", encoder=real_encoder)
    cases = read_cases(labelled)
    report = evaluate(cases, briefing.ask_many([c.question for c in cases]))
    baseline = evaluate(cases, briefing.ask_many([c.question for c in cases], mode="dense"))
    print(f"\n{labelled.name}: answered {report.answered_right}/{report.to_answer}, declined "
          f"{report.refused_right}/{report.to_refuse} (dense baseline {baseline.answered_right}/{baseline.to_answer}, "
          f"{baseline.refused_right}/{baseline.to_refuse}); misses: {[m.case.id for m in report.misses]}")
    assert report.answer_rate >= answer_target
    assert report.refusal_rate >= refuse_target
    assert report.answered_right > baseline.answered_right


@pytest.mark.model
def test_date_and_place_answers_cite_the_passage_that_states_them(real_encoder, tmp_path):
    briefing = Briefing(SHIPPED, tmp_path / "data", encoder=real_encoder)
    when = briefing.ask("When was it?")
    assert when.kind == "fact" and "Thursday, 28 May 2015" in when.text
    assert "today" in when.best.text
    where = briefing.ask("Where was the meeting held?")
    assert "Belgrade" in where.text and "Belgrade" in where.best.text


def test_a_bad_labelled_file_names_the_line(tmp_path):
    path = tmp_path / "q.jsonl"
    path.write_text('{"question": "ok?", "refuse": true}\n{"question": 3}\n', encoding="utf-8")
    with pytest.raises(BriefingError, match="line 2"):
        read_cases(path)
    path.write_text('{"question": "no expectation"}\n', encoding="utf-8")
    with pytest.raises(BriefingError, match="expect_any"):
        read_cases(path)


def test_squad_retrieval_scoring_on_a_tiny_file(tmp_path):
    import json

    from knowledge.evaluation import retrieval_ranks, squad_documents, summarise
    from tests.conftest import FakeEncoder

    squad = {"version": "1.1", "data": [
        {"title": "Zebra_Facts", "paragraphs": [
            {"context": "Zebras have black and white stripes.", "qas": [{"id": "1", "question": "What stripes do zebras have?", "answers": []}]},
            {"context": "Zebras live in Africa on open grassland.", "qas": [{"id": "2", "question": "Where do zebras live?", "answers": []}]},
        ]},
        {"title": "Volcanoes", "paragraphs": [
            {"context": "Lava erupts from volcanoes when magma rises.", "qas": [{"id": "3", "question": "What erupts from volcanoes?", "answers": []}]},
        ]},
    ]}
    path = tmp_path / "squad.json"
    path.write_text(json.dumps(squad), encoding="utf-8")
    questions, paragraphs = squad_documents(path, tmp_path / "docs")
    assert [(d[:3], p) for d, p, _ in questions] == [("000", 0), ("000", 1), ("001", 0)]
    briefing = Briefing(tmp_path / "docs", tmp_path / "data", encoder=FakeEncoder())
    ranks = retrieval_ranks(briefing.index, briefing.encoder, questions, paragraphs)
    assert ranks["lexical"] == [1, 1, 1]
    scores = summarise("hybrid", ranks["hybrid"], 3)
    assert scores.recall_at_1 == 1.0 and scores.mrr == 1.0
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    with pytest.raises(BriefingError, match="not a SQuAD"):
        squad_documents(bad, tmp_path / "x")
