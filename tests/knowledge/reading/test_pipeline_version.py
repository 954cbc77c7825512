"""A saved index keeps its documents' passages until their content hash changes, and the hash
includes PIPELINE_VERSION: a change to how documents are read must bump it, or indexes built
before go on answering from passages the new code would not make."""

from __future__ import annotations

import hashlib

from knowledge.reading.documents import PIPELINE_VERSION, parse_document
from knowledge.reading.passages import split_passages
from tests.conftest import ROOT, SEED_DOCUMENT
from tests.knowledge.answering.test_brief import AGENDA, ITEM_AGENDA, PARTICIPANTS
from tests.knowledge.answering.test_programme_days import PROGRAMME as DAYS
from tests.knowledge.answering.test_schedule import ITEMS_AND_PAPERS

READINGS = {
    # 16: a Markdown field's nested items read as its values ("Times: 10:00 ..."); lines of up to 200
    # characters are lines (samples for both added here, so the fingerprint of 15 no longer applies);
    # 17: a page's front-matter tables are rows, template tags ("{{ p.name }}") no text (sample added)
    # 18: dotted initials ("K.A.R. Holm") end no sentence, so a long paragraph is cut elsewhere (sample added)
    # 19: a line opening with a sub-item ("4(b) Adoption of ...") is a unit, not wrapped on (sample added)
    # 20: a sentence ends where a scraped page lost the space after its stop ("levels.The next"; sample added)
    # 21: a title that writes a day in full ("Harbour Board meeting 2027-05-04") dates an undated page (sample added)
    # 22: a Markdown list's items stay lines, each item's wrapped lines joined; a heading after a list
    # goes with the paragraph under it (samples added)
    # 23: also after a list, a heading and a list of one item; an HTML table in Markdown gives its rows, the
    # Markdown in its cells read, a commented-out part dropped; a run of lines cut into passages is not
    # cut after a heading and its table's header row (samples added)
    # 24: 23's line moved to the next passage only where it heads a table (not a programme's row "12:00 Room 4",
    # nor a name in a list); the samples read the same
    "24": "0b8661571d1aa279",
}
"""Fingerprint of the passages read from the documents below, per PIPELINE_VERSION."""

MARKDOWN = """---
title: Lakes Commission notes
participants:
  - {name: Ana Holm, affiliation: "Harbour Institute, Norway"}
---
{{ page.title }}

# Lakes Commission: minutes of the 40th session

- **Chair**: [Ms. Holm](https://example.org/holm)
- **Place**: Oslo
- **Times**:
  - 10:00 to 17:00 on 3 May
  - 10:00 to 13:00 on 4 May

1. Opening of the session
1. Adoption of the agenda

| time | item |
|------|------|
| 10h00 | Opening |

## Actions

- Ann Smith
- All to review the plan and add comments
  before Friday.

## Next steps

The board will meet again in June, in the harbour hall.
"""


RECORD = """= LAKES COMMISSION

*Summary record of the 12th meeting* +
Held in Oslo on 3 May 2027, at 10.30 a.m., second session of the Commission and its three working groups on water

4 May 2027

Chairman: Mr. HOLM Norway

Mr. BERG Sweden
Ms. van DIJK Netherlands

The Commission will hold a panel on water levels in the Harbour Hall on 3 May 2027, from 10:00 to 13:00, open to the delegates of all the member states and to the press, with interpretation in three
languages.
Format
The moderator will open the panel and introduce the speakers.

Informal consultation in relation to the establishment of an agile Harbour Task Group on strengthening the Commission's budgetary, programmatic and financing governance of the harbour

18:00–19:00 Room XXIII

LB27/DIV./2 Rev.1 - Guide for delegates
LB27/1 - Provisional agenda
"""


LISTS_AND_HTML = """# Harbour Board call

## Attending

- Ann Smith (Harbour Board)
- Ida Lund (Lakes Commission)

## Apologies

- Jonas Berg (Harbour House)

## Actions

- Ann Smith to draft the minutes by Friday.
- Ida Lund to book the hall.

<!--div class="notice">**Draft**</div-->

<table>
  <tr><th>Time</th><th>Description</th></tr>
  <tr><td>09:00 - 10:00</td><td markdown="span">**Keynote**<br/>[Ann Smith -- Ports](/smith)</td></tr>
</table>
"""


def _fingerprint() -> str:
    texts = [SEED_DOCUMENT.read_text(encoding="utf-8"), AGENDA, ITEM_AGENDA, PARTICIPANTS, DAYS, ITEMS_AND_PAPERS,
             "Water board meets\n\nThe board met in the\nharbour hall and adopted\nthree decisions.\n",
             "Lakes Commission\n\n" + "The board met in the harbour hall and adopted three decisions on water. " * 8
             + "Director of the Lakes Commission: K.A.R. Holm cited the early studies of the lake levels and the "
             "later surveys of the harbour, the rivers and the canals of the region.\n",
             "Lakes Commission agenda\n\nItem 4 Organisation of the work of the Commission and of its\n4(a) Status of ratification\n"
             "4(b) Adoption of the rules of procedure\n",
             "Harbour board meets\n\n" + "The board met in the harbour hall and adopted three decisions on water. " * 6
             + "It also spoke of the lake levels.The next session of the board is on 4 June in the harbour hall, "
             "with the rivers and the canals of the region on its agenda, and the reports of its working groups "
             "on the harbour, the lakes and the rivers of the region, which were sent to the members last week "
             "and discussed at length by the delegates of the member states.\n",
             "Harbour Board meeting 2027-05-04\n\nThe board met in the harbour hall and adopted three decisions.\n"]
    files = [(f"{i}.txt", text.encode()) for i, text in enumerate(texts)] + [("notes.md", MARKDOWN.encode())]
    files += [("record.txt", RECORD.encode()), ("call.md", LISTS_AND_HTML.encode())]
    people = ["".join(f"{name} {i} | Harbour Board | Lisbon\n" for i in range(17)) for name in ("Ann Smith", "Ida Lund")]
    files += [("people.md", f"## Organisers\n\nName | Board | City\n-- | -- | --\n{people[0]}\n## Hosts\n\n"
                            f"Name | Board | City\n-- | -- | --\n{people[1]}".encode())]
    files += [(p.name, p.read_bytes()) for p in sorted((ROOT / "tests" / "data" / "meetings").iterdir())]
    digest = hashlib.sha256()
    for name, data in files:  # each read as a file of its kind (Markdown is read as Markdown)
        document = parse_document(name, data)
        clean = document.clean
        digest.update(repr((clean.title, clean.date, clean.boilerplate)).encode())
        for passage in split_passages(name, clean):
            digest.update(repr((passage.text, passage.section)).encode())
    return digest.hexdigest()[:16]


def test_reading_documents_otherwise_bumps_the_pipeline_version():
    found = _fingerprint()
    assert READINGS.get(PIPELINE_VERSION) == found, (
        f"Documents are now read into other passages (fingerprint {found}). If that is meant, bump "
        f"PIPELINE_VERSION in knowledge/reading/documents.py so that saved indexes re-read their "
        f"documents, and add its fingerprint here.")
