"""Text out of PDF, Word and web-page files, with the page or section each part comes from.

Each reader returns plain text in the form :func:`knowledge.cleaning.clean_document` reads: the
title as a Markdown ``# heading``, paragraphs separated by blank lines, and a line starting with
:data:`SECTION_MARK` wherever a new page ("p. 3") or section (a heading) begins. Plain-text files
cannot carry the mark (it is removed from them), so only these readers set sections.
"""

from __future__ import annotations

import io
import re

SECTION_MARK = "\ue000"
"""A private-use character: a line starting with it names the page or section that follows."""
SUFFIXES = (".pdf", ".docx", ".html", ".htm")


class UnreadableFormatError(ValueError):
    """The file is not what its name says, or holds no text; the message says why, in words."""


def extract_text(data: bytes, suffix: str) -> str:
    """The text of a ``.pdf``, ``.docx`` or ``.html`` file's bytes, marked up as described above.

    Raises:
        UnreadableFormatError: Damaged, encrypted, or without a text layer.
    """
    suffix = suffix.lower()
    if suffix == ".pdf":
        return _pdf(data)
    if suffix == ".docx":
        return _docx(data)
    if suffix in (".html", ".htm"):
        return _html(data)
    raise UnreadableFormatError(f"{suffix} files are not read")


def _section(label: str) -> str:
    return f"{SECTION_MARK}{' '.join(label.split())}"


def _has_body(parts: list[str]) -> bool:
    """Some text besides the title and the page or section marks."""
    return any(p for p in parts if not p.startswith(("#", SECTION_MARK)))


def _pdf(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise UnreadableFormatError("it is an encrypted PDF; save an unprotected copy")
        title = (reader.metadata.title if reader.metadata else None) or None
        parts = [f"# {' '.join(title.split())}"] if title and title.strip() else []
        for number, page in enumerate(reader.pages, start=1):
            text = page.extract_text() or ""
            if text.strip():
                parts += [_section(f"p. {number}"), text.strip()]
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        if isinstance(exc, UnreadableFormatError):
            raise
        raise UnreadableFormatError(f"it is not a readable PDF ({exc})") from exc
    if not _has_body(parts):
        raise UnreadableFormatError("the PDF has no text layer (a scan?); run it through OCR first")
    return "\n\n".join(parts)


def _docx(data: bytes) -> str:
    import zipfile

    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    try:
        doc = Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise UnreadableFormatError(f"it is not a readable Word (.docx) file ({exc})") from exc
    title = (doc.core_properties.title or "").strip()
    parts = [f"# {title}"] if title else []
    for paragraph in doc.paragraphs:
        text = paragraph.text.strip()
        if not text:
            continue
        style = (paragraph.style.name if paragraph.style is not None else "") or ""
        if style == "Title":
            if not title:
                title = text
                parts.insert(0, f"# {text}")
            continue
        if style.startswith("Heading"):
            parts.append(_section(text))
        else:
            parts.append(text)
    for table in doc.tables:
        for row in table.rows:
            cells = [c.text.strip() for c in row.cells if c.text.strip()]
            if cells:
                parts.append(" | ".join(dict.fromkeys(cells)))  # merged cells repeat their text
    return "\n\n".join(parts)


_DROP = ("script", "style", "nav", "header", "footer", "aside", "form", "noscript", "template", "iframe", "svg",
         "button", "menu")
_BLOCKS = ("h1", "h2", "h3", "h4", "p", "li", "blockquote", "pre", "td", "th", "dd", "dt", "figcaption")


def _html(data: bytes) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(data, "html.parser")
    for tag in soup.find_all(_DROP):
        tag.decompose()
    for tag in soup.find_all(attrs={"role": ("navigation", "banner", "contentinfo", "search")}):
        tag.decompose()
    root = soup.find("main") or soup.find("article") or soup.body or soup
    heading = root.find("h1")
    title = (heading.get_text(" ", strip=True) if heading else "") or (soup.title.get_text(" ", strip=True) if soup.title else "")
    parts = [f"# {title}"] if title else []
    published = soup.find("meta", attrs={"property": "article:published_time"}) or soup.find("time", attrs={"datetime": True})
    stamp = (published.get("content") or published.get("datetime") or "") if published else ""
    if re.match(r"\d{4}-\d{2}-\d{2}", stamp):
        parts.append(stamp[:10])
    for tag in root.find_all(_BLOCKS):
        if tag.find_parent(_BLOCKS) is not None:
            continue  # its text is part of the enclosing block
        text = re.sub(r"\s+([.,;:!?])", r"\1", " ".join(tag.get_text(" ", strip=True).split()))
        if not text or (tag is heading and text == title):
            continue
        parts.append(_section(text) if tag.name in ("h1", "h2", "h3", "h4") else text)
    if not _has_body(parts):
        raise UnreadableFormatError("the page holds no text outside navigation and scripts")
    return "\n\n".join(parts)
