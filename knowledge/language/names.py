"""One rule for "is this the same name?": accents and case aside, a typo allowed in long words.

Every place that matches a word of a question against the documents (a person's surname, a
country, a key word) uses :func:`same_word`, so a typo is forgiven the same way everywhere.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Container
from functools import lru_cache

from rapidfuzz.distance import OSA

from embeddings.lexical import fold, terms
from knowledge.language.vocabulary import IRREGULAR_PAST

__all__ = ["AGENT_ENDINGS", "acronym_spans", "defined_acronyms", "held_in", "holds", "with_long_forms", "spelled_ordinal", "mentions", "same_word", "script", "typos_allowed", "words"]


def typos_allowed(word: str) -> int:
    """Edits (a letter added, dropped, changed, or two neighbours swapped) forgiven in ``word``:
    none below 5 letters ("Iran"/"Iraq", "Mali"/"Male" stay apart), one up to 9 letters
    ("Lyzhenkov"/"Lyzenkov", "Frensh"/"French"), two from 10 ("Consolidated"/"Consolodated").
    An edit in a short word changes it into another word far more often than it corrects a typo;
    the two-edit step at 10 keeps "Austrian" (8 letters) from matching "Australian"."""
    n = len(word)
    return 0 if n < 5 else 1 if n < 10 else 2


def same_word(a: str, b: str) -> bool:
    """Whether folded words ``a`` and ``b`` are one word: equal, or the same first letter and at
    most :func:`typos_allowed` edits apart (counted on the shorter). People rarely mistype the
    first letter of a name, and requiring it stops "Mali" and "Bali"-style swaps."""
    if a == b:
        return True
    allowed = typos_allowed(min(a, b, key=len))
    if not allowed or a[:1] != b[:1] or abs(len(a) - len(b)) > allowed or a.isdigit() or b.isdigit():
        return False
    return OSA.distance(a, b, score_cutoff=allowed) <= allowed


AGENT_ENDINGS = ("man", "men", "woman", "women", "person", "persons", "people", "er", "or")
"""English endings that make a person of a word: "chair" -> "chairman", "chairperson";
"spokes" -> "spokesperson"; "speak" -> "speaker" (stems: "speakers" is "speaker"). A term is held
by such a compound of it (see :func:`held_in`)."""
_BASE_OF_PAST = {past: base for base, past in IRREGULAR_PAST.items()}


@lru_cache(maxsize=1)
def verb_forms() -> dict[str, frozenset[str]]:
    """Stemmed forms of irregular verbs -> every stemmed form of the same verb ("wrote" -> "write",
    "wrote", "written"...), from the English lemmatizer's exception table (spaCy), loaded on first use."""
    from knowledge.language.nlp import nlp

    table = nlp().get_pipe("lemmatizer").lookups.get_table("lemma_exc")["verb"]
    groups: dict[str, set[str]] = {}
    for form, lemmas in table.items():
        f, b = (terms(form), terms(lemmas[0])) if lemmas and form.isalpha() else ([], [])
        if len(f) == len(b) == 1 and f != b:
            groups.setdefault(b[0], {b[0]}).add(f[0])
    out: dict[str, set[str]] = {}
    for group in groups.values():
        for word in group:
            out.setdefault(word, set()).update(group)
    return {word: frozenset(group) for word, group in out.items()}


def held_in(term: str, held: set[str] | frozenset[str]) -> bool:
    """Whether ``term`` (a stemmed word of a question) is among ``held``, or another form of the same
    irregular verb is ("written" holds "wrote": :func:`verb_forms`), or one of them is the term, or
    the base of its irregular past, with an :data:`AGENT_ENDINGS` ending ("chair" is held by
    "chairman", "spoke" by "speaker": "Speakers: Mr AHL" says who spoke)."""
    if term in held or not verb_forms().get(term, frozenset()).isdisjoint(held):  # "hold": "Held in"
        return True
    bases = {term, _BASE_OF_PAST.get(term, term)}
    return any(len(base) >= 4 and h.startswith(base) and h[len(base):] in AGENT_ENDINGS for base in bases for h in held)


def words(text: str) -> list[str]:
    """The folded words of ``text`` (accents and case removed)."""
    return re.findall(r"\w+", fold(text))


def holds(text_words: set[str], item: str, *, is_date: bool = False) -> bool:
    """Whether the words of a text hold ``item`` (a name or number): its last word and most of its
    other words of 3+ letters, each allowed :func:`same_word`'s typo ("Frensh"). With
    ``is_date``, only the item's numbers must be there ("Sept 1760" is held by "September 1760"),
    a day in any of its forms ("9" by "09" or "9th")."""
    wanted = [w for w in words(item) if len(w) >= 3 or w.isdigit()]
    if is_date and any(w.isdigit() for w in wanted):
        wanted = [w for w in wanted if w.isdigit()]
    if not wanted:
        return True
    # a date's day as written in any form: "9" is held by "09" and "9th" ("9th January", "09/01")
    days = {int(m.group(1)) for x in text_words if (m := re.fullmatch(r"0*(\d{1,2})(?:st|nd|rd|th)?", x))} \
        if is_date else set()

    def found(word: str) -> bool:
        if word in text_words or any(same_word(word, x) for x in text_words):
            return True
        if word.isdigit() and len(word) <= 2 and int(word) in days:
            return True
        spelled = spelled_ordinal(word)  # "41st" is held by "forty-first"
        return bool(spelled) and all(w in text_words for w in spelled.split("-"))

    hits = [found(w) for w in wanted]
    if len(wanted) <= 2:
        return all(hits)
    return hits[-1] and sum(hits) >= len(wanted) - 1


_ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen " \
        "seventeen eighteen nineteen".split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_ORDINAL_ONES = {"one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
                 "nine": "ninth", "twelve": "twelfth"}


def spelled_ordinal(word: str) -> str | None:
    """An ordinal written in figures, in words as records write them: "41st" -> "forty-first";
    ``None`` from 100 on, where records write "one hundred and ..." in too many ways."""
    m = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)", word)
    if not m or not 0 < int(m.group(1)):
        return None
    n = int(m.group(1))
    cardinal = _ONES[n] if n < 20 else _TENS[n // 10] + ("-" + _ONES[n % 10] if n % 10 else "")
    head, _, last = cardinal.rpartition("-")
    last = _ORDINAL_ONES.get(last) or (last[:-1] + "ieth" if last.endswith("y") else last + "th")
    return f"{head}-{last}" if head else last


def mentions(text: str, name: str) -> bool:
    """Whether ``text`` names ``name``: its last word, or any of its other words of 4+ letters
    (accents, case and a typo aside)."""
    held = set(words(text))
    wanted = [w for w in words(name) if len(w) >= 3]
    if not wanted:
        return False
    return any(w in held or any(same_word(w, x) for x in held)
               for w in wanted[-1:] + [w for w in wanted[:-1] if len(w) >= 4])


_LINKS = frozenset("of for the and on in to de".split())


def acronym_spans(acronym: str, text: str) -> list[str]:
    """The runs of words of ``text`` whose initials spell ``acronym`` ("UN": "United Nations",
    "OSCE": "Organization for Security and Co-operation in Europe"), small linking words
    ("of", "for", "and") skipped. Empty when ``acronym`` is not 2-8 capital letters."""
    if not re.fullmatch(r"[A-Z]{2,8}", acronym):
        return []
    tokens = re.findall(r"[^\W\d_][\w'’-]*", text)
    found = []
    for start in range(len(tokens)):
        letters, i, run = acronym, start, []
        while letters and i < len(tokens):
            word = tokens[i]
            if word[0] == letters[0]:  # a name: its words capitalised
                letters = letters[1:]
                for part in word.split("-")[1:]:  # "Co-operation" gives its "O" too
                    if letters and part[:1].upper() == letters[0]:
                        letters = letters[1:]
                run.append(word)
            elif word.lower() in _LINKS and run:
                run.append(word)
            else:
                break
            i += 1
        if not letters and len(run) >= 2:
            found.append(" ".join(run))
    return found


_DEFINED = re.compile(r"((?:[A-Z][\w’'-]*[ ,]+(?:(?:of|for|on|the|and|to|in|de|du|des|la|le|et)\s+){0,2}){1,12})\(([A-Z][A-Za-z]{1,9})\)")


def defined_acronyms(text: str) -> dict[str, frozenset[str]]:
    """Acronyms ``text`` defines after their long form, folded, with the long form's folded words
    of 3+ letters: the capitalised words from the last one that can start it, when the acronym's
    capitals are their initials in order ("the Lakes Water Board (LWB)" gives ``lwb``: lakes,
    water, board). An acronym not made of initials ("Fund (UNICEF)") is left out."""
    from embeddings.lexical import fold

    found: dict[str, frozenset[str]] = {}
    for m in _DEFINED.finditer(text):
        words = re.findall(r"[\w’'-]+", m.group(1))
        capitals = [c for c in m.group(2) if c.isupper()]
        for start in range(len(words) - 1, -1, -1):
            initials = [w[0] for w in words[start:] if w[0].isupper()]
            if words[start][0] == capitals[0] and _subsequence(capitals, initials):
                found[fold(m.group(2))] = frozenset(t for w in words[start:] if w[0].isupper()
                                                    for t in re.findall(r"\w+", fold(w)) if len(t) >= 3)
                break
    return found


def initialisms(text: str, shortest: int = 3) -> set[str]:
    """The acronyms of ``shortest`` letters or more that a text's names would make, folded, singular
    and plural: each run of ``shortest`` to eight capitalised words ("of", "and"... allowed between)
    gives its initials ("Lakes Water Board": ``lwb``, ``lwbs``). A question may name
    by acronym what a document writes out in full without defining it. Two letters are left out
    by default: :func:`holds` checks no word that short."""
    found: set[str] = set()
    for run in re.findall(r"(?!(?:The|A|An)\b)[A-Z][\w’'-]*(?:\s+(?:(?:of|for|and|on|in|de)\s+)?[A-Z][\w’'-]*)+", text):
        capitals = [c.lower() for w in run.split() if w[0].isupper()
                    for c in [w[0]] + [part[0] for part in w.split("-")[1:] if part[:1].isupper()]]
        for start in range(len(capitals) - 1):
            for end in range(start + shortest, min(start + 8, len(capitals)) + 1):
                found.update(("".join(capitals[start:end]), "".join(capitals[start:end]) + "s"))
    return found


ACRONYM = re.compile(r"\b[A-Z]{2,6}\b")
"""An acronym as a question writes it: two to six capitals ("HB", "LWB")."""


def with_long_forms(question: str, vocabulary: Container[str], long_form: Callable[[str], str | None]) -> str:
    """``question`` followed by the name each acronym no document writes stands for (``vocabulary``:
    the documents' lexical terms; ``long_form`` finds the name in them, see :func:`acronym_spans`),
    for the lexical search: "Who chairs the HB?" also finds "Harbour Board". The question
    itself is read as asked (verification matches an acronym to its long form)."""
    added = []
    for acronym in ACRONYM.findall(question) if re.search(r"[a-z]", question) else ():  # "WHO SPOKE?" is shouted
        said = terms(acronym)  # none for "IT", "US": words, not only acronyms
        if said and not any(t in vocabulary for t in said) and (name := long_form(acronym)):
            added.append(name)
    return " ".join([question, *added])


def _subsequence(wanted: list[str], letters: list[str]) -> bool:
    it = iter(letters)
    return all(any(c == x for x in it) for c in wanted)


def script(ch: str) -> str:
    """The writing system of one letter ("LATIN", "CYRILLIC", "CJK"): the first word of its Unicode name."""
    return unicodedata.name(ch, "UNKNOWN").split()[0]
