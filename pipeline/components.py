"""litx's spaCy components: Doc in, Doc out, thin glue around the pure functions.

Registered with ``@Language.factory`` so ``nlp.add_pipe("litx_outcomes")`` works once this module is
imported (``pipeline.nlp.build_nlp`` does that).
"""
from __future__ import annotations

from pathlib import Path

import numpy
from spacy.attrs import IDX, LENGTH, ORTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import filter_spans

from . import _extensions
from ._extensions import text_of
from .linking import (DocContext, arm_labels, background_spans, endpoint_abbreviations, find_main_trial, footnote_definitions, is_protocol,
                      link_document, randomized_title, title_arms)
from .finish import EvidenceSettings, finish_outcomes
from .rules import load_endpoint_rules
from .sentences import paragraph_spans, sentence_spans

_extensions.register()


@Language.factory("litx_sentences", requires=[], assigns=["token.is_sent_start"])
def make_sentences(nlp: Language, name: str):
    return SentenceSplitter()


class SentenceSplitter:
    """Sentence starts from :func:`pipeline.sentences.sentence_spans` (``vs.``, ``et al.``, decimals
    and open brackets do not end a sentence; a line end always does)."""

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        starts = {s for s, _ in sentence_spans(text_of(doc))}
        # one array write: setting token.is_sent_start one by one is quadratic in spaCy
        flags = numpy.full((len(doc), 1), -1, dtype="int32")
        for i, idx in enumerate(doc.to_array([IDX])):
            if idx in starts:
                flags[i, 0] = 1
        flags[0, 0] = 1
        doc.from_array([SENT_START], flags.astype("uint64"))  # -1 wraps, as spaCy itself stores it
        return doc


def sentence_offsets(doc: Doc, text: str | None = None) -> list[tuple[int, int]]:
    """``(start_char, end_char)`` of each sentence, from the SENT_START array (iterating ``doc.sents``
    builds a Token object per token and took a third of litx's run time)."""
    text = text_of(doc) if text is None else text
    if not len(doc):
        return []
    arr = doc.to_array([SENT_START, IDX]).astype("int64")
    if not (arr[1:, 0] != 0).any():  # no sentence annotation
        return sentence_spans(text)
    starts = [int(i) for i in numpy.flatnonzero(arr[:, 0] == 1)]
    if not starts or starts[0] != 0:
        starts = [0] + starts
    out = []
    for k, i in enumerate(starts):
        j = starts[k + 1] if k + 1 < len(starts) else len(doc)
        s = int(arr[i, 1])
        last = doc[j - 1]
        e = last.idx + len(last.text)
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


@Language.factory("litx_abbreviations", requires=[], assigns=["doc._.abbreviation_pairs", "doc._.endpoint_abbreviations"])
def make_abbreviations(nlp: Language, name: str):
    return AbbreviationPairs()


class AbbreviationPairs:
    """The (short, long) definitions a document makes: ``progression-free survival (PFS)``,
    ``time to strategy failure (TSF)``, and the endpoint codes among them.

    scispaCy's Schwartz & Hearst implementation decides each candidate (``filter_matches`` and
    ``find_abbreviation`` from ``scispacy.abbreviation``); the candidates, every parenthesis of one to
    eight tokens, are found in one linear scan instead of scispaCy's ``Matcher`` with an open ``+``
    operator and its per-document global matcher, which together took two thirds of litx's run time.
    The first definition of a short form wins, as in scispaCy.
    """

    def __call__(self, doc: Doc) -> Doc:
        from scispacy.abbreviation import filter_matches, find_abbreviation

        # one pass over the ORTH and SENT_START arrays (no Token objects): parentheses of one to eight
        # tokens, not crossing a sentence start
        arr = doc.to_array([ORTH, SENT_START, LENGTH, IDX])
        orth, sent, length, idx = arr[:, 0], arr[:, 1].astype("int64"), arr[:, 2], arr[:, 3]
        text = text_of(doc)

        def short_form_may_pass(first: int, last: int) -> bool:
            # scispaCy's short_form_filter, its cheap half, on the arrays: every word 2-9 characters
            # long, the first an alphabetic character (filter_matches then checks it all again)
            return all(2 <= length[k] < 10 for k in range(first, last)) and text[idx[first]].isalpha()

        open_id, close_id = doc.vocab.strings["("], doc.vocab.strings[")"]
        matches = []
        opens: list[int] = []
        for i in numpy.flatnonzero((orth == open_id) | (orth == close_id) | (sent == 1)):
            i = int(i)
            if orth[i] == open_id:
                if sent[i] == 1:
                    opens.clear()
                opens.append(i)
            elif orth[i] == close_id and opens:
                start = opens.pop()
                s0, e0 = start + 1, i  # the parenthesis' contents
                if 1 <= e0 - s0 <= 8 and s0 != 1 and (
                        short_form_may_pass(s0 - 2, s0 - 1) if e0 - s0 > 3 else short_form_may_pass(s0, e0)):
                    matches.append((0, s0, e0))
            elif sent[i] == 1:
                opens.clear()
        pairs, seen = [], set()
        for long_cand, short_cand in filter_matches(matches, doc):
            short, long = find_abbreviation(long_cand, short_cand)
            if long is None or short.text in seen:
                continue
            seen.add(short.text)
            pairs.append((short.text, long.text))
        # abbreviation lists in footnotes ("BEV = bevacizumab; Plb = placebo") add what is still undefined
        for short, long in footnote_definitions(text):
            if short not in seen:
                seen.add(short)
                pairs.append((short, long))
        doc._.abbreviation_pairs = pairs
        doc._.endpoint_abbreviations = endpoint_abbreviations(pairs, load_endpoint_rules())
        return doc


@Language.factory("litx_entities", requires=[], assigns=["doc.ents", "doc.spans", "doc._.entity_mentions"],
                  default_config={"cache_dir": None})
def make_entities(nlp: Language, name: str, cache_dir: str | None):
    return EntityRecognizer(cache_dir)


class EntityRecognizer:
    """DRUG, GENE and TRIAL mentions from :func:`pipeline.entities.find_entities`.

    All mentions (overlaps included: ``CDK4/6`` is CDK4 and CDK6) go to ``doc._.entity_mentions`` and
    the span group ``doc.spans["litx_entities"]``; ``doc.ents`` holds a non-overlapping subset for
    displaCy.
    """

    def __init__(self, cache_dir: str | None = None):
        from .entities import load_lexicon

        self.lexicon = load_lexicon(Path(cache_dir) if cache_dir else None)

    def __call__(self, doc: Doc) -> Doc:
        from .entities import find_entities
        from .table_trials import table_trial_mentions

        text = text_of(doc)
        mentions = find_entities(text, self.lexicon)
        extra = table_trial_mentions(text, mentions)  # trial names a table's trial column teaches
        if extra:
            mentions = sorted(mentions + extra, key=lambda m: (m.start, m.end))
        doc._.entity_mentions = mentions
        spans = []
        for m in mentions:
            span = doc.char_span(m.start, m.end, label=m.label, alignment_mode="expand")
            if span is None:
                continue
            span._.canonical = m.canonical
            span._.entity_id = m.id
            span._.method = m.method
            spans.append(span)
        doc.spans["litx_entities"] = spans
        doc.ents = filter_spans(spans)
        return doc


@Language.factory("litx_outcomes", requires=["doc._.entity_mentions"], assigns=["doc._.outcomes", "doc._.main_trial"])
def make_outcomes(nlp: Language, name: str):
    return OutcomeExtractor()


class OutcomeExtractor:
    """Numeric outcomes of the prose (medians, hazard ratios, rates), linked to trial, endpoint, arm
    and population by :func:`pipeline.linking.link_document`."""

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        mentions = doc._.entity_mentions or []
        trial, nct = find_main_trial(text, mentions)
        doc._.main_trial, doc._.main_nct = trial, nct
        ctx = DocContext(
            doc_id=doc._.doc_id, text=text, entities=list(mentions),
            page_starts=doc._.page_starts or [], source="text",
            extra_endpoints=doc._.endpoint_abbreviations or {}, main_trial=trial, main_nct=nct,
            title_arms=title_arms(text), arm_labels=arm_labels(doc._.abbreviation_pairs or [], list(mentions)),
            abbreviations=list(doc._.abbreviation_pairs or []), randomized_title=randomized_title(text),
            protocol=is_protocol(text), background=background_spans(text),
        )
        doc._.outcomes = link_document(ctx, sentence_offsets(doc, text), paragraph_spans(text))
        return doc


@Language.factory("litx_checks", requires=["doc._.outcomes"], assigns=["doc._.outcomes"],
                  default_config={"evidence_window": 600})
def make_checks(nlp: Language, name: str, evidence_window: int):
    return OutcomeChecks(EvidenceSettings(window=evidence_window))


class OutcomeChecks:
    """The one checks stage: sees every row of every reader (:func:`pipeline.finish.finish_outcomes`)."""

    def __init__(self, settings: EvidenceSettings = EvidenceSettings()):
        self.settings = settings

    def __call__(self, doc: Doc) -> Doc:
        doc._.outcomes = finish_outcomes(list(doc._.outcomes or []), text_of(doc), self.settings, doc._.table_spans)
        doc.spans["litx_outcomes"] = outcome_spans(doc, doc._.outcomes)
        return doc


def outcome_spans(doc: Doc, outcomes) -> list:
    """Each outcome as a Span over its value's evidence span (label: its measure), ``span._.outcome`` the row."""
    spans = []
    for o in outcomes:
        span = doc.char_span(o.start, o.end, label=o.measure.upper(), alignment_mode="expand")
        if span is not None:
            span._.outcome = o
            spans.append(span)
    return spans
