"""Who says what: reported speech and the role a sentence gives a person, read with spaCy."""

from __future__ import annotations

import re

from embeddings.lexical import fold
from knowledge.language.names import holds, words
from knowledge.language.nlp import parse
from knowledge.language.vocabulary import HONORIFICS, QUOTATION, REPORTING_VERBS

__all__ = ["does", "reports", "role_span", "speaks"]



def reports(sentence: str, name: str | None) -> bool:
    """Whether ``sentence`` quotes or reports what someone said (and names ``name``, if given)."""
    if name is not None and not holds(set(words(sentence)), name.split()[-1]):
        return False
    if QUOTATION.search(sentence):
        return True
    return any(t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in REPORTING_VERBS for t in parse(sentence)) \
        or bool(re.search(r"\baccording to\b", sentence, re.I))


_SPEAKER = re.compile(r"([^\W\d][\w.'’ -]{0,40}?):\s+\S")
"""A line of minutes kept as a script ("Holm: I have a proposal ..."): the speaker, then the words."""


def speaks(line: str, name: str) -> bool:
    """Whether ``line`` gives ``name``'s own words, minutes kept as a script ("Holm: We should
    meet in May."); a field ("Chair: Ana Holm") names its holder, not the speaker."""
    found = _SPEAKER.match(line)
    return bool(found) and holds(set(words(found.group(1))), name.split()[-1])


def role_span(text: str, name: str) -> tuple[int, int] | None:
    """Offsets of the role a sentence gives ``name``: the apposition after it ("Alexey Lyzhenkov,
    OSCE Co-ordinator of ..., underlined") or the title before it ("said State Secretary at the
    Ministry of Interior Aleksandar Nikolić")."""
    folded = fold(text)
    at = folded.find(fold(name))
    if at < 0:
        at = folded.find(fold(name.split()[-1]))
    if at < 0:
        return None
    doc = parse(text)
    name_tokens = [t for t in doc if at <= t.idx < at + len(name)] or [t for t in doc if t.idx >= at][:1]
    if not name_tokens:
        return None
    first, last = name_tokens[0], name_tokens[-1]
    after = text[last.idx + len(last.text) :]
    m = re.match(r",\s*([^,;:]{3,140}?)\s*(?:,|;|\.\s|\.$|$)", after)
    if m and re.search(r"[A-Za-z]", m.group(1)):
        begin = last.idx + len(last.text) + m.start(1)
        inside = [t for t in doc if begin <= t.idx < begin + len(m.group(1))]
        if inside and inside[0].pos_ not in ("VERB", "AUX", "PRON", "SCONJ", "CCONJ", "DET", "ADP") \
                and not any(t.ent_type_ == "PERSON" for t in inside) \
                and not re.search(r"(?:\b[A-Z]|\b(?i:" + "|".join(map(re.escape, HONORIFICS)) + r"))\.?\s+[A-Z][\w'’-]+$", m.group(1)):
            # (not the next person of a list the tagger does not know: "Ann Smith, Councillor B Berg, ...")
            return begin, begin + len(m.group(1).rstrip(". "))
    left = first.i
    while left > 0:
        prev = doc[left - 1]
        if prev.pos_ in ("VERB", "AUX", "PRON", "SCONJ", "CCONJ") or (prev.is_punct and prev.text not in ("-", "/", "’", "'")):
            break
        left -= 1
    span = list(doc[left : first.i])
    while span and span[0].pos_ in ("DET", "ADP"):
        span = span[1:]
    while span and span[-1].text.lower().rstrip(".") in HONORIFICS:
        span = span[:-1]
    if span and span[-1].pos_ == "ADP":  # "opened at 9.08 a.m. with Mr X": no title before the name
        return None
    if span and any(t.pos_ in ("NOUN", "PROPN") for t in span) and not any(t.ent_type_ == "PERSON" for t in span):
        return span[0].idx, span[-1].idx + len(span[-1].text)
    return None


_DOER_ROLES = {"nsubj": ("nsubj", "agent"), "nsubjpass": ("nsubjpass", "dobj")}
"""Where a sentence names the one "who" stands for in a question: "Who opened it?" (its subject) by
the subject of the same verb or its passive's "by" ("It was opened by Ana Holm"); "Who was
elected?" by the passive's subject or the active's object ("The board elected Ana Holm")."""


def does(sentence: str, question: str) -> bool:
    """Whether ``sentence`` names a person or body (a proper noun) in the place of the question's
    "who" on its main verb: "The session was opened by Ms. Holm" or "Ms. Holm opened the session"
    for "Who opened the session before the Chair was elected?" (not "elected", a clause's verb);
    for "what", a thing (a noun): "A questionnaire was issued" for "What was issued?"."""
    root = next((t for t in parse(question) if t.dep_ == "ROOT"), None)
    wh = next((c for c in root.children if c.lower_ in ("who", "whom", "what")), None) if root is not None else None
    if wh is None or root.pos_ != "VERB" or wh.dep_ not in _DOER_ROLES or root.lemma_ in ("do", "be", "have") \
            or any(c.dep_ == wh.dep_ and c.i != wh.i or c.lemma_ == "do" for c in root.children):  # "Who did Ana marry?"
        return False
    lemma, kinds = root.lemma_.lower(), ("PROPN",) if wh.lower_ != "what" else ("PROPN", "NOUN")
    return any(child.dep_ in _DOER_ROLES[wh.dep_] and any(t.pos_ in kinds for t in child.subtree)
               for token in parse(sentence) if token.pos_ == "VERB" and token.lemma_.lower() == lemma
               for child in token.children)
