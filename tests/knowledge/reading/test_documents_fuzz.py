"""Any bytes under any name the briefing reads: a document or a skipped file with a reason."""

from __future__ import annotations

import codecs

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from knowledge.reading.documents import SUFFIXES, Document, SkippedFile, parse_document, safe_file_name

PREFIXES = [b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, b"%PDF-1.7\n",
            b"PK\x03\x04", b"<html><body><p>"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(SUFFIXES), st.sampled_from(PREFIXES), st.binary(max_size=400))
def test_any_bytes_become_a_document_or_a_skipped_file(suffix, prefix, body):
    result = parse_document(f"file{suffix}", prefix + body)
    assert isinstance(result, (Document, SkippedFile))
    if isinstance(result, SkippedFile):
        assert result.reason and "\n" not in result.reason
    else:
        result.clean  # and its cleaning does not fail either


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=300), st.text(st.characters(min_codepoint=0x3040, max_codepoint=0x9fff), min_size=60, max_size=150)),
       st.sampled_from(SUFFIXES))
def test_any_name_gives_a_short_file_name_of_the_same_kind(stem, suffix):
    name = safe_file_name(f"{stem}{suffix}")
    assert name.endswith(suffix) and 0 < len(name.encode()) <= 200
    assert "/" not in name and "\x00" not in name and not name.startswith(".")
    assert safe_file_name(f"{stem}{suffix}") == name
