"""The word tables of general English the other steps share: months, titles, speaking verbs.

One table each, so a title or a verb added here is known to question analysis, the speaker
directory and the answer check alike. Nothing here is specific to any one document.
"""

from __future__ import annotations

import re

__all__ = ["MONTHS", "MONTH_NAMES", "QUOTATION", "REPORTING_VERBS", "HONORIFICS", "SPEAKING_VERBS", "TITLE_WORDS", "WEEKDAYS", "month_number"]

MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
               "november", "december")
MONTHS = {name: number for number, name in enumerate(MONTH_NAMES, start=1)}
"""Month names and their usual abbreviations ("sep", "sept"), folded, to month numbers."""
MONTHS.update({name[:3]: number for name, number in list(MONTHS.items())})
MONTHS["sept"] = 9
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def month_number(word: str) -> int | None:
    """``"Sept."`` -> 9; ``None`` for a word that is no month or abbreviation of one."""
    return MONTHS.get(word.lower().rstrip("."))


TITLE_WORDS = frozenset(
    "mr mr. mrs mrs. ms ms. dr dr. prof prof. professor ambassador minister president secretary director "
    "chairman chairwoman chair chairperson commissioner governor mayor senator judge general colonel sir dame "
    "h.e. excellency rector dean head deputy coordinator co-ordinator representative envoy spokesperson "
    "spokesman spokeswoman vice acting executive chief officer premier king queen prince princess sheikh engineer "
    "rapporteur councillor cllr".split()
)
"""Words of titles and roles that stand before names (never part of a name)."""
HONORIFICS = frozenset("mr mrs ms miss mx dr prof sir dame mme madame madam h.e cllr".split())
"""Forms of address that only stand before a person's name: "Mr. X" names someone even by surname
alone ("Cllr", as British minutes write "Councillor")."""

REPORTING_VERBS = frozenset(
    "say tell state note stress add warn underline underscore emphasise emphasize explain highlight point urge "
    "call argue recall reaffirm express welcome thank declare announce remark comment observe insist affirm "
    "suggest propose hope believe conclude describe speak address present deliver praise acknowledge caution "
    "recognise recognize mention report indicate assure commend".split()
)
"""Verbs that report what someone said, as lemmas (any tense)."""
SPEAKING_VERBS = REPORTING_VERBS | frozenset(
    "open close chair moderate lead host introduce outline give join attend represent".split())
"""Verbs whose subject took part in the meeting: reporting, opening, chairing, attending."""

DECIDING_VERBS = frozenset("decide decided decides agree agreed agrees resolve resolved resolves adopt adopted adopts "
                           "approve approved approves accept accepted accepts resolution resolutions".split())
"""Verbs minutes use alike for what a meeting settled ("It was agreed that ...", "The agenda was
adopted." answer "What did they decide?"), and the heading "Resolutions" over what it resolved."""
PURPOSE_NOUNS = frozenset("purpose purposes aim aims goal goals objective objectives".split())
"""Nouns writers use alike for what a meeting is for ("The aim of the talks is ..." answers "What is
the purpose of the meeting?"); the bundled model puts them far apart (purpose/aim 0.34)."""
ATTENDING_WORDS = frozenset(
    "attend attended attends attending attendance attendee attendees participate participated participates "
    "participating participant participants gather gathered gathers".split())
"""Words writers use alike for being at a meeting ("Experts gathered in Bergen" answers "Who
attended?"); the bundled model puts them apart (attended/gathered 0.51, attend/participants 0.36).
They only keep an answer from being declined, and do not rank: they are common in other senses
("participating States"), and ranking by them lost a real-dev held-out answer (docs/figures.md)."""
CLOSING_WORDS = frozenset("close closed closes end ended ends adjourn adjourned adjourns finish finished finishes".split())
"""Words minutes use alike for a meeting's end ("The meeting closed at 8.40pm" answers "When did it end?")."""
CHAIRING_WORDS = frozenset("chair chaired chairs chairing chairman chairwoman chairperson".split())
PRESIDING_WORDS = frozenset("preside presided presides presiding".split())
SAME_SENSE = (DECIDING_VERBS, PURPOSE_NOUNS)
"""Words a question and a text use for the same thing: one held counts as all of its group held."""
NEAR_SENSE = (ATTENDING_WORDS, CLOSING_WORDS)
"""Groups as :data:`SAME_SENSE` that only support an answer chosen on other grounds."""
IMPLIED_SENSE = ((CHAIRING_WORDS, PRESIDING_WORDS),)
"""Pairs of groups: a text holding a word of the first holds every word of the second ("Chair: Ann
Smith" says who presided), not the reverse: stemmed, "presided" is "president", a title that need
not chair anything ("President Ida Lund welcomed ..." does not say who chaired)."""
QUOTATION = re.compile(r"[\"“”«»]|(?:^|\s)['‘]\w|[\w.,!?…]['’](?:\s|$)")
"""A quotation mark: double or guillemets, or a single quote opening or closing words (not an
apostrophe inside a word)."""

IRREGULAR_PAST = {
    "say": "said", "speak": "spoke", "tell": "told", "give": "gave", "take": "took", "make": "made", "meet": "met",
    "hold": "held", "begin": "began", "lead": "led", "choose": "chose", "come": "came", "go": "went",
    "become": "became", "find": "found", "know": "knew", "think": "thought", "bring": "brought", "send": "sent",
    "win": "won", "pay": "paid", "leave": "left", "write": "wrote", "cost": "cost", "put": "put", "set": "set",
    "run": "ran", "see": "saw", "get": "got", "have": "had", "do": "did", "be": "was", "attend": "attended",
}
"""Past tenses that are not base + "ed" ("speak": "spoke"), for rewording a question ("when the
OSCE was founded") and for reading a past verb back to its base ("spoke": "speak")."""
