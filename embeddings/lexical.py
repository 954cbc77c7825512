"""A lexical (BM25) index over texts, from the ``bm25s`` package, with English stemming.

Complements the dense vectors: names, numbers and rare words are matched exactly even where
the embedding blurs them. Text is case- and accent-folded first, so "Nikolic" finds "Nikolić".
"""

from __future__ import annotations

import difflib
import logging
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

import numpy as np


def fold(text: str) -> str:
    """Lower-case and strip accents: ``"Nikolić"`` -> ``"nikolic"``."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


QUESTION_STOPWORDS = (
    "what", "who", "whom", "whose", "which", "when", "where", "why", "how", "did", "does", "do", "about",
    "can", "could", "would", "should", "may", "might", "must", "shall", "has", "have", "had", "me", "my",
    "i", "you", "your", "we", "our", "us", "he", "she", "his", "her", "him", "its", "from", "than",
)
"""Added to bm25s' 33 English stop words, which keep question words ("what", "who") and
"about": every question has them, so a passage holding them would win for no reason."""


@lru_cache(maxsize=1)
def _stopwords() -> list[str]:
    from bm25s.stopwords import STOPWORDS_EN

    return sorted(set(STOPWORDS_EN) | set(QUESTION_STOPWORDS))


def tokenize(texts: Sequence[str]) -> list[list[str]]:
    """Folded, stop-worded, stemmed tokens of each text."""
    import bm25s

    quiet = logging.getLogger("bm25s")
    if quiet.level != logging.WARNING:  # setting it clears logging's caches: only once
        quiet.setLevel(logging.WARNING)  # it logs each index build at DEBUG

    return bm25s.tokenize(
        [fold(t) for t in texts], stopwords=_stopwords(), stemmer=_stemmer(), return_ids=False, show_progress=False
    )


@lru_cache(maxsize=50_000)
def terms(text: str) -> tuple[str, ...]:
    """:func:`tokenize` of one text, cached: the answering pipeline reads the same sentences for
    many questions."""
    return tuple(tokenize([text])[0])


class LexicalIndex:
    """BM25 over a fixed list of texts.

    Args:
        texts: The texts, in row order (the same order as the vector store's rows).
        k1: Term-frequency saturation (default 0.9).
        b: Length normalisation (default 0.4).

    The defaults are tuned for passages of a paragraph or less: on the SQuAD dev set (part A)
    they beat the textbook 1.2/0.75 by 0.6 points of recall@1, the same on both halves of
    its articles.
    """

    def __init__(self, texts: Sequence[str], *, k1: float = 0.9, b: float = 0.4) -> None:
        import bm25s

        self.size = len(texts)
        self.terms = lru_cache(maxsize=4096)(self._terms)  # each question's terms are wanted 3-4 times
        self._bm25 = bm25s.BM25(k1=k1, b=b)
        if self.size:
            self._bm25.index(tokenize(texts), show_progress=False)

    def _terms(self, query: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The query's tokens, and those the index knows after typo correction (as ``terms``).

        A token the texts never contain is replaced by the closest one they do (difflib ratio
        >= 0.85, tokens of 4+ characters), so "Lyzenkov" finds "Lyzhenkov". Stricter cut-offs
        miss real typos; looser ones turn unrelated words into matches.
        """
        vocab = self._bm25.vocab_dict if self.size else {}
        tokens = tokenize([query])[0]
        known = []
        for token in tokens:
            if token in vocab:
                known.append(token)
            elif len(token) >= 4:
                close = difflib.get_close_matches(token, self._long_terms, n=1, cutoff=0.85)
                if close:
                    known.append(close[0])
        return tuple(tokens), tuple(known)

    @property
    def _long_terms(self) -> list[str]:
        if not hasattr(self, "_long_terms_cache"):
            vocab = self._bm25.vocab_dict if self.size else {}
            self._long_terms_cache = [t for t in vocab if isinstance(t, str) and len(t) >= 4]
        return self._long_terms_cache

    def scores(self, queries: Sequence[str]) -> np.ndarray:
        """BM25 score of every text for every query: shape ``(len(queries), len(texts))``."""
        out = np.zeros((len(queries), self.size), dtype=np.float32)
        if not self.size:
            return out
        for i, query in enumerate(queries):
            _, known = self.terms(query)
            if known:
                out[i] = self._bm25.get_scores(list(known))
        return out
