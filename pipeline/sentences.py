"""Sentence boundaries for scientific prose, as a pure function over text.

A sentence ends at ``.``, ``!`` or ``?`` followed by white space and a capital letter, digit or
opening bracket (citation numbers glued to the stop, ``non-smokers.23,24 Smokers``, stay with it), or at a line end (each line of a converted article is a paragraph, a heading or a
table row). It does not end after abbreviations (``vs.``, ``et al.``, ``e.g.``, ``Fig.``, ``No.``,
``approx.``), inside decimals (``3.7``) or inside brackets that are still open (``(95% CI 3.2-4.2.
Next`` does not happen in practice, but ``(p<0.001. ...)`` typos should not split a parenthesis).
"""
from __future__ import annotations

import re

ABBREVIATIONS = frozenset(
    """vs v al e.g eg i.e ie fig figs no nos approx ca cf dr drs mr mrs ms prof inc ltd co corp
    ref refs resp incl etc viz suppl vol pp p ed eds jan feb mar apr jun jul aug sep sept oct nov dec
    min max mg kg ml dl st sr jr u.s n.s b.i.d t.i.d q.d bid tid od sc iv im po""".split()
)

_END = re.compile(
    r"[.!?](?=[\"')\]]?\s+[\"'(\[]?[A-Z0-9\u0391-\u03a9])"
    # a stop with its citation numbers glued on: "than do non-smokers.23,24 Smokers also ..."
    r"|(?<=[a-z)\]])[.!?]\d{1,3}(?:[,\u2013-]\d{1,3})*(?=\s+[\"'(\[]?[A-Z])")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every sentence in ``text``; white space between sentences is left out."""
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n\f]+", text):
        ls, le = line.span()
        start = ls
        for m in _END.finditer(text, ls, le):
            cut = m.end()
            w = _WORD_BEFORE.search(text, max(ls, m.start() - 12), m.start())
            if w:
                word = w.group(1).lower().rstrip(".")
                if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
                    continue
            # a closing quote or bracket right after the stop belongs to this sentence
            while cut < le and text[cut] in "\"')]":
                cut += 1
            seg = text[start:cut]
            if seg.count("(") > seg.count(")") + 0 and "(" in seg[-80:]:
                continue
            _add(spans, text, start, cut)
            start = cut
        _add(spans, text, start, le)
    return spans


def _add(spans, text, start, end):
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Lines that hold text: paragraphs, headings and table rows of a converted article."""
    return [m.span() for m in re.finditer(r"[^\n\f]*\S[^\n\f]*", text)]
