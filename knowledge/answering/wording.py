"""A question's compounds as the documents write them: "roundtable" where they write "round
table", "round table" where they write "roundtable", so that retrieval and the key-word checks
find them. Words the documents hold are left alone."""

from __future__ import annotations

import re

from embeddings.lexical import fold
from knowledge.answering.corpus import Corpus

PART = 4
"""Fewest letters of each part of a compound: "round|table", "co|organizers" not (nor "not|able":
a question's "notable" would become two words the documents happen to hold side by side)."""


def as_written(question: str, corpus: Corpus) -> str:
    """``question`` with each word the documents lack that they write as two ("roundtable":
    "round table"), and each pair of words they write as one, written their way."""
    known = corpus.all_words

    def split(m: re.Match[str]) -> str:
        word = fold(m.group(0))
        if word in known:
            return m.group(0)
        cuts = [i for i in range(PART, len(word) - PART + 1) if corpus.written_together(word[:i], word[i:])]
        return f"{m.group(0)[:cuts[0]]} {m.group(0)[cuts[0]:]}" if len(cuts) == 1 else m.group(0)

    def join(m: re.Match[str]) -> str:  # (the second word is only looked at: it may open the next pair)
        first, second = fold(m.group(1)), fold(m.group(2))
        apart = first + second not in known or corpus.written_together(first, second)
        return m.group(1) + (" " if apart else "")

    text = re.sub(rf"\b[^\W\d_]{{{2 * PART},}}\b", split, question)
    return re.sub(rf"\b([^\W\d_]{{{PART},}}) (?=([^\W\d_]{{{PART},}})\b)", join, text)
