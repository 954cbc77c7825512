"""Countries and the adjectives of their people ("Canada", "Canadian"), from the countryinfo package.

A question says "Which Canadian member spoke?" where a list of speakers writes "Mr X (Canada)",
and the other way round. The names come from countryinfo's data (256 countries and territories,
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


def countries_of(adjective: str) -> tuple[str, ...]:
    """The names of the countries whose people ``adjective`` names ("Canadian": "Canada"; "French":
    France and its territories), accents and case aside; empty for any other word."""
    return _countries_by_adjective()[0].get(fold(adjective.strip()), ())


def with_countries(text: str, vocabulary: Container[str]) -> str:
    """``text`` followed by the main name of each country one of its words is the adjective of,
    where no document holds that adjective (``vocabulary``: the index's lexical terms): "Which
    Swedish member spoke?" then also finds "Ms X (Sweden)" by its words. Where the documents do
    use the adjective ("the French delegation"), nothing is added: on SQuAD, adding the country
    to every such question cost half a point of retrieval (recall@1 0.817 to 0.812)."""
    main = _countries_by_adjective()[1]
    added = [n for w in re.findall(r"[^\W\d_]+", text)
             if not any(t in vocabulary for t in text_terms(w)) for n in main.get(fold(w), ())]
    return " ".join([text, *dict.fromkeys(added)])
