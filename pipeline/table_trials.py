"""Trial names a table teaches: the cells of a table's trial column (``Trial``, ``Study``) name trials,
and the same names elsewhere in the document are the same trials.

Pure function :func:`table_trial_mentions`, run by the entities stage after the lexicon and patterns
(``litx_entities``), so that the prose readers link results to trials that no registry lists
(``CheckMate 066``, ``H0648g``, ``DESTINY-Breast03``) once a table of the document names them.

A cell is a trial name when it is short and shaped like one (a capital, then letters, digits, ``-``,
``/`` or single spaces, at most four words: ``KEYNOTE-006``, ``LUX-Lung 3``, ``CALGB/SWOG 80405``), is
no number, and no DRUG or GENE mention lies in it. Every whole-word occurrence of the name (case as
written) that overlaps no other mention becomes a TRIAL mention with the name as its canonical form,
method ``table``; a name the lexicon knows elsewhere in the document keeps that mention's canonical
form and id.
"""
from __future__ import annotations

import re

from .schema import EntityMention
from .space_tables import find_space_tables
from .tables import _TRIAL_HEAD, Table, find_tables

_NAME = re.compile(r"[A-Z][A-Za-z0-9]*(?:(?:[-/]| (?=\S))[A-Za-z0-9]+){0,4}")
_NOT_NAME = re.compile(r"\b(?:phase|trial|study|studies|total|overall|all|none|et al)\b|^[IVX]+$", re.I)
_MIN_LEN = 3
_MAX_WORDS = 4


def _trial_cells(table: Table):
    cols = [c.col for c in table.header.cells if c.text and _TRIAL_HEAD.search(c.text)]
    for row in table.rows:
        for col in cols[:1]:
            yield from row.in_column(col)


def _names(text: str, mentions: list[EntityMention]) -> set[str]:
    names = set()
    for table in find_tables(text) + find_space_tables(text):
        for cell in _trial_cells(table):
            name = re.sub(r"\s*[(\[][^()\[\]]*[)\]]|[*\u2020\u2021]+$", "", cell.text).strip()
            if (len(name) < _MIN_LEN or len(name.split()) > _MAX_WORDS or not _NAME.fullmatch(name)
                    or _NOT_NAME.search(name) or not re.search(r"[A-Z].*[A-Z0-9]|\d", name)):
                continue
            if any(m.start < cell.end and cell.start < m.end for m in mentions):
                continue  # a drug or gene, or a trial the lexicon already knows
            names.add(name)
    return names


def table_trial_mentions(text: str, mentions: list[EntityMention]) -> list[EntityMention]:
    """TRIAL mentions of the names in the document's table trial columns (see the module docstring)."""
    names = _names(text, mentions)
    known = {m.text: (m.canonical, m.id) for m in mentions if m.label == "TRIAL"}
    out: list[EntityMention] = []
    taken = [(m.start, m.end) for m in mentions]
    for name in sorted(names, key=len, reverse=True):
        canonical, tid = known.get(name, (name, ""))
        for m in re.finditer(r"(?<![A-Za-z0-9/-])" + re.escape(name) + r"(?![A-Za-z0-9/]|-\w)", text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            out.append(EntityMention(m.start(), m.end(), "TRIAL", m.group(0), canonical, tid, "table"))
            taken.append(m.span())
    return out
