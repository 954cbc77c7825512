"""Small real PDF, Word and HTML briefings, written with the libraries that read such files."""

from __future__ import annotations

import io

PDF_PAGES = [
    ["Water Board meeting", "", "3 March 2025", "", "The Water Board met in Lyon to agree on the spring budget.",
     "Chair Marie Dubois opened the session at nine."],
    ["The board approved 2.4 million euros for new filters at the eastern plant.",
     "Engineer Paul Martin said the filters would be installed by June."],
]


def make_pdf(pages: list[list[str]] = PDF_PAGES, title: str | None = "Water Board meeting") -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    if title:
        pdf.setTitle(title)
    for lines in pages:
        y = 800
        for line in lines:
            pdf.drawString(60, y, line)
            y -= 18
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def make_docx() -> bytes:
    from docx import Document

    doc = Document()
    doc.add_heading("Harbour Council briefing", level=0)
    doc.add_paragraph("12 February 2025")
    doc.add_heading("Opening", level=1)
    doc.add_paragraph("Mayor Ana Costa opened the Harbour Council meeting in Porto.")
    doc.add_heading("Decisions", level=1)
    doc.add_paragraph("The council agreed to dredge the northern channel before the summer season.")
    table = doc.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Budget"
    table.rows[0].cells[1].text = "900,000 euros for dredging"
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


HTML = """<!doctype html><html><head><title>Rail Forum agenda | Example site</title>
<meta property="article:published_time" content="2025-04-08T09:00:00Z">
<script>var tracking = "secret script text";</script><style>p { color: red }</style></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a> Navigation menu item</nav>
<header>Site banner text</header>
<main><h1>Rail Forum agenda</h1>
<p>The Rail Forum meets in Vienna to discuss night trains.</p>
<h2>Morning session</h2><p>Minister Eva Huber opens the forum with a speech on cross-border tickets.</p>
<ul><li>Coffee break at <b>eleven</b>.</li></ul>
<h2>Afternoon session</h2><p>Operators present their timetables for the winter.</p></main>
<aside>Related stories you may like</aside><footer>Copyright Example site</footer></body></html>"""


def make_html() -> bytes:
    return HTML.encode("utf-8")
