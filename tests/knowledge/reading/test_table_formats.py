"""Programmes and agendas as Word and HTML tables: each table row stays one line ("09h30 | Opening"),
the rows of a table stay together, and the answering reads them as it reads a text programme."""

from __future__ import annotations

import io

from knowledge.answering.brief import make_briefs
from knowledge.briefing import Briefing

ROWS = [("09h30", "Opening of the session by the Chair"), ("10h00", "Adoption of the agenda"),
        ("11h00", "Coffee break"), ("11h30", "Water levels of the northern lakes"), ("13h00", "Lunch")]


def agenda_docx() -> bytes:
    from docx import Document

    doc = Document()
    doc.add_heading("Lakes Commission: agenda", level=0)
    doc.add_paragraph("Wednesday, 3 March 2027")
    table = doc.add_table(rows=len(ROWS) + 1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Time", "Item"
    for row, (time, item) in zip(table.rows[1:], ROWS):
        row.cells[0].text, row.cells[1].text = time, item
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def programme_html() -> bytes:
    rows = "".join(f"<tr><td>{time}</td><td><b>{item}</b></td></tr>" for time, item in ROWS)
    return (f"<html><head><title>Lakes Forum</title></head><body><main><h1>Lakes Forum: programme</h1>"
            f"<p>Wednesday, 3 March 2027</p><table><tr><th>Time</th><th>Session</th></tr>{rows}</table>"
            f"<p>The forum is open to the public.</p></main></body></html>").encode()


def test_a_word_agenda_and_an_html_programme_keep_their_rows(knowledge_dir, data_dir, fake_encoder):
    (knowledge_dir / "agenda.docx").write_bytes(agenda_docx())
    (knowledge_dir / "programme.html").write_bytes(programme_html())
    briefing = Briefing(knowledge_dir, data_dir, encoder=fake_encoder)
    lines = {f"{time} | {item}" for time, item in ROWS}
    for name in ("agenda.docx", "programme.html"):
        passages = [p.text for p in briefing.index.passages if p.document == name]
        assert lines <= {line for p in passages for line in p.split("\n")}, passages
        assert any(sum(line in lines for line in p.split("\n")) >= 2 for p in passages)  # rows together
        card = next(b for b in make_briefs(briefing.index) if b.document == name)
        assert [line.text for line in card.programme] == [f"{time} | {item}" for time, item in ROWS]


def test_what_is_on_at_a_time_reads_a_word_table(knowledge_dir, data_dir, fake_encoder):
    (knowledge_dir / "agenda.docx").write_bytes(agenda_docx())
    answer = Briefing(knowledge_dir, data_dir, encoder=fake_encoder).ask("What is on at 11h15 at the Lakes Commission?")
    assert answer.answered and answer.text == "11h00 | Coffee break"
