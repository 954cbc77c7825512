"""Questions turned into the clauses a sentence can hold: "When was the OSCE founded?" -> "when the
OSCE was founded", for "The briefing doesn't say when the OSCE was founded."; English word order
rebuilt from spaCy's parse, falling back to the question's own words where the parse is unsure."""

from __future__ import annotations

import re

from knowledge.language.nlp import parse
from knowledge.language.vocabulary import IRREGULAR_PAST

__all__ = ["indirect"]


def indirect(question: str) -> str:
    """"When was the OSCE founded?" -> "when the OSCE was founded" (for "The briefing doesn't
    say ..."); a noun phrase alone is "anything about" it ("Budget?": "anything about budget").
    Falls back to the question itself, lower-cased and without its question mark."""
    # "What's the purpose?": the tagger splits off "'s" with no space before it ("Whatthe purpose 's")
    question = re.sub(r"\b(who|what|when|where|which|how)['’]s\b", r"\1 is", question, flags=re.I)
    doc = parse(question)
    tokens = list(doc)
    while tokens and tokens[-1].is_punct and not tokens[-1].is_right_punct and not tokens[-1].is_bracket:
        tokens.pop()  # "?", not the ")" of "item 4(c)"
    text = question.strip().rstrip("?!. ")
    wh = next((i for i, t in enumerate(tokens) if t.lower_ in {"who", "whom", "whose", "what", "which", "when",
                                                                "where", "why", "how"}), None)
    if wh is None:
        if tokens and not any(t.pos_ in ("VERB", "AUX") for t in tokens):  # "Main takeaways?", "Any decisions?"
            phrase = re.sub(r"^(?:any|the)\s+", "", text, flags=re.I)
            name = next((t.pos_ == "PROPN" for t in tokens if t.lower_ not in ("any", "the")), False)
            return "anything about " + (phrase if name else phrase[:1].lower() + phrase[1:])
        return "whether " + _statement(tokens, text)
    # the wh phrase runs to the first auxiliary ("how many participants", "which hotel")
    aux = next((i for i in range(wh + 1, len(tokens)) if tokens[i].pos_ == "AUX" or tokens[i].lower_ in ("did", "does", "do")), None)
    if aux is None or any(t.pos_ == "VERB" for t in tokens[wh + 1 : aux]):
        return _join(tokens[wh:])
    head = tokens[wh:aux]
    auxiliary = tokens[aux]
    rest = tokens[aux + 1 :]
    if auxiliary.lower_ in ("can", "could", "would", "should", "may", "might", "must", "shall"):
        # "Where can I join?": "where you can join", the subject right after the modal moved before it
        subject = next((t for t in rest if t.dep_.startswith("nsubj") and t.head.pos_ in ("VERB", "AUX")), None)
        if subject is None or min(t.i for t in subject.subtree) != rest[0].i:
            return _join(tokens[wh:])  # the parse is unsure: the question's own word order
        end = min(max(t.i for t in subject.subtree) + 1 - rest[0].i, len(rest))
        if end == len(rest) or rest[end].pos_ not in ("VERB", "AUX"):
            return _join(tokens[wh:])  # the verb read into the subject ("the delegates of the US park")
        return _join(head + rest[:end]) + " " + auxiliary.lower_ + (" " + _join(rest[end:]) if rest[end:] else "")
    # not a participle that modifies a noun ("the following meeting", "the group running it")
    verb = next((i for i, t in enumerate(rest) if t.pos_ == "VERB" and t.dep_ not in ("amod", "compound", "relcl")
                 and not (t.dep_ == "acl" and any(t.children))  # nor a relative clause's ("that was adopted")
                 # the verb the auxiliary serves: in "What is the number of goals he has had?" "is" is a copula
                 and (auxiliary.head == t or t.dep_ == "acl" or auxiliary.lower_ in ("did", "does", "do"))), None)
    run = verb  # the auxiliaries just before the verb stay with it: "when the report will be released"
    while run and rest[run - 1].pos_ == "AUX":
        run -= 1
    if run is not None and run < verb and auxiliary.lemma_ == "be" and any(t.lemma_ == "have" for t in rest[run:verb]):
        return _join(tokens[wh:])  # "is" a misparsed copula: "... touchdowns he has had", never "has is had"
    if verb is None and auxiliary.lower_ in ("did", "does", "do") and len(rest) > 1:
        # the parse's root ("does the session open on 15 May?"), else the first lower-case word
        # not led by an article, adjective or preposition ("did the Chair report on ...?", "did it
        # cost?"); with none, the question's own word order (never "... the Plenary Sessioned")
        verb = next((i for i, t in enumerate(rest) if t.dep_ == "ROOT" and i > 0), None)
        if verb is None:
            verb = next((i for i in range(1, len(rest)) if rest[i].text.islower() and rest[i].pos_ in ("NOUN", "VERB")
                         and rest[i - 1].pos_ not in ("DET", "ADJ", "ADP")), None)
    if auxiliary.lower_ in ("did", "does", "do") and verb is not None:
        form = _inflect(rest[verb].lemma_.lower(), auxiliary.lower_)
        return _join(head + rest[:verb]) + " " + form + (" " + _join(rest[verb + 1 :]) if rest[verb + 1 :] else "")
    if auxiliary.lower_ in ("did", "does", "do"):
        return _join(tokens[wh:])
    if verb is None and auxiliary.lemma_ != "be":  # "where will the session be": the auxiliary goes before "be"
        later = next((i for i, t in enumerate(rest) if i and t.pos_ == "AUX"), None)  # ("elect" read as a noun: as asked)
        return _join(tokens[wh:]) if later is None else " ".join((_join(head + rest[:later]), auxiliary.text, _join(rest[later:])))
    if verb is None:  # "When is the closing of the session?": "is" after the subject and its modifiers
        if any(t.dep_.startswith("nsubj") for t in head):  # "how many items are on the agenda"
            return _join(tokens[wh:])
        # the subject of "is", or of the participle "is" goes with ("What is Ann worried about?")
        subject = next((t for t in rest if t.dep_.startswith("nsubj") and t.head == auxiliary), None) or next(
            (t for t in rest if t.dep_.startswith("nsubj") and t.head.i > t.i and t.head.pos_ in ("VERB", "ADJ")
             and t.head.dep_ in ("ccomp", "acomp", "xcomp")), None)
        # an adjective or participle after the subject's noun, ending in the preposition the wh word
        # goes with, is what "is" says of it ("the board is concerned about"; not "the expression used to ...")
        late = [c for c in subject.children if c.dep_ in ("amod", "acl") and c.i > subject.i and any(
            t.pos_ == "ADP" and not any(t.children) for t in c.subtree)] if subject is not None else []
        cut = ((late[0].i if late else max(t.i for t in subject.subtree) + 1) - rest[0].i if subject is not None
               else next((i for i, t in enumerate(rest) if t.pos_ == "ADP" and i > 0), len(rest)))
        cut = min(cut, len(rest))  # a subject whose parse runs past the question mark ends with the clause
        while cut < len(rest) and (rest[cut].pos_ == "NOUN" or rest[cut].is_bracket):  # "the meeting | hours"
            cut += 1  # parsed apart: one subject; nor is "item 4(b" cut from its ")"
        while cut > 1 and rest[cut - 1].pos_ == "ADP" and not any(rest[cut - 1].children):
            cut -= 1  # the wh word's preposition ends the clause: "what the meeting is about"
        return _join(head + rest[:cut]) + " " + auxiliary.text + (" " + _join(rest[cut:]) if rest[cut:] else "")
    if len(head) == 1 and head[0].lower_ in ("who", "what") and head[0].dep_.startswith("nsubj"):
        return _join(tokens[wh:])
    if all(t.pos_ == "AUX" for t in rest[:verb]):  # "which post will be elected": the wh phrase is the subject
        return _join(tokens[wh:])
    if len(head) == 1 and head[0].dep_ == "attr" and auxiliary.dep_ == "ROOT" and auxiliary.lemma_ == "be" \
            and rest[verb].dep_ == "attr":
        return _join(head + rest) + " " + auxiliary.text  # "who the group chairs running it are" ("chairs" read as a verb)
    return _join(head + rest[:run]) + " " + auxiliary.text + " " + _join(rest[run:])


def _inflect(base: str, auxiliary: str) -> str:
    """The verb form "did"/"does"/"do" + ``base`` stands for: "attend" -> "attended"/"attends"."""
    consonant_y = base.endswith("y") and base[-2:-1] not in ("a", "e", "i", "o", "u", "")
    if auxiliary == "did":
        return IRREGULAR_PAST.get(base) or (base + "d" if base.endswith("e") else base[:-1] + "ied" if consonant_y
                                            else base + "ed")
    if auxiliary == "does":
        if base in ("have", "be"):
            return "has" if base == "have" else "is"
        return base[:-1] + "ies" if consonant_y else base + ("es" if base.endswith(("s", "sh", "ch", "x", "o")) else "s")
    return base


def _statement(tokens, text: str) -> str:
    """A yes/no question as a statement: "Is there a ferry" -> "there is a ferry", "Did the mayor
    attend" -> "the mayor attended". Falls back to ``text`` lower-cased at its first letter."""
    fallback = text[:1].lower() + text[1:]
    if len(tokens) < 3 or tokens[0].pos_ != "AUX":
        return fallback
    auxiliary = tokens[0]
    subject = next((t for t in tokens[1:] if t.dep_ in ("nsubj", "nsubjpass", "expl")), None)
    if subject is None:
        return fallback
    # "Is the regatta open to the press?": an adjective after the subject, tagged as its modifier, is the complement
    # ("Were the minutes approved?": "approved", parsed as the subject's modifier, is the passive's verb)
    late = [c for c in subject.children if c.i > subject.i and (c.dep_ == "amod" or c.dep_ == "acl" and c.tag_ == "VBN"
                                                                  and auxiliary.lemma_ == "be" and auxiliary.dep_ == "ROOT")]
    end = (late[0].i if late else max(t.i for t in subject.subtree) + 1) - tokens[0].i
    choice = next((t for t in tokens[2:end] if t.pos_ == "ADJ" and any(c.lower_ == "or" for c in t.children)), None)
    if end >= len(tokens) and auxiliary.lemma_ == "be" and choice is not None:
        end = choice.i - tokens[0].i  # "Is the session of the Council public or private?", "public" read into the subject
    rest = tokens[end:]
    if auxiliary.lower_ in ("did", "does", "do"):
        verb = next((i for i, t in enumerate(rest) if t.pos_ == "VERB"), None)
        if verb is None:
            return fallback
        after = " " + _join(rest[verb + 1 :]) if rest[verb + 1 :] else ""
        return _join(tokens[1:end] + rest[:verb]) + " " + _inflect(rest[verb].lemma_.lower(), auxiliary.lower_) + after
    return _join(tokens[1:end]) + " " + _addressed(auxiliary).lower() + (" " + _join(rest) if rest else "")


_SECOND = {"i": "you", "me": "you", "my": "your", "mine": "yours", "myself": "yourself", "we": "you", "us": "you",
           "our": "your", "ours": "yours", "ourselves": "yourselves"}


def _addressed(token) -> str:
    """The word as said back to the asker: "I", "me", "my", "we" -> "you", "your" ("Where can I
    join?": "where you can join"); not the numeral of "Session I" nor "US"."""
    word = token.text
    if token.pos_ == "AUX" and word.lower() == "am":
        return "are" if word.islower() else "Are"
    if token.pos_ == "PRON" and word.lower() in _SECOND and word != "US" and (
            word.lower() != "i" or token.dep_.startswith("nsubj")):
        return _SECOND[word.lower()]
    return word


def _join(tokens) -> str:
    out = "".join(_addressed(t) + t.whitespace_ for t in tokens).strip()
    first = out.split(" ", 1)[0]
    if first.lower() in ("who", "whom", "whose", "what", "which", "when", "where", "why", "how"):
        out = first.lower() + out[len(first):]
    return out
