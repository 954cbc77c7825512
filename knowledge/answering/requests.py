"""What a message asks of the bot before the documents are read: small talk ("thanks", "help"),
requests the bot's own commands answer ("Summarize the meeting", "What documents do you have?"),
and questions wrapped in a request or written as one ("Can you tell me who opened it?", "List the
speakers"), which are turned into the plain question the pipeline reads.

General English only; no one document's words.
"""

from __future__ import annotations

import re

from knowledge.answering.kinds import GENERIC_NOUNS, ORG_NOUNS, PERSON_NOUNS
from knowledge.language.vocabulary import HONORIFICS

SMALL_TALK = re.compile(
    r"^(?:(?P<hello>hi|hello|hey|hiya|good (?:morning|afternoon|evening|day)|how are you)|"
    r"(?P<thanks>thanks?(?: you)?(?: very much| a lot)?|thank you|thx|cheers)|(?P<bye>bye|goodbye|see you)|"
    r"(?P<help>help(?: me)?|what can you do|how does (?:this|it) work|commands|(?:who|what) are you"
    r"|how (?:do|can|should) i (?:use|ask)(?: you| this| it)?|what can i ask(?: you)?)|"
    r"(?P<sources>(?:what|which) (?:documents|files|sources|briefings|papers)(?: do you (?:have|know|use|read)| are there"
    r"| have you got| can you (?:read|search))?|(?:list|show) (?:me )?(?:the |your )?(?:documents|files|sources)"
    r"|what (?:do you know(?: about)?|have you (?:got|read))|what are your sources"
    r"|what(?:['’]s| is| was) (?:the |its )?(?:title|headline)(?: of (?:the |this )?(?:document|release|press release"
    r"|briefing|article|story))?)|"
    r"(?P<summary>(?:(?:can you |please )?(?:give|send|show) me )?(?:a |an |the )?(?:summary|overview|recap|tl;? ?dr)"
    r"(?: of (?:it|this|the \w+))?|(?:please )?(?:summari[sz]e|recap|brief me(?: on)?)(?: (?:it|this|the \w+))?"
    r"|(?:what (?:are|were) )?(?:the )?(?:(?:main|key) (?:points|messages)|(?:(?:main|key) )?(?:takeaways|highlights))"
    r"(?: of (?:it|this|the \w+))?)"
    r"(?: please)?|ok(?:ay)?|cool|great|yes|no)\W*$",
    re.IGNORECASE,
)
"""Messages that ask nothing of the documents: greetings, thanks, "ok"; "help" and "who are you?";
requests for a summary ("Summarize the meeting", "tl;dr", "Key points?"), which the briefing card answers; and
"What documents do you have?" or "What's the title?", which the list of sources answers. The group that matched is the
answer's kind (see :func:`small_talk`)."""
REPLIES = {"hello": "Hello!", "thanks": "You're welcome!", "bye": "Goodbye!"}
"""How a reply to small talk opens (the bot adds what it can be asked); "ok" gets no opening."""

_WRAPPER = re.compile(
    r"^(?:(?:please|so|ok(?:ay)?|hi|hello|hey)\W+)*(?:(?:can|could|would|will) you (?:please )?(?:tell|show|remind) me"
    r"|(?:please )?(?:tell|show|remind) me|(?:do )?you know|(?:i|we)(?: want| would like|['’]d like| need) to know"
    r"|i(?:['’]m| am)? wonder(?:ing)?|(?:please )?(?:summari[sz]e|explain|describe)|let me know|any idea)\W*"
    r"(?=(?:who|whom|whose|what|when|where|which|why|how)\b)",
    re.IGNORECASE,
)
"""The words staff wrap a question in ("Can you tell me who opened it?", "Do you know when it
was?", "Summarize what X said"): what follows is the question, in its embedded word order, which
the pipeline reads as well as the direct one."""

_IMPERATIVE = re.compile(
    r"^(?:(?:please|so|ok(?:ay)?|hi|hello|hey)\W+)*(?:(?:can|could|would|will) you (?:please )?)?"
    r"(?:list|name|give(?: me)?|show(?: me)?|send(?: me)?|tell me(?: about)?|identify|find(?: me)?|get(?: me)?)"
    r"\s+(?:(?:all|each|every) (?:of )?)?(?P<np>(?:the |a |an |your )?[^?!.]+?)(?:,? please)?\W*$",
    re.IGNORECASE,
)
"""A request for something named ("List the speakers", "Give me the date", "Tell me about the
venue"): the noun phrase is what is asked for."""
_LIST_OF = re.compile(r"^(?:the |a )?(?:full |complete |whole )?(?:list|names?)\s+of\s+(?:the\s+)?", re.I)
_NUMBER_OF = re.compile(r"^(?:the |a )?(?:total )?number\s+of\s+(?:the\s+)?", re.I)


def small_talk(text: str) -> str | None:
    """The kind of small talk ``text`` is (``"hello"``, ``"thanks"``, ``"bye"``, ``"help"``,
    ``"summary"``, ``"sources"``, or ``""`` for "ok"), or ``None`` when it asks the documents."""
    m = SMALL_TALK.match(text)
    return None if m is None else next((k for k, v in m.groupdict().items() if v), "")


def as_question(text: str) -> str:
    """``text`` as the plain question it asks: the wrapper dropped ("Can you tell me who opened
    it?" -> "who opened it?"), a request for something named asked for it ("List the speakers" ->
    "Who are the speakers?", "Give me the date" -> "What is the date?", "Tell me about Ms X" ->
    "Who is Ms X?"); else ``text`` itself (also when what follows the verb is not a noun phrase:
    "tell me more")."""
    from knowledge.language.nlp import entities, parse

    if unwrapped := _WRAPPER.sub("", text):
        text = unwrapped
    m = _IMPERATIVE.match(text)
    if m is None or re.match(r"(?:who|whom|whose|what|when|where|which|why|how|if|whether)\b", m["np"], re.I):
        return text
    phrase = m["np"].strip()
    if counted := _NUMBER_OF.match(phrase):  # "Give me the number of participants"
        return f"How many {phrase[counted.end():]}?"
    listed = _LIST_OF.match(phrase) is not None  # "the list of participants": who the participants are
    kept = _LIST_OF.sub("", phrase)
    root = next((t for t in parse(kept) if t.dep_ == "ROOT"), None)
    if root is None or root.pos_ not in ("NOUN", "PROPN") or (root.lemma_.lower() in GENERIC_NOUNS and not listed):
        return text  # "tell me more", "show me the document": nothing in particular is asked
    last = kept.split()[-1].lower()  # the tagger splits "co-organizers" and takes "co" for the noun
    tail = last.rpartition("-")[2]
    nouns = {root.lemma_.lower(), root.lower_} | ({tail, tail[:-1]} if "-" in last else set())
    person = bool(nouns & (PERSON_NOUNS | ORG_NOUNS)) \
        or kept.split()[0].lower().rstrip(".") in HONORIFICS or any(e.kind == "PERSON" and e.text.strip() == kept.strip()
                                                                      for e in entities(kept))  # "Ms Ann Holm"
    plural = listed or root.tag_ in ("NNS", "NNPS") or "-" in last and last.endswith("s")
    subject = kept if root.pos_ == "PROPN" or kept.lower().startswith(("the ", "a ", "an ", "your ")) else f"the {kept}"
    return f"{'Who' if person else 'What'} {'are' if plural else 'is'} {subject}?"
