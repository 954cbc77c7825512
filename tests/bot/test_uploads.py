"""Several documents sent in a row: each is fetched at once and indexed in turn, with its own reply."""

from __future__ import annotations

import asyncio

from tests.bot.conftest import ADMIN, STAFF, reply_count


def note(topic: str, extra: str = "") -> bytes:
    return f"{topic} committee meets in Graz\n\n3 March 2025\n\nThe {topic} committee approved a budget. {extra}".encode()


async def test_documents_sent_in_a_row_are_queued_and_each_gets_its_summary(tg, app, knowledge_dir, encoder, monkeypatch):
    import bot.handlers.documents as documents

    monkeypatch.setattr(documents, "PROGRESS_EVERY", 0.2)
    encoder.hold.clear()  # the first document's passages mention Zebra: its indexing waits
    await tg.send_document(ADMIN, "zebra.txt", note("Zebra"))
    await asyncio.get_running_loop().run_in_executor(None, encoder.holding.wait, 10)
    await tg.send_document(ADMIN, "otter.txt", note("Otter"))
    await tg.send_document(ADMIN, "heron.txt", note("Heron"))
    await tg.send_text(ADMIN, "/reindex")
    await tg.wait_for(lambda: sum("waiting for the" in s.plain for s in tg.replies_to(ADMIN)) == 3)
    first, otter, heron, reindex = tg.replies_to(ADMIN)
    assert "waiting for the 1 job(s)" in otter.plain and "waiting for the 2 job(s)" in heron.plain
    assert "waiting for the 3 job(s)" in reindex.plain
    await tg.wait_for(lambda: "s so far" in first.plain, 5)  # long indexing shows it is under way
    encoder.hold.set()
    await tg.wait_for(lambda: "Index refreshed" in reindex.plain, 20)
    assert "Added zebra.txt" in first.plain
    assert "Added otter.txt" in otter.plain and "Added heron.txt" in heron.plain
    assert "Reading otter.txt" in otter.edits[-1] or any("Reading otter.txt" in e for e in otter.edits)
    assert all("send the document again" not in s.plain for s in tg.replies_to(ADMIN))
    assert tg.refused == []
    await tg.send_text(STAFF, "What did the Heron committee approve?")
    [answer] = await reply_count(tg, STAFF, 1)
    assert "Heron committee approved a budget" in answer.plain


async def test_a_file_path_on_this_machine_is_never_read(tg, app, knowledge_dir, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("Secret Corp met in Oslo\n\nThe password is hunter2.", encoding="utf-8")
    for i, path in enumerate([str(secret), "../../../../" + str(secret), "file://" + str(secret)], start=1):
        update = await tg.send_document(ADMIN, f"agenda{i}.txt", b"Agenda of the board meeting in Graz.")
        tg.file_paths[update["message"]["document"]["file_id"]] = path
        await tg.wait_for(lambda: len(tg.replies_to(ADMIN)) == i and "Reading" not in tg.replies_to(ADMIN)[-1].plain)
        assert "Telegram would not hand me the file" in tg.replies_to(ADMIN)[-1].plain
    assert not any(p.name.startswith("agenda") for p in knowledge_dir.iterdir())
    await tg.send_text(STAFF, "What is the password?")
    [answer] = await reply_count(tg, STAFF, 1)
    assert "hunter2" not in answer.plain
