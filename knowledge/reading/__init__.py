"""Reading: takes a file's bytes (text, Markdown, HTML, Word, PDF); gives a
:class:`~knowledge.reading.documents.Document` of passages with its title and date, the meeting
facts of its text (:mod:`.facts`) and the people it names (:mod:`.speakers`).

Steps: :mod:`.formats` (bytes -> text, sections and table rows kept; :mod:`.layout` finds a PDF's
tables; :mod:`.markdown` takes a ``.md`` file's markup out) -> :mod:`.cleaning` (scraped-page repair, title and date) -> :mod:`.passages` (text ->
passages and sentences) -> :mod:`.documents`."""
