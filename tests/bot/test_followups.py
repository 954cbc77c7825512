"""Follow-up questions and "which meeting?" buttons, end to end through the fake Bot API, with the
real model: in one chat, "he", "there" and "when was it?" resolve against the previous exchange."""

from __future__ import annotations

import shutil

import pytest

from knowledge.briefing import Briefing
from tests.bot.conftest import STAFF, running, reply_count
from tests.conftest import SEED_DOCUMENT

BALTIC = SEED_DOCUMENT.parent.parent / "tests" / "data" / "meetings" / "baltic-water-summit-2024.md"

pytestmark = pytest.mark.model


@pytest.fixture
def two_meetings(tmp_path, real_encoder):
    folder = tmp_path / "knowledge"
    folder.mkdir()
    shutil.copy(SEED_DOCUMENT, folder)
    shutil.copy(BALTIC, folder)
    return Briefing(folder, tmp_path / "data", encoder=real_encoder)


async def _ask(tg, text: str, n: int):
    await tg.send_text(STAFF, text)
    return (await reply_count(tg, STAFF, n, timeout=30))[n - 1]


async def test_follow_ups_resolve_against_the_previous_exchange(tg, two_meetings):
    async with running(tg, two_meetings):
        first = await _ask(tg, "What did Lyzhenkov say about the victims?", 1)
        assert "vulnerable human beings" in first.plain
        when = await _ask(tg, "And when was it?", 2)
        assert "28 May 2015" in when.plain  # the meeting of the previous answer, not the Baltic one
        confident = await _ask(tg, "What is he confident about?", 3)
        assert "recommendations" in confident.plain
        others = await _ask(tg, "Who else spoke there?", 4)
        assert "Nikolić" in others.plain and "Tamm" not in others.plain
        fresh = await _ask(tg, "Who opened the Baltic Water Summit?", 5)  # naming another meeting starts afresh
        assert "Kadri Tamm" in fresh.plain
        she = await _ask(tg, "What did she say about rivers?", 6)
        assert "Water knows no borders" in she.plain or "rivers" in she.plain
        assert "Source: Baltic Water Summit" in she.plain
    assert tg.refused == []


async def test_and_a_name_asks_the_last_question_again_about_that_name(tg, two_meetings):
    async with running(tg, two_meetings):
        first = await _ask(tg, "What did Lyzhenkov say about the victims?", 1)
        assert "vulnerable human beings" in first.plain
        then = await _ask(tg, "And Nikolić?", 2)  # "What did Nikolić say about the victims?": he did not
        assert "doesn't say what Nikolić said about the victims" in then.plain
        again = await _ask(tg, "And about criminal assets?", 3)  # "What did Nikolić say about criminal assets?"
        assert "confiscate" in again.plain
    assert tg.refused == []


async def test_a_question_that_fits_several_meetings_is_asked_back_with_a_button_per_meeting(tg, two_meetings):
    async with running(tg, two_meetings):
        asked_back = await _ask(tg, "When was the meeting?", 1)
        assert "which one do you mean" in asked_back.plain
        buttons = [b for row in asked_back.reply_markup["inline_keyboard"] for b in row]
        assert 2 <= len(buttons) <= 5
        osce = next(b for b in buttons if b["text"].startswith("OSCE Annual Police Experts Meeting"))
        await tg.press(STAFF, asked_back, osce["callback_data"])
        answer = (await reply_count(tg, STAFF, 2, timeout=30))[1]
        assert "28 May 2015" in answer.plain and "Source: OSCE Annual Police Experts Meeting" in answer.plain
        again = await _ask(tg, "And where was it?", 3)  # the picked meeting is now the chat's topic
        assert "Belgrade" in again.plain
        query = await tg.press(STAFF, asked_back, osce["callback_data"])  # the old button has done its job
        await tg.wait_for(lambda: query["callback_query"]["id"] in tg.callback_answers)
        assert "expired" in tg.callback_answers[query["callback_query"]["id"]].get("text", "")
    assert tg.refused == []
