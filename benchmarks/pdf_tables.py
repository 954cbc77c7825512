"""How many table rows each way of reading a PDF keeps whole: the check behind
:mod:`knowledge.reading.layout` (``python -m benchmarks.pdf_tables``).

PDFs are made here with reportlab (the test extra), with and without ruling lines, with cells that
wrap within their column, plus a page of prose in two columns that must not become a table.
A row counts as kept when one line of the reader's text holds all its cells in order. Readers:
pypdf as drawn (the reader before), pypdf's layout mode with :func:`table_text` (the reader
now), and pdfplumber's table finder by ruling lines and by text alignment, when pdfplumber is
installed (it is not a dependency: ``pip install pdfplumber`` to compare).
"""

from __future__ import annotations

import io

TABLES = {
    "participants": [("Country", "Name", "Function"), ("Norway", "Ms. Ingrid HOLM", "Head of Delegation"),
                     ("Peru", "Mr. Luis QUISPE MAMANI", "Adviser, Ministry of Water Resources and Sanitation, Lima"),
                     ("Estonia", "Ms. Kadri TAMM", "Ambassador to the Lakes Commission"),
                     ("Kenya", "Mr. Otieno ODHIAMBO", "Director of Inland Fisheries, Nairobi")],
    "agenda": [("Time", "Item"), ("09h30", "Opening of the session by the Chair"), ("10h00", "Adoption of the agenda"),
               ("11h00", "Coffee break"), ("11h30", "Water levels of the northern lakes and the report of the "
                                                    "working group on monitoring stations"), ("13h00", "Lunch")],
    "programme": [("Time", "Session", "Speaker"), ("9:00 am", "Welcome", "Ms. Ana TORRES, Mayor of Quito"),
                  ("9:30 am", "Keynote: lakes in a warmer climate", "Prof. Mari KASK, University of Tallinn"),
                  ("10:30 am", "Panel on fisheries", "Moderator: Mr. Juma BARASA")],
}


def make_pdf(rows: list[tuple[str, ...]], *, grid: bool) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    style = getSampleStyleSheet()["Normal"]
    widths = {2: [70, 300], 3: [70, 170, 200]}[len(rows[0])]
    table = Table([[Paragraph(c, style) for c in row] for row in rows], colWidths=widths)
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]
                              + ([("GRID", (0, 0), (-1, -1), 0.5, colors.black)] if grid else [])))
    out = io.BytesIO()
    SimpleDocTemplate(out).build([Paragraph("The Lakes Commission meets in Oslo on 3 March 2027.", style), table])
    return out.getvalue()


def two_columns() -> tuple[bytes, list[str]]:
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph

    sentences = [f"The Commission heard report number {n} on the water levels of the northern lakes." for n in range(30)]
    out = io.BytesIO()
    doc = BaseDocTemplate(out)
    width = (doc.width - 20) / 2
    doc.addPageTemplates([PageTemplate(frames=[Frame(doc.leftMargin + i * (width + 20), doc.bottomMargin, width,
                                                     doc.height) for i in (0, 1)])])
    doc.build([Paragraph(" ".join(sentences), getSampleStyleSheet()["Normal"])])
    return out.getvalue(), sentences


def pypdf_drawn(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def pypdf_layout(data: bytes) -> str:
    from knowledge.reading.formats import extract_text

    return extract_text(data, ".pdf")


def plumber(strategy: str):
    def read(data: bytes) -> str:
        import pdfplumber

        settings = {"vertical_strategy": strategy, "horizontal_strategy": strategy}
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            tables = [t for page in pdf.pages for t in page.extract_tables(settings)]
        return "\n".join(" | ".join(" ".join((c or "").split()) for c in row) for t in tables for row in t)
    return read


def kept(text: str, row: tuple[str, ...]) -> bool:
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return any(all(cell in line for cell in row) and
               [line.index(cell) for cell in row] == sorted(line.index(cell) for cell in row) for line in lines)


def main() -> None:
    readers = {"pypdf as drawn": pypdf_drawn, "pypdf layout + table_text": pypdf_layout}
    try:
        import pdfplumber  # noqa: F401
        readers |= {"pdfplumber, ruling lines": plumber("lines"), "pdfplumber, text alignment": plumber("text")}
    except ImportError:
        print("(pdfplumber is not installed: pip install pdfplumber to compare it too)")
    cases = [(f"{name}, {'ruled' if grid else 'no lines'}", rows, make_pdf(rows, grid=grid))
             for name, rows in TABLES.items() for grid in (False, True)]
    prose, sentences = two_columns()
    print(f"{'reader':30} " + " ".join(f"{c[0]:>24}" for c in cases) + "   two columns of prose whole")
    for label, read in readers.items():
        counts = []
        for _, rows, data in cases:
            text = read(data)
            counts.append(f"{sum(kept(text, r) for r in rows)}/{len(rows)}")
        flat = " ".join(read(prose).split()) if label.startswith("pypdf") else ""
        whole = f"{sum(s in flat for s in sentences)}/{len(sentences)}" if label.startswith("pypdf") else "-"
        print(f"{label:30} " + " ".join(f"{c:>24}" for c in counts) + f"   {whole}")


if __name__ == "__main__":
    main()
