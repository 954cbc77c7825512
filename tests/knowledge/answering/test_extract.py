"""The items of a sentence that can answer: those of the kind asked, not the dateline's."""

from __future__ import annotations

import pytest

from knowledge.answering.extract import typed_items
from knowledge.answering.question import analyse

LEAD = "QUITO, 9 May 2027 (UNDP) - The river council opened its session in Lima with 40 delegates."


@pytest.mark.parametrize(("question", "kept", "left"), [
    ("How long did the council's session last?", [], ["9 May 2027"]),
    ("Which cities hosted the river council?", ["Lima"], ["Quito"]),
    ("When did the river council open its session?", ["9 May 2027"], []),
    ("Where did the river council open its session?", ["Lima"], []),
])
def test_the_datelines_date_and_place_answer_only_when_and_where(question, kept, left):
    items = [e.text for e in typed_items(analyse(question), LEAD)]
    assert all(any(k in i for i in items) for k in kept), items
    assert not any(x in i for x in left for i in items), items



@pytest.mark.parametrize(("question", "answers"), [
    ("How many days does the river council meet?", True),
    ("How many weeks does the river council meet?", True),
    ("How many hours does the river council meet?", False),
    ("How many delegates does the river council have?", False),
])
def test_a_range_of_dates_says_how_many_days_not_how_many_hours(question, answers):
    items = typed_items(analyse(question), "The river council will meet in Lima from 10 to 14 March.")
    assert any("10 to 14 March" in e.text for e in items) is answers, items


@pytest.mark.parametrize(("question", "sentence", "answers"), [
    ("What was the budget of the river council?", "The river council has 64 members.", False),
    ("What was the budget of the river council?", "The council's budget is 2.5 million.", True),
    ("What was the budget of the river council?", "The council approved EUR 300,000 for the study.", True),
    ("How large is the budget of the river council?", "The river council has 64 members.", False),
    ("How large is the river council?", "The river council has 64 members.", True),
])
def test_a_budget_is_a_sum_or_a_number_said_of_the_budget_not_a_count_of_members(question, sentence, answers):
    assert bool(typed_items(analyse(question), sentence)) is answers

def test_how_a_meeting_was_held_is_the_line_that_says_held(knowledge_dir, data_dir, fake_encoder):
    from knowledge.briefing import Briefing

    (knowledge_dir / "lakes.txt").write_text(
        "Lakes Commission\n\nSummary record of the 12th meeting\n\nLAKES/C/SR.12\n\n"
        "Held via videoconference on Monday, 3 May 2027, at 10.00 a.m.\n\n"
        "The Commission adopted its agenda and heard the report of the Secretariat.", encoding="utf-8")
    answer = Briefing(knowledge_dir, data_dir, encoder=fake_encoder).ask(
        "How was the Lakes Commission's 12th meeting held?")
    assert answer.answered and "videoconference" in answer.text


@pytest.mark.parametrize(("sentence", "named"), [
    ("The host country of the next session will present its venue to the Commission.", None),
    ("Norway will host the next session of the Commission in 2028.", "Norway"),
    # an organisation is no country: the Bureau chooses the host, and the sentence names no place
    ("The Bureau of the Lakes Commission will choose the host country of the next session.", None),
])
def test_which_country_is_answered_only_by_a_sentence_naming_one(knowledge_dir, data_dir, fake_encoder, sentence,
                                                                  named):
    from knowledge.briefing import Briefing

    (knowledge_dir / "lakes.txt").write_text(
        "Lakes Commission closes its 12th session\n\nThe Lakes Commission met on 3 May 2027 to review water "
        f"levels of the northern lakes.\n\n{sentence}", encoding="utf-8")
    answer = Briefing(knowledge_dir, data_dir, encoder=fake_encoder).ask(
        "Which country will host the next session of the Lakes Commission?")
    if named is None:
        assert not answer.answered
        assert "doesn't say which country will host the next session" in answer.reason
    else:
        assert answer.answered and named in answer.text


def test_who_spoke_for_a_body_named_by_its_acronym_is_the_person_under_its_heading(knowledge_dir, data_dir,
                                                                                    fake_encoder):
    """The record defines "LWB" pages from the statement, which names the board in full; the
    statement's heading names the board but no one: the person in the paragraph under it answers."""
    from knowledge.briefing import Briefing

    filler = "".join(f"Item {n} was deferred to the next session of the Commission.\n\n" for n in range(3, 12))
    (knowledge_dir / "record.txt").write_text(
        "Lakes Commission: summary record of the 40th meeting\n\nHeld in Oslo on Monday, 3 May 2027\n\n"
        "Statement by the representative of the Lakes Water Board\n\n"
        "Ms. Ingrid Holm (Lakes Water Board) said that the northern lakes had fallen for three years and that "
        "monitoring would be doubled.\n\n"
        "The Commission took note of the statement.\n\n" + filler +
        "The Lakes Water Board (LWB) would publish its figures before the next session.\n", encoding="utf-8")
    answer = Briefing(knowledge_dir, data_dir, encoder=fake_encoder).ask(
        "Who made the statement for the LWB at the 40th meeting of the Lakes Commission?")
    assert answer.answered and "Ingrid Holm" in answer.text


def test_a_field_line_answers_who_itself_not_the_paragraph_under_it(knowledge_dir, data_dir, fake_encoder):
    from knowledge.briefing import Briefing

    (knowledge_dir / "minutes.txt").write_text(
        "Lakes Commission: minutes of the 40th session\n\n"
        "1. Attending: Ms. Holm (Chair), Mr. Lund, Ms. Berg\n\n"
        "2. Apologies for Absence: Apologies were received from Harbour Councillor T Aas and Cllr P Dahl\n\n"
        "The Chair welcomed Officer Kari Nygaard, who reported one fire in the harbour.\n", encoding="utf-8")
    got = Briefing(knowledge_dir, data_dir, encoder=fake_encoder).ask("Who sent apologies for absence?")
    assert got.answered and "Cllr P Dahl" in got.text



def test_who_gives_an_agenda_items_report_is_the_person_its_line_names(knowledge_dir, data_dir, real_encoder):
    """On a real agenda of the extra set's tuning half: the item's line names its presenter in
    brackets, among a link; the question's verb ("gives") is on no agenda line."""
    import shutil

    from knowledge.briefing import Briefing
    from tests.conftest import ROOT

    shutil.copy(ROOT / "tests/data/meetings-extra/docs/05-ecma-tc39-73rd-meeting-agenda.md", knowledge_dir)
    got = Briefing(knowledge_dir, data_dir, encoder=real_encoder).ask("Who gives the Secretary's Report?")
    assert got.answered and "Istvan Sebestyen" in got.text


def test_who_presents_an_item_is_never_answered_with_another_items_presenter(knowledge_dir, data_dir, fake_encoder):
    """The tagger misses the name on the item's own line; the next line's presenter is no answer."""
    from knowledge.briefing import Briefing

    (knowledge_dir / "agenda.txt").write_text(
        "Harbour working group: agenda\n\n"
        "10 min - Harbour Loop Prevention - Kari Sol (slides)\n15 min - Dredging Updates - Mike Bishop (slides)\n",
        encoding="utf-8")
    got = Briefing(knowledge_dir, data_dir, encoder=fake_encoder).ask("Who presents Harbour Loop Prevention?")
    assert "Mike Bishop" not in got.text


class _Leads:
    """A corpus as :func:`first_keyed` reads it: each document's lead is its row 0 from offset 0."""

    def lead(self, document: str) -> tuple[int, int]:
        return 0, 0


def _candidate(row: int, key_share: float, text: str):
    from knowledge.answering.extract import FEATURES, Candidate

    features = tuple(key_share if name == "key words" else 0.0 for name in FEATURES)
    return Candidate("release.txt", row, 0, len(text), text, 1.0, 0.5, key_share, (), features)


@pytest.mark.parametrize(("first_row", "chosen"), [
    (0, "Its second session will focus on the ferry berths."),  # the lead, holding no key word, yields
    (3, "Oslo, 5 May 2027: The Harbour Board met for its 12th meeting."),  # another sentence keeps its place
])
def test_a_lead_without_the_questions_key_words_yields_to_a_sentence_holding_them(first_row, chosen):
    from knowledge.answering.extract import first_keyed

    cands = [_candidate(first_row, 0.0, "Oslo, 5 May 2027: The Harbour Board met for its 12th meeting."),
             _candidate(2, 1.0, "Its second session will focus on the ferry berths.")]
    assert first_keyed(_Leads(), cands).text == chosen


def test_weights_learned_from_questions_put_their_right_sentences_first():
    """``python -m benchmarks.weights``: where the hand-set weights rank a sentence with more of the
    dense similarity first but the right one holds the key words, the fitted weights learn that."""
    import numpy as np

    from benchmarks.weights import fit, top1
    from knowledge.answering.extract import FEATURES, WEIGHTS

    rng = np.random.default_rng(0)
    groups = []
    for _ in range(40):
        x = np.zeros((6, len(FEATURES)))
        x[:, 0] = rng.uniform(0.3, 0.6, 6)
        x[0, 0], x[0, 1] = 0.2, 0.5  # the right one: lower dense similarity, holds half the key words
        x[1:, 0] += 0.5
        groups.append((x, np.arange(6) == 0))
    learned = fit([(x, y, 1.0) for x, y in groups], np.asarray(WEIGHTS))
    assert top1(groups, WEIGHTS) == 0.0 and top1(groups, learned) == 1.0


@pytest.mark.parametrize(("sentence", "answers"), [
    ("The round table will consist of two sessions.", False),        # a number of sessions
    ("Delegates from 30 countries took part in the talks.", False),  # a number of countries
    ("Drug use fell to less than 5 per cent of adults.", False),     # a share, no count
    ("The course trained 150 police officers.", True),
    ("The talks were attended by 150.", True),                       # a number that counts no noun
])
def test_how_many_people_is_not_answered_by_a_number_of_things(sentence, answers):
    assert bool(typed_items(analyse("How many people took part?"), sentence)) is answers
