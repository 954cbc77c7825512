"""A saved index keeps its documents' passages until their content hash changes, and the hash
includes PIPELINE_VERSION: a change to how documents are read must bump it, or indexes built
before go on answering from passages the new code would not make."""

from __future__ import annotations

import hashlib

from knowledge.reading.cleaning import clean_document
from knowledge.reading.documents import PIPELINE_VERSION
from knowledge.reading.passages import split_passages
from tests.conftest import ROOT, SEED_DOCUMENT
from tests.knowledge.answering.test_brief import AGENDA, ITEM_AGENDA, PARTICIPANTS
from tests.knowledge.answering.test_programme_days import PROGRAMME as DAYS
from tests.knowledge.answering.test_schedule import ITEMS_AND_PAPERS

READINGS = {
    "9": "e72c188db911efcf",
}
"""Fingerprint of the passages read from the documents below, per PIPELINE_VERSION."""


def _fingerprint() -> str:
    texts = [SEED_DOCUMENT.read_text(encoding="utf-8"), AGENDA, ITEM_AGENDA, PARTICIPANTS, DAYS, ITEMS_AND_PAPERS,
             "Water board meets\n\nThe board met in the\nharbour hall and adopted\nthree decisions.\n"]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "data" / "meetings").iterdir())]
    digest = hashlib.sha256()
    for i, text in enumerate(texts):
        clean = clean_document(text)
        digest.update(repr((clean.title, clean.date, clean.boilerplate)).encode())
        for passage in split_passages(f"{i}.txt", clean):
            digest.update(repr((passage.text, passage.section)).encode())
    return digest.hexdigest()[:16]


def test_reading_documents_otherwise_bumps_the_pipeline_version():
    found = _fingerprint()
    assert READINGS.get(PIPELINE_VERSION) == found, (
        f"Documents are now read into other passages (fingerprint {found}). If that is meant, bump "
        f"PIPELINE_VERSION in knowledge/reading/documents.py so that saved indexes re-read their "
        f"documents, and add its fingerprint here.")
