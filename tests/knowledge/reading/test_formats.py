"""PDF, Word and web pages: what is extracted, with pages and sections kept for the sources; and
that no file, however damaged or inflated, can take the briefing down."""

import io
import re
import struct
import time
import tracemalloc
import zipfile
import zlib

import pytest

from knowledge.reading import formats
from knowledge.reading.documents import MAX_DOCUMENT_BYTES, SkippedFile, parse_document, read_documents
from knowledge.reading.formats import extract_text
from knowledge.reading.passages import split_passages
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


# --- Damaged files: whatever a library raises, that one file is skipped (issue 13, item 1) ---


def _with_good_file(tmp_path, name: str, data: bytes):
    (tmp_path / name).write_bytes(data)
    (tmp_path / "ok.txt").write_text("A fine document.", encoding="utf-8")
    docs, skipped = read_documents(tmp_path)
    assert [d.name for d in docs] == ["ok.txt"]
    assert [s.name for s in skipped] == [name]
    return skipped[0].reason


def _member_offset(data: bytes, member: str) -> int:
    """Where the compressed bytes of ``member`` start in a zip."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(member)
    header = data[info.header_offset : info.header_offset + 30]
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    return info.header_offset + 30 + name_length + extra_length


def test_a_docx_whose_deflate_stream_is_corrupt_is_skipped_not_fatal(tmp_path):
    data = bytearray(make_docx())
    data[_member_offset(bytes(data), "word/document.xml")] = 0xFF  # block type 3: "invalid block type"
    reason = _with_good_file(tmp_path, "broken.docx", bytes(data))
    assert reason.startswith("it is not a readable Word (.docx) file") and "invalid block type" in reason


def test_a_pdf_with_an_unknown_filter_is_skipped_not_fatal(tmp_path):
    data = make_pdf().replace(b"/FlateDecode", b"/FateDecode")  # pypdf: NotImplementedError
    reason = _with_good_file(tmp_path, "broken.pdf", data)
    assert reason.startswith("it is not a readable PDF file") and "FateDecode" in reason


@pytest.mark.parametrize("error", [RecursionError("maximum recursion depth exceeded"), KeyError("/Root"),
                                   NotImplementedError(), AttributeError("'NoneType' object has no attribute 'x'")])
def test_any_failure_of_a_reader_skips_the_file_with_a_reason(monkeypatch, error):
    def fail(data):
        raise error

    monkeypatch.setattr(formats, "_html", fail)
    skipped = parse_document("page.html", make_html())
    assert isinstance(skipped, SkippedFile) and skipped.reason.startswith("it is not a readable web page file (")


def test_running_out_of_memory_is_not_disguised_as_a_damaged_file(monkeypatch):
    def fail(data):
        raise MemoryError

    monkeypatch.setattr(formats, "_pdf", fail)
    with pytest.raises(MemoryError):
        parse_document("big.pdf", make_pdf())


# --- What a document may expand to (issue 13, item 2) ---


PARAGRAPHS = b"<w:p><w:r><w:t>The same paragraph again and again.</w:t></w:r></w:p>" * 1000


def _docx_with(parts: dict[str, int], path) -> bytes:
    """make_docx() with extra or replaced parts of the given uncompressed sizes (repeated
    paragraphs, as in the 4.9 MB file that inflated to 1.6 GB), written in pieces."""
    with zipfile.ZipFile(io.BytesIO(make_docx())) as source:
        originals = {info.filename: source.read(info) for info in source.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in originals.items():
            if name not in parts:
                target.writestr(name, data)
        for name, size in parts.items():
            with target.open(name, "w") as out:
                written = 0
                while written < size:
                    out.write(PARAGRAPHS[: size - written])
                    written += min(len(PARAGRAPHS), size - written)
    return path.read_bytes()


def _refused_quickly_in_little_memory(name: str, data: bytes) -> str:
    tracemalloc.start()
    started = time.perf_counter()
    try:
        result = parse_document(name, data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert isinstance(result, SkippedFile), "the document was read whole"
    assert time.perf_counter() - started < 10
    assert peak < 20 * 2**20, f"{peak / 2**20:.0f} MB held while refusing it"
    return result.reason


def test_a_zip_bomb_docx_is_refused_before_it_is_inflated(tmp_path):
    data = _docx_with({"word/document.xml": 64 * 2**20}, tmp_path / "bomb.docx")
    assert len(data) < MAX_DOCUMENT_BYTES // 10  # small on disk
    reason = _refused_quickly_in_little_memory("bomb.docx", data)
    assert reason == "word/document.xml expands to more than 50 MB (the limit)"


def test_a_docx_of_many_parts_is_refused_on_their_total(tmp_path):
    data = _docx_with({f"word/part{i}.xml": 2**20 for i in range(60)}, tmp_path / "many.docx")
    assert _refused_quickly_in_little_memory("many.docx", data) == "it expands to more than 50 MB (the limit)"


def test_a_docx_whose_zip_understates_the_sizes_is_stopped_while_inflating(tmp_path):
    data = bytearray(_docx_with({"word/document.xml": 64 * 2**20}, tmp_path / "liar.docx"))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("word/document.xml")
    central = next(m.start() for m in re.finditer(b"PK\x01\x02", bytes(data))
                   if struct.unpack("<I", data[m.start() + 42 : m.start() + 46])[0] == info.header_offset)
    first_kilobyte = PARAGRAPHS[:1024]
    for at in (info.header_offset + 22, central + 24):  # the size, in the local and the central header
        data[at : at + 4] = struct.pack("<I", 1024)
    for at in (info.header_offset + 14, central + 16):  # and a checksum that fits it
        data[at : at + 4] = struct.pack("<I", zlib.crc32(first_kilobyte))
    assert zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("word/document.xml").file_size == 1024
    reason = _refused_quickly_in_little_memory("liar.docx", bytes(data))
    assert reason.startswith("it is not a readable Word (.docx) file")


@pytest.mark.parametrize("name, data", [("water.pdf", make_pdf()), ("harbour.docx", make_docx()),
                                        ("rail.html", make_html())])
def test_text_beyond_the_limit_is_refused_whatever_the_format(monkeypatch, name, data):
    monkeypatch.setattr(formats, "MAX_TEXT_CHARS", 150)  # the mechanism, with files at hand
    skipped = parse_document(name, data)
    assert isinstance(skipped, SkippedFile)
    assert skipped.reason == "it holds more than 150 characters of text (the limit); split it into smaller documents"


def test_the_real_text_limit_leaves_room_for_any_file_under_the_size_limit():
    assert formats.MAX_TEXT_CHARS >= MAX_DOCUMENT_BYTES  # a full-size UTF-8 text file always fits
    assert formats.MAX_EXPANDED_BYTES == 50 * 2**20


# --- Web pages in time linear in their nesting (issue 13, item 3) ---


def test_deeply_nested_html_takes_about_as_long_as_a_flat_page_of_the_same_size():
    depth = 8000  # each block nested in the previous one's <div>: 52 s here before
    nested = ("<html><body>" + "<div><p>word</p>" * depth + "</div>" * depth + "</body></html>").encode()
    flat = ("<html><body>" + "<div><p>word</p></div>" * depth + "</body></html>").encode()
    times = {}
    for label, page in (("flat", flat), ("nested", nested)):
        started = time.perf_counter()
        text = extract_text(page, ".html")
        times[label] = time.perf_counter() - started
        assert text.count("word") == depth
    assert times["nested"] < 4 * times["flat"] + 1, times


def test_a_long_word_file_is_read_in_time_linear_in_its_paragraphs():
    from docx import Document

    doc = Document()
    for i in range(5000):
        if i % 100 == 0:
            doc.add_heading(f"Part {i // 100}", level=1)
        doc.add_paragraph(f"Paragraph {i} of the minutes, with a few words in it.")
    out = io.BytesIO()
    doc.save(out)
    started = time.perf_counter()
    text = extract_text(out.getvalue(), ".docx")
    assert time.perf_counter() - started < 4  # 13 s here while every paragraph looked its style up again
    assert text.count("Paragraph ") == 5000 and text.count(formats.SECTION_MARK) == 50


@pytest.mark.parametrize("junk", ["Microsoft Word - agenda_final.docx", "Untitled", "(anonymous)", "lakes-agenda.pdf"])
def test_a_pdf_title_that_names_the_file_or_program_is_not_the_documents_title(tmp_path, junk):
    clean, _ = passages_of(tmp_path, "agenda.pdf", make_pdf(pages=[["Lakes Commission agenda", "",
                                                                    "The Commission meets in Oslo on 3 May 2027."]],
                                                             title=junk))
    assert clean.title == "Lakes Commission agenda"
