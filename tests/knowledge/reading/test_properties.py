"""Property-based: any text a maintainer drops in the folder becomes passages Telegram accepts."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.telegram_format import MAX_MESSAGE, answer_html, sources_html, split_html, utf16_len
from knowledge.answering.types import Answer, Source
from knowledge.reading.cleaning import clean_document
from knowledge.indexing.index import DocumentInfo
from knowledge.reading.passages import MAX_PASSAGE_CHARS, split_passages
from tests.bot.fake_telegram import parse_html

# Text with the troublemakers of scraped pages over-represented: tabs, CRs, blank lines, HTML
# specials, dates, bullets, zero-width and right-to-left marks, emoji, nulls.
pieces = st.sampled_from(["\n", "\n\n", "\r\n", "\t", " ", "<b>", "&", "</i>", "*", "_", "•", "28 May 2015", "2024-01-12",
                          "Photo by: OSCE", "\u200b", "\u202e", "😀", "\x00", "Mr. Smith said: \"Yes.\"", ". ", "?"])
texts = st.lists(st.one_of(st.text(max_size=200), pieces), max_size=60).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_any_text_becomes_passages_and_replies_telegram_accepts(raw):
    clean = clean_document(raw)
    passages = split_passages("odd <name> & co.txt", clean)
    for passage in passages:
        assert passage.text.strip() and len(passage.text) <= MAX_PASSAGE_CHARS
        source = Source(passage.document, passage.title, passage.date, passage.position, 1.0, passage.text)
        html = answer_html(Answer("q", True, passage.text, (source,)), [passage.title or passage.document])
        for part in split_html(html):
            assert utf16_len(parse_html(part)) <= MAX_MESSAGE  # parse_html raises where Telegram would refuse
    info = DocumentInfo("odd <name> & co.txt", clean.title, clean.date.isoformat() if clean.date else None, len(passages), "h")
    for part in split_html(sources_html((info,))):
        parse_html(part)
