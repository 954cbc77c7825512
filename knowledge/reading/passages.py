"""Splitting a cleaned document into passages a person can read on a phone."""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.reading.cleaning import CleanDocument

MAX_PASSAGE_CHARS = 700
"""Longest passage, in characters: about ten lines on a phone. Longer paragraphs are cut
between sentences; a shorter limit gives sharper search hits but loses context."""

_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "st", "no", "nos", "vs", "jr", "sr", "gen",
    "col", "lt", "gov", "sen", "rep", "amb", "inc", "ltd", "co", "art",
    "para", "p", "pp", "fig", "approx", "dept", "est", "min", "max", "cf",
}
"""Words a full stop follows without ending the sentence; dotted letters ("e.g.", "a.m.", "U.N.",
the initials "K.A.R.") never end one either."""
_DOTTED = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")
_BOUNDARY = re.compile(r"(?<=[.!?…])[\"”’»)\]]*\s+(?=[\"“‘«(\[]?[A-Z0-9À-ÖØ-Þ])|(?<=[a-z]{3}[.!?])(?=[A-Z][a-z]+\s)")
"""Where a sentence ends: after its stop and a space, before a capital; or where a scraped page
lost the space ("... drug control strategy.The opening session is on Monday"), after a word of
three or more small letters and before a capitalised word (not "e.g.The", "U.S.", "un.org")."""


@dataclass(frozen=True)
class Passage:
    """A piece of a document, small enough to show as an answer.

    Attributes:
        document: File name of the document, relative to the knowledge folder.
        title: The document's title, if found.
        date: The document's date as ISO ``YYYY-MM-DD``, if found.
        position: 0-based order of the passage within its document.
        text: The passage itself.
        section: The page ("p. 3") or section heading it comes from, where the format tells.
    """

    document: str
    title: str | None
    date: str | None
    position: int
    text: str
    section: str | None = None


LINE_CHARS = 200
"""A paragraph this short, not ending as a sentence ends, is a line of a heading block, an agenda,
a list of participants or a record's fields ("Chair: Ms. Anna Berg"): consecutive lines
share a passage, each on its own line, so that a question finds the block whole instead of a
lone "United Nations". Raised from 160 (PIPELINE_VERSION 16) for a journal's entry titled in 161
characters over its time and room: on the tuning halves of the four sets (docs/figures.md) it
answered one more and lost none."""


def split_sentences(text: str) -> list[str]:
    """Split text into sentences: each line apart, then prose between sentences, not after
    "Mr.", "e.g." or initials ("J. Smith", "K.A.R. Holm")."""
    if "\n" in text:
        return [s for line in text.split("\n") for s in split_sentences(line)]
    sentences: list[str] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        before = text[start : m.start()].rstrip("\"”’»)]")
        if re.fullmatch(r"\s*\(?\d{1,3}[.)]", before):
            continue  # "1. Review of the last meeting": a list's number, not a sentence
        word = re.search(r"([^\W\d_][\w.]*)\.$", before)  # "Chair:Ms." ends in the word "Ms"
        if word:
            token = word.group(1).lower().lstrip("(\"“")
            if token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha()) or _DOTTED.fullmatch(token):
                continue
        piece = text[start : m.end()].strip()
        if piece:
            sentences.append(piece)
        start = m.end()
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def _greedy(pieces: list[str], limit: int, sep: str = " ") -> list[str]:
    """Join pieces with ``sep`` into as few chunks of at most ``limit`` characters as order allows."""
    chunks: list[str] = []
    current = ""
    for piece in pieces:
        if current and len(current) + 1 + len(piece) > limit:
            chunks.append(current)
            current = piece
        else:
            current = f"{current}{sep}{piece}" if current else piece
    if current:
        chunks.append(current)
    return chunks


def _pack(sentences: list[str], limit: int) -> list[str]:
    """Pack sentences into chunks; a sentence longer than ``limit`` is cut between words (and a
    single huge word anywhere)."""
    pieces: list[str] = []
    for sentence in sentences:
        if len(sentence) <= limit:
            pieces.append(sentence)
            continue
        words = [w[i : i + limit] for w in sentence.split() for i in range(0, len(w), limit)]
        pieces.extend(_greedy(words, limit))
    return _greedy(pieces, limit)


def split_passages(document: str, clean: CleanDocument, *, max_chars: int = MAX_PASSAGE_CHARS) -> list[Passage]:
    """Cut ``clean`` into passages: one per paragraph, long paragraphs cut between sentences.

    Args:
        document: The document's name, recorded in each passage.
        clean: The cleaned document.
        max_chars: Longest passage; defaults to :data:`MAX_PASSAGE_CHARS`.
    """
    date = clean.date.isoformat() if clean.date else None
    texts: list[tuple[str | None, str]] = []
    lines: list[str] = []  # the current run of short lines (see LINE_CHARS)
    line_section: str | None = None

    def flush() -> None:
        texts.extend((line_section, chunk) for chunk in _lines(lines, max_chars))
        lines.clear()

    listed = False  # the run holds a list or a block of fields
    for i, paragraph in enumerate(clean.paragraphs):
        section = clean.section_of(i)
        parts = paragraph.split("\n")
        if all(_is_line(part) for part in parts):  # a heading, a field, or a block of them
            following = clean.paragraphs[i + 1].split("\n") if i + 1 < len(clean.paragraphs) else []
            if lines and (section != line_section or listed and len(parts) == 1 and following
                          and not all(_is_line(part) for part in following)):
                flush()  # a heading after a list heads the paragraph under it, not the list
            # (also after a list, a heading and a list of one: "Attending", names, "Apologies", a name, "Actions")
            listed = (listed or len(parts) > 1) if lines else len(parts) > 1
            lines.extend(parts)
            line_section = section
            continue
        flush()
        if len(paragraph) <= max_chars:
            texts.append((section, paragraph))
        else:  # a line break stays one (a list's items, a heading over its paragraph)
            pieces = [chunk for line in parts for chunk in _pack(split_sentences(line), max_chars)]
            chunks = _greedy(pieces, max_chars, "\n")
            for k in range(len(chunks) - 1):  # a heading ending a chunk goes with what it heads
                head, _, last = chunks[k].rpartition("\n")
                if head and is_heading(last) and len(last) + 1 + len(chunks[k + 1]) <= max_chars:
                    chunks[k], chunks[k + 1] = head, f"{last}\n{chunks[k + 1]}"
            texts.extend((section, piece) for piece in chunks)
    flush()
    return [Passage(document, clean.title, date, i, text, section) for i, (section, text) in enumerate(texts)]


def _is_line(paragraph: str) -> bool:
    """A heading, field or list line: short, one line, and not a sentence (no closing full stop)."""
    return (len(paragraph) <= LINE_CHARS and "\n" not in paragraph and len(split_sentences(paragraph)) == 1
            and not re.search(r"[.!?…][\"”’»)\]]*$", paragraph))


def is_heading(line: str) -> bool:
    """A heading or label line: one short line (:data:`LINE_CHARS`) that does not end as a sentence
    or a clause ends ("Statement by the representative of the Harbour Office")."""
    return 0 < len(line) <= LINE_CHARS and "\n" not in line and not re.search(r"[.!?…:;,][\"”’»)\]]*$", line)


def _lines(lines: list[str], limit: int) -> list[str]:
    """Consecutive short lines joined with newlines into chunks of at most ``limit`` characters; a
    chunk does not end with a heading over a table, nor a heading and the header row under it
    ("Hosts", "Name | Board"): they go with the rows they head."""
    chunks: list[list[str]] = []
    for line in lines:
        if chunks and len("\n".join(chunks[-1])) + 1 + len(line) <= limit:
            chunks[-1].append(line)
            continue
        last = chunks[-1] if chunks else []
        keep = len(last)
        if keep > 1 and " | " in last[-1] and not re.search(r"\d", last[-1]) and _titles(last[-2]):
            keep -= 2  # a heading over its table's header row
        elif keep > 1 and _titles(last[-1]) and " | " in line:
            keep -= 1  # a heading over its table's rows
        moved = last[keep:] if keep else []
        if moved and len("\n".join([*moved, line])) <= limit:
            del last[keep:]
        else:
            moved = []
        chunks.append([*moved, line])
    return ["\n".join(chunk) for chunk in chunks]


def _titles(line: str) -> bool:
    """A heading that opens with no number or time (not a programme's row "12:00-12:50 Room 4") and is no row."""
    return is_heading(line) and " | " not in line and not re.match(r"\W*\d", line)


_OPEN_SINGLE = re.compile(r"(?:^|(?<=[\s(\[]))['‘](?=\w)")
_CLOSE_SINGLE = re.compile(r"(?<=[\w.,!?…])['’](?=[\s,.;:)\]]|$)")


def open_quote(text: str) -> bool:
    """Whether ``text`` leaves a quotation open: odd straight double quotes, or unbalanced curly
    or single ones ('...' as some releases quote; an apostrophe inside a word is not a quote)."""
    if text.count('"') % 2 == 1 or text.count("“") != text.count("”"):
        return True
    return len(_OPEN_SINGLE.findall(text)) != len(_CLOSE_SINGLE.findall(text))


@dataclass(frozen=True)
class Sentence:
    """One sentence of a passage: ``start``/``end`` are offsets in the passage's text."""

    row: int
    index: int
    start: int
    end: int
    text: str


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence of ``text``."""
    spans: list[tuple[int, int]] = []
    at = 0
    listing = False  # the last span is a sentence ending in a colon with the list items it introduces
    for sentence in split_sentences(text):
        begin = text.find(sentence, at)
        if begin < 0:
            continue
        last, gap = (text[spans[-1][0]:spans[-1][1]], text[spans[-1][1]:begin]) if spans else ("", "")
        item = sentence[:2] in ("- ", "• ", "* ")
        if spans and _label(last) and "\n" in gap:
            spans[-1] = (spans[-1][0], begin + len(sentence))  # "Chairman:" and the line it labels
            listing = item  # (or the first of the items it introduces)
        elif spans and "\n" in gap and item and (listing or last.endswith(":")):
            # "Passes are issued at:" and its items: the list finishes the sentence
            spans[-1] = (spans[-1][0], begin + len(sentence))
            listing = True
        else:
            spans.append((begin, begin + len(sentence)))
            listing = False
        at = begin + len(sentence)
    return spans or [(0, len(text))]


LABEL_CHARS = 40
"""Longest line read as a field's label ("Chairman:", "Observers:"): longer lines ending in a colon
introduce a sentence or a list rather than name a field."""


def _label(line: str) -> bool:
    """A line that names the field of the next line: short, ending in a colon."""
    return len(line) <= LABEL_CHARS and line.endswith(":") and "\n" not in line
