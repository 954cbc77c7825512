"""Uploads through the briefing: odd names and damaged files get a sentence, never an apology."""

from __future__ import annotations

import re

import pytest

from knowledge.briefing import Briefing
from knowledge.errors import DocumentRejectedError
from tests.formats import make_docx, make_pdf


@pytest.fixture
def briefing(tmp_path, fake_encoder) -> Briefing:
    folder = tmp_path / "knowledge"
    folder.mkdir()
    (folder / "agenda.txt").write_text("The Water Board meets in Lyon on Monday.", encoding="utf-8")
    return Briefing(folder, tmp_path / "data", encoder=fake_encoder)


def test_a_name_of_100_cjk_characters_is_added_under_a_name_the_disk_accepts(briefing):
    added = briefing.add_document("会議の議事録" * 17 + "会議の.txt", "会議は月曜日にリヨンで開かれた。".encode())
    assert added.document.name.endswith(".txt") and len(added.document.name.encode()) <= 255
    assert (briefing.knowledge_dir / added.document.name).is_file()


def test_two_uploads_whose_names_clean_alike_are_both_kept(briefing):
    first = briefing.add_document("budget.txt", b"The first budget was approved.")
    second = briefing.add_document("budget?.txt", b"The second budget was rejected.")
    again = briefing.add_document("budget?.txt", b"The second budget was approved after all.")
    assert first.document.name != second.document.name == again.document.name and again.replaced
    assert {d.name for d in briefing.index.documents} >= {first.document.name, second.document.name}


@pytest.mark.parametrize("name, data, reason", [
    ("broken.docx", make_docx()[:-200], "is not a readable Word (.docx) file"),
    ("broken.pdf", make_pdf().replace(b"/FlateDecode", b"/FateDecode"), "is not a readable PDF file"),
])
def test_a_damaged_upload_is_refused_with_the_reason_and_not_saved(briefing, name, data, reason):
    with pytest.raises(DocumentRejectedError, match=re.escape(f"{name} was not added: it {reason} (")):
        briefing.add_document(name, data)
    assert not (briefing.knowledge_dir / name).exists()
