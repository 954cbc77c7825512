"""Reading the knowledge folder: which files are documents, and which had to be skipped and why."""

from __future__ import annotations

import codecs
import dataclasses
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from knowledge.reading.cleaning import CleanDocument, clean_document
from knowledge.errors import DocumentRejectedError, KnowledgeFolderError
from knowledge.reading.markdown import markdown_text
from knowledge.reading.plaintext import plain_text
from knowledge.reading.formats import ITEM_MARK, MAX_TEXT_CHARS, SECTION_MARK, UnreadableFormatError, extract_text
from knowledge.reading.formats import SUFFIXES as FORMAT_SUFFIXES
from knowledge.reading.passages import MAX_PASSAGE_CHARS, split_passages

TEXT_SUFFIXES = (".txt", ".md")
SUFFIXES = TEXT_SUFFIXES + FORMAT_SUFFIXES
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
"""Files above this size are skipped with a message: a briefing is never this long, and a
stray dump would stall the refresh for minutes."""

MAX_PASSAGES_PER_DOCUMENT = 10_000
"""Documents that would make more passages are skipped with a message. Embedding runs at about
27 passages a second on two CPU cores (README, Performance), so this many take about six
minutes, once, and 15 MB of vectors; a briefing of 1,000 pages makes about 5,000. A file at the
5 MB size limit stays under it when its paragraphs average 500 characters or more. What passes
it is a log, a table dumped line by line or a file of short lines (3.9 MB of one-letter lines
made 1.3 million passages: 15 minutes of embedding and 5 GB of memory, again at every start),
which is better refused, with the reason, than embedded."""
MAX_NAME_BYTES = 200
"""Longest file name :func:`safe_file_name` gives, in UTF-8 bytes: file systems allow 255, and an
upload is first written under a longer temporary name (``.<name>.<pid>.upload``)."""

PIPELINE_VERSION = "24"
"""Bump when cleaning or splitting changes, so that every document is re-embedded."""


@dataclass(frozen=True)
class Document:
    """A readable document of the knowledge folder.

    Attributes:
        name: Path relative to the knowledge folder, with forward slashes.
        content_hash: SHA-256 of the file's bytes and :data:`PIPELINE_VERSION`.
        text: The file's text.
    """

    name: str
    content_hash: str
    text: str

    @cached_property
    def clean(self) -> CleanDocument:
        """Its cleaned text, title and date (worked out on first use: a refresh needs it only
        for new and changed documents). The title is shown alone, so bidirectional controls
        are taken out of it: a right-to-left override must not turn the rest of a list around."""
        clean = clean_document(self.text)
        if clean.title is not None and _BIDI.search(clean.title):
            clean = dataclasses.replace(clean, title=strip_bidi(clean.title) or None)
        return clean


@dataclass(frozen=True)
class SkippedFile:
    """A file of the knowledge folder that could not be used, and why, in words."""

    name: str
    reason: str


def read_documents(folder: str | Path) -> tuple[list[Document], list[SkippedFile]]:
    """Read every document below ``folder``: ``.txt``, ``.md``, ``.pdf``, ``.docx``, ``.html`` (hidden files and folders aside).

    Unreadable files are skipped and reported, never fatal: one bad file must not take the
    whole briefing down.

    Raises:
        KnowledgeFolderError: The folder does not exist or holds no document file.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise KnowledgeFolderError(
            f"The knowledge folder {folder} does not exist; create it or set BRIEFING_KNOWLEDGE_DIR."
        )
    paths = sorted(
        p
        for p in folder.rglob("*")
        if p.suffix.lower() in SUFFIXES
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
        and p.is_file()
    )
    if not paths:
        raise KnowledgeFolderError(
            f"The knowledge folder {folder} holds no documents ({', '.join(SUFFIXES)} files)."
        )
    documents: list[Document] = []
    skipped: list[SkippedFile] = []
    root = folder.resolve()
    for path in paths:
        name = path.relative_to(folder).as_posix()
        if not _is_utf8(name):  # it could not be saved in the index, nor shown
            shown = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
            skipped.append(SkippedFile(shown, "its name is not UTF-8; rename it"))
            continue
        if not path.resolve().is_relative_to(root):  # a link must not publish files from elsewhere
            skipped.append(SkippedFile(name, "it is a link to a file outside the knowledge folder"))
            continue
        result = _read_one(path, name)
        (documents if isinstance(result, Document) else skipped).append(result)
    return documents, skipped


def _is_utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # bytes the file system could not decode, kept as surrogates
        return False
    return True


def _read_one(path: Path, name: str) -> Document | SkippedFile:
    try:
        size = path.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            return SkippedFile(name, _too_big(size))
        data = path.read_bytes()
    except OSError as exc:
        return SkippedFile(name, f"it cannot be read ({exc.strerror or exc})")
    return parse_document(name, data)


def _too_big(size: int) -> str:
    return f"it is {size / 2**20:.1f} MB, above the {MAX_DOCUMENT_BYTES // 2**20} MB limit"


def parse_document(name: str, data: bytes) -> Document | SkippedFile:
    """A document from a file's name and bytes, or why it cannot be one.

    Never raises for what the bytes hold: a damaged file, one expanding beyond
    :data:`knowledge.reading.formats.MAX_EXPANDED_BYTES` or :data:`knowledge.reading.formats.MAX_TEXT_CHARS`,
    or one that would make more than :data:`MAX_PASSAGES_PER_DOCUMENT` passages becomes a
    :class:`SkippedFile` saying why. Plain text is read as UTF-8, or UTF-16/32 when a byte-order
    mark says so.
    """
    if len(data) > MAX_DOCUMENT_BYTES:
        return SkippedFile(name, _too_big(len(data)))
    suffix = Path(name).suffix.lower()
    if suffix in FORMAT_SUFFIXES:
        try:
            text = extract_text(data, suffix)
        except UnreadableFormatError as exc:
            return SkippedFile(name, str(exc))
    else:
        text_or_reason = _decode(data)
        if isinstance(text_or_reason, SkippedFile):
            return SkippedFile(name, text_or_reason.reason)
        text = text_or_reason.replace(SECTION_MARK, "").replace(ITEM_MARK, "")  # the readers' marks, not a writer's
        if suffix == ".md":
            text = markdown_text(text)
        elif suffix == ".txt":
            text = plain_text(text)
    if len(text) > MAX_TEXT_CHARS:
        return SkippedFile(name, f"it holds more than {MAX_TEXT_CHARS:,} characters of text (the limit); split it into smaller documents")
    if not any(ch.isalnum() for ch in text.replace(SECTION_MARK, "")):
        return SkippedFile(name, "it holds no text")
    document = Document(name, content_hash(data), text)
    reason = _too_many_passages(document)
    return SkippedFile(name, reason) if reason else document


def content_hash(data: bytes) -> str:
    """A document's content hash: SHA-256 of its bytes and :data:`PIPELINE_VERSION`."""
    return hashlib.sha256(data + PIPELINE_VERSION.encode()).hexdigest()


_BOMS = (  # UTF-32 first: its little-endian mark begins with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)


def _decode(data: bytes) -> str | SkippedFile:
    """The text of a plain-text file, or why it is not one (the name left blank)."""
    encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), None)
    if encoding is None and b"\x00" in data:
        return SkippedFile("", "it is a binary file, not text")
    try:
        text = data.decode(encoding or "utf-8")
    except UnicodeDecodeError as exc:
        if encoding not in (None, "utf-8-sig"):
            return SkippedFile("", f"it is not {encoding.upper()} text, although it starts as such ({exc.reason} at offset {exc.start})")
        return SkippedFile("", f"it is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); save it as UTF-8")
    if "\x00" in text:
        return SkippedFile("", "it is a binary file, not text")
    return text


_PARAGRAPH = re.compile(r"\S[^\n]*(?:\n[^\S\n]*\S[^\n]*)*")
"""A run of non-blank lines: cleaning makes at most a paragraph of each, unless a date, credit
or section line splits it. Written so that it never backtracks more than a line."""
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")


def _too_many_passages(document: Document) -> str | None:
    """Why ``document`` would make more than :data:`MAX_PASSAGES_PER_DOCUMENT` passages, or ``None``.

    Cheap for all but the largest documents: counting runs of non-blank lines (0.4 s for 1.3
    million of them) refuses a dump of short lines without cleaning it (which would take ten
    times as long; a run of nothing but photo credits or dates counts too, though cleaning
    would drop it), and a bound on what cleaning and splitting can make accepts an ordinary
    document without either. Only between the two are the passages counted exactly; the
    cleaned text is then kept on the document for the refresh.
    """
    text = document.text
    if "\r" in text:  # cleaning reads a lone carriage return as a line break too
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    runs = sum(1 for m in _PARAGRAPH.finditer(text) if _LETTER_OR_DIGIT.search(m.group()))
    limit = f"{MAX_PASSAGES_PER_DOCUMENT:,}"
    if runs > MAX_PASSAGES_PER_DOCUMENT + 1:  # one of them may be the title
        return (f"it has {runs:,} paragraphs, more than the {limit} passages a document may make; "
                f"split it into smaller documents or join its lines into paragraphs")
    lines = text.count("\n") + 1
    if lines + 3 * len(text) // MAX_PASSAGE_CHARS + 1 <= MAX_PASSAGES_PER_DOCUMENT:
        return None  # each passage is a line, or a piece of a paragraph at least a third full
    count = len(split_passages(document.name, document.clean))
    if count > MAX_PASSAGES_PER_DOCUMENT:
        return f"it would make {count:,} passages, more than the {limit} a document may make; split it into smaller documents"
    return None


_UNSAFE = re.compile(r"[^\w .,()&+'-]+")
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""Unicode's bidirectional controls: marks, embeddings, overrides and isolates."""


def strip_bidi(text: str) -> str:
    """``text`` without bidirectional controls (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F,
    U+061C), which could make a name or title shown in a list read backwards, or hide what
    follows it."""
    return _BIDI.sub("", text)


def safe_file_name(original: str) -> str:
    """A file name that stays inside the knowledge folder: the last path component only, no
    leading dots, no bidirectional controls, no characters outside letters, digits, spaces and
    ``.,()&+'-``, at most :data:`MAX_NAME_BYTES` bytes in UTF-8 (cut between characters), the
    extension kept in lower case.

    The same original always gives the same name, so sending a file again replaces it. A name
    that had to be changed (beyond the extension's case and surrounding spaces) ends in six
    characters of its original's SHA-256 (``report_1_ 3f2a9c.pdf``), so that two different
    originals that clean to one string ("report<1>.pdf", "report>1<.pdf") do not replace each
    other.

    Raises:
        DocumentRejectedError: Not a kind of file the briefing reads.
    """
    base = unicodedata.normalize("NFC", original.replace("\\", "/").split("/")[-1]).strip()
    stem, dot, suffix = base.rpartition(".")
    if not dot or f".{suffix.lower()}" not in SUFFIXES:
        raise DocumentRejectedError(
            f"I read {', '.join(SUFFIXES)} files; {original!r} is not one of them."
        )
    suffix = suffix.lower()
    clean = re.sub(r"\s+", " ", _UNSAFE.sub("_", strip_bidi(stem))).strip(" ._") or "document"
    if clean == stem and len(f"{clean}.{suffix}".encode()) <= MAX_NAME_BYTES:
        return f"{clean}.{suffix}"
    tag = hashlib.sha256(base.encode("utf-8", "surrogatepass")).hexdigest()[:6]
    room = MAX_NAME_BYTES - len(f" {tag}.{suffix}".encode())
    clean = clean.encode()[:room].decode("utf-8", "ignore").rstrip(" ._") or "document"
    return f"{clean} {tag}.{suffix}"
