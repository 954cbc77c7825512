"""Damaged PDF, Word and web-page files: each one is read or skipped with a reason, never fatal.

Seeded random byte mutations of small real files (flipped bytes, cut or repeated stretches,
truncation), as a fuzzer would make them. Before readers caught every library failure, about
one mutated PDF in fifty (``NotImplementedError`` for an unknown filter, ``zlib.error``) and one
Word file in fifteen (``zlib.error: invalid block type``) escaped and stopped the whole refresh.
"""

from __future__ import annotations

import io
import random
import time
import zipfile

import pytest

from knowledge.reading.documents import Document, SkippedFile, parse_document, read_documents
from tests.formats import make_docx, make_html, make_pdf

CASES = {"pdf": 150, "docx": 150, "html": 100}
"""Mutations per format: a few hundred in all, a few seconds on two cores."""


def mutate(data: bytes, rng: random.Random) -> bytes:
    """One to four random damages to ``data``."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        kind = rng.random()
        at = rng.randrange(len(out))
        if kind < 0.55:
            for _ in range(rng.randint(1, 8)):
                out[rng.randrange(len(out))] = rng.randrange(256)
        elif kind < 0.7:
            del out[at : at + rng.randint(1, 64)]
        elif kind < 0.85:
            out[at:at] = out[at : at + rng.randint(1, 64)]
        else:
            del out[max(at, 16):]
        if not out:
            out = bytearray(b"\x00")
    return bytes(out)


def mutate_inside(docx: bytes, rng: random.Random) -> bytes:
    """A Word file whose zip is intact but one of whose parts (XML, relationships) is damaged,
    so that the damage reaches python-docx and lxml rather than stopping at a CRC check."""
    with zipfile.ZipFile(io.BytesIO(docx)) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    victim = rng.choice(sorted(parts))
    parts[victim] = mutate(parts[victim], rng)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return out.getvalue()


@pytest.fixture(scope="module")
def originals() -> dict[str, bytes]:
    return {"pdf": make_pdf(), "docx": make_docx(), "html": make_html()}


@pytest.mark.parametrize("suffix", sorted(CASES))
def test_every_mutated_file_is_read_or_skipped_with_a_reason(originals, suffix):
    rng = random.Random(f"fuzz-{suffix}")
    outcomes = {"read": 0, "skipped": 0}
    started = time.perf_counter()
    for case in range(CASES[suffix]):
        inside = suffix == "docx" and case % 2 == 0
        data = mutate_inside(originals[suffix], rng) if inside else mutate(originals[suffix], rng)
        result = parse_document(f"case{case}.{suffix}", data)  # an escaping exception fails the test here
        assert isinstance(result, (Document, SkippedFile)), result
        if isinstance(result, SkippedFile):
            assert result.name == f"case{case}.{suffix}" and result.reason.strip(), result
            assert "\n" not in result.reason and len(result.reason) < 300, result.reason
            outcomes["skipped"] += 1
        else:
            result.clean  # cleaning what was read must not fail either
            outcomes["read"] += 1
    assert outcomes["skipped"] > 0 and outcomes["read"] > 0, outcomes  # damage of every degree
    assert time.perf_counter() - started < 30, "fuzzing is meant to take seconds"


def test_a_folder_of_damaged_files_still_serves_the_good_one_and_names_each_bad_one(tmp_path, originals):
    rng = random.Random("folder")
    bad = {}
    for suffix in ("pdf", "docx", "html"):
        for i in range(10):
            name = f"bad{i}.{suffix}"
            bad[name] = mutate(originals[suffix], rng)
            (tmp_path / name).write_bytes(bad[name])
    (tmp_path / "good.txt").write_text("The good document is still answered from.", encoding="utf-8")
    docs, skipped = read_documents(tmp_path)
    assert "good.txt" in {d.name for d in docs}
    assert {d.name for d in docs} | {s.name for s in skipped} == set(bad) | {"good.txt"}
    assert all(s.reason for s in skipped)
