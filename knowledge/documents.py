"""Reading the knowledge folder: which files are documents, and which had to be skipped and why."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from knowledge.cleaning import CleanDocument, clean_document
from knowledge.errors import DocumentRejectedError, KnowledgeFolderError
from knowledge.formats import SECTION_MARK, UnreadableFormatError, extract_text
from knowledge.formats import SUFFIXES as FORMAT_SUFFIXES

TEXT_SUFFIXES = (".txt", ".md")
SUFFIXES = TEXT_SUFFIXES + FORMAT_SUFFIXES
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
"""Files above this size are skipped with a message: a briefing is never this long, and a
stray dump would stall the refresh for minutes."""

PIPELINE_VERSION = "3"
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
        for new and changed documents)."""
        return clean_document(self.text)


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
        if not path.resolve().is_relative_to(root):  # a link must not publish files from elsewhere
            skipped.append(SkippedFile(name, "it is a link to a file outside the knowledge folder"))
            continue
        result = _read_one(path, name)
        (documents if isinstance(result, Document) else skipped).append(result)
    return documents, skipped


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
    """A document from a file's name and bytes, or why it cannot be one."""
    if len(data) > MAX_DOCUMENT_BYTES:
        return SkippedFile(name, _too_big(len(data)))
    suffix = Path(name).suffix.lower()
    if suffix in FORMAT_SUFFIXES:
        try:
            text = extract_text(data, suffix)
        except UnreadableFormatError as exc:
            return SkippedFile(name, str(exc))
    else:
        if b"\x00" in data:
            return SkippedFile(name, "it is a binary file, not text")
        try:
            text = data.decode("utf-8-sig").replace(SECTION_MARK, "")
        except UnicodeDecodeError as exc:
            return SkippedFile(name, f"it is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); save it as UTF-8")
    if not any(ch.isalnum() for ch in text.replace(SECTION_MARK, "")):
        return SkippedFile(name, "it holds no text")
    digest = hashlib.sha256(data + PIPELINE_VERSION.encode()).hexdigest()
    return Document(name, digest, text)


_UNSAFE = re.compile(r"[^\w .,()&+'-]+")


def safe_file_name(original: str) -> str:
    """A file name that stays inside the knowledge folder: the last path component only, no
    leading dots, no characters outside letters, digits, spaces and ``.,()&+'-``, at most
    100 characters, the extension kept in lower case.

    Raises:
        DocumentRejectedError: Not a kind of file the briefing reads.
    """
    base = unicodedata.normalize("NFC", original.replace("\\", "/").split("/")[-1]).strip()
    stem, dot, suffix = base.rpartition(".")
    if not dot or f".{suffix.lower()}" not in SUFFIXES:
        raise DocumentRejectedError(
            f"I read {', '.join(SUFFIXES)} files; {original!r} is not one of them."
        )
    stem = re.sub(r"\s+", " ", _UNSAFE.sub("_", stem)).strip(" ._") or "document"
    return f"{stem[:100]}.{suffix.lower()}"
