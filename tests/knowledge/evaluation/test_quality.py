"""Answer quality with the real model on labelled sets: the shipped briefing, paraphrases and
typos of its questions, and three made-up meetings indexed together (they compete)."""

import shutil
from pathlib import Path

import pytest

from knowledge.briefing import Briefing
from knowledge.errors import BriefingError
from knowledge.evaluation.quality import answer_cases, evaluate, read_cases
from knowledge.answering.types import Topic
from tests.conftest import ROOT, SHIPPED

HERE = Path(__file__).parents[2] / "data"

# (knowledge folder, labelled set, least share answered right, least share declined right)
SETS = [
    (SHIPPED, HERE / "seed_questions.jsonl", 1.0, 1.0),
    (SHIPPED, HERE / "seed_paraphrases.jsonl", 0.85, 1.0),
    # Made up here in the shipped release's mould; the real releases below are the honest measure.
    (HERE / "meetings", HERE / "meetings_questions.jsonl", 0.8, 0.9),
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
    assert when.answered and "Thursday, 28 May 2015" in when.text  # "today", read against the release's date
    assert "today" in when.best.text
    where = briefing.ask("Where was the meeting held?")
    assert "Belgrade" in where.text and "Belgrade" in where.best.text
    assert where.text[where.span[0]:where.span[1]] == "Belgrade"  # the answering span, shown in bold


REAL_DEV = ROOT.parent / "shared" / "eval" / "real-dev"
TUNED = {f"{n:02d}" for n in range(1, 7)}
"""The real-dev releases the answering was tuned on."""


@pytest.fixture(scope="module")
def real_dev(real_encoder, tmp_path_factory):
    """The shipped briefing and the tuning half of the real releases nobody here wrote (01-06),
    indexed together. The held-out half (07-12) stays out of the tests: it is only measured, by
    the command in docs/figures.md."""
    if not REAL_DEV.is_dir():
        pytest.skip(f"{REAL_DEV} is not here (it comes with the project's shared folder)")
    folder = tmp_path_factory.mktemp("real-dev")
    for path in [*SHIPPED.iterdir(), *(p for p in (REAL_DEV / "docs").iterdir() if p.name[:2] in TUNED)]:
        shutil.copy(path, folder)
    return Briefing(folder, tmp_path_factory.mktemp("data"), encoder=real_encoder)


@pytest.mark.model
def test_real_releases_nobody_here_wrote(real_dev):
    """The tuning half's questions and the twelve to decline (which name no release). Measured
    32/36 answered right and 12/12 declined; asserted a few points below."""
    cases = [c for c in read_cases(REAL_DEV / "questions.jsonl") if c.doc is None or c.doc[:2] in TUNED]
    report = evaluate(cases, answer_cases(real_dev.ask_many, cases))
    print(f"\nreal-dev tuning half: {report.answered_right}/{report.to_answer}, declined "
          f"{report.refused_right}/{report.to_refuse}; misses: {[m.case.id for m in report.misses]}")
    assert report.answered_right >= 30
    assert report.refused_right >= 10


MEETINGS_DEV = ROOT.parent / "shared" / "eval" / "meetings-dev"
MEETINGS_TUNED = {f"{n:02d}" for n in range(1, 6)}
"""The meeting documents (agendas, minutes, summary records) the answering was tuned on."""


@pytest.fixture(scope="module")
def meetings_dev(real_encoder, tmp_path_factory):
    """The shipped briefing with the tuning halves of the real meeting documents (01-05) and of
    the real releases (01-06), indexed together; the held-out halves are only measured, by the
    commands in docs/figures.md."""
    if not MEETINGS_DEV.is_dir() or not REAL_DEV.is_dir():
        pytest.skip(f"{MEETINGS_DEV} is not here (it comes with the project's shared folder)")
    folder = tmp_path_factory.mktemp("meetings-dev")
    for path in [*SHIPPED.iterdir(), *(p for p in (MEETINGS_DEV / "docs").iterdir() if p.name[:2] in MEETINGS_TUNED),
                 *(p for p in (REAL_DEV / "docs").iterdir() if p.name[:2] in TUNED)]:
        shutil.copy(path, folder)
    return Briefing(folder, tmp_path_factory.mktemp("data"), encoder=real_encoder)


@pytest.mark.model
def test_real_meeting_documents_nobody_here_wrote(meetings_dev):
    """Agendas, minutes and summary records: the tuning half's questions and those to decline.
    Measured 34/39 and 8/10 declined; asserted a point or two below."""
    cases = [c for c in read_cases(MEETINGS_DEV / "questions.jsonl") if c.doc[:2] in MEETINGS_TUNED]
    report = evaluate(cases, answer_cases(meetings_dev.ask_many, cases))
    print(f"\nmeetings-dev tuning half: {report.answered_right}/{report.to_answer}, declined "
          f"{report.refused_right}/{report.to_refuse}; misses: {[m.case.id for m in report.misses]}")
    assert report.answered_right >= 32
    assert report.refused_right >= 7


def _alone(number: str, encoder, tmp_path) -> Briefing:
    """A briefing of one tuning-half meeting document alone, as a secretariat would keep it."""
    if not MEETINGS_DEV.is_dir():
        pytest.skip(f"{MEETINGS_DEV} is not here (it comes with the project's shared folder)")
    (folder := tmp_path / "alone").mkdir()
    shutil.copy(next((MEETINGS_DEV / "docs").glob(f"{number}-*")), folder)
    return Briefing(folder, tmp_path / "data", encoder=encoder)


@pytest.mark.model
def test_a_paper_listed_under_an_agenda_item_answers_which_document_goes_with_it(real_encoder, tmp_path):
    """An agenda alone in the folder, as a secretariat would have it: "goes" is nowhere in it,
    the item's number links its paper to the question."""
    briefing = _alone("05", real_encoder, tmp_path)
    answer = briefing.ask("Which document goes with item 4?")
    assert answer.answered and answer.text.startswith("C/Sp/6/1")
    assert not briefing.ask("Which document goes with item 3?").answered
    assert not briefing.ask("Who chairs the session?").answered  # only "Election of the Second Vice-Chairperson"
    # "special session" names the meeting; "candidates", what is asked, is nowhere in it
    assert not briefing.ask("Who are the candidates for Director General at the special session?").answered
    when = briefing.ask("When is the session?")  # the line under the name, not a paper "as at 1 May 2023"
    assert when.answered and when.text.startswith("15 and 16 May 2023")


@pytest.mark.model
def test_a_summary_record_alone_says_when_the_meeting_was_held_and_who_sat_for_a_country(real_encoder, tmp_path):
    """"Held in ... on Monday, 5 November 1951" is the record's own date: it dates the meeting,
    unlike a release's date; the attendance row pairs a member with his country."""
    briefing = _alone("03", real_encoder, tmp_path)
    assert "5 November 1951" in briefing.ask("When was the meeting held?").text
    assert "ARAS" in briefing.ask("Who represents Turkey?").text


@pytest.mark.model
def test_our_own_questions_with_follow_ups_and_tricks(real_dev):
    """44 questions written here over the shipped briefing and the tuning half: follow-ups ("after")
    asked with the topic of the answer they follow, and trick questions to decline. Measured 27/31
    and 12/13 (the misses: "Who seconded him?" takes another sentence naming him, and counts)."""
    cases = read_cases(HERE / "own_questions.jsonl")
    report = evaluate(cases, answer_cases(real_dev.ask_many, cases))
    print(f"\nown questions: {report.answered_right}/{report.to_answer}, declined {report.refused_right}/"
          f"{report.to_refuse}; misses: {[m.case.id for m in report.misses]}")
    assert report.answered_right >= 25
    assert report.refused_right >= 11


@pytest.mark.model
def test_a_question_about_the_meeting_that_fits_several_is_asked_back(real_dev):
    answer = real_dev.ask("Who opened the meeting?")
    assert answer.kind == "choose" and not answer.answered
    assert 2 <= len(answer.choices) <= 5 and "which one" in answer.reason
    picked = real_dev.ask("Who opened the meeting?", Topic(answer.choices[0].document))
    assert picked.kind != "choose"


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

    from knowledge.evaluation.quality import retrieval_ranks, squad_documents, summarise
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


SQUAD_2 = ROOT.parent / "shared" / "bench" / "squad-dev-v2.0-part-a.json"


@pytest.mark.model
def test_squad_answers_and_declines_on_two_articles(real_encoder, tmp_path):
    """Crowd-written questions nobody here wrote, half of them unanswerable (SQuAD 2.0): two
    articles indexed together, 160 questions (seeded). The whole part A is in README; here the
    figures measured on this subset are asserted a few points below."""
    import json

    from knowledge.evaluation.quality import answer_quality, squad_cases, squad_documents

    if not SQUAD_2.is_file():
        pytest.skip(f"{SQUAD_2} is not here (it comes with the project's shared folder)")
    data = json.loads(SQUAD_2.read_text(encoding="utf-8"))
    data["data"] = [a for a in data["data"] if a["title"] in ("Normans", "Scottish_Parliament")]
    subset = tmp_path / "squad.json"
    subset.write_text(json.dumps(data), encoding="utf-8")
    squad_documents(subset, tmp_path / "documents")
    briefing = Briefing(tmp_path / "documents", tmp_path / "data", encoder=real_encoder)
    cases = squad_cases(subset, sample=160)
    answers = briefing.ask_many([c.question for c in cases])
    bot = answer_quality("bot", cases, answers)
    dense = answer_quality("dense", cases, briefing.ask_many([c.question for c in cases], mode="dense"))
    print(f"\nSQuAD 2.0 subset: holds gold {bot.holds_gold:.3f} of {bot.answerable} (dense passage "
          f"{dense.holds_gold:.3f}), median {bot.median_words} words, declined {bot.declined:.3f} of {bot.unanswerable}")
    assert bot.median_words <= 30
    assert bot.holds_gold >= SQUAD_SUBSET_HOLDS_GOLD
    assert bot.declined >= SQUAD_SUBSET_DECLINED


SQUAD_SUBSET_HOLDS_GOLD = 0.78  # measured 0.845
SQUAD_SUBSET_DECLINED = 0.13  # measured 0.191
