"""Telegram HTML: answers, help and reports, everything escaped, split under 4096 characters."""

from __future__ import annotations

import re
from html import escape

from bot.formatting import NO_GAPS, doubt, human_date
from knowledge.answering.types import Answer
from knowledge.answering.brief import Brief, Line
from knowledge.briefing import AddedDocument
from knowledge.journal.gaps import Gap
from knowledge.indexing.index import DocumentInfo, RefreshReport
from knowledge.reading.speakers import Speaker

MAX_MESSAGE = 4096
"""Telegram's limit, in UTF-16 code units of the text after entity parsing."""


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2  # a lone surrogate is one unit too


def source_html(answer: Answer) -> str:
    best = answer.best
    assert best is not None
    parts = [f"<i>{escape(best.title or best.document)}</i>"]
    if date := human_date(best.date):
        parts.append(escape(date))
    where = f"{escape(best.section)}, " if best.section else ""
    return "Source: " + ", ".join(parts) + f" ({escape(best.document)}, {where}passage {best.passage + 1})"


def answer_html(answer: Answer, titles: list[str]) -> str:
    """The answer as staff see it: the sentence(s) that answer in bold, the passage they come
    from as a collapsed quote (the answering part in bold), then the source.

    When the briefing does not cover the question, one friendly sentence and nothing quoted
    from the briefing (a near miss shown to staff reads like an answer).
    """
    if answer.kind in ("small_talk", "help"):
        hint = "Ask me about the meeting, for example <i>Who opened the meeting?</i> /help has more."
        return f"{escape(answer.reason)} {hint}".strip()  # "You're welcome! Ask me..."
    if answer.kind == "summary":
        return "The meeting at a glance: /brief. Or ask me about it, for example <i>Who opened the meeting?</i>"
    if answer.kind == "sources":
        return f"{escape(answer.reason)} /sources lists them with their dates."
    if answer.kind == "choose":
        lines = [escape(answer.reason or "Several meetings fit that question; which one do you mean?")]
        lines += [f"{i}. {escape(c.title)}" for i, c in enumerate(answer.choices, 1)]
        return "\n".join(lines)
    if not answer.answered or answer.best is None:
        about = f" about {escape(titles[0])}" if len(titles) == 1 else ""
        said = escape(answer.reason) if answer.reason else f"Sorry, I couldn't find that in the briefing{about}."
        return (
            f"{said} "
            "Try asking about the meeting itself: who spoke, what was said, when and where. /help has examples."
        )
    # the answer's lines (an agenda's items, a list's rows) as one block, then the quote and the source
    parts = ["\n".join(_answer_line(line, answer.span, offset) for line, offset in _lines(answer.text) if line.strip())]
    if answer.reason:  # the part of a two-part question the briefing does not answer
        parts[0] += "\n" + escape(answer.reason)
    if answer.unsure:
        parts[0] += f"\n<i>{escape(doubt(answer))}</i>"
    passage = answer.best.text
    if passage.strip() != answer.text.strip():
        if answer.highlight:
            start, end = answer.highlight
            quoted = f"{escape(passage[:start])}<b>{escape(passage[start:end])}</b>{escape(passage[end:])}"
        else:
            quoted = escape(passage)
        # One line, so that splitting between lines can never cut the quote's tags apart.
        parts.append(f"<blockquote expandable>{quoted.replace(chr(10), ' ')}</blockquote>")
    parts.append(source_html(answer))
    return "\n\n".join(parts)


def _lines(text: str) -> list[tuple[str, int]]:
    """The lines of ``text`` with the offset each starts at."""
    out, at = [], 0
    for line in text.split("\n"):
        out.append((line, at))
        at += len(line) + 1
    return out


def _answer_line(line: str, span: tuple[int, int] | None, offset: int) -> str:
    """A line of the answer: the part that answers (the name, date, number) in bold when the
    answer has one on this line, else the whole line in bold."""
    if span is not None and offset <= span[0] and span[1] <= offset + len(line):
        a, b = span[0] - offset, span[1] - offset
        return f"{escape(line[:a])}<b>{escape(line[a:b])}</b>{escape(line[b:])}"
    return f"<b>{escape(line)}</b>"


def help_html(documents: tuple[DocumentInfo, ...], examples: list[str]) -> str:
    titles = sorted({d.title or d.name for d in documents})
    lines = [f"I answer questions from the briefing on <b>{escape(titles[0])}</b>." if len(titles) == 1
             else f"I answer questions from {len(documents)} briefing documents."]
    if len(titles) > 1:
        lines += [f"• {escape(t)}" for t in titles]
    lines.append(f"({len(documents)} document{'s' if len(documents) != 1 else ''}; /sources lists them.)")
    lines.append("")
    lines.append("Ask in plain words. In a group, mention me, reply to me, or use /ask &lt;question&gt;.")
    if examples:
        lines.append("For example:")
        lines += [f"• {escape(q)}" for q in examples]
    return "\n".join(lines)


def sources_html(documents: tuple[DocumentInfo, ...]) -> str:
    if not documents:
        return "The briefing holds no documents yet."
    lines = [f"I answer from {len(documents)} document{'s' if len(documents) != 1 else ''}:"]
    for d in documents:
        date = human_date(d.date)
        lines.append(
            f"• <b>{escape(d.title or d.name)}</b>" + (f", {escape(date)}" if date else "")
            + f" ({escape(d.name)}, {d.passages} passage{'s' if d.passages != 1 else ''})"
        )
    return "\n".join(lines)


def refresh_html(report: RefreshReport) -> str:
    def names(items: tuple[str, ...]) -> str:
        return f" ({escape(', '.join(items))})" if items else ""

    lines = [
        f"Index refreshed in {report.seconds:.1f} s: {report.documents} document(s), {report.passages} passage(s).",
        f"Added: {report.passages_added} passage(s){names(report.added)}",
        f"Changed: {report.passages_changed} passage(s){names(report.changed)}",
        f"Removed: {report.passages_removed} passage(s){names(report.removed)}",
        f"Unchanged: {report.passages_unchanged} passage(s)",
        f"Embedded: {report.embedded} passage(s)",
    ]
    lines += [f"Skipped {escape(s.name)}: {escape(s.reason)}" for s in report.skipped]
    if report.rebuilt_because:
        lines.append(f"Rebuilt from the documents: {escape(report.rebuilt_because)}")
    return "\n".join(lines)


_TAG = re.compile(r"<[^>]+>")


def split_html(html: str, limit: int = MAX_MESSAGE) -> list[str]:
    """Split HTML made of balanced lines into messages under ``limit``, never inside a tag pair.

    Messages break between lines. A single line over the limit loses its formatting and is
    cut between words (each piece escaped again), so Telegram never refuses a part.
    """
    messages: list[str] = []
    current: list[str] = []
    size = 0
    for line in html.split("\n"):
        pieces = [line] if utf16_len(line) <= limit else _cut_plain(line, limit)
        for piece in pieces:
            extra = utf16_len(piece) + (1 if current else 0)
            if current and size + extra > limit:
                messages.append("\n".join(current))
                current, size = [], 0
                extra = utf16_len(piece)
            current.append(piece)
            size += extra
    if current:
        messages.append("\n".join(current))
    return [m for m in messages if m.strip()] or ["…"]


def _cut_plain(line: str, limit: int) -> list[str]:
    from html import unescape

    plain = unescape(_TAG.sub("", line))
    pieces: list[str] = []
    current = ""
    for word in re.split(r"(\s+)", plain):
        candidate = current + word
        if utf16_len(escape(candidate)) > limit and current:
            pieces.append(escape(current))
            current = word.lstrip()
        else:
            current = candidate
        while utf16_len(escape(current)) > limit:  # one enormous word
            cut = limit // 6  # an escaped character is at most 6 units (&quot;)
            pieces.append(escape(current[:cut]))
            current = current[cut:]
    if current.strip():
        pieces.append(escape(current))
    return pieces


def _cite_html(line: Line) -> str:
    return f" <i>(passage {line.passage + 1})</i>" if line.passage is not None else ""


def brief_html(briefs: list[Brief]) -> str:
    """The briefing cards: one block per document, every line with its passage."""
    out: list[str] = []
    for brief in briefs:
        out.append(f"<b>{escape(brief.title or brief.document)}</b>")
        out += [f"<b>{escape(line.label)}:</b> {escape(line.text)}{_cite_html(line)}" for line in brief.facts]
        for heading, lines, more, hint in (
                (brief.programme_heading, brief.programme, brief.more_programme,
                 " items: ask “What is item 3?”" if brief.programme_heading == "Agenda" else " rows: ask “What is on at 15h00?”"),
                ("Attending", brief.attending, brief.more_attending, ": ask “Who represents …?”")):
            if lines:  # the rows are short: one citation for the block, not one per row
                out.append(f"<b>{heading}</b>{_cite_html(lines[0])}")
                out += [f"• {escape(line.text)}" for line in lines]
                if more:
                    out.append(f"<i>… and {more} more{hint}</i>")
        if brief.speakers:
            out.append("<b>Speakers</b>")
            out += [f"• {escape(line.text)}{_cite_html(line)}" for line in brief.speakers]
        if brief.key_points:
            out.append("<b>Key points</b>")
            out += [f"• {escape(line.text)}{_cite_html(line)}" for line in brief.key_points]
        out.append(f"<i>Source: {escape(brief.document)}</i>")
        out.append("")
    return "\n".join(out).strip() or "The briefing holds no documents yet."


def speakers_html(speakers: list[Speaker]) -> str:
    """The people in the documents, with roles and what they did."""
    if not speakers:
        return "I found no speakers in the documents."
    lines = [f"{len(speakers)} people in the briefing:"]
    for s in speakers:
        details = ", ".join(escape(x) for x in [s.role, s.actions[0] if s.actions else None] if x)
        quoted = f" <i>(quoted {len(s.quotes)}×)</i>" if s.quotes else ""
        lines.append(f"• <b>{escape(s.name)}</b>" + (f", {details}" if details else "") + quoted)
    return "\n".join(lines)


def added_html(added: AddedDocument) -> str:
    """The reply to a maintainer who sent a document."""
    d = added.document
    date = human_date(d.date)
    verb = "Replaced" if added.replaced else "Added"
    lines = [f"{verb} <b>{escape(d.name)}</b>" + (" (a file of that name was there before)." if added.replaced else "."),
             f"Title: {escape(d.title or 'none found')}",
             f"Date: {escape(date or 'none found')}",
             f"Passages: {d.passages} ({added.report.embedded} embedded, in {added.report.seconds:.1f} s)",
             "Staff can ask about it now."]
    return "\n".join(lines)


def gaps_html(gaps: list[Gap], days: float) -> str:
    """What staff asked and did not get, most asked first."""
    if not gaps:
        return escape(NO_GAPS.format(days=days))
    lines = [f"Questions the briefing did not answer well, last {days:g} day(s):"]
    for n, gap in enumerate(gaps, start=1):
        why = ", ".join(p for p in (f"{gap.declined} declined" if gap.declined else "",
                                     f"{gap.not_helpful} not helpful" if gap.not_helpful else "",
                                     f"{gap.unsure} answered unsure" if gap.unsure else "") if p)
        lines.append(f"{n}. <b>{escape(gap.question)}</b> ({gap.asked}×: {why})")
        if gap.variants:
            lines.append("   also: " + "; ".join(escape(v) for v in gap.variants[:3]))
    lines.append("Adding a document that answers these closes the gap.")
    return "\n".join(lines)
