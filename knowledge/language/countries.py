"""Countries and the adjectives of their people, from the countryinfo package.

A question asks for a member by nationality ("Which <adjective> member spoke?") where a list of
speakers writes the country ("Mr X (<country>)"), and the other way round. The names come from countryinfo's data (256 countries and territories,
each with its demonym and other spellings), read once on first use.
"""

from __future__ import annotations

import re
from collections.abc import Container
from functools import lru_cache

from embeddings.lexical import fold, terms as text_terms


@lru_cache(maxsize=1)
def _countries_by_adjective() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """Every name of the countries of each adjective, and their main names alone."""
    from countryinfo import all_countries

    found: dict[str, list[str]] = {}
    main: dict[str, list[str]] = {}
    for country in all_countries():
        name = country.name()
        # other spellings that are names ("Great Britain"), not codes ("GB") or native script
        names = [name] + [s for s in country.alt_spellings()
                          if len(s) > 3 and not s.isupper() and re.fullmatch(r"[A-Za-z .'-]+", s)]
        for adjective in re.split(r",| and ", country.demonym() or ""):
            if adjective.strip() and name:
                found.setdefault(fold(adjective.strip()), []).extend(n for n in names if n)
                main.setdefault(fold(adjective.strip()), []).append(name)
    return ({a: tuple(dict.fromkeys(n)) for a, n in found.items()},
            {a: tuple(dict.fromkeys(n)) for a, n in main.items()})


def _written(word: str, vocabulary: Container[str]) -> bool:
    return any(t in vocabulary for t in text_terms(word))


def countries_of(adjective: str, vocabulary: Container[str] = ()) -> tuple[str, ...]:
    """The names of the countries whose people ``adjective`` names, accents and case aside (an
    adjective several countries share gives them all); empty for any other word, and where
    ``vocabulary`` (the documents' lexical terms) holds the adjective itself."""
    names = _countries_by_adjective()[0].get(fold(adjective.strip()), ())
    return () if names and _written(adjective, vocabulary) else names


def with_countries(text: str, vocabulary: Container[str]) -> str:
    """``text`` followed by the main name of each country one of its words is the adjective of,
    where no document holds that adjective (``vocabulary``: the index's lexical terms): a question
    asking for a member by nationality then also finds "Mr X (<country>)" by its words. Where the
    documents do use the adjective, nothing is added: on SQuAD, adding the country to every such
    question cost half a point of retrieval (recall@1 0.817 to 0.812)."""
    main = _countries_by_adjective()[1]
    added = [n for w in re.findall(r"[^\W\d_]+", text)
             if fold(w) in main and not _written(w, vocabulary) for n in main[fold(w)]]
    return " ".join([text, *dict.fromkeys(added)])
