"""Answering questions that arrive together with one call, off the event loop."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence

from knowledge.answering import Answer


class QuestionBatcher:
    """Collects questions while an answer call is running and answers them in one batch.

    The first question is answered at once; questions that arrive while it is being answered
    wait for the next call and go together (up to ``max_batch``), so a burst costs a few
    encoder calls rather than one per question. The blocking work runs in a worker thread;
    the event loop stays free for Telegram.

    Args:
        ask_many: The blocking call answering a list of (already checked) questions in order.
        max_batch: Most questions per call (default 64, the encoder's batch size).
    """

    def __init__(self, ask_many: Callable[[Sequence[str]], list[Answer]], *, max_batch: int = 64) -> None:
        self._ask_many = ask_many
        self.max_batch = max_batch
        self._pending: list[tuple[str, asyncio.Future[Answer]]] = []
        self._worker: asyncio.Task[None] | None = None
        self._in_flight = 0
        self.calls = 0

    @property
    def pending(self) -> int:
        """Questions waiting or being answered."""
        return len(self._pending) + self._in_flight

    async def ask(self, question: str) -> Answer:
        return await self.submit(question)

    def submit(self, question: str) -> asyncio.Future[Answer]:
        """Queue ``question`` now (it counts in :attr:`pending` at once); await the result."""
        future: asyncio.Future[Answer] = asyncio.get_running_loop().create_future()
        self._pending.append((question, future))
        if self._worker is None or self._worker.done():
            self._worker = asyncio.create_task(self._drain())
        return future

    async def _drain(self) -> None:
        while self._pending:
            batch = [item for item in self._pending[: self.max_batch] if not item[1].done()]
            del self._pending[: self.max_batch]
            if not batch:
                continue
            self.calls += 1
            self._in_flight = len(batch)
            try:
                answers = await asyncio.to_thread(self._ask_many, [q for q, _ in batch])
            except Exception as exc:  # every waiting question learns of the failure
                for _, future in batch:
                    if not future.done():
                        future.set_exception(exc)
                continue
            finally:
                self._in_flight = 0
            for (_, future), answer in zip(batch, answers):
                if not future.done():
                    future.set_result(answer)
