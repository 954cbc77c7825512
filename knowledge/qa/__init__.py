"""The answering pipeline, one step per module, typed results between them.

1. :mod:`knowledge.qa.question` reads the question: what is asked, what kind of answer would
   satisfy it, which names and numbers it turns on, and whether it looks ahead or back.
2. :mod:`knowledge.qa.scope` decides which document(s) the question is about.
3. :mod:`knowledge.qa.extract` scores the sentences of the best passages in scope and picks the
   answering sentence and, where one is clear, the span to show in bold.
4. :mod:`knowledge.qa.verify` checks that the evidence supports every name, number and key word
   of the question and holds the kind of answer asked for; otherwise it declines and says what
   is missing.
5. :mod:`knowledge.qa.followup` remembers, per chat, the person and meeting of the last exchange
   so that "What did he say?" and "When was it?" resolve.

:mod:`knowledge.qa.language` holds the English language model (spaCy) the steps share.
"""
