"""Turning answers and reports into text for a person on a terminal."""

from __future__ import annotations

import json
import textwrap

from knowledge.answering.types import Answer, Source
from knowledge.language.dates import human_date as knowledge_human_date
from knowledge.answering.brief import Brief, Line, speaker_line
from knowledge.evaluation.quality import EvalReport
from knowledge.journal.gaps import Gap
from knowledge.indexing.index import RefreshReport
from knowledge.reading.speakers import Speaker

UNSURE = "I'm not sure this answers it; check the passage it comes from."
"""Said under an answer more likely wrong than right (:attr:`Answer.unsure`)."""
UNSURE_PART = "I'm not sure every part of this answers it; check the passages it comes from."
"""Said instead under an answer to a question of several parts, one of them doubtful."""

NOT_COVERED = (
    "The briefing does not cover that. Ask about the meeting itself: who spoke, what was said, "
    "when and where it took place."
)
SMALL_TALK = 'Ask me about the meeting, for example "Who opened the meeting?" or "When was it?".'
NO_GAPS = "No declined, unhelpful or unsure answers in the last {days:g} day(s)."
"""``/gaps`` and ``briefing-bot gaps`` with nothing to list."""


def doubt(answer: Answer) -> str:
    """The word of doubt under an unsure ``answer``, or ``""``."""
    return "" if not answer.unsure else UNSURE_PART if answer.parts > 1 else UNSURE


def human_date(iso: str | None) -> str | None:
    """``2015-05-28`` -> ``Thursday, 28 May 2015``; ``None`` stays ``None``, and a date the
    index holds in another form is shown as it is."""
    if not iso:
        return None
    try:
        return knowledge_human_date(iso)
    except ValueError:
        return iso


def source_line(source: Source) -> str:
    """Where a passage comes from: title, date, file and passage number."""
    parts = [source.title or source.document]
    if date := human_date(source.date):
        parts.append(date)
    where = f"{source.section}, " if source.section else ""
    return f"{', '.join(parts)} ({source.document}, {where}passage {source.passage + 1})"


def _wrap(text: str, width: int, indent: str = "") -> str:
    return "\n".join(textwrap.fill(line, width, initial_indent=indent, subsequent_indent=indent) for line in text.split("\n"))


def answer_text(answer: Answer, *, width: int = 88) -> str:
    """The answer as a person reads it in a terminal: the answer, the passage it comes from
    (when the answer is only part of it), then the source."""
    if answer.kind in ("small_talk", "help"):
        return f"{answer.reason} {SMALL_TALK}".strip()
    if answer.kind == "sources":
        return answer.reason
    if answer.kind == "summary":
        return f'The meeting at a glance: "briefing-bot brief". {SMALL_TALK}'
    if answer.kind == "choose":
        lines = [answer.reason] + [f"  {i}. {c.title} ({c.document})" for i, c in enumerate(answer.choices, 1)]
        return "\n".join(lines + ["Ask again naming the meeting (its place, organiser or title)."])
    if not answer.answered or answer.best is None:
        return answer.reason or NOT_COVERED
    parts = [_wrap(answer.text, width) + (f"\n{_wrap(answer.reason, width)}" if answer.reason else "")]
    if answer.unsure:
        parts[0] += f"\n({doubt(answer)})"
    if answer.best.text.strip() != answer.text.strip():
        parts.append(_wrap(answer.best.text, width, "  > "))
    parts.append(f"Source: {source_line(answer.best)}")
    return "\n\n".join(parts)


def answer_json(answer: Answer) -> str:
    """One line of JSON in the format ``briefing-bot ask --json`` promises."""
    return json.dumps(
        {
            "question": answer.question,
            "answered": answer.answered,
            "answer": answer.text,
            "kind": answer.kind,
            "bold": list(answer.span) if answer.span else None,
            "reason": answer.reason or None,
            "confidence": answer.confidence if answer.answered else None,
            "choices": [{"document": c.document, "title": c.title} for c in answer.choices],
            "sources": [
                {
                    "document": s.document,
                    "title": s.title,
                    "date": s.date,
                    "passage": s.passage,
                    "section": s.section,
                    "score": s.score,
                    "text": s.text,
                }
                for s in answer.sources
            ],
        },
        ensure_ascii=False,
    )


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def refresh_summary(report: RefreshReport) -> str:
    """What a refresh changed, in a few lines."""
    lines = [f"Index refreshed in {report.seconds:.1f} s: {_plural(report.documents, 'document')}, {_plural(report.passages, 'passage')}."]
    for label, names, count in (
        ("added", report.added, report.passages_added),
        ("changed", report.changed, report.passages_changed),
        ("removed", report.removed, report.passages_removed),
        ("unchanged", report.unchanged, report.passages_unchanged),
    ):
        line = f"  {label + ':':<10} {_plural(count, 'passage')} in {_plural(len(names), 'document')}"
        if names and label != "unchanged":
            line += f" ({', '.join(names)})"
        lines.append(line)
    lines.append(f"  embedded:  {_plural(report.embedded, 'passage')}" + ("" if report.embedded else " (nothing new to embed)"))
    return "\n".join(lines)


def eval_summary(path: str, mode: str, report: EvalReport) -> str:
    """One line: answered right and refused right, as counts and percentages."""
    return (
        f"{path} [{mode}]: answered right {report.answered_right}/{report.to_answer} "
        f"({report.answer_rate:.0%}), refused right {report.refused_right}/{report.to_refuse} "
        f"({report.refusal_rate:.0%})"
    )


def _cite(line: Line) -> str:
    return f"(passage {line.passage + 1})" if line.passage is not None else "(page)"


def brief_text(briefs: list[Brief]) -> str:
    """The briefing cards for a terminal."""
    out = []
    for brief in briefs:
        out.append(f"== {brief.title or brief.document} ({brief.document})")
        out += [f"{line.label}: {line.text} {_cite(line)}" for line in brief.facts]
        for heading, lines, more, unit in ((brief.programme_heading, brief.programme, brief.more_programme, " rows"),
                                           ("Attending", brief.attending, brief.more_attending, "")):
            if lines:  # the rows are short: one citation for the block
                out.append(f"{heading}: {_cite(lines[0])}")
                out += [f"  - {line.text}" for line in lines]
                if more:
                    out.append(f"  ... and {more} more{unit}")
        if brief.speakers:
            out.append("Speakers:")
            out += [f"  - {line.text} {_cite(line)}" for line in brief.speakers]
        if brief.key_points:
            out.append("Key points:")
            out += [f"  - {line.text} {_cite(line)}" for line in brief.key_points]
        out.append("")
    return "\n".join(out).rstrip()


def speakers_text(speakers: list[Speaker]) -> str:
    """The people directory for a terminal."""
    if not speakers:
        return "No speakers were found in the documents."
    lines = []
    for s in speakers:
        lines.append(speaker_line(s))
        where = ", ".join(f"{d} passage {p + 1}" for d, p in s.passages)
        lines.append(f"  quoted {len(s.quotes)} time(s); in {where}")
    return "\n".join(lines)


def gaps_text(gaps: list[Gap], days: float) -> str:
    """``briefing-bot gaps``: what staff asked and did not get, most asked first."""
    if not gaps:
        return NO_GAPS.format(days=days)
    lines = [f"Questions the briefing did not answer well, last {days:g} day(s):"]
    for n, gap in enumerate(gaps, start=1):
        unsure = f", {gap.unsure} answered unsure" if gap.unsure else ""
        lines.append(f"{n:>3}. {gap.question} (asked {gap.asked}x: {gap.declined} declined, {gap.not_helpful} not helpful{unsure})")
        lines += [f"     also: {v}" for v in gap.variants[:5]]
    return "\n".join(lines)
