"""The real python-telegram-bot Application, over real HTTP, against the strict fake Bot API."""

from __future__ import annotations

import asyncio

import pytest

from tests.bot.conftest import (
    ADMIN,
    GROUP,
    OTHER_GROUP,
    SEED_TITLE,
    STAFF,
    STRANGER,
    reply_count,
    running,
)
from tests.bot.fake_telegram import BOT_USERNAME, FakeTelegram, parse_html
from tests.knowledge.answering.test_brief import AGENDA, PARTICIPANTS


async def test_private_question_answered_with_its_source(tg, app):
    await tg.send_text(STAFF, "Who is Alexey Lyzhenkov?")
    [reply] = await reply_count(tg, STAFF, 1)
    assert reply.parse_mode == "HTML"
    assert "Alexey Lyzhenkov, OSCE Co-ordinator of Activities" in reply.plain
    assert f"Source: {SEED_TITLE}, Thursday, 28 May 2015" in reply.plain
    assert tg.refused == []


async def test_typing_shows_only_while_a_slow_answer_is_worked_out(tg, app):
    await tg.send_text(STAFF, "Who opened the meeting?")
    await reply_count(tg, STAFF, 1)
    assert tg.chat_actions == []  # answered before "typing..." would have shown
    await tg.send_text(STAFF, "Who opened the meeting, slowly?")
    await reply_count(tg, STAFF, 2)
    assert tg.chat_actions == [(STAFF, "typing")]


async def test_answer_marks_the_answering_sentence_in_bold(tg, app, knowledge_dir, encoder):
    await tg.send_text(STAFF, "What did Lyzhenkov say was even more serious about smuggled and trafficked commodities?")
    [reply] = await reply_count(tg, STAFF, 1)
    assert "<b>&quot;Even more serious" in reply.text or "<b>\"Even more serious" in reply.text


async def test_question_outside_the_briefing_is_declined_without_quoting_it(tg, app):
    await tg.send_text(STAFF, "xylophone quartz jukebox")
    [reply] = await reply_count(tg, STAFF, 1)
    assert "None of the documents mentions xylophone" in reply.plain  # says what is missing
    assert "Belgrade" not in reply.plain and "Lyzhenkov" not in reply.plain and "Source:" not in reply.plain



async def test_thanks_is_answered_with_welcome_and_another_language_with_why(tg, app):
    await tg.send_text(STAFF, "Thanks!")
    await tg.send_text(STAFF, "Кто открыл встречу?")
    thanks, foreign = await reply_count(tg, STAFF, 2)
    assert thanks.plain.startswith("You're welcome!") and "Ask me about the meeting" in thanks.plain
    assert "only read questions in English" in foreign.plain and "Source:" not in foreign.plain

async def test_help_and_start_explain_with_examples_from_the_knowledge(tg, app):
    await tg.send_text(STAFF, "/start")
    [reply] = await reply_count(tg, STAFF, 1)
    assert SEED_TITLE in reply.plain and "1 document" in reply.plain
    assert "When was the meeting?" in reply.plain and "Who is Aleksandar Nikolić?" in reply.plain
    await tg.send_text(STAFF, "/help")
    await reply_count(tg, STAFF, 2)
    assert tg.commands and {c["command"] for c in tg.commands} >= {"help", "ask", "sources", "brief", "documents"}


async def test_maintainers_commands_show_only_in_maintainers_menus(tg, knowledge_dir, data_dir, encoder):
    from knowledge.briefing import Briefing
    from tests.bot.conftest import running

    async with running(tg, Briefing(knowledge_dir, data_dir, encoder=encoder), admins_known=False):
        await maintainer_menu_is_set_at_their_first_message(tg)
    async with FakeTelegram() as fresh, running(fresh, Briefing(knowledge_dir, data_dir, encoder=encoder)):
        assert ADMIN in fresh.scoped_commands and fresh.refused == []  # known maintainers get it at start


async def maintainer_menu_is_set_at_their_first_message(tg):
    staff_menu = {c["command"] for c in tg.commands}
    assert staff_menu == {"help", "ask", "brief", "speakers", "sources", "documents"}
    assert tg.scoped_commands == {}  # the maintainer has not written yet: Telegram would refuse
    await tg.send_text(ADMIN, "/status")
    await reply_count(tg, ADMIN, 1)
    await tg.wait_for(lambda: ADMIN in tg.scoped_commands)
    assert {c["command"] for c in tg.scoped_commands[ADMIN]} == staff_menu | {"reindex", "status", "remove", "gaps"}
    await tg.send_text(STAFF, "/help")
    await reply_count(tg, STAFF, 1)
    await tg.send_text(ADMIN, "/help")
    await reply_count(tg, ADMIN, 2)
    assert set(tg.scoped_commands) == {ADMIN}
    assert sum(m == "setMyCommands" for m, _ in tg.requests) == 3  # default, ADMIN refused at start, ADMIN once


async def test_sources_lists_documents_with_titles_and_dates(tg, app):
    await tg.send_text(STAFF, "/sources")
    [reply] = await reply_count(tg, STAFF, 1)
    assert SEED_TITLE in reply.plain and "Thursday, 28 May 2015" in reply.plain and "7 passages" in reply.plain


async def test_many_documents_split_under_telegrams_limit(tg, app, knowledge_dir):
    for i in range(150):
        (knowledge_dir / f"note-{i:03}.txt").write_text(
            f"Working group <{i}> & friends meets about item {i} of the agenda\n\n3 March 2024\n\nItem {i} was discussed.",
            encoding="utf-8",
        )
    await tg.send_text(ADMIN, "/reindex")
    await tg.wait_for(lambda: any("Index refreshed" in s.plain for s in tg.replies_to(ADMIN)), 20)
    await tg.send_text(ADMIN, "/sources")
    await tg.wait_for(lambda: sum("Working group <149>" in s.plain for s in tg.replies_to(ADMIN)) == 1, 20)
    parts = [s for s in tg.replies_to(ADMIN) if "Working group" in s.plain]
    assert len(parts) >= 2 and all(len(p.plain) <= 4096 for p in parts)
    assert tg.refused == []


async def test_group_messages_are_ignored_unless_the_bot_is_addressed(tg, app):
    await tg.send_text(STAFF, "Who is Alexey Lyzhenkov?", chat_id=GROUP, chat_type="supergroup")
    await tg.send_text(STAFF, "/reindex@otherbot", chat_id=GROUP, chat_type="supergroup")
    await tg.send_text(STAFF, "/ask@otherbot Who is Alexey Lyzhenkov?", chat_id=GROUP, chat_type="supergroup")
    await tg.send_text(STAFF, "/weather", chat_id=GROUP, chat_type="supergroup")
    await tg.settle()
    assert tg.replies_to(GROUP) == []

    asked = await tg.send_text(STAFF, f"@{BOT_USERNAME} who is Alexey Lyzhenkov?", chat_id=GROUP, chat_type="supergroup")
    [first] = await reply_count(tg, GROUP, 1)
    assert "Lyzhenkov" in first.plain and first.reply_to == asked["message"]["message_id"]

    await tg.send_text(STAFF, "/ask Who is Alexey Lyzhenkov?", chat_id=GROUP, chat_type="supergroup")
    await reply_count(tg, GROUP, 2)
    follow_up = await tg.send_text(
        STAFF, "And what did OSCE Co-ordinator Lyzhenkov underline?", chat_id=GROUP, chat_type="supergroup",
        reply_to=first.message_id,
    )
    replies = await reply_count(tg, GROUP, 3)
    assert "Source:" in replies[2].plain
    assert replies[2].reply_to == follow_up["message"]["message_id"]


async def test_unlisted_user_is_refused_once_with_their_id_and_gets_nothing_from_the_briefing(tg, app):
    await tg.send_text(STRANGER, "Who is Alexey Lyzhenkov?")
    [refusal] = await reply_count(tg, STRANGER, 1)
    assert str(STRANGER) in refusal.plain and "staff only" in refusal.plain
    for text in ("Who is Alexey Lyzhenkov?", "/sources", "/help", "/reindex"):
        await tg.send_text(STRANGER, text)
    await tg.settle()
    assert len(tg.replies_to(STRANGER)) == 1
    assert "Lyzhenkov" not in refusal.plain


async def test_members_of_an_unlisted_group_are_refused_when_they_address_the_bot(tg, app):
    await tg.send_text(STRANGER, "chatter", chat_id=OTHER_GROUP, chat_type="group")
    await tg.send_text(STRANGER, f"@{BOT_USERNAME} who opened the meeting?", chat_id=OTHER_GROUP, chat_type="group")
    [refusal] = await reply_count(tg, OTHER_GROUP, 1)
    assert str(STRANGER) in refusal.plain


async def test_reindex_is_for_maintainers_only(tg, app, knowledge_dir):
    await tg.send_text(STAFF, "/reindex")
    [reply] = await reply_count(tg, STAFF, 1)
    assert reply.plain == "/reindex is for maintainers."
    await tg.send_text(STAFF, "/reindex", chat_id=GROUP, chat_type="supergroup")
    [group_reply] = await reply_count(tg, GROUP, 1)
    assert group_reply.plain == "/reindex is for maintainers."


async def test_reindex_by_a_maintainer_while_staff_keep_asking(tg, app, knowledge_dir, encoder):
    (knowledge_dir / "zoo.txt").write_text(
        "Zoo Board meets in Vienna\n\n9 April 2024\n\nZebra enclosures were the main item: the board approved two new zebra paddocks.",
        encoding="utf-8",
    )
    encoder.hold.clear()
    await tg.send_text(ADMIN, "/reindex")
    await asyncio.get_running_loop().run_in_executor(None, encoder.holding.wait, 10)
    [progress] = await reply_count(tg, ADMIN, 1)
    assert "Refreshing" in progress.plain

    await tg.send_text(ADMIN, "/reindex")
    queued = (await reply_count(tg, ADMIN, 2))[1]
    assert "waiting for the 1 job(s) before it" in queued.plain  # waits its turn
    await tg.send_text(STAFF, "Who is Alexey Lyzhenkov?")
    [during] = await reply_count(tg, STAFF, 1)
    assert "Lyzhenkov" in during.plain  # answered from the old index while the refresh runs

    encoder.hold.set()
    await tg.wait_for(lambda: "Index refreshed" in progress.plain)
    assert "Added: 1 passage(s) (zoo.txt)" in progress.plain and "Unchanged: 7 passage(s)" in progress.plain
    assert progress.edits  # one message, edited
    await tg.wait_for(lambda: "Index refreshed" in queued.plain)  # then the second refresh, finding nothing new
    assert "Unchanged: 8 passage(s)" in queued.plain
    await tg.send_text(STAFF, "paddocks for zebra enclosures")
    replies = await reply_count(tg, STAFF, 2)
    assert "zebra paddocks" in replies[1].plain and "Zoo Board meets in Vienna" in replies[1].plain


async def test_answer_arrives_once_despite_429_and_502(tg, app):
    tg.fail("sendMessage", 429, retry_after=1)
    tg.fail("sendMessage", 502)
    tg.fail("sendMessage", 500)
    await tg.send_text(STAFF, "Who is Alexey Lyzhenkov?")
    [reply] = await reply_count(tg, STAFF, 1, timeout=15)
    assert "Lyzhenkov" in reply.plain
    await tg.settle()
    assert len(tg.replies_to(STAFF)) == 1
    assert [m for m, _ in tg.requests].count("sendMessage") == 4


async def test_stickers_edits_and_junk_callbacks_are_survived(tg, app):
    await tg.send_other(STAFF, "sticker")
    [hint] = await reply_count(tg, STAFF, 1)
    assert "typed questions" in hint.plain
    update = await tg.send_text(STAFF, "Who is Alexey Lyzhenkov?")
    await reply_count(tg, STAFF, 2)
    await tg.edit_text(update, "Who is Aleksandar?")
    await tg.press(STAFF, hint, "junk-data-\x00")
    await tg.wait_for(lambda: tg.callback_answers)
    assert "This button has expired" in next(iter(tg.callback_answers.values()))["text"]
    await tg.send_other(STAFF, "voice")
    await reply_count(tg, STAFF, 3)
    await tg.settle()
    assert len(tg.replies_to(STAFF)) == 3  # the edit got no reply
    await tg.send_text(STAFF, "/nonsense")
    replies = await reply_count(tg, STAFF, 4)
    assert "/help" in replies[3].plain


async def test_bad_questions_get_a_clear_reply(tg, app):
    await tg.send_text(STAFF, "?!?")
    await tg.send_text(STAFF, "why " * 600)
    await tg.send_text(STAFF, "/ask")
    replies = await reply_count(tg, STAFF, 3)
    texts = " | ".join(r.plain for r in replies)
    assert "question is empty" in texts and "characters long" in texts and "after /ask" in texts


async def test_html_in_questions_and_documents_is_escaped(tg, app, knowledge_dir):
    (knowledge_dir / "tags.txt").write_text("Budget <b>cuts</b> & <script>alert(1)</script> were debated.", encoding="utf-8")
    await tg.send_text(ADMIN, "/reindex")
    await tg.wait_for(lambda: any("Index refreshed" in s.plain for s in tg.replies_to(ADMIN)))
    await tg.send_text(STAFF, "Budget <b>cuts</b> & <script> debated?")
    [reply] = await reply_count(tg, STAFF, 1)
    assert "Budget <b>cuts</b> & <script>alert(1)</script> were debated." in reply.plain
    assert tg.refused == []


async def test_an_unexpected_error_gets_an_apology_not_silence(tg, app):
    await tg.send_text(STAFF, "please explode")
    [reply] = await reply_count(tg, STAFF, 1)
    assert "something went wrong" in reply.plain
    await tg.send_text(STAFF, "Who is Alexey Lyzhenkov?")
    replies = await reply_count(tg, STAFF, 2)
    assert "Lyzhenkov" in replies[1].plain


async def test_status_for_maintainers(tg, app):
    await tg.send_text(ADMIN, "Who is Alexey Lyzhenkov?")
    await reply_count(tg, ADMIN, 1)
    await tg.send_text(ADMIN, "/status")
    replies = await reply_count(tg, ADMIN, 2)
    status = replies[1].plain
    assert "Documents: 1; passages: 7" in status and "Model: fake-bow-1024" in status
    assert "Questions answered: 1" in status and "Index saved:" in status
    await tg.send_text(STAFF, "/status")
    [refused] = await reply_count(tg, STAFF, 1)
    assert refused.plain == "/status is for maintainers."


async def test_burst_of_questions_is_batched(tg, app):
    state = app.bot_data["state"]
    for user in range(20):
        state.access.allowed_users = state.access.allowed_users | {5000 + user}
        await tg.send_text(5000 + user, "Who is Alexey Lyzhenkov?")
    await tg.wait_for(lambda: all(tg.replies_to(5000 + u) for u in range(20)))
    assert all(len(tg.replies_to(5000 + u)) == 1 for u in range(20))
    assert state.batcher.calls < 20


def test_fake_server_is_strict_about_html():
    from tests.bot.fake_telegram import ApiError

    assert parse_html("<b>a &amp; b</b>") == "a & b"
    for bad in ("<b>open", "a < b", "x & y", "<div>x</div>", "<b><i>x</b></i>"):
        with pytest.raises(ApiError):
            parse_html(bad)


async def test_brief_and_speakers_in_telegram(tg, app):
    await tg.send_text(STAFF, "/brief")
    [card] = await reply_count(tg, STAFF, 1)
    assert "Date: Thursday, 28 May 2015" in card.plain and "Place: Belgrade" in card.plain
    assert "Speakers" in card.plain and "Key points" in card.plain and "(passage 3)" in card.plain
    await tg.send_text(STAFF, "/speakers")
    replies = await reply_count(tg, STAFF, 2)
    assert "Aleksandar Nikolić, Serbian State Secretary" in replies[1].plain
    assert tg.refused == []


async def test_a_request_for_a_summary_gets_the_briefing_card(tg, app):
    await tg.send_text(STAFF, "Summarize the meeting please")
    [card] = await reply_count(tg, STAFF, 1)
    assert "Date: Thursday, 28 May 2015" in card.plain and "Speakers" in card.plain
    assert tg.refused == []


@pytest.mark.parametrize(("message", "shown"), [
    ("Who are you?", "Ask in plain words"), ("What documents do you have?", "7 passages"),
])
async def test_questions_about_the_bot_get_help_or_the_sources_not_a_passage(tg, app, message, shown):
    # "Who are you?" was answered with a speaker's sentence, "What documents do you have?" declined
    await tg.send_text(STAFF, message)
    [reply] = await reply_count(tg, STAFF, 1)
    assert shown in reply.plain and "Lyzhenkov" not in reply.plain
    assert tg.refused == []


async def test_a_request_to_list_the_speakers_lists_them(tg, app):
    await tg.send_text(STAFF, "List the speakers")
    [reply] = await reply_count(tg, STAFF, 1)
    assert "Aleksandar Nikolić and Alexey Lyzhenkov" in reply.plain and "doesn't say" not in reply.plain


async def test_brief_of_an_agenda_and_a_list_of_participants_fits_one_message(tg, knowledge_dir, data_dir, encoder):
    from knowledge.briefing import Briefing

    (knowledge_dir / "agenda.txt").write_text(AGENDA, encoding="utf-8")
    (knowledge_dir / "participants.txt").write_text(PARTICIPANTS, encoding="utf-8")
    async with running(tg, Briefing(knowledge_dir, data_dir, encoder=encoder)):
        await tg.send_text(STAFF, "/brief")
        [card] = await reply_count(tg, STAFF, 1)
        await tg.settle(0.3)
    assert len(tg.replies_to(STAFF)) == 1
    text = card.plain
    assert "Programme" in text and "11h00 | Coffee break" in text and "14:30 | Closing remarks" in text
    assert "Attending" in text and "Chair: Ms. Petra Novak (Slovenia)" in text and "Dr. Anna Huber (Austria)" in text
    assert text.index("Programme") < text.index("09h30 | Opening") < text.index("13h00 | Lunch")
    assert len(text.splitlines()) <= 60  # with the shipped release's card: two phone screens, not a scroll


async def test_brief_of_an_agenda_without_times_lists_its_items(tg, knowledge_dir, data_dir, encoder):
    from knowledge.briefing import Briefing
    from tests.knowledge.answering.test_brief import ITEM_AGENDA

    (knowledge_dir / "agenda.txt").write_text(ITEM_AGENDA, encoding="utf-8")
    async with running(tg, Briefing(knowledge_dir, data_dir, encoder=encoder)):
        await tg.send_text(STAFF, "/brief")
        [card] = await reply_count(tg, STAFF, 1)
    text = card.plain
    assert text.index("Agenda") < text.index("1. Taking stock") < text.index("4. Any other business")
    assert "Programme" not in text


async def test_the_fake_refuses_what_telegram_refuses(tg, app):
    from tests.bot.fake_telegram import ApiError

    await tg.send_text(STAFF, "hi")
    with pytest.raises(ApiError, match="message to be replied not found"):
        await tg.api_sendmessage({"chat_id": str(STAFF), "text": "x", "reply_to_message_id": "999"})
    sent = await tg.api_sendmessage({"chat_id": str(STAFF), "text": "x", "reply_parameters":
                                     '{"message_id": 999, "allow_sending_without_reply": true}'})
    assert "reply_to_message" not in sent
    await tg.api_answercallbackquery({"callback_query_id": "cb1"})
    with pytest.raises(ApiError, match="query is too old"):
        await tg.api_answercallbackquery({"callback_query_id": "cb1"})


async def test_a_restarted_bot_never_gets_old_updates_again(tg, knowledge_dir, data_dir, encoder):
    from knowledge.briefing import Briefing
    from tests.bot.conftest import running

    briefing = Briefing(knowledge_dir, data_dir, encoder=encoder)
    async with running(tg, briefing):
        await tg.send_text(STAFF, "Who opened the meeting?")
        await reply_count(tg, STAFF, 1)
    async with running(tg, briefing):
        await tg.send_text(STAFF, "/sources")
        await reply_count(tg, STAFF, 2)
        await tg.settle(0.5)
    assert len(tg.replies_to(STAFF)) == 2 and tg.updates == []
