"""Work that changes the index (uploads, /reindex, removals): one job at a time, in arrival order,
on one daemon thread that a stopping bot does not wait for."""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
from collections.abc import Callable
from typing import Any, TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")

STOP_GRACE = 2.0
"""Seconds a stopping bot waits for the job in progress before it abandons it."""


class WorkAbandoned(Exception):
    """The bot is stopping and no longer waits for this job (it may or may not have run)."""


_Job = tuple[Callable[[], Any], asyncio.Future, asyncio.AbstractEventLoop, Callable[[], None] | None]


class IndexWork:
    """Runs index-changing jobs one after another, in the order they were submitted.

    The thread is a daemon: a bot stopping (SIGTERM) during a 5,000-page PDF or a long refresh
    does not wait for it; the index on disk is only ever replaced whole (a new snapshot swapped
    in with ``os.replace``), so an abandoned job leaves the previous index, and the next start
    picks up any document already saved. asyncio's default executor would not do: its threads
    are joined when the interpreter exits.
    """

    def __init__(self) -> None:
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._waiting: set[asyncio.Future] = set()
        self._thread: threading.Thread | None = None
        self._closed = False
        self._running = False

    @property
    def busy(self) -> bool:
        """Whether the work thread is still inside a job (one abandoned by :meth:`close`, say)."""
        return self._running

    @property
    def pending(self) -> int:
        """Jobs submitted and not finished (the one running included)."""
        return len(self._waiting)

    async def run(self, job: Callable[[], T], *, on_start: Callable[[], None] | None = None) -> T:
        """Run ``job`` on the work thread after every job submitted before it; its result.

        ``on_start`` is called on the event loop when the job starts. Raises what ``job``
        raises, or :class:`WorkAbandoned` if the bot stops first.
        """
        return await self.submit(job, on_start=on_start)

    def submit(self, job: Callable[[], T], *, on_start: Callable[[], None] | None = None) -> asyncio.Future[T]:
        """Queue ``job`` now, without awaiting (its place is taken before the caller's next await)."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        if self._closed:
            future.set_exception(WorkAbandoned())
            return future
        self._waiting.add(future)
        future.add_done_callback(self._waiting.discard)
        if self._thread is None:
            self._thread = threading.Thread(target=self._work, name="index-work", daemon=True)
            self._thread.start()
        self._jobs.put((job, future, loop, on_start))
        return future

    def _work(self) -> None:
        while (item := self._jobs.get()) is not None:
            job, future, loop, on_start = item
            if future.done():  # abandoned before it started
                continue
            if on_start is not None:
                self._call_soon(loop, on_start)
            self._running = True
            try:
                result = job()
            except Exception as exc:  # handed to the awaiting handler, which says what went wrong
                self._call_soon(loop, _settle, future, None, exc)
            else:
                self._call_soon(loop, _settle, future, result, None)
            finally:
                self._running = False

    @staticmethod
    def _call_soon(loop: asyncio.AbstractEventLoop, callback: Callable[..., None], *args: Any) -> None:
        try:
            loop.call_soon_threadsafe(callback, *args)
        except RuntimeError:  # the loop has closed: the bot stopped, nobody waits any more
            log.debug("A job finished after the bot stopped")

    async def close(self, grace: float = STOP_GRACE) -> None:
        """Stop taking jobs; give those in progress ``grace`` seconds, then stop waiting for them."""
        self._closed = True
        if self._waiting:
            await asyncio.wait(list(self._waiting), timeout=grace)
        abandoned = [f for f in self._waiting if not f.done()]
        if abandoned:
            log.warning("Stopping without waiting for %d index job(s); the saved index stays as it was", len(abandoned))
        for future in abandoned:
            future.set_exception(WorkAbandoned())
        self._jobs.put(None)


def _settle(future: asyncio.Future, result: Any, error: Exception | None) -> None:
    if future.done():
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(result)
