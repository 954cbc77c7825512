import os
import stat

import pytest

from embeddings.store import load_store, save_store
from knowledge.errors import IndexBusyError, IndexUnusableError, KnowledgeFolderError
from knowledge.indexing.folder import _exclusive, load_index, open_index, refresh_index, store_path
from tests.conftest import FakeEncoder

OTHER = "Budget Committee meets in Oslo\n\n12 January 2024\n\nThe committee approved the budget.\n\nIt thanked Chair Ingrid Berg."


def test_first_refresh_embeds_everything_and_second_embeds_nothing(knowledge_dir, data_dir, fake_encoder):
    index, first = refresh_index(knowledge_dir, data_dir, fake_encoder)
    assert first.added == ("osce-police-experts-meeting-2015.txt",)
    assert first.embedded == first.passages_added == len(index.passages) == 7
    calls = fake_encoder.calls
    again, second = refresh_index(knowledge_dir, data_dir, fake_encoder)
    assert second.embedded == 0 and fake_encoder.calls == calls
    assert second.unchanged == first.added and second.passages_unchanged == 7
    assert not second.saved
    assert again.passages == index.passages


def test_editing_one_document_reembeds_only_its_changed_passages(knowledge_dir, data_dir, fake_encoder):
    (knowledge_dir / "oslo.txt").write_text(OTHER, encoding="utf-8")
    refresh_index(knowledge_dir, data_dir, fake_encoder)
    fake_encoder.encoded.clear()
    (knowledge_dir / "oslo.txt").write_text(OTHER.replace("approved", "rejected"), encoding="utf-8")
    index, report = refresh_index(knowledge_dir, data_dir, fake_encoder)
    assert report.changed == ("oslo.txt",) and report.unchanged == ("osce-police-experts-meeting-2015.txt",)
    assert fake_encoder.encoded == ["The committee rejected the budget."]
    assert report.embedded == 1
    assert any(p.text == "The committee rejected the budget." for p in index.passages)
    assert not any("approved" in p.text for p in index.passages)
    assert load_index(data_dir, fake_encoder).passages == index.passages


def test_deleting_a_document_removes_its_passages(knowledge_dir, data_dir, fake_encoder):
    (knowledge_dir / "oslo.txt").write_text(OTHER, encoding="utf-8")
    refresh_index(knowledge_dir, data_dir, fake_encoder)
    (knowledge_dir / "oslo.txt").unlink()
    index, report = refresh_index(knowledge_dir, data_dir, fake_encoder)
    assert report.removed == ("oslo.txt",) and report.passages_removed == 2 and report.embedded == 0
    assert {p.document for p in index.passages} == {"osce-police-experts-meeting-2015.txt"}
    assert len(load_index(data_dir, fake_encoder).store) == 7


def test_vectors_stay_with_their_passages_after_a_refresh(knowledge_dir, data_dir, fake_encoder):
    (knowledge_dir / "oslo.txt").write_text(OTHER, encoding="utf-8")
    refresh_index(knowledge_dir, data_dir, fake_encoder)
    (knowledge_dir / "a-first.txt").write_text("Anchor paragraph about zebras.", encoding="utf-8")
    index, _ = refresh_index(knowledge_dir, data_dir, fake_encoder)
    fresh = FakeEncoder().encode([p.text for p in index.passages])
    assert (abs(index.store.vectors - fresh) < 1e-6).all()


def test_index_of_another_model_is_refused_for_questions_and_rebuilt_by_refresh(knowledge_dir, data_dir):
    refresh_index(knowledge_dir, data_dir, FakeEncoder("model-a"))
    other = FakeEncoder("model-b")
    with pytest.raises(IndexUnusableError, match="model-a.*model-b.*reindex"):
        load_index(data_dir, other)
    index, report = refresh_index(knowledge_dir, data_dir, other)
    assert "model-a" in report.rebuilt_because and report.embedded == 7
    assert load_index(data_dir, other).model == "model-b"


def test_damaged_index_is_refused_by_load_and_rebuilt_by_open_and_refresh(knowledge_dir, data_dir, fake_encoder, caplog):
    built, _ = refresh_index(knowledge_dir, data_dir, fake_encoder)
    snap = store_path(data_dir) / (store_path(data_dir) / "CURRENT").read_text()
    (snap / "vectors.npy").write_bytes(b"garbage")
    with pytest.raises(IndexUnusableError, match="damaged"):
        load_index(data_dir, fake_encoder)
    assert open_index(knowledge_dir, data_dir, fake_encoder).passages == built.passages
    assert "Rebuilding the index from the documents" in caplog.text and "truncated" in caplog.text
    assert load_index(data_dir, fake_encoder).passages == built.passages
    snap = store_path(data_dir) / (store_path(data_dir) / "CURRENT").read_text()
    (snap / "records.jsonl").write_bytes(b"x" * (snap / "records.jsonl").stat().st_size)
    _, report = refresh_index(knowledge_dir, data_dir, fake_encoder)
    assert "checksum" in report.rebuilt_because and report.embedded == 7


def test_index_with_records_that_are_not_passages_is_refused(data_dir, fake_encoder, knowledge_dir):
    refresh_index(knowledge_dir, data_dir, fake_encoder)
    store = load_store(store_path(data_dir))
    save_store(type(store)(store.model, store.dimension, store.vectors, tuple({"x": 1} for _ in store.records)), store_path(data_dir))
    with pytest.raises(IndexUnusableError, match="unexpected records"):
        load_index(data_dir, fake_encoder)


def test_open_index_builds_when_missing(knowledge_dir, data_dir, fake_encoder):
    index = open_index(knowledge_dir, data_dir, fake_encoder)
    assert len(index.passages) == 7 and index.documents[0].date == "2015-05-28"


def test_all_documents_unreadable_is_a_clear_error(tmp_path, data_dir, fake_encoder):
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01\x02\x03\xff" * 20)  # binary renamed .txt
    with pytest.raises(KnowledgeFolderError, match="bad.txt"):
        refresh_index(tmp_path, data_dir, fake_encoder)


def test_two_refreshes_at_once_are_refused(knowledge_dir, data_dir, fake_encoder):
    with _exclusive(data_dir):
        with pytest.raises(IndexBusyError):
            refresh_index(knowledge_dir, data_dir, fake_encoder)


def modes(folder) -> dict[str, int]:
    return {str(p.relative_to(folder)): stat.S_IMODE(os.stat(p).st_mode) for p in [folder, *folder.rglob("*")]}


def test_the_index_is_private_to_the_bot(knowledge_dir, data_dir, fake_encoder):
    """The snapshots hold the documents' text: folders 0700, files 0600, graph and pointer included."""
    refresh_index(knowledge_dir, data_dir, fake_encoder, approximate_from=1)  # with an HNSW graph file
    (knowledge_dir / "oslo.txt").write_text(OTHER, encoding="utf-8")
    refresh_index(knowledge_dir, data_dir, fake_encoder, approximate_from=1)
    found = modes(data_dir)
    assert "index/CURRENT" in found and any(name.endswith("approximate.usearch") for name in found)
    assert {name: mode for name, mode in found.items() if (data_dir / name).is_dir()} == dict.fromkeys(
        [name for name in found if (data_dir / name).is_dir()], 0o700)
    assert {name: mode for name, mode in found.items() if (data_dir / name).is_file()} == dict.fromkeys(
        [name for name in found if (data_dir / name).is_file()], 0o600)


def test_an_index_folder_left_world_readable_is_made_private_by_the_next_save(knowledge_dir, data_dir, fake_encoder):
    refresh_index(knowledge_dir, data_dir, fake_encoder)
    store_path(data_dir).chmod(0o755)
    (knowledge_dir / "oslo.txt").write_text(OTHER, encoding="utf-8")
    refresh_index(knowledge_dir, data_dir, fake_encoder)
    assert stat.S_IMODE(os.stat(store_path(data_dir)).st_mode) == 0o700
