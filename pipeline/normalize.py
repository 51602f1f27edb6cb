"""Text normalization that keeps meaning.

Everything downstream (sentences, entities, outcome offsets) works on the text this module
returns, and ``texts/<doc_id>.txt`` holds exactly that text.

What changes, on purpose:

* line ends ``\\r\\n`` / ``\\r`` become ``\\n``; pages are joined with form feed ``\\f``;
* Unicode spaces (no-break, thin, em, figure, narrow) become a plain space; zero-width characters,
  soft hyphens and byte-order marks are dropped;
* hyphens, en/em/figure dashes, the minus sign and full-width hyphen-minus become ``-``;
* a middle dot between digits is a decimal point (``3·7`` -> ``3.7``); elsewhere it stays;
* a tilde between numbers is a range (``0.48~0.80`` -> ``0.48-0.80``); ``~33%`` ("about") stays;
* ligatures (``ﬁ``, ``ﬂ``, …) are spelled out;
* control characters other than tab, newline and form feed (NUL, ESC, ...) are dropped;
* inline HTML tags (``<i>RB1</i>``) are dropped, a ``<sup>12</sup>`` citation with its number;
* citation markers are removed so they are never read as values: ``[1][2]``, ``[147–149]``,
  ``[23, 24]``, markdown-escaped ``[\\[16\\]](#)``; a markdown link ``[Get Quote](#)`` keeps its
  words. ``[HR]``, ``[28 of 334]``, ``[n=1]`` and bracketed years such as ``[2025]`` are kept.
"""
from __future__ import annotations

import re

_SPACES = dict.fromkeys(map(ord, "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"), " ")
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"), "-")
_DROP = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\u00ad\ufeff"), None)
_LIGATURES = {ord("\ufb00"): "ff", ord("\ufb01"): "fi", ord("\ufb02"): "fl", ord("\ufb03"): "ffi",
              ord("\ufb04"): "ffl", ord("\ufb05"): "st", ord("\ufb06"): "st"}
# C0 and C1 controls but tab, newline, form feed (a stray NUL or ESC must not reach a CSV cell)
_CONTROLS = dict.fromkeys((c for c in [*range(0, 32), 127, *range(128, 160)] if c not in (9, 10, 12)), None)
_TABLE = {**_CONTROLS, **_SPACES, **_DASHES, **_DROP, **_LIGATURES}

# a middle dot (or bullet/dot operator) between two digits is a decimal point
_DECIMAL_DOT = re.compile(r"(?<=\d)[\u00b7\u2219\u22c5](?=\d)")

# a tilde between two numbers is a range ("0.48~0.80", "0.48 ∼ 0.80"); before a number ("~33%") it is
# "about" and stays
_RANGE_TILDE = re.compile(r"(?<=\d)(\s?)[~\u223c\uff5e](?=\s?\d)")

# one citation number or range: 1-3 digits (a 4-digit number in brackets is more likely a year)
_CITE_ITEM = r"\d{1,3}(?:\s?-\s?\d{1,3})?"
_CITATION = re.compile(
    r"""
    (?: [ ]?                                                      # a run, one space before each
      (?: \[\\\[ (?:\d{1,3}(?:\s?[-,]\s?\d{1,3})*) \\\]\]\([^)\s]*\)   # markdown-escaped [\[16\]](#)
        | \[ """ + _CITE_ITEM + r"""(?:\s?,\s?""" + _CITE_ITEM + r""")* \]    # [1]  [147-149]  [23, 24]
      )
    )+
    """,
    re.VERBOSE,
)
# inline HTML tags some converters leave: <i>RB1</i>, <sup>12</sup> (a superscript number is a citation)
_SUP = re.compile(r"<sup>\s*\d{1,3}(?:\s?[-,]\s?\d{1,3})*\s*</sup>", re.I)
_TAG = re.compile(r"</?(?:i|b|em|strong|sup|sub|u|span|br)\s*/?>", re.I)
_MD_LINK = re.compile(r"\[([^\[\]\n]{1,200})\]\((?:#|https?://[^)\s]*|<[^>\s]*>)\)")


# the characters _TABLE changes (one pass finds them; translating every character costs more)
_CHANGED = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_TABLE)) + "]")


def normalize_text(raw: str) -> str:
    """Return the normalized text (see the module docstring for every change). Each step runs only
    on a text holding a character it could change."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    if _CHANGED.search(text):
        text = text.translate(_TABLE)
    if "\u00b7" in text or "\u2219" in text or "\u22c5" in text:
        text = _DECIMAL_DOT.sub(".", text)
    if "~" in text or "\u223c" in text or "\uff5e" in text:
        text = _RANGE_TILDE.sub(r"\1-", text)
    if "<" in text:
        text = _SUP.sub("", text)
        text = _TAG.sub("", text)
    if "[" in text:
        text = _CITATION.sub("", text)
        text = _MD_LINK.sub(r"\1", text)
    return text


def join_pages(pages: list[str]) -> tuple[str, list[int]]:
    """Normalize each page and join them with form feeds.

    Returns the text and the start offset of every page, so that an offset maps to its 1-based page
    with :func:`page_of`.
    """
    starts, parts, pos = [], [], 0
    for page in pages:
        norm = normalize_text(page).replace("\f", "\n")
        starts.append(pos)
        parts.append(norm)
        pos += len(norm) + 1
    return "\f".join(parts), starts


def page_of(offset: int, page_starts: list[int]) -> int | None:
    """1-based page of ``offset`` (None when the document has no pages)."""
    if not page_starts:
        return None
    lo, hi = 0, len(page_starts) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if page_starts[mid] <= offset:
            lo = mid
        else:
            hi = mid - 1
    return lo + 1
