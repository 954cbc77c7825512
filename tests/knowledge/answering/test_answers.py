import pytest

from knowledge.answering.answers import MAX_QUESTION_CHARS, answer_questions, normalise_question
from knowledge.briefing import Briefing
from knowledge.errors import InvalidQuestionError


@pytest.fixture
def briefing(knowledge_dir, data_dir, fake_encoder):
    (knowledge_dir / "oslo.txt").write_text(
        "Budget Committee meets in Oslo\n\n12 January 2024\n\n"
        "The committee approved the budget for fisheries.\n\nChair Ingrid Berg thanked the delegates.",
        encoding="utf-8",
    )
    return Briefing(knowledge_dir, data_dir, encoder=fake_encoder)


def test_answer_is_the_best_passage_with_five_sources_best_first(briefing):
    answer = briefing.ask("Did the committee approve the budget for fisheries?")
    assert answer.answered
    assert answer.text == "The committee approved the budget for fisheries."
    assert answer.best.document == "oslo.txt" and answer.best.date == "2024-01-12"
    assert answer.best.title == "Budget Committee meets in Oslo"
    assert len(answer.sources) == 5
    assert [s.score for s in answer.sources] == sorted((s.score for s in answer.sources), reverse=True)


def test_question_far_from_every_passage_is_declined_but_keeps_sources(briefing):
    answer = briefing.ask("xylophone quartz jukebox")
    assert not answer.answered and answer.text == ""
    assert len(answer.sources) == 5


def test_many_questions_are_answered_in_order_with_few_encode_calls(briefing, fake_encoder):
    """A batch costs one encoder call for its questions and at most one for the sentences it reads
    that were never read before; asked again, the questions alone."""
    briefing.index  # build first
    questions = ["Who is Ingrid Berg?", "Where did criminal justice experts gather?"]
    calls = fake_encoder.calls
    answers = briefing.ask_many(questions)
    assert fake_encoder.calls <= calls + 2
    assert answers[0].best.document == "oslo.txt"
    assert answers[1].best.document == "osce-police-experts-meeting-2015.txt"
    calls = fake_encoder.calls
    assert [a.text for a in briefing.ask_many(questions)] == [a.text for a in answers]
    assert fake_encoder.calls == calls + 1


@pytest.mark.parametrize("bad", ["", "   ", "\n\t", "?!", "\x00\x00"])
def test_empty_questions_are_refused_before_any_work(briefing, fake_encoder, bad):
    with pytest.raises(InvalidQuestionError, match="empty"):
        briefing.ask(bad)
    assert fake_encoder.calls == 0


def test_overlong_question_is_refused():
    with pytest.raises(InvalidQuestionError, match="characters long"):
        normalise_question("why " * MAX_QUESTION_CHARS)


def test_question_is_tidied_once():
    assert normalise_question("  Who\u200b  opened\n the meeting?\x07 ") == "Who opened the meeting?"


def test_a_refresh_swaps_the_index_in_one_piece(briefing, knowledge_dir):
    old = briefing.index
    (knowledge_dir / "new.txt").write_text("Zebras were discussed at length.", encoding="utf-8")
    report = briefing.refresh()
    assert report.added == ("new.txt",)
    assert briefing.index is not old and len(old.passages) == 9
    assert briefing.ask("zebras discussed").best.document == "new.txt"
    assert answer_questions(old, briefing.encoder, ["zebras discussed"])[0].best.document != "new.txt"


def test_warm_up_runs_the_model_once_so_the_first_question_does_not_wait(briefing, fake_encoder):
    briefing.warm_up()
    assert fake_encoder.calls == 1


def test_a_model_that_cannot_load_is_reported_by_the_first_question_not_by_warm_up(knowledge_dir, tmp_path, caplog):
    from embeddings.encoder import SentenceTransformerEncoder
    from knowledge.errors import ModelUnavailableError

    broken = Briefing(knowledge_dir, tmp_path / "data", encoder=SentenceTransformerEncoder(tmp_path / "no-model"))
    broken.warm_up()
    assert "not ready" in caplog.text and "no-model" in caplog.text
    with pytest.raises(ModelUnavailableError, match="no-model"):
        broken.ask_many(["Who opened the meeting?"])


def test_a_minimum_confidence_declines_answers_scored_below_it(knowledge_dir, data_dir, fake_encoder):
    question = "What did Lyzhenkov say about smuggled and trafficked commodities?"
    relaxed = Briefing(knowledge_dir, data_dir, encoder=fake_encoder).ask(question)
    assert relaxed.answered and relaxed.confidence > 0
    strict = Briefing(knowledge_dir, data_dir, encoder=fake_encoder, min_confidence=relaxed.confidence + 0.01)
    declined = strict.ask(question)
    assert not declined.answered and declined.kind == "declined" and "not sure" in declined.reason
    assert Briefing(knowledge_dir, data_dir, encoder=fake_encoder,
                    min_confidence=relaxed.confidence - 0.01).ask(question).answered


def test_a_year_no_document_names_is_declined_and_the_meetings_own_year_is_not(briefing):
    """A number is a name the documents must hold like any other ("the 2019 committee" when the
    briefing holds 2024's); the year of a release's date counts as held."""
    later = briefing.ask("Did the 2019 Budget Committee approve the budget for fisheries?")
    assert not later.answered and later.reason == "None of the documents mentions 2019."
    assert briefing.ask("Did the 2024 Budget Committee approve the budget for fisheries?").answered
    elsewhere = briefing.ask("What did Lyzhenkov say about the victims in 2024?")  # 2024 is the Oslo release's year
    assert not elsewhere.answered and "2024" in elsewhere.reason and "OSCE" in elsewhere.reason


def test_a_question_for_the_purpose_is_answered_by_the_aim(knowledge_dir, data_dir, fake_encoder):
    """Writers say "aim", "goal" or "objective" for what a meeting is for; the model does not
    see them as alike, so "What is the purpose?" was declined while the aim was written."""
    (knowledge_dir / "regatta.txt").write_text(
        "Harbour regatta opens in Bergen\n\n4 June 2027\n\n"
        "Sailors from twelve clubs met in Bergen today for the two-day Harbour Regatta.\n\n"
        "The aim of the races is to raise funds for the lifeboat crew of the old harbour.\n\n"
        "The regatta is co-organised by the Harbour Board and the Bergen Sailing Club.",
        encoding="utf-8",
    )
    briefing = Briefing(knowledge_dir, data_dir, encoder=fake_encoder)
    for question in ("What is the purpose of the regatta?", "What's the goal of the regatta?"):
        answer = briefing.ask(question)
        assert answer.answered and answer.text.startswith("The aim of the races"), (question, answer.reason)
    assert not briefing.ask("What is the budget of the regatta?").answered


def test_who_attended_is_answered_by_who_gathered(knowledge_dir, data_dir, fake_encoder):
    """A release says who "gathered" or "participated" rather than who "attended"; the model puts
    the words apart, so "Who attended?" was declined while the people were written."""
    (knowledge_dir / "regatta.txt").write_text(
        "Harbour regatta opens in Bergen\n\n4 June 2027\n\n"
        "Sailors of the Bergen Sailing Club and the Oslo Yacht Club gathered in Bergen today for the Harbour Regatta.",
        encoding="utf-8",
    )
    briefing = Briefing(knowledge_dir, data_dir, encoder=fake_encoder)
    for question in ("Who attended the regatta?", "Who is attending the regatta?"):
        answer = briefing.ask(question)
        assert answer.answered and answer.text.startswith("Sailors of the Bergen"), (question, answer.reason)
    assert not briefing.ask("Who judged the regatta?").answered


def test_when_the_meeting_opened_is_when_people_gathered_for_it(knowledge_dir, data_dir, real_encoder):
    """"When did the Harbour Meeting open?" was declined: the sentence saying who opened it gives no day,
    and the one that does says people "gathered" for it, not that it was "held"."""
    (knowledge_dir / "regatta.txt").write_text(
        "Harbour Meeting on old boats\n\n4 June 2027\n\n"
        "Sailors gathered in Bergen today for the two-day Harbour Meeting, to discuss old boats.\n\n"
        "\"Old boats need new crews,\" said Mayor Ann Smith as she opened the meeting.",
        encoding="utf-8",
    )
    briefing = Briefing(knowledge_dir, data_dir, encoder=real_encoder)
    for question in ("When did the Harbour Meeting open?", "When did Ann Smith open the Harbour Meeting?"):
        answer = briefing.ask(question)  # (her sentence gives no day: the day they gathered is the one)
        assert answer.answered and answer.text.startswith("Sailors gathered"), (question, answer.reason)
        assert "4 June 2027" in answer.text


def test_who_chaired_is_not_answered_by_a_chairmanship_in_a_name(tmp_path, real_encoder):
    """A release names "the Norwegian 2027 Nordic Council Chairmanship" among the organisers and no
    chair: "Who chaired?" got the organisers' sentence, as the model puts "chaired" near "Chairmanship"."""
    knowledge_dir = tmp_path / "k"
    knowledge_dir.mkdir()
    (knowledge_dir / "regatta.txt").write_text(
        "Harbour Meeting on old boats\n\n4 June 2027\n\n"
        "Sailors gathered in Bergen today for a two-day meeting on the safety of old boats.\n\n"
        "The Meeting is co-organised by the Nordic Council's Maritime Safety Department, the Port Police Unit and "
        "the Norwegian 2027 Nordic Council Chairmanship, and brings together experts from Nordic Council member "
        "States and international organisations.",
        encoding="utf-8",
    )
    briefing = Briefing(knowledge_dir, tmp_path / "d", encoder=real_encoder)
    assert not briefing.ask("Who chaired the meeting?").answered
    assert "Chairmanship" in briefing.ask("Who organised the meeting?").text


def test_which_ministry_a_person_works_for_is_read_from_their_title(knowledge_dir, data_dir, fake_encoder):
    """"Work for" only ties the person to the ministry asked for: the sentence naming her with her
    title answers, not one that speaks of "the work of" the board."""
    (knowledge_dir / "regatta.txt").write_text(
        "Harbour regatta opens in Bergen\n\n4 June 2027\n\n"
        "\"Our harbour is open to every sailor,\" said State Secretary at the Ministry of Fisheries Ann Smith "
        "as she opened the regatta.\n\n"
        "The proceeds will support the work of the Harbour Board during the winter storms.",
        encoding="utf-8",
    )
    briefing = Briefing(knowledge_dir, data_dir, encoder=fake_encoder)
    for question in ("Which ministry does Ann Smith work for?", "Which ministry does Smith belong to?"):
        answer = briefing.ask(question)
        assert answer.answered and "Ministry of Fisheries" in answer.text, (question, answer.text, answer.reason)


def test_when_the_meeting_is_comes_from_its_first_line_not_a_later_year(knowledge_dir, data_dir, real_encoder):
    """"When is the workshop?" names the document's meeting by its one word: the first line, with
    the days, answers it, not a later sentence that gives only a year."""
    (knowledge_dir / "workshop.md").write_text(
        '---\ntitle: "Harbour Safety Workshop (Bergen Edition)"\n---\n\n'
        "Harbour Safety Workshop - Bergen Edition in Bergen, Norway (June 4-5, 2027)\n==========\n\n"
        "The Harbour Safety workshop (run by harbour masters from Norway and Sweden) looks at how small ports can "
        "keep crews safe in winter storms. The workshop (along with a Swedish workshop expected later in 2027) will "
        "produce a guide for port authorities, based on a report.\n\nThe workshop has two aims.\n", encoding="utf-8")
    answer = Briefing(knowledge_dir, data_dir, encoder=real_encoder).ask("When is the workshop?")
    assert answer.answered and answer.text.startswith("Harbour Safety Workshop - Bergen Edition"), answer.text


def test_where_the_meeting_is_comes_from_a_line_that_gives_its_time_and_place(knowledge_dir, data_dir, real_encoder):
    """"2:30 PM, 16 July | Grand Hotel, Oslo, Norway" under the title says where the workshop is,
    though no "in" or "at" stands before the place."""
    (knowledge_dir / "workshop.md").write_text(
        "# Workshop@Harbour-2027\n\n**2:30 PM, 16 July | Grand Hotel, Oslo, Norway**\n\n## Welcome\n\n"
        "This workshop offers hands-on tutorials in harbour safety for port staff.\n"
        "Consider the following questions to familiarize yourself with the key concepts of this workshop.\n",
        encoding="utf-8")
    answer = Briefing(knowledge_dir, data_dir, encoder=real_encoder).ask("Where is the workshop?")
    assert answer.answered and "Grand Hotel, Oslo" in answer.text, answer.reason


def test_a_yes_no_question_half_of_whose_words_are_missing_is_declined(briefing):
    """"Is it open to the press?" shares only "open" with "opened": the briefing says nothing of
    the press ("the press" is the media here, not the press release)."""
    (briefing.knowledge_dir / "regatta.txt").write_text(
        "Harbour regatta opens in Bergen\n\n4 June 2027\n\nMayor Ann Smith opened this regatta on Saturday morning, after a parade of old boats through Bergen harbour.", encoding="utf-8")
    briefing.refresh()
    answer = briefing.ask("Is the regatta open to the press?")
    assert not answer.answered and "press" in answer.reason
    assert briefing.ask("Did the mayor open the regatta?").answered


def test_what_the_meeting_is_about_is_the_sentence_that_gives_its_aim(knowledge_dir, data_dir, fake_encoder):
    """Not the sentence that shares most words with "meeting" ("The Meeting is co-organised by
    ..."), and not a speaker's words that happen to hold "objectives"."""
    (knowledge_dir / "regatta.txt").write_text(
        "Harbour Meeting on old boats\n\n4 June 2027\n\n"
        "\"The objectives of the old harbour plan have not been met,\" said Ann Smith, the harbour master.\n\n"
        "Sailors gathered in Bergen today for the Harbour Meeting, to discuss the safety of old boats at sea.\n\n"
        "The Meeting is co-organised by the Harbour Board and the Bergen Sailing Club, and brings the meeting's "
        "members together.",
        encoding="utf-8",
    )
    briefing = Briefing(knowledge_dir, data_dir, encoder=fake_encoder)
    answer = briefing.ask("What is the Harbour Meeting about?")
    assert answer.answered and answer.text.startswith("Sailors gathered in Bergen"), answer.text
    assert answer.best.document == "regatta.txt"


def test_how_long_shows_the_duration_in_bold_not_today_and_its_date(knowledge_dir, data_dir, fake_encoder):
    """The shipped release's lead says "today" and "two-day": "How long?" is answered by the
    second, with no note on what "today" was; "When?" by the first, with it."""
    briefing = Briefing(knowledge_dir, data_dir, encoder=fake_encoder)
    lasting = briefing.ask("How long did it last?")
    assert lasting.answered and lasting.text[slice(*lasting.span)] == "two-day"
    assert "going by the document's date" not in lasting.text
    when = briefing.ask("When was the OSCE Annual Police Experts Meeting?")
    assert when.answered and when.text[slice(*when.span)] == "Thursday, 28 May 2015"


def test_who_said_words_that_name_no_one_is_answered_with_their_speaker(knowledge_dir, data_dir, fake_encoder):
    """The second sentence of a quotation ("I am sure ...") names no one: the speaker named with
    the first ('"...," said Ann Smith.') is the answer to "Who said ...?"."""
    (knowledge_dir / "regatta.txt").write_text(
        "Harbour regatta opens in Bergen\n\n4 June 2027\n\n"
        "Sailors from twelve clubs met in Bergen today for the two-day Harbour Regatta.\n\n"
        "\"Old boats need safe harbours,\" said harbour master Ann Smith. \"I am sure the new lifeboat station "
        "will open next spring.\"\n\n"
        "The regatta is co-organised by the Harbour Board and the Bergen Sailing Club.",
        encoding="utf-8",
    )
    answer = Briefing(knowledge_dir, data_dir, encoder=fake_encoder).ask(
        "Who said the new lifeboat station will open next spring?")
    assert answer.answered and answer.text.startswith("Ann Smith: \"I am sure"), answer.text
    assert answer.text[slice(*answer.span)] == "Ann Smith"


def test_which_city_hosts_it_is_where_it_is_written_to_be(knowledge_dir, data_dir, fake_encoder):
    """"Which city hosted it?" asks where it was ("met in Bergen"); a country in a room's name
    ("Salle du Portugal") is not the city, so an agenda naming none is declined."""
    (knowledge_dir / "regatta.txt").write_text(
        "Harbour regatta opens\n\n4 June 2027\n\nSailors from twelve clubs met in Bergen today for the Harbour Regatta.",
        encoding="utf-8")
    (knowledge_dir / "forum.txt").write_text(
        "Lakes Forum 40: agenda\n\n10:00-12:00 Monday session I, Salle du Portugal\n\n"
        "14:00-16:00 Monday session II, Salle du Portugal\n", encoding="utf-8")
    briefing = Briefing(knowledge_dir, data_dir, encoder=fake_encoder)
    hosted = briefing.ask("Which city hosted the Harbour Regatta?")
    assert hosted.answered and "Bergen" in hosted.text
    assert not briefing.ask("Which city is hosting the Lakes Forum 40?").answered
