"""Building the litx pipeline: ``spacy.blank("en")`` (or a trained model the user names) plus our
components. Nothing is downloaded."""
from __future__ import annotations

import spacy
from spacy.language import Language

from . import components  # noqa: F401  (registers the factories)
from . import tokenizer  # noqa: F401  (registers the tokenizer litx.FastTokenizer.v1)
from . import table_component  # noqa: F401  (registers the table factories)

DEFAULT_MODEL = "blank:en"


class ModelError(ValueError):
    """The named spaCy model cannot be loaded."""


def build_nlp(model: str = DEFAULT_MODEL, cache_dir: str | None = None, normalize: bool = False) -> Language:
    """The extraction pipeline. ``model`` is ``blank:en`` or an installed spaCy package name."""
    if model.startswith("blank:"):
        tokenizer = {"@tokenizers": "litx.FastTokenizer.v1", "normalize": normalize}
        nlp = spacy.blank(model.split(":", 1)[1], config={"nlp": {"tokenizer": tokenizer}})
    else:
        try:
            nlp = spacy.load(model, exclude=["ner"])
        except OSError as exc:
            raise ModelError(f"spaCy model {model!r} is not installed (litx never downloads models); use blank:en") from exc
    nlp.max_length = 20_000_000
    nlp.meta["litx_model"] = model  # what a Dask worker builds the same pipeline from (pipeline.engines)
    if "parser" in nlp.pipe_names or "senter" in nlp.pipe_names:
        pass  # a trained model's sentences are kept
    else:
        nlp.add_pipe("litx_sentences", first=True)
    nlp.add_pipe("litx_abbreviations")
    nlp.add_pipe("litx_entities", config={"cache_dir": cache_dir})
    nlp.add_pipe("litx_outcomes")
    nlp.add_pipe("litx_tables")
    nlp.add_pipe("litx_flat_tables")
    nlp.add_pipe("litx_inline_tables")
    nlp.add_pipe("litx_glued_tables")
    nlp.add_pipe("litx_space_tables")
    nlp.add_pipe("litx_checks")
    return nlp
