"""Every custom ``._`` attribute litx sets, declared in one place (the medspaCy way).

Call :func:`register` before building a pipeline; it is idempotent.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span

DOC_EXTENSIONS = {
    "doc_id": "",  # the input file's name without extension
    "source": "text",  # "text" or "pdf"
    "page_starts": None,  # offsets where each page starts (PDF), None for text
    "entity_mentions": None,  # list[EntityMention], overlapping allowed (CDK4/6 -> CDK4, CDK6)
    "abbreviation_pairs": None,  # list[(short, long)] the document defines
    "endpoint_abbreviations": None,  # dict short form -> endpoint code
    "main_trial": "",  # the document's own trial, if it is a trial report
    "main_nct": "",
    "outcomes": None,  # list[Outcome]
    "table_spans": None,  # list[(start, end, layout)] of the tables the table stages read rows from
}
SPAN_EXTENSIONS = {
    "outcome": None,  # the Outcome record of a span in doc.spans["litx_outcomes"]
    "canonical": "",  # normalized name of an entity span
    "entity_id": "",  # HGNC id, DrugBank id, NCT id
    "method": "",  # how the entity was found
}


def register() -> None:
    from . import serialize  # noqa: F401  (litx's records in spaCy's serialization)

    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    for name, default in SPAN_EXTENSIONS.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)


_TEXT_KEY = "litx_text"


def text_of(doc: Doc) -> str:
    """``doc.text``, read once per document: spaCy's property joins every token each time it is read
    (it was half of litx's run time). The tokenizer stores the text it was given; otherwise the first
    read is cached."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


def remember_text(doc: Doc, text: str) -> Doc:
    doc.user_data[_TEXT_KEY] = text
    return doc
