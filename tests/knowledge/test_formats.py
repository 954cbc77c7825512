"""PDF, Word and web pages: what is extracted, with pages and sections kept for the sources."""

import pytest

from knowledge.documents import read_documents
from knowledge.passages import split_passages
from tests.formats import make_docx, make_html, make_pdf


def passages_of(tmp_path, name: str, data: bytes):
    (tmp_path / name).write_bytes(data)
    [doc], skipped = read_documents(tmp_path)
    assert not skipped
    return doc.clean, split_passages(name, doc.clean)


def test_pdf_text_is_read_page_by_page_with_page_numbers(tmp_path):
    clean, passages = passages_of(tmp_path, "water.pdf", make_pdf())
    assert clean.title == "Water Board meeting" and str(clean.date) == "2025-03-03"
    by_page = {p.section: p.text for p in passages}
    assert "Marie Dubois opened the session" in by_page["p. 1"]
    assert "2.4 million euros" in by_page["p. 2"] and "Paul Martin" in by_page["p. 2"]


def test_docx_headings_become_sections_and_the_title_style_the_title(tmp_path):
    clean, passages = passages_of(tmp_path, "harbour.docx", make_docx())
    assert clean.title == "Harbour Council briefing" and str(clean.date) == "2025-02-12"
    sections = {p.text: p.section for p in passages}
    assert sections["Mayor Ana Costa opened the Harbour Council meeting in Porto."] == "Opening"
    assert sections["The council agreed to dredge the northern channel before the summer season."] == "Decisions"
    assert any("Budget | 900,000 euros for dredging" == p.text for p in passages)


def test_html_keeps_the_main_text_without_navigation_scripts_or_footers(tmp_path):
    clean, passages = passages_of(tmp_path, "rail.html", make_html())
    assert clean.title == "Rail Forum agenda" and str(clean.date) == "2025-04-08"
    text = " ".join(p.text for p in passages)
    for junk in ("secret script", "color: red", "Navigation menu", "Site banner", "Related stories", "Copyright"):
        assert junk not in text
    sections = {p.text: p.section for p in passages}
    assert sections["Minister Eva Huber opens the forum with a speech on cross-border tickets."] == "Morning session"
    assert sections["Coffee break at eleven."] == "Morning session"
    assert sections["Operators present their timetables for the winter."] == "Afternoon session"


@pytest.mark.parametrize("name, data, reason", [
    ("fake.pdf", b"%PDF-1.4 this is not really a pdf", "not a readable PDF"),
    ("scan.pdf", make_pdf(pages=[[]], title=None), "no text layer"),
    ("fake.docx", b"PK\x03\x04 not a zip really", "not a readable Word"),
    ("empty.html", b"<html><body><nav>Home</nav><script>x()</script></body></html>", "no text outside navigation"),
])
def test_broken_or_empty_files_are_skipped_with_the_reason(tmp_path, name, data, reason):
    (tmp_path / name).write_bytes(data)
    (tmp_path / "ok.txt").write_text("A fine document.", encoding="utf-8")
    docs, skipped = read_documents(tmp_path)
    assert [d.name for d in docs] == ["ok.txt"]
    assert len(skipped) == 1 and reason in skipped[0].reason, skipped


def test_plain_text_cannot_fake_a_section(tmp_path):
    clean, passages = passages_of(tmp_path, "a.txt", "Intro.\n\n\ue000p. 99\n\nBody.".encode())
    assert [p.section for p in passages] == [None, None, None]
    assert [p.text for p in passages] == ["Intro.", "p. 99", "Body."]
