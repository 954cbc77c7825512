"""Hybrid retrieval and answer picking, with encoders whose behaviour the test controls."""

import numpy as np
import pytest

from knowledge.answering import answer_questions, best_sentences
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
    from tests.knowledge.test_facts import MEETINGS

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
    answer = answer_questions(meetings, BlindEncoder(), ["obstacle-detection radar trains"], mode="hybrid")[0]
    assert "radar" in answer.sources[0].text


def test_quote_is_kept_whole_and_the_speakers_next_sentence_follows():
    text = ('"Water knows no borders. What we pour into rivers reaches neighbours," said Minister Kadri Tamm. '
            "She called for binding limits. The summit then closed.")
    start, end = best_sentences("What did Kadri Tamm say about water?", text)
    assert text[start:end] == ('"Water knows no borders. What we pour into rivers reaches neighbours," said Minister '
                               "Kadri Tamm. She called for binding limits.")


def test_rare_words_outweigh_names_every_sentence_repeats():
    text = '"Deaths are caused by drivers," said Dubois. She proposed automatic cameras at crossings.'
    idf = {"duboi": 0.3, "propos": 2.0}
    start, end = best_sentences("What did Dubois propose?", text, idf)
    assert text[start:end] == "She proposed automatic cameras at crossings."


@pytest.mark.parametrize("greeting", ["hi", "Hello!", "thanks", "Thank you very much", "good morning"])
def test_small_talk_gets_a_hint_not_a_passage(meetings, greeting):
    answer = answer_questions(meetings, FakeEncoder(), [greeting])[0]
    assert not answer.answered and answer.kind == "small_talk" and answer.text == ""
