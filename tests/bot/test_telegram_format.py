import dataclasses
from html import escape

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.telegram_format import MAX_MESSAGE, answer_html, split_html, utf16_len
from knowledge.answering.types import Answer, Source
from tests.bot.fake_telegram import parse_html


def make_answer(text: str, highlight=None, title="T <&> \"x\"") -> Answer:
    source = Source("doc <1>.txt", title, "2015-05-28", 0, 0.9, text)
    return Answer("q", True, text, (source,), highlight)


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=3000).filter(lambda t: t.strip()), st.data())
def test_any_passage_becomes_html_telegram_accepts(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    source = Source("d.txt", "T <&>", "2015-05-28", 0, 0.9, text)
    part = text[start:end] if text[start:end].strip() else text
    html = answer_html(Answer("q", True, part, (source,), (start, end) if part != text else None), ["T"])
    for part in split_html(html):
        plain = parse_html(part)
        assert plain.strip() and utf16_len(plain) <= MAX_MESSAGE


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(st.characters(blacklist_characters="\n\r"), min_size=0, max_size=600), min_size=1, max_size=40),
       st.integers(50, 4096))
def test_split_keeps_every_line_whole_and_under_the_limit(lines, limit):
    html_lines = [f"<b>{escape(line)}</b>" if i % 2 else escape(line) for i, line in enumerate(lines)]
    parts = split_html("\n".join(html_lines), limit)
    for part in parts:
        parse_html(part) if part.strip() != "…" else None
        assert utf16_len(part) <= limit
    part_lines = [line for part in parts for line in part.split("\n")]
    fitting = [line for line in html_lines if utf16_len(line) <= limit and line.strip()]
    remaining = iter(part_lines)
    assert all(line in remaining for line in fitting)  # each one whole, in order, none lost


def test_one_enormous_line_is_cut_between_words_and_escaped():
    line = "<b>" + escape("word & <tag> " * 2000) + "</b>"
    parts = split_html(line)
    assert len(parts) > 1
    assert all(utf16_len(p) <= MAX_MESSAGE for p in parts)
    assert "".join(parse_html(p) for p in parts).replace(" ", "") == ("word & <tag> " * 2000).replace(" ", "")


def test_emoji_count_twice_toward_the_limit():
    parts = split_html("😀" * 3000)
    assert len(parts) == 2 and all(utf16_len(p) <= MAX_MESSAGE for p in parts)


def test_answer_first_in_bold_then_its_passage_with_the_answer_marked_then_the_source():
    passage = 'He said "a<b". Then & more.\n- item'
    source = Source("doc <1>.txt", 'T <&> "x"', "2015-05-28", 0, 0.9, passage)
    html = answer_html(Answer("q", True, 'He said "a<b".', (source,), (0, 14)), ["T"])
    assert html.split("\n\n") == [
        "<b>He said &quot;a&lt;b&quot;.</b>",
        "<blockquote expandable><b>He said &quot;a&lt;b&quot;.</b> Then &amp; more. - item</blockquote>",
        "Source: <i>T &lt;&amp;&gt; &quot;x&quot;</i>, Thursday, 28 May 2015 (doc &lt;1&gt;.txt, passage 1)",
    ]
    parse_html(html)


def test_whole_passage_answer_is_not_repeated_and_small_talk_gets_a_hint():
    html = answer_html(make_answer("Just one sentence."), ["T"])
    assert "blockquote" not in html and html.startswith("<b>Just one sentence.</b>")
    hint = answer_html(Answer("hi", False, "", (), kind="small_talk", reason="Hello!"), ["T"])
    assert hint.startswith("Hello! Ask me about the meeting")
    assert answer_html(Answer("ok", False, "", (), kind="small_talk"), ["T"]).startswith("Ask me about")


def test_a_list_answer_keeps_its_lines_together_above_the_quote_and_source():
    items = "1. Opening of the session\n2. Adoption of the agenda\n3. Election of the Bureau"
    source = Source("agenda.txt", "Lakes Commission: agenda", "2027-03-04", 0, 0.9, "Draft agenda\n" + items)
    html = answer_html(Answer("What is on the agenda?", True, items, (source,)), ["T"])
    block = html.split("\n\n")[0]
    assert parse_html(block).split("\n") == items.split("\n")


def test_an_answer_to_two_questions_says_under_it_what_the_briefing_lacks_not_in_bold():
    source = Source("lakes.txt", "Lakes", "2027-05-03", 2, 0.9, "Ms. Holm chairs the session.")
    answer = Answer("Who chairs, and how many attend?", True, "Ms. Holm chairs the session.", (source,),
                    kind="passage", reason="The document “Lakes” doesn't say how many attend.")
    html = answer_html(answer, ["Lakes"])
    assert html.startswith("<b>Ms. Holm chairs the session.</b>\nThe document “Lakes” doesn&#x27;t say how many attend.")


def test_an_answer_more_likely_wrong_than_right_says_so_and_a_likely_one_does_not():
    from bot.formatting import answer_text

    source = Source("a.txt", "Harbour Board", "2027-03-04", 0, 0.9, "Ana Holm chaired. Lunch is at noon.")
    doubtful = Answer("Who chaired?", True, "Lunch is at noon.", (source,), confidence=0.31, evidence=(0.2,) * 11)
    likely = Answer("Who chaired?", True, "Ana Holm chaired.", (source,), confidence=0.87, evidence=(0.8,) * 11)
    listed = Answer("Who spoke?", True, "Reported speaking: Ana Holm.", (source,), kind="speakers", confidence=1.0)
    assert "not sure this answers" in answer_html(doubtful, ["T"]).split("\n\n")[0]
    assert "not sure this answers" in answer_text(doubtful)
    two = dataclasses.replace(doubtful, text="Ana Holm chaired.\nLunch is at noon.", parts=2)  # one sure line, one not
    assert "not sure every part" in answer_html(two, ["T"]) and "not sure every part" in answer_text(two)
    for answer in (likely, listed):
        assert "not sure" not in answer_html(answer, ["T"]) and "not sure" not in answer_text(answer)
    parse_html(answer_html(doubtful, ["T"]))
