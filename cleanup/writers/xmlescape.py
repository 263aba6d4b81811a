"""Text escaped for the XML of an .xlsx, the way Excel reads it back unchanged (as XlsxWriter
does it): markup characters as entities, characters XML cannot hold as `_xHHHH_`, and a
literal `_xHHHH_` protected. `escape` takes one text, `escape_many` a whole column at once.
"""

from __future__ import annotations

import re

#: What XML 1.0 cannot hold (control characters other than tab and line feed, surrogates,
#: U+FFFE and U+FFFF; carriage return too, as XlsxWriter does), written as `_xHHHH_`.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]")
#: An underscore that starts what reads as an escape; escapes may overlap (`_x005F_x0041_`).
_ESCAPED = re.compile(r"_(?=x[0-9a-fA-F]{4}_)")


def entities(text: str) -> str:
    """The markup characters of `text` as entities: all a link's target needs (it is a URL,
    written as it is), and the first step of `escape` for cell text."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def _control(match: re.Match[str]) -> str:
    return f"_x{ord(match.group(0)):04X}_"


def escape(text: str) -> str:
    """Text escaped for XML the way Excel reads it back unchanged (as XlsxWriter does):
    markup characters as entities, characters XML cannot hold as `_xHHHH_`, and a literal
    `_xHHHH_` protected as `_x005F_xHHHH_`."""
    if "_x" in text:
        text = _ESCAPED.sub("_x005F_", text)
    text = entities(text)
    # isprintable() is a fast C test that is False for every control character.
    return text if text.isprintable() else _CONTROL.sub(_control, text)


#: `_CONTROL` but for NUL, which separates the texts `escape_many` escapes together.
_CONTROL_BUT_NUL = re.compile("[\x01-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]")


def escape_many(texts: list[str]) -> list[str]:
    """`escape` of each of `texts`, done on all of them at once: a few passes of C over
    the texts joined by NUL (which none of the escapes can span, and which each text
    without a NUL of its own gets back by splitting), instead of a call per text."""
    joined = "\x00".join(texts)
    if joined.count("\x00") != len(texts) - 1 or not texts:
        return [escape(text) for text in texts]  # a text holds NUL itself
    if "_x" in joined:
        joined = _ESCAPED.sub("_x005F_", joined)
    joined = entities(joined)
    if _CONTROL_BUT_NUL.search(joined):
        joined = _CONTROL_BUT_NUL.sub(_control, joined)
    return joined.split("\x00")
