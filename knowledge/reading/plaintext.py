"""Light markup in plain-text files: the marks gone, the words and lines kept.

Notes kept as ``.txt`` are often written in a light markup: AsciiDoc (``= Title``, ``== 1.
Participants``, ``*Chair:* Ana Holm``, ``* item``, a ``+`` ending a line), or e-mail style
(``*Decided:* ...``, ``* item``, a line of ``-----``). Read as they are, answers showed the stars,
a "Chair:" field was no field (it began with a star), and a heading was no heading. Each line is
tidied alone and no word is dropped; what is not such a mark is left as written.
"""

from __future__ import annotations

import re

_HEADING = re.compile(r"^(={1,6})[ \t]+(?=[A-Z0-9])")
"""An AsciiDoc heading (``== 2. Summary``): read as the Markdown heading it stands for."""
_RULE = re.compile(r"^[ \t]*(?:'{3,}|<{3}|([-*_=~])\1{2,})[ \t]*$")
"""A line that only draws a break (``'''``, ``-----``, ``*****``): a paragraph break."""
_BULLET = re.compile(r"^[ \t]*\*{1,5}[ \t]+(?=\S)")
"""``* item``, ``** sub-item``: the item's words stay, on a line of their own."""
_STRONG = re.compile(r"(?<![\w*])(\*{1,2})(?=[^\s*])([^*\n]*?[^\s*])\1(?![\w*])")
"""``*Chair:*``, ``**Decided**``: stars around words, in pairs on one line."""
_LINK = re.compile(r"\b(https?://[^\s\[\]]+)\[([^\]\n]*)\]")
"""An AsciiDoc link, ``https://host/page[label]``: its label, or the address where it has none."""
_HARD_BREAK = re.compile(r"[ \t]+\+[ \t]*$")
"""An AsciiDoc line ending in `` +`` (a forced line break)."""


def plain_text(text: str) -> str:
    """``text`` with light markup taken out of each line (see the module's description)."""
    lines = []
    for line in text.split("\n"):
        if _RULE.match(line):
            lines.append("")
            continue
        line = _HEADING.sub(lambda m: "#" * len(m.group(1)) + " ", line)
        line = _BULLET.sub("", _HARD_BREAK.sub("", line))
        line = _LINK.sub(lambda m: m.group(2).strip() or m.group(1), line)
        lines.append(_STRONG.sub(r"\2", line))
    return "\n".join(lines)
