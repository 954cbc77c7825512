from knowledge.briefing import Briefing
from knowledge.reading.documents import parse_document
from knowledge.reading.formats import ITEM_MARK
from knowledge.reading.markdown import markdown_text

NOTES = """---
layout: page
title: Lakes Commission notes
date: 2027-05-03 09:00:00 +0200
---
{% raw %}
<img src="logo.png" alt="">

# Lakes Commission: 40th session

- **Host**: [Harbour Office](https://example.org/harbour)
- **Dates**: 3-4 May 2027
- **Location**: Oslo Congress Centre, Room B
- **Times**:
  - 10:00 to 17:00 on 3 May
  - 10:00 to 13:00 on 4 May
- **Boat trip**: [Fjord tour](https://example.org/tour)
  - 18:00 to 21:00 on 4 May

## Agenda items

1. Opening of the session (Chair)
    1. Roll call
1. Adoption of the agenda
1. Budget for 2028

| time | topic | presenter |
|:----:|-------|-----------|
| 10h00 | Opening | Ms. Holm |
| 11h30 | **Budget** for 2028 | Mr. Lund |

Minutes were taken by Ms. Berg.
Mr. Lund seconded.
{% endraw %}
"""


def test_markdown_is_read_without_its_markup_and_with_its_lines_items_and_rows():
    text = markdown_text(NOTES).replace(ITEM_MARK, "")  # the mark tells cleaning a line is an item
    lines = [line for line in text.splitlines() if line]
    assert lines[:3] == ["# Lakes Commission notes", "2027-05-03", "## Lakes Commission: 40th session"]
    assert "Host: Harbour Office" in lines and "Location: Oslo Congress Centre, Room B" in lines
    # a field's nested items are its values; the label alone is no line
    assert ["Times: 10:00 to 17:00 on 3 May", "Times: 10:00 to 13:00 on 4 May", "Boat trip: Fjord tour",
            "Boat trip: 18:00 to 21:00 on 4 May"] == lines[lines.index("Times: 10:00 to 17:00 on 3 May"):][:4]
    assert "Times:" not in lines
    assert ["1. Opening of the session (Chair)", "Roll call", "2. Adoption of the agenda",
            "3. Budget for 2028"] == lines[lines.index("1. Opening of the session (Chair)"):][:4]
    assert "10h00 | Opening | Ms. Holm" in lines and "11h30 | Budget for 2028 | Mr. Lund" in lines
    assert "Minutes were taken by Ms. Berg." in lines and "Mr. Lund seconded." in lines  # lines stay lines
    assert not any(mark in text for mark in ("**", "](", "|--", ":--", "{%", "<img", "layout:"))


def test_without_front_matter_an_opening_heading_is_the_title():
    assert markdown_text("# Harbour Board minutes\n\nThe board met.\n").splitlines()[0] == "# Harbour Board minutes"
    assert parse_document("notes.md", NOTES.encode()).clean.title == "Lakes Commission notes"


def test_only_markdown_files_are_read_as_markdown():
    as_markdown = parse_document("notes.md", b"1. [Chair](https://example.org/chair): Ms. Holm\n1. Place: Oslo\n")
    as_text = parse_document("notes.txt", b"1. [Chair](https://example.org/chair): Ms. Holm\n1. Place: Oslo\n")
    assert as_markdown.clean.paragraphs == ("1. Chair: Ms. Holm\n2. Place: Oslo",)
    assert as_text.text == "1. [Chair](https://example.org/chair): Ms. Holm\n1. Place: Oslo\n"  # as written


def test_a_question_on_a_markdown_agenda_is_answered_from_its_table_row(knowledge_dir, data_dir, fake_encoder):
    (knowledge_dir / "notes.md").write_text(NOTES, encoding="utf-8")
    got = Briefing(knowledge_dir, data_dir, encoder=fake_encoder).ask("Who presents the budget for 2028?")
    assert got.answered and "Mr. Lund" in got.text and "**" not in got.text


PEOPLE = """---
layout: page
title: Participants
excerpt: Who comes to the harbour days.
participants:
  - {name: Ana Holm, affiliation: "Harbour Institute, Norway"}
  #- {name: Per Lund, affiliation: "Fjord College, Denmark"}
  - {name: Eva Berg, affiliation: "Lakes University, Sweden"}
---

<ol>{% for p in page.participants %}
  <li><strong>{{ p.name }}</strong> ({{ p.affiliation }})</li>
{% endfor %}</ol>
"""


def test_a_pages_front_matter_table_is_read_as_rows_and_its_template_left_out():
    text = markdown_text(PEOPLE).replace(ITEM_MARK, "")
    lines = [line for line in text.splitlines() if line.strip()]
    assert lines[:5] == ["# Participants", "## Participants", "Name | Affiliation",
                         "Ana Holm | Harbour Institute, Norway", "Eva Berg | Lakes University, Sweden"]
    assert "Per Lund" not in text  # commented out: not on the published page
    assert not any(mark in text for mark in ("{{", "}}", "excerpt", "layout"))


def test_a_participant_in_a_pages_front_matter_is_found(knowledge_dir, data_dir, fake_encoder):
    (knowledge_dir / "people.md").write_text(PEOPLE, encoding="utf-8")
    briefing = Briefing(knowledge_dir, data_dir, encoder=fake_encoder)
    got = briefing.ask("Who is attending from Lakes University?")
    assert got.answered and "Eva Berg" in got.text
    # a row is read with its table's header: it gives her affiliation, not her e-mail
    got = briefing.ask("What is Eva Berg's affiliation on the list?")
    assert got.answered and "Lakes University" in got.text, got.reason
    assert not briefing.ask("What is Eva Berg's e-mail address?").answered




ACTIONS = ("# Harbour Board call\n\n## Attendees\n\n- Ann Smith\n- Ida Lund\n\n## Actions\n\n- Ann Smith to draft the minutes\n"
           "- Ida Lund to book the harbour hall for the next meeting\n- All to review the ferry plan and add comments\n"
           "  before Friday\n")


def test_a_markdown_lists_items_stay_lines_each_one_whole():
    """The Markdown reader drops an item's bullet, and cleaning then joined the items into one
    paragraph ("Ann Smith Ida Lund"): each item is now a line, its wrapped lines joined."""
    assert parse_document("notes.md", ACTIONS.encode()).clean.paragraphs == (
        "Attendees", "Ann Smith\nIda Lund", "Actions", "Ann Smith to draft the minutes\n"
        "Ida Lund to book the harbour hall for the next meeting\nAll to review the ferry plan and add comments before Friday")


def test_an_action_of_markdown_minutes_is_answered_by_its_item_alone(knowledge_dir, data_dir, fake_encoder):
    (knowledge_dir / "notes.md").write_text(ACTIONS, encoding="utf-8")
    got = Briefing(knowledge_dir, data_dir, encoder=fake_encoder).ask("Who will book the harbour hall?")
    assert got.text == "Ida Lund to book the harbour hall for the next meeting", got.text or got.reason


def test_an_html_table_in_markdown_gives_rows_with_its_cells_markdown_read():
    """A site's programme page: an HTML table in Markdown, its cells written in Markdown
    (``markdown="span"``). Its rows read "09:00 - 10:00 **Keynote**[Ann Smith -- Ports](/smith)"
    with the markup shown, and a part the page comments out was shown too."""
    text = markdown_text(
        "# Programme\n\n<!--div class=\"notice\">**Draft, do not share**</div-->\n\n<table>\n"
        "  <tr><th>Time</th><th>Description</th></tr>\n"
        "  <tr><td>09:00 - 10:00</td><td markdown=\"span\">**Keynote**<br/>[Ann Smith -- Ports](/smith)</td></tr>\n"
        "  <tr><td>10:00 - 10:30</td><td><em>Coffee break</em></td></tr>\n</table>\n")
    assert "Time | Description\n09:00 - 10:00 | Keynote Ann Smith -- Ports\n10:00 - 10:30 | Coffee break" in text
    assert "Draft" not in text and "**" not in text and "](" not in text
