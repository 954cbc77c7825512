"""Markdown files as the plain text the rest of reading takes: the markup gone, the structure kept.

Meeting notes kept on GitHub or exported from a wiki are Markdown: ``**Host**: Harbour Office``,
``[Reflector](https://...)``, pipe tables under a ``|---|---|`` line, ``1.`` before every agenda
item (Markdown numbers them itself). Read as plain text, the answers showed that markup and the
table's separator line, and every item was "1.". Parsed with markdown-it-py (CommonMark with
tables), each block becomes lines in the form :func:`knowledge.reading.cleaning.clean_document`
reads: the first ``#`` heading as the title, other headings as lines of their own, a paragraph's
lines kept apart (a soft line break is a line break: minutes written line by line stay so),
list items one per line (an item's wrapped lines joined; an ordered list numbered as Markdown shows it), table rows as
``cell | cell`` lines (as the Word and web-page readers give them), links as their text.
"""

from __future__ import annotations

import re

from knowledge.reading.cleaning import join_block
from knowledge.reading.formats import ITEM_MARK

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
"""A YAML block opening the file (Jekyll, Hugo and most static-site generators put one there)."""
_TEMPLATE_TAG = re.compile(r"\{%-?.*?-?%\}|\{\{.*?\}\}", re.S)
"""A Liquid or Jinja tag (``{% raw %}``, ``{{ p.name }}``): site-generator markup, no text."""
_TAG = re.compile(r"<[^>]*>")
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_FIELD_LABEL = re.compile(r"([^:\n]{1,40}):(?:\s|$)")
"""A list item that is a field ("**Times**:", "**Host**: Harbour Office"): its nested items are that field's values."""


def markdown_text(source: str) -> str:
    """The text of a Markdown file, its markup removed and its lines, items and rows kept.

    The front matter's ``title:`` and ``date:`` (``2027-05-03``) are the document's, as a site
    generator shows them above the text; without a title there, a ``#`` heading opening the text
    is the title. Raw HTML keeps its text only (an ``<img>`` gives none).
    """
    from markdown_it import MarkdownIt

    title, date, data = None, None, []
    front = _FRONT_MATTER.match(source)
    if front:  # the page's title and date as the site generator shows them, above the text
        found = re.search(r"^title:\s*[\"']?(.+?)[\"']?\s*$", front.group(1), re.M)
        title = found.group(1) if found else None
        found = re.search(r"^date:\s*[\"']?(\d{4}-\d{2}-\d{2})\b", front.group(1), re.M)
        date = found.group(1) if found else None
        data = _front_matter_data(front.group(1))
        source = source[front.end():]
    source = _TEMPLATE_TAG.sub("", source)
    tokens = MarkdownIt("commonmark", {"html": True}).enable("table").parse(source)
    blocks: list[str] = []
    lists: list[list[int]] = []  # per open list: [next number, or -1 for bullets]
    labels: list[str] = []  # per open list: the field its items are values of ("Times:"), or ""
    item_label, item_line = "", ""  # the field of the list item last read, and its line
    lines: list[str] = []  # the lines of the list or table being read
    cells: list[str] = []
    prefix, heading, in_cell = "", 0, False
    for token in tokens:
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            # "- **Times**:" over "- 10:00 to 17:00 on 3 May": each nested item reads "Times: 10:00 ...",
            # a value of the field (the label alone is then no line); a field with a value heads its
            # nested items too ("Boat trip: 18:00 to 21:00")
            labels.append(item_label if lists else "")
            if lists and item_label and lines and lines[-1] == item_line == f"{item_label}:":
                lines.pop()
            lists.append([int(token.attrGet("start") or 1) if kind == "ordered_list_open" else -1])
            item_label = ""
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
            labels.pop()
            item_label = ""
            if not lists and lines:  # each item one line, marked so that cleaning joins none to the next
                blocks.append("\n".join(ITEM_MARK + line for line in lines))
                lines = []
        elif kind == "list_item_open":
            number = lists[-1][0]
            # a top-level ordered list is numbered; nested items and bullets are lines of their own
            prefix = f"{number}. " if number >= 0 and len(lists) == 1 else ""
            if number >= 0:
                lists[-1][0] += 1
        elif kind == "heading_open":
            heading = int(token.tag[1:])
        elif kind == "tr_open":
            cells = []
        elif kind in ("th_open", "td_open", "th_close", "td_close"):
            in_cell = kind.endswith("open")
        elif kind == "tr_close":
            if any(cells):
                lines.append(" | ".join(c for c in cells if c))
        elif kind == "table_close":
            blocks.append("\n".join(lines))
            lines = []
        elif kind == "inline":
            text = _inline(token.children or [])
            if in_cell:
                cells.append(" ".join(text.split()))
            elif heading:
                if heading == 1 and not blocks and title is None:  # the first heading, before any text
                    title = text
                else:
                    blocks.append(f"{'#' * max(heading, 2)} {' '.join(text.split())}")
                heading = 0
            elif text.strip():
                line = prefix + text.strip()
                prefix = ""
                if lists:
                    field = _FIELD_LABEL.match(text.strip())
                    item_label = field.group(1).strip() if field and "\n" not in text.strip() else ""
                    if labels[-1]:
                        line = f"{labels[-1]}: {line}"
                    item_line = line = join_block(line.split("\n"))  # an item's wrapped lines run on
                    lines.extend(line.split("\n"))
                else:
                    blocks.append(line)
        elif kind in ("fence", "code_block") and token.content.strip():
            blocks.append(token.content.strip("\n"))
        elif kind == "html_block":
            html = _COMMENT.sub("", token.content)  # (a part commented out is not shown)
            text = _html_rows(html) if "<tr" in html.lower() else _TAG.sub("", html).strip()
            if text:
                blocks.append(text)
    if lines:
        blocks.append("\n".join(lines))
    blocks[:0] = data
    if date:
        blocks.insert(0, date)
    if title:
        blocks.insert(0, f"# {' '.join(title.split())}")
    return "\n\n".join(blocks) + "\n"


def _front_matter_data(block: str) -> list[str]:
    """The tables a page keeps as data in its front matter, which its template shows
    ("participants:" as a list of ``{name: ..., affiliation: ...}``): each a heading and its
    entries as rows under their keys (``Name | Affiliation``, ``Ana Holm | Harbour Institute``).
    Settings (``layout: page``) and texts that repeat the page (``excerpt:``) are none."""
    import yaml

    try:
        front = yaml.safe_load(block)
    except yaml.YAMLError:
        return []
    blocks = []
    for key, value in front.items() if isinstance(front, dict) else ():
        name = str(key).replace("_", " ").strip().capitalize()
        if str(key).lower() in ("title", "date"):
            continue
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            keys = [str(k).replace("_", " ").capitalize() for k, x in value[0].items() if isinstance(x, (str, int, float))]
            rows = [" | ".join(keys)] + [" | ".join(" ".join(str(x).split()) for x in v.values()
                                                  if isinstance(x, (str, int, float))) for v in value]
            blocks.append(f"## {name}\n\n" + "\n".join(r for r in rows if r))
    return blocks


def _html_rows(html: str) -> str:
    """An HTML table written into a Markdown file as its rows, ``cell | cell`` a line (as the web-page
    reader gives them), the Markdown a cell may hold read as Markdown (``<td markdown="span">`` with
    ``**Keynote**<br/>[Ann Smith -- Ports](/smith)``: "Keynote Ann Smith -- Ports"); text outside rows kept."""
    from bs4 import BeautifulSoup
    from markdown_it import MarkdownIt

    inline = MarkdownIt("commonmark")
    soup = BeautifulSoup(html, "html.parser")
    rows = []
    for row in soup.find_all("tr"):
        cells = [" ".join(c.get_text(" ", strip=True).split()) for c in row.find_all(("td", "th"), recursive=False)]
        cells = [" ".join(_inline(inline.parseInline(c)[0].children or []).split()) for c in cells]
        if line := " | ".join(c for c in cells if c):
            rows.append(line)
        row.decompose()
    rest = " ".join(soup.get_text(" ", strip=True).split())
    return "\n".join(([rest] if rest else []) + rows)


def _inline(children: list) -> str:
    """The text of one inline run: links as their text, images and HTML tags dropped, line breaks kept."""
    out = []
    for child in children:
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append("\n")
        elif child.type == "html_inline" and child.content.lower().startswith("<br"):
            out.append("\n")
    return "".join(out)
