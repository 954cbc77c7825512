"""Text out of PDF, Word and web-page files, with the page or section each part comes from.

Each reader returns plain text in the form :func:`knowledge.reading.cleaning.clean_document` reads: the
title as a Markdown ``# heading``, paragraphs separated by blank lines, and a line starting with
:data:`SECTION_MARK` wherever a new page ("p. 3") or section (a heading) begins. Plain-text files
cannot carry the mark (it is removed from them), so only these readers set sections.
"""

from __future__ import annotations

import io
import re
import zipfile

SECTION_MARK = "\ue000"
"""A private-use character: a line starting with it names the page or section that follows."""
ITEM_MARK = "\ue001"
"""A private-use character: a line starting with it is a list's item, one line whatever its length
(Markdown drops the bullet that tells a plain-text list; cleaning joins no item to the next)."""
SUFFIXES = (".pdf", ".docx", ".html", ".htm")
MAX_EXPANDED_BYTES = 50 * 2**20
"""Most a Word file may expand to when unzipped, each part and all parts together: ten times
the 5 MB file limit, ample for text (Word's XML compresses about five to ten times), while a
zip bomb (a few MB inflating to gigabytes) is refused before it fills memory. Both the sizes the
zip declares and the bytes actually inflated are checked, since declared sizes can lie."""
MAX_TEXT_CHARS = 5 * 2**20
"""Most text one document may give, in characters, whatever its format: as much as the largest
plain-text file allowed (5 MB), about 2,500 printed pages. Readers stop at the page, paragraph
or block that passes it, so a PDF whose streams inflate to far more is refused without
extracting the rest (pypdf bounds each stream at 75 MB itself)."""


class UnreadableFormatError(ValueError):
    """The file is not what its name says, or holds no text; the message says why, in words."""


_KINDS = {".pdf": "PDF", ".docx": "Word (.docx)", ".html": "web page", ".htm": "web page"}


def extract_text(data: bytes, suffix: str) -> str:
    """The text of a ``.pdf``, ``.docx`` or ``.html`` file's bytes, marked up as described above.

    Whatever a reading library raises on a damaged file (``zlib.error``, ``NotImplementedError``
    for an unknown PDF filter, ``RecursionError``, ``KeyError``...) becomes
    :class:`UnreadableFormatError`, so that one bad file is skipped, never fatal. Only
    ``MemoryError`` (and what is not an ``Exception``, such as ``KeyboardInterrupt``) passes.

    Raises:
        UnreadableFormatError: Damaged, encrypted, without a text layer, or expanding beyond
            :data:`MAX_EXPANDED_BYTES` or :data:`MAX_TEXT_CHARS`.
    """
    suffix = suffix.lower()
    readers = {".pdf": _pdf, ".docx": _docx, ".html": _html, ".htm": _html}
    if suffix not in readers:
        raise UnreadableFormatError(f"{suffix} files are not read")
    try:
        return readers[suffix](data)
    except (UnreadableFormatError, MemoryError):
        raise
    except Exception as exc:  # noqa: BLE001 - a library's failure on one bad file must stay that file's
        raise UnreadableFormatError(f"it is not a readable {_KINDS[suffix]} file ({_describe(exc)})") from exc


def _describe(exc: BaseException) -> str:
    """A library's complaint, short and on one line: the exception's message, or its type."""
    detail = " ".join(str(exc).split()) or type(exc).__name__
    return detail if len(detail) <= 160 else f"{detail[:159]}…"


class _Text:
    """Parts of a document's text, refusing to grow beyond :data:`MAX_TEXT_CHARS`."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self._size = 0

    def add(self, part: str, *, first: bool = False) -> None:
        """Append ``part`` (or put it first), or refuse the document if the text gets too long."""
        self._size += len(part) + 2
        if self._size > MAX_TEXT_CHARS:
            raise UnreadableFormatError(
                f"it holds more than {MAX_TEXT_CHARS:,} characters of text (the limit); split it into smaller documents"
            )
        if first:
            self.parts.insert(0, part)
        else:
            self.parts.append(part)


def _section(label: str) -> str:
    return f"{SECTION_MARK}{' '.join(label.split())}"


def _has_body(parts: list[str]) -> bool:
    """Some text besides the title and the page or section marks."""
    return any(p for p in parts if not p.startswith(("#", SECTION_MARK)))


def _pdf(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        raise UnreadableFormatError("it is an encrypted PDF; save an unprotected copy")
    title = (reader.metadata.title if reader.metadata else None) or None
    text = _Text()
    if title and title.strip() and not _NO_TITLE.search(title):
        text.add(f"# {' '.join(title.split())}")
    for number, page in enumerate(reader.pages, start=1):
        page_text = _page_text(page)
        if page_text:
            text.add(_section(f"p. {number}"))
            text.add(page_text)
    if not _has_body(text.parts):
        raise UnreadableFormatError("the PDF has no text layer (a scan?); run it through OCR first")
    return "\n\n".join(text.parts)


_NO_TITLE = re.compile(r"^\s*(?:microsoft\s+(?:word|powerpoint|excel)\s+-|untitled\b|\(anonymous\)|document\d*\s*$)"
                       r"|\.(?:docx?|odt|rtf|pdf|pptx?|xlsx?|txt)\s*$", re.I)
"""A PDF's title field that names the file or the program that wrote it ("Microsoft Word -
agenda.docx", "Untitled", "(anonymous)"), not the document: the text's own heading is the title."""


def _page_text(page) -> str:
    """A page's text with its tables' rows kept (see :mod:`knowledge.reading.layout`); in the
    order it was drawn where the page is prose in columns, which layout would interleave."""
    from knowledge.reading.layout import table_text

    try:
        laid_out = table_text(page.extract_text(extraction_mode="layout") or "")
    except MemoryError:
        raise
    except Exception:  # noqa: BLE001 - layout mode is pypdf's younger code: a page it trips on is read as drawn
        laid_out = None
    return laid_out if laid_out is not None else (page.extract_text() or "").strip()


def _unzipped(data: bytes) -> bytes:
    """The Word file's zip with every part inflated and checked, stored uncompressed.

    Refuses a zip expanding beyond :data:`MAX_EXPANDED_BYTES`, per part or in all: the declared
    sizes are checked first (cheap); then every part is inflated in pieces of 1 MB, stopping as
    soon as the running total passes the limit. Declared sizes can lie, and ``zipfile`` trusts
    them only half: it cuts a part at its declared size, but inflates the whole stream before
    cutting when a part is read in one go (as python-docx does), so a part declared as 1 KB
    could still fill gigabytes there. python-docx therefore gets the checked parts, stored.
    """
    limit = f"{MAX_EXPANDED_BYTES // 2**20} MB"
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as archive, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as checked:
        members = archive.infolist()
        for info in members:
            if info.file_size > MAX_EXPANDED_BYTES:
                raise UnreadableFormatError(f"{info.filename} expands to more than {limit} (the limit)")
        if sum(info.file_size for info in members) > MAX_EXPANDED_BYTES:
            raise UnreadableFormatError(f"it expands to more than {limit} (the limit)")
        total = 0
        for info in members:
            pieces = []
            with archive.open(info) as part:
                while piece := part.read(2**20):
                    total += len(piece)
                    if total > MAX_EXPANDED_BYTES:
                        raise UnreadableFormatError(f"{info.filename} expands to more than {limit} (the limit)")
                    pieces.append(piece)
            checked.writestr(info.filename, b"".join(pieces))
    return out.getvalue()


def _paragraph_styles(doc):
    """A function giving a paragraph's style name, as ``paragraph.style.name`` does.

    python-docx's ``paragraph.style`` searches the styles part again for every paragraph (2.6 ms
    each with Word's default styles: 8 s for 3,000 paragraphs, minutes for a small file of
    short paragraphs); here the paragraph styles are read once and looked up by id.
    """
    from docx.enum.style import WD_STYLE_TYPE

    default = doc.styles.default(WD_STYLE_TYPE.PARAGRAPH)
    fallback = (default.name if default is not None else "") or ""
    names = {s.style_id: s.name or "" for s in doc.styles if s.type == WD_STYLE_TYPE.PARAGRAPH}
    return lambda paragraph: names.get(paragraph._p.style, fallback)  # _p.style: the w:pStyle id or None


def _docx(data: bytes) -> str:
    from docx import Document
    from docx.table import Table

    doc = Document(io.BytesIO(_unzipped(data)))
    title = (doc.core_properties.title or "").strip()
    text = _Text()
    if title:
        text.add(f"# {title}")
    style_of = _paragraph_styles(doc)
    for block in doc.iter_inner_content():  # paragraphs and tables in document order
        if isinstance(block, Table):  # one block of lines per table, a row per line: "09h30 | Opening"
            rows = [" | ".join(dict.fromkeys(cells)) for row in block.rows  # merged cells repeat their text
                    if (cells := [" ".join(c.text.split()) for c in row.cells if c.text.strip()])]
            if rows:
                text.add("\n".join(rows))
            continue
        paragraph = block
        paragraph_text = paragraph.text.strip()
        if not paragraph_text:
            continue
        style = style_of(paragraph)
        if style == "Title":
            if not title:
                title = paragraph_text
                text.add(f"# {paragraph_text}", first=True)
            continue
        text.add(_section(paragraph_text) if style.startswith("Heading") else paragraph_text)
    return "\n\n".join(text.parts)


_DROP = ("script", "style", "nav", "header", "footer", "aside", "form", "noscript", "template", "iframe", "svg",
         "button", "menu")
_BLOCKS = ("h1", "h2", "h3", "h4", "p", "li", "blockquote", "pre", "tr", "td", "th", "dd", "dt", "figcaption")


def _html(data: bytes) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(data, "html.parser")
    for tag in soup.find_all(_DROP):
        if not tag.decomposed:  # inside one already dropped: dropping it again would be quadratic
            tag.decompose()
    for tag in soup.find_all(attrs={"role": ("navigation", "banner", "contentinfo", "search")}):
        if not tag.decomposed:
            tag.decompose()
    root = soup.find("main") or soup.find("article") or soup.body or soup
    heading = root.find("h1")
    title = (heading.get_text(" ", strip=True) if heading else "") or (soup.title.get_text(" ", strip=True) if soup.title else "")
    text = _Text()
    if title:
        text.add(f"# {title}")
    published = soup.find("meta", attrs={"property": "article:published_time"}) or soup.find("time", attrs={"datetime": True})
    stamp = (published.get("content") or published.get("datetime") or "") if published else ""
    if re.match(r"\d{4}-\d{2}-\d{2}", stamp):
        text.add(stamp[:10])
    rows: list[str] = []  # the rows of the table being read, one block of lines as in Word tables
    table = None
    for tag in _outermost_blocks(root):
        if tag.name == "tr":  # a table row is one line, its cells apart: "09h30 | Opening"
            if rows and tag.find_parent("table") is not table:
                text.add("\n".join(rows))
                rows = []
            table = tag.find_parent("table")
            cells = [" ".join(c.get_text(" ", strip=True).split()) for c in tag.find_all(("td", "th"), recursive=False)]
            if row := " | ".join(dict.fromkeys(c for c in cells if c)):
                rows.append(re.sub(r"\s+([.,;:!?])", r"\1", row))
            continue
        if rows:
            text.add("\n".join(rows))
            rows = []
        block = re.sub(r"\s+([.,;:!?])", r"\1", " ".join(tag.get_text(" ", strip=True).split()))
        if not block or (tag is heading and block == title):
            continue
        text.add(_section(block) if tag.name in ("h1", "h2", "h3", "h4") else block)
    if rows:
        text.add("\n".join(rows))
    if not _has_body(text.parts):
        raise UnreadableFormatError("the page holds no text outside navigation and scripts")
    return "\n\n".join(text.parts)


def _outermost_blocks(root):
    """The block tags under ``root`` that no other block encloses, in document order.

    One walk over the tree, not descending into a block once found (its text is part of it):
    linear in the page's size however deep the nesting, where asking each block for an
    enclosing one took time growing with the square of the depth. Iterative, so that thousands
    of nested tags cannot exhaust Python's recursion limit.
    """
    from bs4 import Tag

    stack = [iter(root.children)]
    while stack:
        node = next(stack[-1], None)
        if node is None:
            stack.pop()
        elif isinstance(node, Tag):
            if node.name in _BLOCKS:
                yield node
            else:
                stack.append(iter(node.children))
