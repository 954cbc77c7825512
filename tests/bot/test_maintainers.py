"""The maintainer's workflow from a phone: documents sent in Telegram, /documents, /remove,
feedback buttons and /gaps, end to end through the fake Bot API."""

from __future__ import annotations

from tests.bot.conftest import ADMIN, STAFF, reply_count
from tests.formats import make_docx, make_html, make_pdf


async def send_file(tg, user: int, name: str, data: bytes, n: int) -> str:
    await tg.send_document(user, name, data)
    await tg.wait_for(lambda: len(tg.replies_to(user)) >= n and not tg.replies_to(user)[-1].plain.startswith("Reading"), 30)
    return tg.replies_to(user)[-1].plain


async def test_a_pdf_docx_and_web_page_sent_by_a_maintainer_can_be_asked_about_at_once(tg, app, knowledge_dir):
    pdf = make_pdf()
    summary = await send_file(tg, ADMIN, "Water board.pdf", pdf, 1)
    assert "Added Water board.pdf" in summary and "Title: Water Board meeting" in summary
    assert "Date: Monday, 3 March 2025" in summary and "Passages: 3" in summary
    assert (knowledge_dir / "Water board.pdf").read_bytes() == pdf
    summary = await send_file(tg, ADMIN, "harbour.docx", make_docx(), 2)
    assert "Added harbour.docx" in summary and "Title: Harbour Council briefing" in summary
    summary = await send_file(tg, ADMIN, "rail.html", make_html(), 3)
    assert "Added rail.html" in summary and "Title: Rail Forum agenda" in summary

    for question, answer, source in [
        ("How much money did the board approve for new filters?", "2.4 million euros", "(Water board.pdf, p. 2, passage"),
        ("Who opened the Harbour Council meeting?", "Ana Costa", "(harbour.docx, Opening, passage"),
        ("Who opens the Rail Forum?", "Eva Huber", "(rail.html, Morning session, passage"),
    ]:
        await tg.send_text(STAFF, question)
        reply = (await reply_count(tg, STAFF, len(tg.replies_to(STAFF)) + 1))[-1]
        assert answer in reply.plain and source in reply.plain, reply.plain


async def test_same_name_replaces_and_bad_files_are_refused_with_the_reason(tg, app, knowledge_dir):
    await send_file(tg, ADMIN, "notes.html", make_html(), 1)
    summary = await send_file(tg, ADMIN, "notes.html", make_html().replace(b"night trains", b"sleeper trains"), 2)
    assert "Replaced notes.html" in summary and "was there before" in summary
    assert await send_file(tg, ADMIN, "virus.exe", b"MZ\x90\x00", 3) == (
        "I read .txt, .md, .pdf, .docx, .html, .htm files; 'virus.exe' is not one of them.")
    assert "not a readable PDF" in await send_file(tg, ADMIN, "fake.pdf", b"%PDF-1.4 junk", 4)
    assert not (knowledge_dir / "fake.pdf").exists()
    summary = await send_file(tg, ADMIN, "../../etc/<evil>.txt", b"Evil Corp met in Oslo on budgets.", 5)
    [saved] = [p.name for p in knowledge_dir.iterdir() if p.name.startswith("evil")]  # cleaned; maybe made distinct
    assert f"Added {saved}" in summary and saved.endswith(".txt")
    assert not (knowledge_dir.parent / "etc").exists()
    assert tg.refused == []


async def test_staff_who_send_documents_are_told_only_maintainers_add_knowledge(tg, app, knowledge_dir):
    reply = await send_file(tg, STAFF, "agenda.pdf", make_pdf(), 1)
    assert reply == "Only maintainers can add documents to the briefing; please pass it to one of them."
    assert not (knowledge_dir / "agenda.pdf").exists()


async def test_documents_lists_and_remove_asks_first_then_reindexes(tg, app, knowledge_dir):
    await send_file(tg, ADMIN, "harbour.docx", make_docx(), 1)
    await tg.send_text(STAFF, "/documents")
    [listing] = await reply_count(tg, STAFF, 1)
    assert "Harbour Council briefing" in listing.plain and "harbour.docx" in listing.plain and "/remove" not in listing.plain
    await tg.send_text(STAFF, "/remove harbour.docx")
    assert (await reply_count(tg, STAFF, 2))[-1].plain == "/remove is for maintainers."

    await tg.send_text(ADMIN, "/remove nothing.txt")
    assert "no document named nothing.txt" in (await reply_count(tg, ADMIN, 2))[-1].plain
    await tg.send_text(ADMIN, "/remove harbour.docx")
    confirm = (await reply_count(tg, ADMIN, 3))[-1]
    assert "Remove harbour.docx" in confirm.plain and (knowledge_dir / "harbour.docx").exists()
    [remove, keep] = [b["callback_data"] for b in confirm.reply_markup["inline_keyboard"][0]]
    await tg.press(STAFF, confirm, remove)  # a staff member cannot press it for them
    await tg.settle(0.3)
    assert (knowledge_dir / "harbour.docx").exists()
    await tg.press(ADMIN, confirm, remove)
    await tg.wait_for(lambda: confirm.plain.startswith("Removed"), 10)
    assert "Removed harbour.docx" in confirm.plain and not (knowledge_dir / "harbour.docx").exists()
    await tg.send_text(STAFF, "Who opened the Harbour Council meeting?")
    assert "Ana Costa" not in (await reply_count(tg, STAFF, 3))[-1].plain


async def test_feedback_buttons_and_gaps_show_maintainers_what_is_missing(tg, app):
    await tg.send_text(STAFF, "Who opened the meeting?")
    [answer] = await reply_count(tg, STAFF, 1)
    buttons = answer.reply_markup["inline_keyboard"][0]
    assert [b["text"] for b in buttons] == ["👍 Helpful", "👎 Not helpful"]
    await tg.press(STAFF, answer, buttons[1]["callback_data"])
    await tg.wait_for(lambda: answer.reply_markup is None, 10)
    assert list(tg.callback_answers.values())[-1]["text"] == "Thanks, noted."
    for question in ("Zanzibar ferry timetable?", "zanzibar ferry  timetable", "Zanzibar ferry timetable?",
                     "xylophone quartz jukebox"):
        await tg.send_text(STAFF, question)
    replies = await reply_count(tg, STAFF, 5)
    assert all(r.reply_markup is None for r in replies[1:])  # declined answers carry no buttons
    await tg.send_text(ADMIN, "/gaps 7")
    [gaps] = await reply_count(tg, ADMIN, 1)
    lines = gaps.plain.splitlines()
    assert lines[1] == "1. Zanzibar ferry timetable? (3×: 3 declined)"
    assert lines[2] == "   also: zanzibar ferry timetable"
    assert "Who opened the meeting? (1×: 1 not helpful)" in gaps.plain
    assert "xylophone quartz jukebox (1×: 1 declined)" in gaps.plain
    await tg.send_text(STAFF, "/gaps")
    assert (await reply_count(tg, STAFF, 6))[-1].plain == "/gaps is for maintainers."


def test_gaps_on_the_command_line(tmp_path, monkeypatch, knowledge_dir):
    from click.testing import CliRunner

    from bot import cli
    from knowledge.answering.types import Answer
    from knowledge.briefing import Briefing
    from knowledge.journal.sqlite import Journal
    from tests.conftest import FakeEncoder

    monkeypatch.setenv("BRIEFING_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("BRIEFING_KNOWLEDGE_DIR", str(knowledge_dir))
    monkeypatch.setattr(cli, "make_briefing", lambda s: Briefing(s.knowledge_dir, s.data_dir, encoder=FakeEncoder()))
    assert "No question journal" in CliRunner().invoke(cli.cli, ["gaps"]).output
    journal = Journal(tmp_path)
    assert "No declined, unhelpful or unsure answers in the last 2 day(s)." in \
        CliRunner().invoke(cli.cli, ["gaps", "--days", "2"]).output
    for q in ("Parking at the venue?", "parking at the venue", "Menu?"):
        journal.record(1, 1, Answer(q, False, "", (), kind="declined"))
    result = CliRunner().invoke(cli.cli, ["gaps", "--days", "2"])
    assert result.exit_code == 0
    assert result.output.splitlines()[1:4] == [
        "  1. Parking at the venue? (asked 2x: 2 declined, 0 not helpful)",
        "     also: parking at the venue",
        "  2. Menu? (asked 1x: 1 declined, 0 not helpful)",
    ]
