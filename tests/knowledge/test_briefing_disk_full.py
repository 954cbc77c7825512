"""A full data disk (or a data folder that cannot be written) never stops the briefing while a valid
index is saved: the saved index is served, the refresh is retried, and an upload waits its turn."""

from __future__ import annotations

import errno
import logging
import time

import pytest

from knowledge.indexing import folder as index_module
from knowledge.briefing import Briefing
from knowledge.errors import DocumentNotIndexedError, IndexSaveError
from knowledge.indexing.folder import open_index, refresh_index

ZOO = "Zoo Board meets in Vienna\n\n3 March 2024\n\nZebra paddocks were approved by the board."
ZEBRAS = "Were zebra paddocks approved?"


@pytest.fixture
def disk(monkeypatch):
    """Switch the data disk between full (or read-only) and writable, as a save sees it."""
    real_save = index_module.save_store

    class Disk:
        def fill(self, code: int = errno.ENOSPC) -> None:
            def refuse(*args, **kwargs):
                raise OSError(code, {errno.ENOSPC: "No space left on device", errno.EACCES: "Permission denied"}[code])

            monkeypatch.setattr(index_module, "save_store", refuse)

        def free(self) -> None:
            monkeypatch.setattr(index_module, "save_store", real_save)

    return Disk()


def wait_for(condition, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def documents(briefing: Briefing) -> set[str]:
    return {d.name for d in briefing.index.documents}


def test_open_index_serves_the_saved_index_when_the_refresh_cannot_be_written(
        knowledge_dir, data_dir, fake_encoder, disk, caplog):
    saved, _ = refresh_index(knowledge_dir, data_dir, fake_encoder)
    (knowledge_dir / "zoo.txt").write_text(ZOO, encoding="utf-8")
    disk.fill()
    with caplog.at_level(logging.WARNING):
        served = open_index(knowledge_dir, data_dir, fake_encoder)
    assert served.passages == saved.passages
    assert "bringing it up to date failed" in caplog.text and "No space left on device" in caplog.text


def test_with_no_saved_index_a_full_disk_is_still_an_error(knowledge_dir, data_dir, fake_encoder, disk):
    disk.fill()
    with pytest.raises(IndexSaveError, match="No space left on device"):
        open_index(knowledge_dir, data_dir, fake_encoder)


def test_the_briefing_starts_on_the_saved_index_and_catches_up_when_there_is_room(
        knowledge_dir, data_dir, fake_encoder, disk, caplog):
    refresh_index(knowledge_dir, data_dir, fake_encoder)
    (knowledge_dir / "zoo.txt").write_text(ZOO, encoding="utf-8")
    disk.fill()
    briefing = Briefing(knowledge_dir, data_dir, encoder=fake_encoder, retry_seconds=0.05)
    try:
        with caplog.at_level(logging.INFO):
            assert "opened" in briefing.ask("Who opened the meeting?").text  # started, answering
            assert documents(briefing) == {"osce-police-experts-meeting-2015.txt"}
            assert "No space left on device" in briefing.stale
            embedded = list(fake_encoder.encoded)
            time.sleep(0.3)  # several retries fail while the disk is full; the saved index keeps serving
            assert documents(briefing) == {"osce-police-experts-meeting-2015.txt"}
            assert fake_encoder.encoded == embedded  # a retry does not embed the new document again
            disk.free()
            wait_for(lambda: "zoo.txt" in documents(briefing))
        assert briefing.stale is None and fake_encoder.encoded == embedded  # written, not embedded again
        assert "paddocks" in briefing.ask(ZEBRAS).text
        assert "Trying to bring the index up to date again" in caplog.text
        assert "The index is up to date again" in caplog.text
        assert caplog.text.count("still not up to date") >= 2
        assert [r.levelno for r in caplog.records if "still not up to date" in r.message][1:] == [
            logging.INFO] * (caplog.text.count("still not up to date") - 1)  # one warning, then quieter
    finally:
        briefing.close()


@pytest.mark.parametrize("code, wording", [
    (errno.ENOSPC, "zoo.txt is saved; it will be indexed when the data disk has room again (No space left on device)."),
    (errno.EACCES, "zoo.txt is saved; it will be indexed once the index can be written again (Permission denied)."),
])
def test_an_upload_that_cannot_be_indexed_is_saved_and_indexed_when_there_is_room(
        knowledge_dir, data_dir, fake_encoder, disk, code, wording):
    briefing = Briefing(knowledge_dir, data_dir, encoder=fake_encoder, retry_seconds=0.05)
    try:
        briefing.index
        disk.fill(code)
        with pytest.raises(DocumentNotIndexedError) as raised:
            briefing.add_document("zoo.txt", ZOO.encode())
        assert str(raised.value) == wording
        assert (knowledge_dir / "zoo.txt").read_text(encoding="utf-8") == ZOO
        assert "opened" in briefing.ask("Who opened the meeting?").text  # the old index still serves
        time.sleep(0.2)
        assert "zoo.txt" not in documents(briefing)
        disk.free()
        wait_for(lambda: "zoo.txt" in documents(briefing))  # nobody had to send it again
        assert "paddocks" in briefing.ask(ZEBRAS).text
    finally:
        briefing.close()


def test_closing_stops_the_retries(knowledge_dir, data_dir, fake_encoder, disk):
    refresh_index(knowledge_dir, data_dir, fake_encoder)
    (knowledge_dir / "zoo.txt").write_text(ZOO, encoding="utf-8")
    disk.fill()
    briefing = Briefing(knowledge_dir, data_dir, encoder=fake_encoder, retry_seconds=0.05)
    briefing.index
    briefing.close()
    disk.free()
    time.sleep(0.2)
    assert "zoo.txt" not in documents(briefing) and briefing.stale is not None
