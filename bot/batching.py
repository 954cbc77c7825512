"""Answering questions that arrive together with one call, off the event loop."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from knowledge.answering.types import Answer, Topic



class QuestionBatcher:
    """Collects questions while an answer call is running and answers them in one batch.

    The first question is answered at once; questions that arrive while it is being answered
    wait for the next call and go together (up to ``max_batch``), so a burst costs a few
    encoder calls rather than one per question. The blocking work runs in one dedicated
    worker thread, so the event loop stays free for Telegram, and the model always runs on
    the same thread: answers that hopped between the threads of asyncio's shared pool took
    about 2 ms longer each (PyTorch keeps its helper threads per calling thread).

    Args:
        ask_many: The blocking call answering a list of (already checked) questions in order,
            with ``contexts=`` the topic of each question's chat (for follow-ups).
        max_batch: Most questions per call (default 64, the encoder's batch size).
    """

    def __init__(self, ask_many: Callable[..., list[Answer]], *, max_batch: int = 64) -> None:
        self._ask_many = ask_many
        self.max_batch = max_batch
        self._pending: list[tuple[tuple[str, Topic | None], asyncio.Future[Answer]]] = []
        self._in_flight = 0
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="answering")
        self.calls = 0

    @property
    def pending(self) -> int:
        """Questions waiting or being answered."""
        return len(self._pending) + self._in_flight

    async def ask(self, question: str, context: Topic | None = None) -> Answer:
        return await self.submit(question, context)

    def submit(self, question: str, context: Topic | None = None) -> asyncio.Future[Answer]:
        """Queue ``question`` now (it counts in :attr:`pending` at once); await the result.

        When no call is running the question goes to the worker thread before this returns:
        no event-loop round trip between a question arriving and its encoding starting.
        """
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Answer] = loop.create_future()
        self._pending.append(((question, context), future))
        if not self._in_flight:
            self._next_batch(loop)
        return future

    def _next_batch(self, loop: asyncio.AbstractEventLoop) -> None:
        while self._pending:
            batch = [item for item in self._pending[: self.max_batch] if not item[1].done()]
            del self._pending[: self.max_batch]
            if batch:
                break
        else:
            return
        self.calls += 1
        self._in_flight = len(batch)
        questions = [q for (q, _), _ in batch]
        contexts = [c for (_, c), _ in batch]
        if any(c is not None for c in contexts):
            call = loop.run_in_executor(self._thread, lambda: self._ask_many(questions, contexts=contexts))
        else:
            call = loop.run_in_executor(self._thread, self._ask_many, questions)
        call.add_done_callback(lambda done: self._finish(loop, batch, done))

    def _finish(
        self, loop: asyncio.AbstractEventLoop, batch: list[tuple[tuple[str, Topic | None], asyncio.Future[Answer]]],
        call: asyncio.Future
    ) -> None:
        self._in_flight = 0
        if call.cancelled():  # only when the worker thread was shut down
            error: BaseException | None = RuntimeError("the answering thread has stopped")
        else:
            error = call.exception()
        for i, (_, future) in enumerate(batch):
            if future.done():
                continue
            if error is not None:  # every waiting question learns of the failure
                future.set_exception(error)
            else:
                future.set_result(call.result()[i])
        self._next_batch(loop)

    def close(self) -> None:
        """Let the worker thread end once the call in progress (if any) returns."""
        self._thread.shutdown(wait=False, cancel_futures=True)
