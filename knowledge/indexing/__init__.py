"""Indexing: takes documents and an encoder; gives a
:class:`~knowledge.indexing.index.KnowledgeIndex` (passages, vectors, words, facts, speakers)
and keeps it in line with the documents. :mod:`.folder` saves it in ``BRIEFING_DATA_DIR``;
:mod:`.postgres` keeps documents and versions in PostgreSQL (:mod:`.database`) for several
replicas; :mod:`.library` is the interface the briefing uses for either."""
