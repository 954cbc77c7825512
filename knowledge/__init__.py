"""What the bot knows about meetings, in the order a document and a question travel:

- :mod:`knowledge.reading`: a file -> clean text -> passages, with titles, dates, facts and speakers;
- :mod:`knowledge.indexing`: passages -> a searchable index (in a folder or PostgreSQL) and its refresh;
- :mod:`knowledge.answering`: a question + the index -> a typed :class:`~knowledge.answering.types.Answer`;
- :mod:`knowledge.journal`: the questions asked, their feedback, and the gaps they show;
- :mod:`knowledge.evaluation`: quality figures on question sets;
- :mod:`knowledge.language`: English shared by all of them (spaCy, names, dates, word tables).

:class:`knowledge.briefing.Briefing` is the one object ``bot/`` calls; :mod:`knowledge.errors`
holds the domain errors the edge turns into sentences.
"""
