import hashlib
import json
import os

import numpy as np
import pytest

from embeddings import store as store_module
from embeddings.errors import StoreCorruptError, StoreModelMismatchError
from embeddings.store import VectorStore, load_store, save_store, store_exists


def unit_rows(n: int, d: int = 8, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    v = rng.standard_normal((n, d)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def make_store(n: int = 5, seed: int = 0, model: str = "m1") -> VectorStore:
    return VectorStore(model, 8, unit_rows(n, seed=seed), tuple({"id": i, "seed": seed} for i in range(n)), {"docs": {"a": "h1"}})


def test_round_trip_keeps_vectors_records_model_and_extra(tmp_path):
    store = make_store()
    save_store(store, tmp_path / "s")
    loaded = load_store(tmp_path / "s", model="m1")
    assert loaded.model == "m1" and loaded.dimension == 8
    np.testing.assert_array_equal(loaded.vectors, store.vectors)
    assert list(loaded.records) == list(store.records)
    assert loaded.extra == {"docs": {"a": "h1"}}


def test_search_returns_top_k_best_first_with_scores():
    store = make_store(50)
    query = store.vectors[17] * 0.9 + store.vectors[3] * 0.1
    query /= np.linalg.norm(query)
    hits = store.search(query, k=5)[0]
    assert [h.row for h in hits][0] == 17
    assert hits[0].record == {"id": 17, "seed": 0}
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True) and len(hits) == 5
    expected = np.sort(store.vectors @ query)[::-1][:5]
    np.testing.assert_allclose(scores, expected, rtol=1e-5)


def test_search_on_small_or_empty_store():
    assert VectorStore.empty("m", 8).search(unit_rows(2), k=5) == [[], []]
    assert len(make_store(3).search(unit_rows(1), k=10)[0]) == 3


def test_store_made_by_another_model_is_refused(tmp_path):
    save_store(make_store(model="other-model"), tmp_path / "s")
    with pytest.raises(StoreModelMismatchError, match="other-model"):
        load_store(tmp_path / "s", model="m1")


def test_crash_between_write_and_rename_leaves_the_previous_store(tmp_path, monkeypatch):
    save_store(make_store(seed=1), tmp_path / "s")

    def crash(*args, **kwargs):
        raise OSError("simulated crash before the rename")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="simulated"):
        save_store(make_store(seed=2), tmp_path / "s")
    monkeypatch.undo()
    loaded = load_store(tmp_path / "s")
    assert loaded.records[0]["seed"] == 1
    assert len(list((tmp_path / "s").glob("snap-*"))) == 1  # the half-written snapshot is gone


def test_disk_full_during_save_leaves_the_previous_store(tmp_path, monkeypatch):
    save_store(make_store(seed=1), tmp_path / "s")
    real_save = np.save

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(np, "save", full_disk)
    with pytest.raises(OSError, match="No space"):
        save_store(make_store(seed=2), tmp_path / "s")
    monkeypatch.setattr(np, "save", real_save)
    assert load_store(tmp_path / "s").records[0]["seed"] == 1


def test_a_crash_after_the_pointer_moved_serves_the_new_store(tmp_path):
    save_store(make_store(seed=1), tmp_path / "s")
    save_store(make_store(seed=2), tmp_path / "s")
    assert load_store(tmp_path / "s").records[0]["seed"] == 2
    assert len(list((tmp_path / "s").glob("snap-*"))) == 1


def _snapshot(folder):
    return folder / (folder / "CURRENT").read_text()


def test_truncated_vectors_are_detected(tmp_path):
    save_store(make_store(), tmp_path / "s")
    vectors = _snapshot(tmp_path / "s") / "vectors.npy"
    vectors.write_bytes(vectors.read_bytes()[:-16])
    with pytest.raises(StoreCorruptError, match="truncated"):
        load_store(tmp_path / "s")


def test_hand_edited_metadata_is_detected(tmp_path):
    save_store(make_store(), tmp_path / "s")
    meta = _snapshot(tmp_path / "s") / "meta.json"
    data = json.loads(meta.read_text())
    data["count"] = 99
    meta.write_text(json.dumps(data))
    with pytest.raises(StoreCorruptError):
        load_store(tmp_path / "s")
    meta.write_text("{not json")
    with pytest.raises(StoreCorruptError):
        load_store(tmp_path / "s")


def test_pointer_to_a_missing_snapshot_is_detected(tmp_path):
    save_store(make_store(), tmp_path / "s")
    (tmp_path / "s" / "CURRENT").write_text("snap-gone")
    with pytest.raises(StoreCorruptError, match="does not exist"):
        load_store(tmp_path / "s")


def test_no_store_yet(tmp_path):
    assert not store_exists(tmp_path)
    with pytest.raises(FileNotFoundError):
        load_store(tmp_path)


def test_edited_records_are_detected_by_checksum(tmp_path):
    save_store(make_store(), tmp_path / "s")
    records = _snapshot(tmp_path / "s") / "records.jsonl"
    records.write_bytes(records.read_bytes().replace(b'"seed":0', b'"seed":7', 1))
    with pytest.raises(StoreCorruptError, match="checksum"):
        load_store(tmp_path / "s")


def test_large_stores_are_checked_by_size_without_hashing(tmp_path, monkeypatch):
    monkeypatch.setattr(store_module, "CHECKSUM_LIMIT", 0)
    save_store(make_store(n=40), tmp_path / "s")
    assert len(load_store(tmp_path / "s")) == 40
    records = _snapshot(tmp_path / "s") / "records.jsonl"
    records.write_bytes(records.read_bytes()[:-5])
    with pytest.raises(StoreCorruptError, match="truncated"):
        load_store(tmp_path / "s")


def test_records_are_read_on_demand_and_compare_like_the_originals(tmp_path):
    store = make_store(n=5)
    save_store(store, tmp_path / "s")
    loaded = load_store(tmp_path / "s")
    assert loaded.records[-1] == {"id": 4, "seed": 0}
    assert loaded.records[1:3] == [{"id": 1, "seed": 0}, {"id": 2, "seed": 0}]
    assert loaded.records == store.records
    with pytest.raises(IndexError):
        loaded.records[5]


def test_a_store_saved_by_the_first_format_still_loads(tmp_path):
    folder = tmp_path / "s"
    snap = folder / "snap-old"
    snap.mkdir(parents=True)
    vectors = unit_rows(3)
    np.save(snap / "vectors.npy", vectors)
    digest = hashlib.sha256((snap / "vectors.npy").read_bytes()).hexdigest()
    meta = {"format": 1, "model": "m", "dimension": 8, "count": 3, "vectors_sha256": digest,
            "records": [{"id": i} for i in range(3)], "extra": {}}
    (snap / "meta.json").write_text(json.dumps(meta))
    (folder / "CURRENT").write_text("snap-old")
    loaded = load_store(folder)
    assert loaded.records[2] == {"id": 2}
    assert loaded.search(vectors[1], 1)[0][0].row == 1


def test_large_stores_get_an_approximate_index_that_finds_what_exact_search_finds(tmp_path):
    rng = np.random.default_rng(3)
    centres = unit_rows(30, seed=4)
    vectors = centres[rng.integers(0, 30, 3000)] + 0.3 * rng.standard_normal((3000, 8)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    store = VectorStore("m", 8, vectors.astype(np.float32), tuple({"id": i} for i in range(3000)))
    save_store(store, tmp_path / "small", approximate_from=5000)
    assert load_store(tmp_path / "small").approximate is None
    save_store(store, tmp_path / "big", approximate_from=2000)
    loaded = load_store(tmp_path / "big")
    assert loaded.approximate is not None and len(loaded.approximate) == 3000
    queries = unit_rows(50, seed=9)
    exact = store.search(queries, 10)
    approximate = loaded.search(queries, 10)
    recall = np.mean([len({h.row for h in a} & {h.row for h in e}) / 10 for a, e in zip(approximate, exact)])
    assert recall >= 0.95
    assert [h.row for h in loaded.search(queries[7], 10)[0]] == [h.row for h in approximate[7]]  # one query alone
    for query, hits in zip(queries, approximate):  # scores are exact (rescored), best first
        assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
        assert all(abs(h.score - float(vectors[h.row] @ query)) < 1e-5 for h in hits)


def test_a_damaged_approximate_index_is_detected(tmp_path):
    store = make_store(n=300)
    save_store(store, tmp_path / "s", approximate_from=100)
    graph = _snapshot(tmp_path / "s") / "approximate.usearch"
    graph.write_bytes(graph.read_bytes()[:100])
    with pytest.raises(StoreCorruptError):
        load_store(tmp_path / "s")
