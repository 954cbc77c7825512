"""English, shared by reading and answering. Takes text; gives parses and named entities
(:mod:`.nlp`, spaCy), one typo-tolerant name matcher (:mod:`.names`), dates read and shown one
way (:mod:`.dates`), reported speech and roles (:mod:`.speech`), a question's words as a clause
("when the board was founded", :mod:`.clauses`), countries and their people's adjectives
(:mod:`.countries`) and the word tables of months, titles and
speaking verbs (:mod:`.vocabulary`). Knows nothing of indexes or of how questions are answered."""
