"""Hybrid retrieval and answer picking, with encoders whose behaviour the test controls."""

import numpy as np
import pytest

from knowledge.answering.answers import answer_questions
from knowledge.answering.requests import as_question
from knowledge.briefing import Briefing
from tests.conftest import FakeEncoder


class BlindEncoder(FakeEncoder):
    """Dense vectors that carry almost no meaning: only the lexical half can find anything."""

    def encode(self, texts, **kwargs):
        out = np.ones((len(list(texts)), self.dimension), dtype=np.float32)
        out[:, 0] += np.arange(len(out)) * 1e-3
        return out / np.linalg.norm(out, axis=1, keepdims=True)


@pytest.fixture
def meetings(tmp_path):
    from tests.knowledge.reading.test_facts import MEETINGS

    return Briefing(MEETINGS, tmp_path / "data", encoder=BlindEncoder()).index


def test_lexical_half_finds_names_and_numbers_where_the_embedding_is_blind(meetings):
    encoder = BlindEncoder()
    questions = ["Petraitis Neman particles", "2,400 villages oral rehydration"]
    hybrid = answer_questions(meetings, encoder, questions, mode="lexical")
    assert "Neman" in hybrid[0].sources[0].text
    assert "2,400 villages" in hybrid[1].sources[0].text


def test_names_match_without_diacritics_in_any_case_and_with_a_typo(tmp_path):
    folder = tmp_path / "k"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Minister Željko Đurić opened the session.\n\nThe weather was fine.\n\nLunch was served at noon.", encoding="utf-8"
    )
    index = Briefing(folder, tmp_path / "d", encoder=BlindEncoder()).index
    for query in ("zeljko duric", "ŽELJKO ĐURIĆ", "Zeljko Djuric", "zelko duric"):
        assert "Đurić" in answer_questions(index, BlindEncoder(), [query], mode="lexical")[0].sources[0].text, query


def test_fusion_of_a_blind_embedding_with_bm25_still_ranks_by_words(meetings):
    """Hybrid mode fuses both halves (the dense scores are computed and z-scored), and a blind
    embedding cannot outvote the words: the same passage comes first as with BM25 alone."""
    question = ["obstacle-detection radar trains"]
    hybrid = answer_questions(meetings, BlindEncoder(), question, mode="hybrid")[0]
    lexical = answer_questions(meetings, BlindEncoder(), question, mode="lexical")[0]
    assert "radar" in hybrid.sources[0].text
    assert hybrid.sources[0].passage == lexical.sources[0].passage
    assert [s.score for s in hybrid.sources] != [s.score for s in lexical.sources]  # fused, not BM25's own


@pytest.mark.parametrize(("greeting", "opening"), [
    ("hi", "Hello!"), ("Hello!", "Hello!"), ("good morning", "Hello!"), ("thanks", "You're welcome!"),
    ("Thank you very much", "You're welcome!"), ("bye", "Goodbye!"), ("ok", ""),
])
def test_small_talk_gets_a_fitting_reply_not_a_passage(meetings, greeting, opening):
    answer = answer_questions(meetings, FakeEncoder(), [greeting])[0]
    assert not answer.answered and answer.kind == "small_talk" and answer.text == ""
    assert answer.reason == opening  # "thanks" is not greeted with "Hello!"


@pytest.mark.parametrize(("message", "kind"), [
    ("help", "help"), ("what can you do?", "help"), ("Who are you?", "help"), ("how do I use this?", "help"),
    ("What documents do you have?", "sources"), ("which files do you know", "sources"), ("What do you know?", "sources"),
    ("What's the title?", "sources"), ("What is the headline of the release?", "sources"),
])
def test_questions_about_the_bot_itself_get_its_help_or_its_documents_not_a_passage(meetings, message, kind):
    answer = answer_questions(meetings, FakeEncoder(), [message])[0]
    assert not answer.answered and answer.kind == kind
    if kind == "sources":  # the documents by title, for the command line; Telegram sends /sources
        assert answer.reason.startswith(f"I answer from {len(meetings.documents)} documents: ")
        assert all((d.title or d.name) in answer.reason for d in meetings.documents)


@pytest.mark.parametrize("request_", ["Summarize the meeting", "summary please", "Give me an overview", "tl;dr",
                                      "What are the key points?", "Main takeaways?", "highlights of the meeting"])
def test_a_request_for_a_summary_is_told_apart_from_a_question(meetings, request_):
    # the bot answers it with the briefing card; "the documents don't say whether summary" it is not
    answer = answer_questions(meetings, FakeEncoder(), [request_])[0]
    assert answer.kind == "summary" and not answer.answered and answer.reason == ""


@pytest.mark.parametrize("wrapped", ["Can you tell me who spoke about the radar?", "Do you know who spoke about the radar",
                                     "Hi, could you please tell me who spoke about the radar?",
                                     "I'd like to know who spoke about the radar", "I’d like to know who spoke about the radar"])
def test_a_question_wrapped_in_a_request_is_answered_as_the_question(meetings, wrapped):
    direct = answer_questions(meetings, BlindEncoder(), ["Who spoke about the radar?"])[0]
    answer = answer_questions(meetings, BlindEncoder(), [wrapped])[0]
    assert direct.answered and (answer.answered, answer.text) == (direct.answered, direct.text)
    assert answer.question == wrapped  # the asker's words are what is journalled and shown


@pytest.mark.parametrize(("request_", "question"), [
    ("List the speakers", "Who are the speakers?"), ("name all participants please", "Who are the participants?"),
    ("Give me the list of participants", "Who are the participants?"), ("tell me the date", "What is the date?"),
    ("Show me the programme for day 2", "What is the programme for day 2?"), ("name the chair", "Who is the chair?"),
    ("List the organisers", "Who are the organisers?"), ("Can you tell me about the venue?", "What is the venue?"),
    ("Give me the number of participants", "How many participants?"), ("Tell me about Ms Ann Holm", "Who is Ms Ann Holm?"),
    ("List the co-organizers", "Who are the co-organizers?"), ("Name the co-chair", "Who is the co-chair?"),
])
def test_a_request_for_something_named_is_asked_as_a_question(request_, question):
    # "List the speakers" got "The documents don't say whether list the speakers"
    assert as_question(request_) == question


@pytest.mark.parametrize("message", ["tell me more", "show me the document", "Who spoke?", "list"])
def test_a_request_naming_nothing_in_particular_is_left_as_it_is(message):
    assert as_question(message) == message


def test_a_request_for_something_named_gets_the_answer_of_the_question(meetings):
    asked = answer_questions(meetings, BlindEncoder(), ["Who were the speakers at the rail safety workshop?",
                                                        "List the speakers at the rail safety workshop"])
    assert [a.kind for a in asked] == ["speakers", "speakers"] and asked[1].text == asked[0].text


@pytest.mark.parametrize(("question", "reply"), [
    ("Кто открыл встречу?", "I can only read questions in English"),  # words in no document: another language
    ("Who is Иванов?", "None of the documents mentions Иванов"),  # an English question naming someone absent
    ("What did Петров say about the budget?", "None of the documents mentions Петров"),  # not someone else's words
])
def test_a_question_in_another_script_is_declined_with_why_not_answered_from_a_guess(meetings, question, reply):
    answer = answer_questions(meetings, FakeEncoder(), [question])[0]
    assert not answer.answered and reply in answer.reason


def _meeting_questions() -> list[str]:
    import json
    from pathlib import Path

    lines = (Path(__file__).parents[2] / "data" / "meetings_questions.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["question"] for line in lines if line.strip()]


def test_an_index_searched_through_a_graph_answers_like_the_exact_one(tmp_path, fake_encoder):
    from tests.knowledge.reading.test_facts import MEETINGS

    exact = Briefing(MEETINGS, tmp_path / "exact", encoder=fake_encoder, approximate_from=None)
    graph = Briefing(MEETINGS, tmp_path / "graph", encoder=fake_encoder, approximate_from=1)
    assert exact.index.store.approximate is None and graph.index.store.approximate is not None
    questions = _meeting_questions()
    pairs = list(zip(exact.ask_many(questions), graph.ask_many(questions)))
    pairs.append((exact.ask(questions[0]), graph.ask(questions[0])))  # one question alone, as the bot often asks
    for a, b in pairs:
        assert (a.answered, a.text, [s.passage for s in a.sources]) == (b.answered, b.text, [s.passage for s in b.sources])


def test_scoring_only_candidates_keeps_the_best_passage(tmp_path, fake_encoder, monkeypatch):
    """With far fewer candidates than passages (as at a million passages), the answers hold."""
    import shutil

    from embeddings import store
    from knowledge.answering import answers as answering
    from knowledge.indexing import index
    from tests.knowledge.reading.test_facts import MEETINGS

    folder = tmp_path / "knowledge"
    shutil.copytree(MEETINGS, folder)
    rng = np.random.default_rng(1)
    words = "archive ledger orchard violin harbour copper meadow lantern quarry saddle thimble beacon".split()
    for n in range(60):  # distractors, so that candidates are a small part of the index
        paragraphs = [" ".join(rng.choice(words, 25)).capitalize() + "." for _ in range(5)]
        (folder / f"filler-{n:02d}.txt").write_text("\n\n".join(paragraphs), encoding="utf-8")
    exact = Briefing(folder, tmp_path / "exact", encoder=fake_encoder, approximate_from=None)
    graph = Briefing(folder, tmp_path / "graph", encoder=fake_encoder, approximate_from=1)
    monkeypatch.setattr(answering, "CANDIDATES", 3)
    monkeypatch.setattr(store, "CANDIDATES", 3)
    monkeypatch.setattr(index, "STATS_SAMPLE", 30)
    assert len(graph.index.passages) > 10 * (3 + 3 + 10)
    questions = _meeting_questions()
    same = sum(
        (a.answered, a.sources[0].passage, a.sources[0].document) == (b.answered, b.sources[0].passage, b.sources[0].document)
        for a, b in zip(exact.ask_many(questions), graph.ask_many(questions))
    )
    assert same >= 0.9 * len(questions)


def test_changing_the_graph_setting_resaves_without_embedding_again(tmp_path, fake_encoder):
    from tests.knowledge.reading.test_facts import MEETINGS

    assert Briefing(MEETINGS, tmp_path, encoder=fake_encoder, approximate_from=None).index.store.approximate is None
    calls = fake_encoder.calls
    assert Briefing(MEETINGS, tmp_path, encoder=fake_encoder, approximate_from=10).index.store.approximate is not None
    assert Briefing(MEETINGS, tmp_path, encoder=fake_encoder, approximate_from=10).load().store.approximate is not None
    assert Briefing(MEETINGS, tmp_path, encoder=fake_encoder, approximate_from=10**6).index.store.approximate is None
    assert fake_encoder.calls == calls


def test_the_search_expansion_setting_reaches_the_graph_however_the_index_arrives(tmp_path, fake_encoder):
    from tests.knowledge.reading.test_facts import MEETINGS

    def expansion(briefing_index):
        return briefing_index.store.approximate.index.expansion_search

    briefing = Briefing(MEETINGS, tmp_path, encoder=fake_encoder, approximate_from=1, search_expansion=64)
    assert expansion(briefing.index) == 64  # built
    briefing.refresh(full=True)
    assert expansion(briefing.index) == 64  # refreshed
    assert expansion(Briefing(MEETINGS, tmp_path, encoder=fake_encoder, approximate_from=1, search_expansion=300).load()) == 300
    assert expansion(Briefing(MEETINGS, tmp_path, encoder=fake_encoder, approximate_from=1).index) == 512  # opened, default
