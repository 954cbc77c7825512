"""Programmes, agendas and participant lists as Word, HTML and PDF tables: each table row stays one
line ("09h30 | Opening"), the rows of a table stay together, and the answering reads them as it reads
a text programme."""

from __future__ import annotations

import io

import pytest

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


def table_pdf(heading: str, rows: list[tuple[str, ...]], *, grid: bool = False) -> bytes:
    """A PDF with ``heading``, a sentence, a table of ``rows`` (the first its header; cells as
    paragraphs, so that long ones wrap within their column, top-aligned as Word draws them) and
    a closing sentence."""
    from reportlab.lib import colors
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    style = getSampleStyleSheet()
    table = Table([[Paragraph(cell, style["Normal"]) for cell in row] for row in rows],
                  colWidths=[70, 150, 200][: len(rows[0])] if len(rows[0]) == 3 else [70, 300])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]
                              + ([("GRID", (0, 0), (-1, -1), 0.5, colors.black)] if grid else [])))
    out = io.BytesIO()
    SimpleDocTemplate(out, title=heading).build([
        Paragraph(heading, style["Heading1"]), Paragraph("Wednesday, 3 March 2027, Oslo", style["Normal"]),
        table, Paragraph("The secretariat will circulate a revised list on request.", style["Normal"])])
    return out.getvalue()


PARTICIPANTS = [("Country", "Name", "Function"), ("Norway", "Ms. Ingrid HOLM", "Head of Delegation"),
                ("Peru", "Mr. Luis QUISPE MAMANI", "Adviser, Ministry of Water Resources and Sanitation, Lima"),
                ("Estonia", "Ms. Kadri TAMM", "Ambassador to the Lakes Commission")]


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


@pytest.mark.model
@pytest.mark.parametrize("grid", [False, True])
def test_a_pdf_list_of_participants_keeps_each_row_and_says_who_represents_whom(knowledge_dir, data_dir,
                                                                                real_encoder, grid):
    (knowledge_dir / "participants.pdf").write_bytes(table_pdf("Lakes Commission: list of participants",
                                                               PARTICIPANTS, grid=grid))
    briefing = Briefing(knowledge_dir, data_dir, encoder=real_encoder)
    lines = {line for p in briefing.index.passages for line in p.text.split("\n")}
    # a long cell wrapped over two printed lines stays in its row
    assert {" | ".join(row) for row in PARTICIPANTS} <= lines, lines
    for question, who, country in [("Who represents Peru at the Lakes Commission?", "Luis QUISPE MAMANI", "Peru"),
                                   ("Who heads the delegation of Norway?", "Ingrid HOLM", "Norway")]:
        answer = briefing.ask(question)
        assert answer.answered and answer.text.startswith(f"{country} | ") and who in answer.text, answer


def test_two_columns_of_prose_in_a_pdf_are_read_column_by_column(knowledge_dir, data_dir, fake_encoder):
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph

    sentences = [f"The Lakes Commission heard report number {n} on the water levels of the northern lakes in Oslo."
                 for n in range(1, 30)]
    out = io.BytesIO()
    doc = BaseDocTemplate(out, title="Lakes Commission newsletter")
    width = (doc.width - 20) / 2
    doc.addPageTemplates([PageTemplate(frames=[Frame(doc.leftMargin + i * (width + 20), doc.bottomMargin, width,
                                                     doc.height) for i in (0, 1)])])
    doc.build([Paragraph(" ".join(sentences), getSampleStyleSheet()["Normal"])])
    (knowledge_dir / "newsletter.pdf").write_bytes(out.getvalue())
    text = " ".join(p.text for p in Briefing(knowledge_dir, data_dir, encoder=fake_encoder).index.passages
                    if p.document == "newsletter.pdf")
    assert all(s in " ".join(text.split()) for s in sentences)  # not one line of each column side by side
    assert " | " not in text


@pytest.mark.parametrize("name", ["agenda.docx", "agenda.pdf"])
def test_what_is_on_at_a_time_reads_a_word_or_pdf_table(knowledge_dir, data_dir, fake_encoder, name):
    data = agenda_docx() if name.endswith(".docx") else table_pdf("Lakes Commission: agenda", [("Time", "Item"), *ROWS])
    (knowledge_dir / name).write_bytes(data)
    answer = Briefing(knowledge_dir, data_dir, encoder=fake_encoder).ask("What is on at 11h15 at the Lakes Commission?")
    assert answer.answered and answer.text == "11h00 | Coffee break"


def test_a_word_table_stays_under_the_paragraph_above_it(knowledge_dir, data_dir, fake_encoder):
    """Tables are read where they stand, not after all paragraphs: each day's table under its date."""
    from docx import Document

    doc = Document()
    doc.add_heading("Lakes Forum 2027: programme", level=0)
    for day, rows in (("Wednesday, 3 March 2027", [("09h00", "Registration"), ("11h30", "Panel on water levels")]),
                      ("Thursday, 4 March 2027", [("09h30", "Working groups"), ("11h30", "Report of the working groups")])):
        doc.add_paragraph(day)
        table = doc.add_table(rows=len(rows), cols=2)
        for row, (time, item) in zip(table.rows, rows):
            row.cells[0].text, row.cells[1].text = time, item
    out = io.BytesIO()
    doc.save(out)
    (knowledge_dir / "forum.docx").write_bytes(out.getvalue())
    briefing = Briefing(knowledge_dir, data_dir, encoder=fake_encoder)
    text = "\n".join(p.text for p in briefing.index.passages if p.document == "forum.docx")
    assert text.index("Wednesday, 3 March 2027") < text.index("09h00 | Registration") \
        < text.index("Thursday, 4 March 2027") < text.index("09h30 | Working groups")
    answer = briefing.ask("What is on at 11h30 on Wednesday?")
    assert answer.answered and answer.text == "11h30 | Panel on water levels (Wednesday, 3 March 2027)"
