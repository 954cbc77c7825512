"""Evaluation: takes a question set (our JSONL sets, real-dev, meetings-dev, SQuAD) and a
briefing; gives the quality figures README reports (:mod:`.quality`)."""
