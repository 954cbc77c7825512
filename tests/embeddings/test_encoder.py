"""The real encoder gives sentence-transformers' own vectors, whatever the batch shape."""

from __future__ import annotations

import numpy as np
import pytest

from tests.conftest import SEED_DOCUMENT


@pytest.mark.model
def test_vectors_match_sentence_transformers_encode(real_encoder):
    text = SEED_DOCUMENT.read_text(encoding="utf-8")
    paragraphs = [p for p in text.split("\n") if p.strip()]
    texts = ["Who opened the meeting?", "When was it?", " ".join(paragraphs) * 3, "", "Лыженков 🙂"]  # one beyond the length limit + paragraphs
    batch_size, real_encoder.batch_size = real_encoder.batch_size, 4  # several padded batches
    try:
        ours = real_encoder.encode(texts)
    finally:
        real_encoder.batch_size = batch_size
    theirs = real_encoder._load().encode(texts, normalize_embeddings=True, convert_to_numpy=True)
    assert ours.dtype == np.float32 and ours.shape == theirs.shape
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    assert np.abs(ours - theirs).max() < 1e-5
