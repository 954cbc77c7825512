"""Where a unit of a passage sits: the heading it comes under, the header rows of its table and the
agenda item it belongs to. Mixed into :class:`knowledge.answering.corpus.Corpus` (it reads the
index's passages); knows nothing of questions."""

from __future__ import annotations

import re

from knowledge.language.nlp import item_numbers, parse, refers_back
from knowledge.language.times import find_times
from knowledge.reading.cleaning import TIMEBOX
from knowledge.reading.passages import LINE_CHARS, is_heading

FIELD = re.compile(r"[^:]{1,40}:\s+\S")
"""A field line ("Chair: Ana Holm"): in a block of them none heads the next."""
_LIST_ITEM = re.compile(r"^(?:[-*•]|\d+[.)])\s")
"""A list's item line ("- Oslo", "• Bergen", "2. Tromso")."""
ITEM_REACH = 3
"""Passages above a unit searched for the agenda item it comes under: an item's heading and its
paragraphs of explanation (one or two, in the agendas read so far) are read as passages apart."""


def heads(line: str) -> bool:
    """A heading (:func:`~knowledge.reading.passages.is_heading`), or a numbered item's line that
    ends in a full stop but says nothing itself ("3. Report by the President, Mr Ann Smith
    (Norway)."): no finite verb, unlike a record's numbered paragraph ("1. The CHAIRMAN opened ...")."""
    return is_heading(line) or (0 < len(line) <= LINE_CHARS and "\n" not in line and bool(item_numbers(line[:12]))
                                and not _finite(line))


SENTENCE_WORDS = 6
"""Words from which a short line with a finite verb is a sentence left without its full stop
("Cllr Berg advised the next meeting will be on 24 June"), not a heading ("How we work")."""


def titles(line: str) -> bool:
    """A heading (:func:`~knowledge.reading.passages.is_heading`) that is no sentence left
    without its full stop (:data:`SENTENCE_WORDS`)."""
    return is_heading(line) and not (len(line.split()) >= SENTENCE_WORDS and _finite(line))


def sibling(line: str, above: str) -> bool:
    """Whether ``above`` is another agenda item of the same list as ``line`` ("1. Opening" over
    "2. Budget"), not the item it is a part of ("4. Elections" over "4(a) Chair", "4.1 Chair"):
    an item does not head the next."""
    own, other = item_numbers(line[:12], parents=True), item_numbers(above[:12])
    return bool(own) and bool(other) and other[0] not in own[1:] and not own[0].startswith(other[0] + ".")


def _finite(line: str) -> bool:
    return any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in parse(line))


class Sections:
    """Headings, table headers and agenda items of passages (see module docstring). The class it is
    mixed into gives ``index`` (a :class:`KnowledgeIndex`) and ``passages_of(document)``."""

    def items_of(self, row: int, start: int, end: int) -> tuple[str, ...]:
        """Agenda items a unit of passage ``row`` belongs to: those it names, else the item of the
        nearest line above it in the passage that opens with one ("Item 5 Election of ..." for the
        document lines listed under it), or of the passages just before (:data:`ITEM_REACH`)."""
        passage = self.index.passages[row]
        named = item_numbers(passage.text[start:end], parents=True)
        if named:
            return named
        texts = [passage.text[:start]] + [p.text for p in reversed(self.passages_of(passage.document)[:passage.position])
                                          ][:ITEM_REACH]
        for text in texts:  # the passage itself above the unit, then the ones before it
            above = [line for line in text.split("\n") if item_numbers(line[:12])]
            if above:
                return item_numbers(above[-1][:12], parents=True)
        return ()

    def heading_of(self, row: int, start: int = 0) -> str:
        """The heading a passage (its sentence at ``start``) comes under: the line above that
        sentence, past a table's or programme's rows and fields (into the passages above, at most
        :data:`ITEM_REACH` back, where a long table runs on), if a heading ("Background"); else the
        nearest passage above, at most :data:`ITEM_REACH` back, that is one short line not ending
        as a sentence ("2. Report on the budget" over its paragraphs) or unnumbered such lines (its
        last), else ``""``."""
        passage = self.index.passages[row]
        reach = range(1, min(ITEM_REACH, passage.position) + 1)
        *lines, own = passage.text[:start].rstrip(" ").split("\n")
        line = passage.text[start - len(own):].split("\n", 1)[0]
        if " | " in line:  # a long table runs on past a passage (a paragraph is not read under a row)
            lines[:0] = self._lines_above(row)
        for above in reversed(lines):  # past a table's or programme's rows ("3 min - Note well"), in a block of fields past fields
            if " | " not in above and not find_times(above[:12]) and not TIMEBOX.match(above) \
                    and not (FIELD.match(line) and FIELD.match(above)) and not sibling(line, above):
                if is_heading(above):
                    return above
                break
        for back in reach:  # a heading, or unnumbered headings one under the other: the nearest heads
            before = self.index.passages[row - back].text.split("\n")
            if all(map(heads, before)) and (len(before) == 1 or not any(item_numbers(b[:12]) for b in before)) \
                    and not sibling(line, before[-1]):
                # the last that is no field: "Link: ..." and "Labels: ..." under a heading head nothing
                return next((b for b in reversed(before) if not FIELD.match(b)), before[-1])
        return ""

    def widened(self, row: int, start: int, end: int, place: bool = False) -> tuple[int, int]:
        """The span ``start``-``end`` of an answer from passage ``row`` with what it needs to be
        understood: the sentence before one that refers back ("It will serve as the hall."; with
        ``place``, "Post your questions there."), the one after a question the document asks and
        answers ("Should the board meet twice a year?" "Yes.")."""
        text, sentences = self.index.passages[row].text[start:end], self.sentences(row)
        if refers_back(text, place) and (before := [s for s in sentences if s.end <= start]):
            return before[-1].start, end
        if text.rstrip().endswith("?") and (after := [s for s in sentences if s.start >= end]):
            return start, after[0].end
        return start, end

    def table_headers(self, row: int) -> list[str]:
        """The header rows ("Name | Affiliation", words only: "10h00 | Opening" is a row) of the
        tables whose rows passage ``row`` holds, also of one run on from the passages above: a
        row is read with them ("Ana Holm | Harbour Institute" gives her affiliation)."""
        passage = self.index.passages[row]
        lines = self._lines_above(row)
        own, first, heads = len(lines), None, []
        for i, line in enumerate(lines + passage.text.split("\n")):
            first = (first or line) if " | " in line else None
            if i >= own and first and first not in heads and not re.search(r"\d", first):
                heads.append(first)
        return heads

    def _lines_above(self, row: int) -> list[str]:
        """The lines of the passages just above passage ``row`` (at most :data:`ITEM_REACH`), in order."""
        passage = self.index.passages[row]
        return [line for back in range(min(ITEM_REACH, passage.position), 0, -1)
                for line in self.index.passages[row - back].text.split("\n")]

    def list_after(self, row: int, start: int, end: int) -> str:
        """The list that finishes a sentence (``start`` to ``end``) ending passage ``row`` with a colon ("with
        an emphasis on:", its items, or some, read as passages of their own): the item lines of the
        passages after it while they hold only items, at most :data:`ITEM_REACH` passages; else ``""``."""
        passage = self.index.passages[row]
        *above, last = passage.text[start:end].rstrip().split("\n")
        if passage.text[end:].strip() or not (last.endswith(":") or _LIST_ITEM.match(last) and above and any(
                line.endswith(":") and not _LIST_ITEM.match(line) for line in above)):
            return ""  # (or its first items are in the passage: "on:\n• Cleaning the basins;")
        items = []
        for after in self.passages_of(passage.document)[passage.position + 1:passage.position + 1 + ITEM_REACH]:
            lines = after.text.split("\n")
            if not all(_LIST_ITEM.match(line) for line in lines):
                break
            items += lines
        return "\n".join(items)
