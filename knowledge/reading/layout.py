"""Table rows out of a PDF page's text laid out in columns.

A PDF has no tables, only text placed on a page: read in the order it was drawn, a table's cells
come out one per line ("Norway", "Ms. HOLM", "Head of Delegation", "Peru", ...), and who sits in
which row is lost. pypdf's layout mode keeps each printed line with its words where they stand::

       Country    Name                   Function
       Norway     Ms. Ingrid HOLM        Head of Delegation
       Peru       Mr. Luis QUISPE        Adviser, Ministry of Water
                                         Resources

:func:`table_text` turns such a page into lines, a table row per line with its cells apart
("Norway | Ms. Ingrid HOLM | Head of Delegation"), as Word and web-page tables are read; the
other lines keep their words with single spaces, and a gap between printed lines stays a blank
line (a heading stands apart from its paragraph, as in the other formats).

A block counts as a table when at least :data:`MIN_ROWS` lines in a row have cells starting at
the same columns and one column is short (times, countries, names). Two columns of prose side by
side have only long cells: that page is not a table, and the caller reads it in drawing order,
which follows each column down.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

GAP = 3
"""Spaces that part two cells. Words of one cell are one space apart, sometimes two in justified
text; pypdf's layout mode puts at least three between cells a normal table's padding keeps apart."""
MIN_ROWS = 2
"""Lines with two cells or more that make a table: one would be a line with a wide space."""
SHORT_CELL = 25
"""The mean length, in characters, of a column of labels (a time, a country, a name): a table has
one, two columns of prose do not (their lines run to 40 characters and more)."""
ALIGN = 2
"""How far, in characters, a cell's start may stand from its column's and still be in it."""

_CELL = re.compile(rf"\S+(?: {{1,{GAP - 1}}}\S+)*")


@dataclass
class _Block:
    lines: list[list[tuple[int, str]]] = field(default_factory=list)

    def columns(self) -> list[int]:
        """The start of each column: the cells' starts of the rows with most cells, merged."""
        starts = sorted({start for cells in self.lines if len(cells) > 1 for start, _ in cells})
        merged: list[int] = []
        for start in starts:
            if not merged or start - merged[-1] > ALIGN:
                merged.append(start)
        return merged


def table_text(layout: str) -> str | None:
    """A page's layout-mode text as lines, table rows as ``cell | cell`` lines.

    Args:
        layout: ``page.extract_text(extraction_mode="layout")``.

    Returns:
        The text, each table as one block of lines between blank lines; ``None`` when a block
        with cells apart has no short column (prose in two columns: read the page in drawing
        order instead).
    """
    out: list[str] = []
    block = _Block()
    for line in layout.splitlines():
        cells = [(m.start(), m.group()) for m in _CELL.finditer(line)]
        if not cells:  # a gap between printed lines: a paragraph ends (a table goes on over it)
            if not block.lines and out and out[-1]:
                out.append("")
            continue
        if len(cells) > 1 or (block.lines and _continues(block, cells)):
            block.lines.append(cells)
            continue
        if not _flush(block, out):
            return None
        block = _Block()
        out.append(cells[0][1])
    if not _flush(block, out):
        return None
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip()


def _continues(block: _Block, cells: list[tuple[int, str]]) -> bool:
    """Whether a one-cell line is a cell's next line: it starts at a column after the first."""
    columns = block.columns()
    return len(columns) > 1 and any(abs(cells[0][0] - c) <= ALIGN for c in columns[1:])


def _flush(block: _Block, out: list[str]) -> bool:
    """Write ``block`` to ``out``: as table rows, or as plain lines when too few rows have cells
    apart. False when it is prose in columns."""
    if sum(len(cells) > 1 for cells in block.lines) < MIN_ROWS:
        out.extend(" ".join(text for _, text in cells) for cells in block.lines)
        return True
    columns = block.columns()
    rows: list[list[str]] = []
    for cells in block.lines:
        row = [""] * len(columns)
        for start, text in cells:
            at = min(range(len(columns)), key=lambda i: abs(columns[i] - start) if start >= columns[i] - ALIGN else 10**6)
            row[at] = f"{row[at]} {text}".strip()
        if rows and not row[0]:  # a wrapped cell's next line (the first column is empty): the row above
            rows[-1] = [f"{a} {b}".strip() for a, b in zip(rows[-1], row)]
        else:
            rows.append(row)
    widths = [[len(r[i]) for r in rows if r[i]] for i in range(len(columns))]
    if not any(w and sum(w) / len(w) <= SHORT_CELL for w in widths):
        return False
    out.append("")
    out.extend(" | ".join(cell for cell in row if cell) for row in rows)
    out.append("")
    return True
