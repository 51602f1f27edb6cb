"""The ``litx_tables`` spaCy component: outcomes of the document's tab-separated tables (and the
components of the other layouts, :data:`TABLE_LAYOUTS`).

Thin glue around :func:`pipeline.tables.find_tables` and :func:`pipeline.tables.table_outcomes`: it
runs after ``litx_outcomes`` (which skips table rows) and appends the table outcomes, with source
``table``, to ``doc._.outcomes``.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from . import _extensions
from ._extensions import text_of
from .linking import DocContext
from .flat_tables import find_flat_tables, flat_table_outcomes
from .glued_tables import find_glued_tables
from .inline_tables import find_inline_tables, inline_table_outcomes
from .space_tables import find_space_tables
from .tables import find_tables, table_outcomes

_extensions.register()


@Language.factory(
    "litx_tables",
    requires=["doc._.entity_mentions", "doc._.outcomes", "doc._.main_trial"],
    assigns=["doc._.outcomes"],
)
def make_tables(nlp: Language, name: str):
    return TableExtractor()


def _table_context(doc: Doc, text: str) -> DocContext:
    return DocContext(
        doc_id=doc._.doc_id, text=text, entities=list(doc._.entity_mentions or []),
        page_starts=doc._.page_starts or [], source="table",
        extra_endpoints=doc._.endpoint_abbreviations or {},
        main_trial=doc._.main_trial or "", main_nct=doc._.main_nct or "",
        abbreviations=list(doc._.abbreviation_pairs or []),
    )


class TableExtractor:
    """Appends the outcomes of every table ``find`` finds in the text to ``doc._.outcomes``."""

    def __init__(self, find=find_tables, read=table_outcomes, layout: str = "tab"):
        self.find, self.read, self.layout = find, read, layout

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        tables = self.find(text)
        if tables:
            ctx = _table_context(doc, text)
            rows, spans = [], list(doc._.table_spans or [])
            for t in tables:
                got = self.read(t, ctx)
                if got:
                    rows.extend(got)
                    spans.append((t.start, t.end, self.layout))
            doc._.outcomes = list(doc._.outcomes or []) + rows
            doc._.table_spans = spans
        return doc


# the other table layouts of plain-text exports: (name, finder, reader, what it reads)
TABLE_LAYOUTS = (
    ("litx_flat_tables", find_flat_tables, flat_table_outcomes,
     "Tables flattened to one cell per line (PubMed Central text exports)."),
    ("litx_inline_tables", find_inline_tables, inline_table_outcomes,
     "Ratio tables flattened into the running text, cells separated by spaces."),
    ("litx_glued_tables", find_glued_tables, flat_table_outcomes,
     "Tables glued onto one line after their caption, rows separated by runs of spaces."),
    ("litx_space_tables", find_space_tables, table_outcomes,
     "Space-aligned tables (pdftotext -layout): columns separated by runs of spaces, read as tab tables."),
)


def _register(name: str, find, read, doc: str) -> None:
    def make(nlp: Language, name: str):
        return TableExtractor(find, read, name.removeprefix("litx_").removesuffix("_tables"))

    make.__doc__ = doc
    Language.factory(name, requires=["doc._.entity_mentions", "doc._.outcomes", "doc._.main_trial"],
                     assigns=["doc._.outcomes"], func=make)


for _layout in TABLE_LAYOUTS:
    _register(*_layout)


def _factory(name: str):
    return Language.get_factory_meta(name).factory


# module-level names for the layouts' factories (spaCy finds them through the package's entry points)
make_flat_tables, make_inline_tables, make_glued_tables, make_space_tables = (_factory(n) for n, *_ in TABLE_LAYOUTS)
