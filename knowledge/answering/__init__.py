"""Answering: takes a question (and the topic of the chat's last exchange) and the index; gives a
typed :class:`~knowledge.answering.types.Answer`: the answering sentence with its passage and
source, or a decline that says what the briefing lacks.

1. :mod:`.question` reads the question: what is asked, what kind of answer would satisfy it,
   which names and numbers it turns on, and whether it looks ahead or back.
2. :mod:`.answers` retrieves candidate passages (dense + BM25) and runs :mod:`.pipeline`, after
   :mod:`.requests` has told small talk and questions about the bot apart and read a request
   ("List the speakers") as its question and :mod:`.wording` has written its compounds as the
   documents do ("roundtable": "round table"); a question asking two things ("When and where is it?") is split by :mod:`.compound`, its parts
   answered one by one and shown together.
3. :mod:`.scope` decides which document(s) the question is about.
4. :mod:`.extract` scores the sentences of the best passages in scope and picks the answering
   sentence and, where one is clear, the span to show in bold.
5. :mod:`.verify` checks that the evidence supports every name, number and key word of the
   question and holds the kind of answer asked for; otherwise it declines and says what is missing.
6. :mod:`.followup` remembers, per chat, the person and meeting of the last exchange so that
   "What did he say?" and "When was it?" resolve.

:mod:`.types` holds the results passed between the steps; :mod:`.brief` and :mod:`.examples`
build the one-message summary and the example questions from the same index.
"""
