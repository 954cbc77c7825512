import codecs
import os
import time

import pytest

from knowledge.reading.documents import (
    MAX_DOCUMENT_BYTES,
    MAX_NAME_BYTES,
    MAX_PASSAGES_PER_DOCUMENT,
    Document,
    SkippedFile,
    parse_document,
    read_documents,
    safe_file_name,
    strip_bidi,
)
from knowledge.errors import KnowledgeFolderError
from knowledge.indexing.folder import refresh_index
from knowledge.reading.passages import split_passages


def test_reads_txt_and_md_and_skips_bad_files_by_name(tmp_path):
    (tmp_path / "a.txt").write_text("Alpha meeting notes.\n\nSecond paragraph.", encoding="utf-8")
    (tmp_path / "b.md").write_text("# Beta\n\nBeta body text.", encoding="utf-8")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 r\xe9union".encode("latin-1"))
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (tmp_path / "empty.md").write_text("\n\n\t\n", encoding="utf-8")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    (tmp_path / ".hidden.txt").write_text("secret", encoding="utf-8")
    (tmp_path / "huge.txt").write_bytes(b"a" * (MAX_DOCUMENT_BYTES + 1))
    docs, skipped = read_documents(tmp_path)
    assert [d.name for d in docs] == ["a.txt", "b.md"]
    reasons = {s.name: s.reason for s in skipped}
    assert set(reasons) == {"latin1.txt", "image.txt", "empty.md", "huge.txt"}
    assert "not UTF-8" in reasons["latin1.txt"]
    assert "binary" in reasons["image.txt"]
    assert "no text" in reasons["empty.md"]
    assert "limit" in reasons["huge.txt"]


def test_documents_in_subfolders_are_named_by_relative_path(tmp_path):
    (tmp_path / "2024" / "june").mkdir(parents=True)
    (tmp_path / "2024" / "june" / "board.txt").write_text("Board met.", encoding="utf-8")
    docs, _ = read_documents(tmp_path)
    assert [d.name for d in docs] == ["2024/june/board.txt"]


def test_content_hash_follows_the_bytes(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("One.", encoding="utf-8")
    first = read_documents(tmp_path)[0][0].content_hash
    path.write_text("Two.", encoding="utf-8")
    assert read_documents(tmp_path)[0][0].content_hash != first


def test_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(KnowledgeFolderError, match="does not exist.*BRIEFING_KNOWLEDGE_DIR"):
        read_documents(tmp_path / "nope")


def test_folder_without_documents_is_a_clear_error(tmp_path):
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    with pytest.raises(KnowledgeFolderError, match="holds no documents"):
        read_documents(tmp_path)


def test_links_to_files_outside_the_folder_are_skipped_and_odd_names_kept(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("Salaries of everyone.", encoding="utf-8")
    folder = tmp_path / "knowledge"
    folder.mkdir()
    (folder / "inside.txt").write_text("Inside the folder.", encoding="utf-8")
    (folder / "leak.txt").symlink_to(secret)
    (folder / "alias.txt").symlink_to(folder / "inside.txt")
    odd = '<b>&"odd" — name ../ %s.txt'.replace("/", "∕")  # a name cannot hold "/"; anything else goes
    (folder / odd).write_text("Odd but fine.", encoding="utf-8")
    docs, skipped = read_documents(folder)
    assert sorted(d.name for d in docs) == sorted(["inside.txt", "alias.txt", odd])
    assert [(s.name, s.reason) for s in skipped] == [("leak.txt", "it is a link to a file outside the knowledge folder")]


# --- Text in other Unicode encodings (issue 13) ---


@pytest.mark.parametrize("encoding, bom", [("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE),
                                           ("utf-8", codecs.BOM_UTF8), ("utf-32-le", codecs.BOM_UTF32_LE)])
def test_text_with_a_byte_order_mark_is_read_in_its_encoding(tmp_path, encoding, bom):
    text = "# Réunion du conseil\n\nLe conseil a approuvé le budget de 2,4 millions d'euros."
    (tmp_path / "notes.txt").write_bytes(bom + text.encode(encoding))
    docs, skipped = read_documents(tmp_path)
    assert skipped == [] and [d.name for d in docs] == ["notes.txt"]
    assert docs[0].text == text and docs[0].clean.title == "Réunion du conseil"


def test_utf16_that_breaks_off_is_refused_with_its_encoding_named():
    skipped = parse_document("notes.txt", codecs.BOM_UTF16_LE + "Bonjour".encode("utf-16-le") + b"\x00\xd8")
    assert isinstance(skipped, SkippedFile) and skipped.reason.startswith("it is not UTF-16 text")


# --- Passages per document (issue 13, item 2) ---


def test_a_text_of_short_lines_is_refused_before_it_becomes_a_million_passages():
    data = b"x\n\n" * 1_300_000  # 3.9 MB: 1.3 million passages, 15 minutes of embedding, 5 GB before
    started = time.perf_counter()
    skipped = parse_document("dump.txt", data)
    assert time.perf_counter() - started < 10
    assert isinstance(skipped, SkippedFile)
    assert skipped.reason.startswith(f"it has 1,300,000 paragraphs, more than the {MAX_PASSAGES_PER_DOCUMENT:,} passages")


def test_one_paragraph_that_splits_into_too_many_passages_is_refused_with_the_count():
    sentence = "The board " + "discussed the budget again " * 13 + "today."  # 360 characters: one a passage
    skipped = parse_document("long.txt", " ".join([sentence] * (MAX_PASSAGES_PER_DOCUMENT + 1)).encode())
    assert isinstance(skipped, SkippedFile)
    assert skipped.reason == (f"it would make {MAX_PASSAGES_PER_DOCUMENT + 1:,} passages, more than the "
                              f"{MAX_PASSAGES_PER_DOCUMENT:,} a document may make; split it into smaller documents")


def test_a_large_document_under_the_passage_limit_is_read_and_counted_once(tmp_path):
    paragraph = "\n".join(["The council met in the town hall to agree on the spring budget for roads."] * 8)
    text = "\n\n".join([paragraph] * 3000)  # 24,000 lines, 3,000 paragraphs: counted exactly, then kept
    doc = parse_document("minutes.txt", text.encode())
    assert isinstance(doc, Document) and "clean" in doc.__dict__  # cleaned once, reused by the refresh
    assert len(split_passages(doc.name, doc.clean)) <= MAX_PASSAGES_PER_DOCUMENT
    assert MAX_PASSAGES_PER_DOCUMENT == 10_000


# --- File names and titles (issue 13) ---


def test_a_long_name_in_a_script_of_wide_characters_is_cut_by_bytes_and_can_be_written(tmp_path):
    original = "会議" * 50 + ".docx"  # 100 CJK characters: 300 bytes, over the 255 a file name may have
    name = safe_file_name(original)
    assert name.endswith(".docx") and len(name.encode()) <= MAX_NAME_BYTES
    assert name.startswith("会議" * 20) and "\ufffd" not in name
    (tmp_path / name).write_bytes(b"x")
    (tmp_path / f".{name}.{4_194_304}.upload").write_bytes(b"x")  # the temporary name an upload uses fits too
    assert safe_file_name(original) == name


def test_different_names_that_clean_alike_stay_distinct_and_the_same_name_replaces():
    names = ["evil.txt", "<evil>.txt", ">evil<.txt", "evil?.txt", ".evil.txt", "ev\u202eil.txt"]
    cleaned = [safe_file_name(n) for n in names]
    assert len(set(cleaned)) == len(names), cleaned
    assert cleaned[0] == "evil.txt"  # a name that needs no cleaning is kept as it is
    assert safe_file_name("<evil>.txt") == cleaned[1] and safe_file_name("a/b/<evil>.txt") == cleaned[1]
    assert safe_file_name("Evil.TXT") == "Evil.txt"  # the extension's case is not a different name
    long = "x" * 300
    assert safe_file_name(f"{long}a.txt") != safe_file_name(f"{long}b.txt")  # cut at the same place


def test_bidirectional_controls_are_taken_out_of_names_and_titles(tmp_path):
    name = safe_file_name("invoice\u202egnp.txt")
    assert not any(ch in name for ch in BIDI)
    (tmp_path / "notes.txt").write_text("# \u202eTsil eht\u202c Budget \u2067talk\u2069\n\nThe budget was agreed.",
                                        encoding="utf-8")
    [doc], _ = read_documents(tmp_path)
    assert doc.clean.title == "Tsil eht Budget talk"
    assert strip_bidi("a\u200eb\u200fc\u061cd\u202ae\u2066f") == "abcdef"


BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def test_a_file_whose_name_is_not_utf8_is_skipped_not_fatal_to_the_refresh(tmp_path, fake_encoder):
    folder = tmp_path / "knowledge"
    folder.mkdir()
    (folder / "ok.txt").write_text("The Water Board met in Lyon.", encoding="utf-8")
    (folder / os.fsdecode(b"caf\xe9 minutes.txt")).write_text("Café meeting in Lyon.", encoding="utf-8")  # Latin-1 name
    docs, skipped = read_documents(folder)
    assert [d.name for d in docs] == ["ok.txt"]
    assert skipped == [SkippedFile("caf\ufffd minutes.txt", "its name is not UTF-8; rename it")]
    _, report = refresh_index(folder, tmp_path / "data", fake_encoder)  # stopped with UnicodeEncodeError before
    assert report.added == ("ok.txt",) and [s.name for s in report.skipped] == ["caf\ufffd minutes.txt"]
