"""Nouns that say what kind of answer a question wants ("which room", "what date", "which minister"),
and the words that make a question a follow-up ("he", "there", "else") or about what is to come.

General English, no one document's words; :mod:`knowledge.answering.question` reads a question's
head noun against them.
"""

from __future__ import annotations

import re

from embeddings.lexical import tokenize
from knowledge.language.vocabulary import IMPLIED_SENSE, NEAR_SENSE, SAME_SENSE

GENERIC_NOUNS = frozenset(t for terms in tokenize(["briefing release document press list"]) for t in terms)
"""Nouns any question may use for the briefing itself ("according to the release", "on the list"); as
verbs ("When will the report be released?", "Which items were listed?") they ask something."""
GENERIC_TERMS = GENERIC_NOUNS | frozenset(
    t for terms in tokenize(
        ["meeting meet met event take took taken place held hold happen happened start started begin began come came "
         "occur occurred it there cover covers covered"]
    ) for t in terms
)
"""Words any question about a meeting may use: they neither identify a meeting nor ask for anything
in it, so they are never key words that must be supported (unless :data:`GENERIC_NOUNS` used as verbs)."""
PERSON_NOUNS = frozenset(
    "person people man woman men women speaker speakers official officials minister ambassador chair chairman "
    "chairwoman chairperson president head director representative representatives leader leaders guest guests "
    "expert experts rapporteur secretary moderator moderators delegate delegates participant participants panelist "
    "panelists panellist panellists presenter presenters attendee attendees member members observer observers "
    "facilitator facilitators student students journalist journalists volunteer volunteers".split()
)
"""Nouns of "which X" / "what X" that ask for a person (general English, no one document's words)."""
ORG_NOUNS = frozenset(
    "organisation organization organisations organizations ministry ministries institute institutes institution "
    "institutions agency agencies body bodies company companies university universities committee commission "
    "department government office association partner partners ngo ngos group groups academy organiser organisers "
    "organizer organizers host hosts sponsor sponsors donor donors funder funders affiliation affiliations employer".split()
)
PLACE_NOUNS = frozenset("city cities town country countries place location region capital state states province".split())
VENUE_NOUNS = frozenset("venue building buildings room rooms hall hotel centre center site premises".split())
"""Nouns of "which X" asking for a building or room. Of these, :data:`GENERIC_VENUES` accept any
venue; the others ("which hotel") only one named so."""
GENERIC_VENUES = frozenset("venue building buildings site premises".split())
DATE_NOUNS = frozenset("date dates day days year years month week weekday period".split())
TIME_NOUNS = frozenset("time times hour hours".split())
DUE_NOUNS = frozenset("deadline deadlines".split())
"""Nouns asking for a date (and time) that the answer must still say is the one meant ("What is the
deadline for comments?": not any date near the word "comments")."""
DUE_BY = re.compile(r"\b(?:by|before|until|no later than)\s+(?:the\s+)?(?:end of \w+ (?:on\s+)?)?(?:[A-Z][a-z]+day,?\s+)?"
                    r"(?:\d|[A-Z][a-z]{2,8}\.?\s+\d)")
"""A date a thing is due by ("vote by email by Thursday 6 May", "by end of business on Friday 7 May",
"before 4 May"): it says what a :data:`DUE_NOUNS` question asks."""
ORDINAL_NOUNS = frozenset("anniversary edition".split())
AMOUNT_NOUNS = frozenset("budget budgets cost costs price prices fee fees funding".split())
"""Nouns of "what was the budget", "what is the fee": a sum or a number answers, not a line that only
names the budget. Not "amount": "What amount of the carbon is stored?" asks a share of anything."""
GENERIC_PEOPLE = frozenset("person persons people man woman men women speaker speakers official officials guest guests "
                           "participant participants representative representatives delegate delegates expert "
                           "experts panelist panelists panellist panellists presenter presenters attendee attendees "
                           "member members student students journalist journalists volunteer volunteers".split())
"""Person nouns that only say a person is wanted ("which speakers"); the others name a role
("which minister") that the answer must hold."""
TIME_UNITS = frozenset("minutes hours days nights weeks months years decades".split())
SYMBOL_NOUNS = frozenset("document documents symbol symbols resolution resolutions decision decisions paper papers".split())
"""Nouns of "which document", "what is the symbol", "which draft resolution": a document symbol answers."""
ITEM_NOUNS = frozenset("item items".split())
MEETING_NOUNS = frozenset("meeting meetings session sessions sitting sittings event events conference conferences "
                          "workshop workshops".split())
COUNT_ANYTHING = frozenset("people persons individuals ones times".split())
"""Nouns of "how many X" that any number of people or things may answer."""
THINGS_COUNTED = PLACE_NOUNS | DATE_NOUNS | TIME_UNITS | SYMBOL_NOUNS | ITEM_NOUNS | MEETING_NOUNS
"""Nouns a number counts that are no people: "How many people took part?" is not "two sessions"."""
ROLE_NOUNS = frozenset("role position title job post function office capacity".split())
SAYING_VERBS = frozenset("say tell state mention speak talk note remark comment stress warn argue claim announce declare "
                         "add explain describe quote emphasise emphasize underline underscore highlight urge call think "
                         "believe".split())
"""Verbs of a question asking what someone said."""
EVENT_TERMS = frozenset(
    t for terms in tokenize(
        ["open opened close closed chair chaired host hosted organise organised organize organized attend attended "
         "speak spoke address addressed welcome welcomed last lasted end ended participant participants speaker "
         "speakers aim purpose topic topics agenda"]
    ) for t in terms
)
"""What any meeting has (an opening, a chair, speakers, an aim): a question asking only these
about "the meeting" fits every meeting in the folder alike."""
OPENING = frozenset(t for terms in tokenize(["open opened opens opening"]) for t in terms)
"""Words of "When did the meeting open?", which its start answers ("start" and "begin" are generic)."""
FUTURE = re.compile(r"\b(will|next|upcoming|forthcoming|shall|future|going to|planned|scheduled)\b", re.I)
"""Words of a question about what is still to come ("When is the next meeting?")."""
AHEAD = re.compile(r"\b(?:next|following|upcoming|forthcoming|future)\b", re.I)
"""Words that put a meeting ahead: a question's "the following meeting", a heading's "Next meeting",
"Dates of future meetings"."""
NEXT_MEETING = re.compile(AHEAD.pattern + r"\s+(?:\w+\s+)?(?:meeting|session|sitting)s?\b", re.I)
"""Words that speak of another meeting than the one a text records ("the next regular meeting")."""
CLOSED_AT = re.compile(r"\b(?:closed|ended|adjourned|concluded|rose)\s+at\b", re.I)
"""A meeting's end ("The meeting closed at 8.40pm"): no answer to when it was held or began."""
PRONOUNS = re.compile(r"\b(he|she|him|his|her|hers|they|them|their)\b", re.I)
PLACE_PRONOUN = re.compile(r"\bthere\b", re.I)
ELSE = re.compile(r"\b(else|other|others|besides)\b", re.I)

SPEAKING = frozenset(t for terms in tokenize(["spoke speak speaks speaker speakers talk address addressed else other others "
                                              "took floor present presented"]) for t in terms)
"""Words of "Who spoke?", "Who else addressed the meeting?": a list of the people reported."""
BEING = frozenset(("were", "been", "be"))
"""Forms of "be" the lexical stop words keep, as terms ("being" is "be"): "Who were the speakers?" asks as "Who spoke?" does."""
ATTENDING = frozenset(t for terms in tokenize(["attend attended attending attendees participants participated took part present"]) for t in terms)
"""Words of "Who attended?", "Who took part?": the document's attendance block or list of participants."""


_SENSES = tuple(frozenset(t for terms in tokenize([" ".join(group)]) for t in terms) for group in SAME_SENSE)
_NEAR = tuple(frozenset(t for terms in tokenize([" ".join(group)]) for t in terms) for group in NEAR_SENSE)
_IMPLIED = tuple(tuple(frozenset(t for terms in tokenize([" ".join(g)]) for t in terms) for g in pair) for pair in IMPLIED_SENSE)


def same_sense(held: set[str], *, near: bool = False) -> set[str]:
    """``held`` terms with every term of a :data:`~knowledge.language.vocabulary.SAME_SENSE` group
    one of them is in ("aim" held: "purpose", "goal", "objective" too); with ``near`` (for
    checking an answer, not for ranking), of a :data:`~knowledge.language.vocabulary.NEAR_SENSE` group too;
    and what an :data:`~knowledge.language.vocabulary.IMPLIED_SENSE` pair's first group implies ("chair": "presided")."""
    held = held.union(*(group for group in _SENSES + (_NEAR if near else ()) if group & held))
    return held.union(*(implied for holding, implied in _IMPLIED if holding & held))


HELD = re.compile(r"\b(?:held|took place|takes place|convened|met|gathered|gather)\b", re.IGNORECASE)
"""Verbs that say a meeting happened, before its date: that date is the meeting's."""
