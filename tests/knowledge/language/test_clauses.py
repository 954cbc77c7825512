"""Questions as clauses for the decline sentences ("doesn't say when the board was founded")."""

from __future__ import annotations

import pytest

from knowledge.language.clauses import indirect


def test_indirect_question_reads_as_a_clause():
    assert indirect("When was the harbour board founded?") == "when the harbour board was founded"


@pytest.mark.parametrize(("question", "clause"), [
    ("Who was elected?", "who was elected"),
    ("How many boats were sold?", "how many boats were sold"),
    ("Where is the harbour located?", "where the harbour is located"),
    ("What did the mayor announce?", "what the mayor announced"),
    ("When does the regatta start?", "when the regatta starts"),
    ("Is there a ferry?", "whether there is a ferry"),
    ("Did the mayor attend the opening?", "whether the mayor attended the opening"),
    ("Will the board meet in June?", "whether the board will meet in June"),
    ("Which post will be elected under item 5?", "which post will be elected under item 5"),
    ("How many rooms does the harbour hotel have?", "how many rooms the harbour hotel has"),
    ("What does the board study?", "what the board studies"),
    ("What did the board study?", "what the board studied"),
    ("What does the mayor fix?", "what the mayor fixes"),
    ("What does the mayor say?", "what the mayor says"),
    ("When is the closing of the session?", "when the closing of the session is"),
    ("What is the budget of the harbour board for 2027?", "what the budget of the harbour board for 2027 is"),
    ("How many items are on the agenda?", "how many items are on the agenda"),
    ("Where is the dinner?", "where the dinner is"),
    ("What are the meeting hours on the last day, 5 May?", "what the meeting hours are on the last day, 5 May"),
    # "did" parsed as the main verb and "report" as a noun: the verb is found, no "sessioned"
    ("Which treaties did the Harbour Board Chair report on at the June 2027 Plenary Session?",
     "which treaties the Harbour Board Chair reported on at the June 2027 Plenary Session"),
    # a participle before or after a noun is no verb of the clause ("the is following meeting")
    ("Where and when is the following Lakes meeting?", "where and when the following Lakes meeting is"),
    ("When does the following session start?", "when the following session starts"),
    ("What is the meeting discussing?", "what the meeting is discussing"),
    # "chairs" read as a verb: the copula still closes the clause
    ("Who are the Harbour working group chairs running these sessions?",
     "who the Harbour working group chairs running these sessions are"),
    # a relative clause's verb is not the question's, and an item's bracket stays
    ("When is the Lakes meeting that was postponed?", "when the Lakes meeting that was postponed is"),
    ("Which paper is the report that was adopted under item 4(c)?",
     "which paper is the report that was adopted under item 4(c)"),
    ("What did the Harbour Board decide on item 2(b)?", "what the Harbour Board decided on item 2(b)"),
    # auxiliaries before the verb stay with it; a verb of a phrase inside the subject is not the clause's
    ("When will the regatta results be released?", "when the regatta results will be released"),
    ("When has the harbour board been renamed?", "when the harbour board has been renamed"),
    ("What was the outcome of closing the old harbour?", "what the outcome of closing the old harbour was"),
    ("What is the expression used to describe the tides?", "what the expression used to describe the tides is"),
    # a contraction, straight or curly, as staff type it: not "Whatthe purpose of the regatta 's"
    ("What's the purpose of the regatta?", "what the purpose of the regatta is"),
    ("Who’s the harbour master?", "who the harbour master is"),
    # an adjective after the subject, parsed as its modifier ("the regatta open to the press is")
    ("Is the regatta open to the press?", "whether the regatta is open to the press"),
    ("Were the minutes approved?", "whether the minutes were approved"),  # a passive parsed as a modifier
    ("Were the accounts approved by the board?", "whether the accounts were approved by the board"),
    ("What is Ann Smith worried about?", "what Ann Smith is worried about"),
    ("What is the board concerned about?", "what the board is concerned about"),
    ("Who is the chair responsible for?", "who the chair is responsible for"),
    ("What is the regatta about?", "what the regatta is about"),
    ("How large is the budget the Harbour Board approved?", "how large the budget the Harbour Board approved is"),
    # a modal after its subject, and the asker's "I", "my", "we" said back as "you", "your"
    ("Where can I join remotely?", "where you can join remotely"),
    ("What time should participants arrive at Harbour House?", "what time participants should arrive at Harbour House"),
    ("How do I register?", "how you register"),
    ("Am I registered?", "whether you are registered"),
    ("Is my badge ready?", "whether your badge is ready"),
    ("Who will pick us up?", "who will pick you up"),
    ("Where is Plenary I?", "where Plenary I is"),                      # a numeral, not the asker
    ("Who can attend?", "who can attend"),                              # the wh word is the subject
    # "will" before "be": after the subject; a verb the tagger reads as a noun ("the Council elect"): as asked
    ("Where will the next regatta be?", "where the next regatta will be"),
    ("How long will the meeting be?", "how long the meeting will be"),
    ("Who will the Harbour Council elect?", "who will the Harbour Council elect"),
    # a choice the tagger reads into a long subject ("... of the Harbour Council public")
    ("Is the 6th special session of the Harbour Council public or private?",
     "whether the 6th special session of the Harbour Council is public or private"),
    # a noun phrase alone, as staff type one: not "whether main takeaways"
    ("Main takeaways?", "anything about main takeaways"),
    ("Any decisions on the harbour fees?", "anything about decisions on the harbour fees"),
])
def test_indirect_questions_keep_english_word_order(question, clause):
    assert indirect(question) == clause


def test_a_copula_is_never_put_inside_the_verb_of_a_phrase_in_its_subject():
    clause = indirect("What is the record number of goals the harbour team has had?")
    assert "has is" not in clause and "is had" not in clause
