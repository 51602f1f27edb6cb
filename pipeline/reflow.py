"""Reflow of plain text as PDF converters write it: hard-wrapped lines, page breaks, running headers.

A converter such as ``pdftotext`` writes a paragraph as lines of ~70-100 characters, breaks words at
line ends with a hyphen, puts a form feed between pages and repeats the journal's running header (and
the page number) on every page. Read as it is, a line break between ``median PFS was 25.3`` and
``months`` or between ``95% CI`` and its bounds loses the value or its interval. This module turns such
text back into one line per paragraph, before anything reads it:

* lines next to a page break that recur on several pages (digits aside) are running headers or footers,
  and are dropped; the form feeds become line ends; a paragraph broken by a page break is joined again;
* when the document is hard-wrapped (its prose lines end near one width, none much longer), the lines of
  a paragraph are joined with a space, a line-end hyphen resolved against the document's own words
  (:mod:`pipeline.hyphenation`, as the PDF reader does);
* table lines (a tab, or a run of three or more spaces between cells) are never joined, nor joined to.

Text that is not hard-wrapped and has no page breaks is returned unchanged. The result is the text
``texts/<doc_id>.txt`` holds and every offset points into.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .hyphenation import HYPHENS, join_lines, vocabulary


@dataclass(frozen=True)
class ReflowSettings:
    """Thresholds of the reflow, in one place (pdfplumber's TableSettings)."""

    min_prose_lines: int = 8  # fewer prose lines than this: not enough to call a text hard-wrapped
    max_wrap_width: int = 110  # a wrapped line is at most this long ...
    max_long_share: float = 0.02  # ... and at most this share of prose lines are longer
    min_wrap_width: int = 40  # the longest prose line of a wrapped text is at least this long
    full_line: float = 0.7  # a line this share of the width or longer goes on in the next line
    wrapped_share: float = 0.4  # at least this share of prose lines go on in the next line
    running_min_pages: int = 2  # a line next to a page break recurring on this many pages is a header


REFLOW_SETTINGS = ReflowSettings()

# a table line: a tab, or cells aligned by a run of three or more spaces; a Markdown pipe row
_TABLE_LINE = re.compile(r"\t|\S {3,}\S|^\s*\|")
_TERMINAL = re.compile(r"[.!?:]['\")\]]?\s*$")


def is_prose(line: str) -> bool:
    """A line of running text: not blank, not a table row."""
    return bool(line.strip()) and not _TABLE_LINE.search(line)


def wrap_width(lines: list[str], settings: ReflowSettings | None = None) -> int:
    """The width a hard-wrapped text was wrapped at, or 0 when the text is not hard-wrapped."""
    s = settings or REFLOW_SETTINGS
    prose = [ln.rstrip() for ln in lines if is_prose(ln)]
    if len(prose) < s.min_prose_lines:
        return 0
    long = sum(1 for ln in prose if len(ln) > s.max_wrap_width)
    if long > s.max_long_share * len(prose):
        return 0
    width = max((len(ln) for ln in prose if len(ln) <= s.max_wrap_width), default=0)
    if width < s.min_wrap_width:
        return 0
    going_on = sum(1 for a, b in zip(lines, lines[1:]) if is_prose(a) and is_prose(b) and len(a.rstrip()) >= s.full_line * width)
    return width if going_on >= s.wrapped_share * len(prose) else 0


def _running_key(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split())).lower()


def _edge_lines(lines: list[str]) -> list[int]:
    """Indexes of a page's first and last non-blank lines."""
    filled = [i for i, ln in enumerate(lines) if ln.strip()]
    return sorted({filled[0], filled[-1]}) if filled else []


def drop_running_lines(pages: list[list[str]], settings: ReflowSettings | None = None) -> list[list[str]]:
    """Pages without their running headers and footers: a first or last line of a page that recurs,
    digits aside (page numbers, years), as a first or last line on several pages."""
    s = settings or REFLOW_SETTINGS
    counts = Counter(_running_key(p[i]) for p in pages for i in _edge_lines(p))
    out = []
    for p in pages:
        drop = {i for i in _edge_lines(p) if counts[_running_key(p[i])] >= s.running_min_pages}
        out.append([ln for i, ln in enumerate(p) if i not in drop])
    return out


def _join_pages(pages: list[list[str]], width: int, settings: ReflowSettings) -> list[str]:
    """The pages' lines in one list; a paragraph a page break cut (its last line full, with no stop, or
    the next page going on in lower case) is joined across the blank lines around the break."""
    lines: list[str] = []
    for k, page in enumerate(pages):
        page = list(page)
        if k and lines and width:
            while lines and not lines[-1].strip():
                lines.pop()
            head = next((ln for ln in page if ln.strip()), "")
            last = lines[-1] if lines else ""
            while page and not page[0].strip():
                page.pop(0)
            if not (is_prose(last) and is_prose(head) and (
                    (len(last.rstrip()) >= settings.full_line * width and not _TERMINAL.search(last))
                    or head.lstrip()[:1].islower())):
                lines.append("")
        lines.extend(page)
    return lines


def join_wrapped(lines: list[str], width: int, vocab: set[str], settings: ReflowSettings | None = None) -> list[str]:
    """One line per paragraph: a full prose line goes on in the next prose line."""
    s = settings or REFLOW_SETTINGS
    out: list[str] = []
    group: list[str] = []
    for ln in lines:
        prev = group[-1] if group else ""
        goes_on = prev and is_prose(prev) and is_prose(ln) and (
            len(prev.rstrip()) >= s.full_line * width or prev.rstrip()[-1:] in HYPHENS
            or (ln.lstrip()[:1].islower() and not _TERMINAL.search(prev)))
        if goes_on:
            group.append(ln)
            continue
        if group:
            out.append(join_lines(group, vocab) if len(group) > 1 else group[0])
        group = [ln] if ln.strip() else []
        if not ln.strip():
            out.append(ln)
    if group:
        out.append(join_lines(group, vocab) if len(group) > 1 else group[0])
    return out


def reflow(text: str, settings: ReflowSettings | None = None) -> str:
    """The text with running headers dropped, pages joined and hard-wrapped paragraphs on one line each
    (see the module docstring); unchanged when it is not hard-wrapped and has no page breaks."""
    s = settings or REFLOW_SETTINGS
    pages = [p.split("\n") for p in text.split("\f")]
    width = wrap_width([ln for p in pages for ln in p], s)
    if len(pages) == 1 and not width:
        return text
    if len(pages) >= s.running_min_pages:
        pages = drop_running_lines(pages, s)
    lines = _join_pages(pages, width, s)
    if width:
        lines = join_wrapped(lines, width, vocabulary(["\n".join(lines)]), s)
    return "\n".join(lines)
