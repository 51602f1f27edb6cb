"""A fast rule tokenizer for ``spacy.blank("en")`` pipelines.

litx's components work on character offsets (entities, numbers and sentences are found in the text),
so tokens only need to be a faithful, reversible cut of the text: words, numbers with their decimals
(``3.7``, ``0.94``), and single punctuation marks. One regex pass and ``Doc(words, spaces)`` is several
times faster than spaCy's prefix/suffix/infix tokenizer on this kind of text; ``doc.text`` is always
exactly the input. A trained model named by the user keeps its own tokenizer.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc
from spacy.vocab import Vocab

from spacy.util import registry

from ._extensions import remember_text


@registry.tokenizers("litx.FastTokenizer.v1")
def create_tokenizer(normalize: bool = False):
    """The tokenizer as spaCy's config names it, so ``nlp.to_disk()`` then ``spacy.load()`` rebuilds it."""
    def make(nlp):
        return FastTokenizer(nlp.vocab, normalize=normalize)
    return make

# a number with its decimals; a word (letters and digits: "HER2", "CDK4"); any other single character
_TOKEN = re.compile(r"\d+(?:\.\d+)*|[^\W_]+|\S")
_SPACE = re.compile(r"\s+")
_TOKEN_WS = re.compile(r"(\d+(?:\.\d+)*|[^\W_]+|\S)(\s*)")


class FastTokenizer:
    """``normalize=True`` (the Python API, :func:`pipeline.load`) normalizes the text first, as
    ``litx extract`` does: the Doc holds the normalized text, the one every offset points into."""

    def __init__(self, vocab: Vocab, normalize: bool = False):
        self.vocab = vocab
        self.normalize = normalize

    def __call__(self, text: str) -> Doc:
        if self.normalize:
            from .normalize import normalize_text

            text = normalize_text(text)
        words: list[str] = []
        spaces: list[bool] = []
        pos = 0
        lead = _SPACE.match(text, 0)
        if lead:
            words.append(lead.group(0))
            spaces.append(False)
            pos = lead.end()
        append_w, append_s = words.append, spaces.append
        for tok, ws in _TOKEN_WS.findall(text, pos):  # one pass: each token with the whitespace after it
            append_w(tok)
            if not ws:
                append_s(False)
            elif ws == " ":
                append_s(True)
            elif ws[0] == " ":
                append_s(True)
                append_w(ws[1:])
                append_s(False)
            else:
                append_s(False)
                append_w(ws)
                append_s(False)
        return remember_text(Doc(self.vocab, words=words, spaces=spaces), text)

    def pipe(self, texts, batch_size=1000):
        for t in texts:
            yield self(t)

    # spaCy serializes the tokenizer with the pipeline; this one has no state beyond its code
    def to_bytes(self, **kwargs):
        return b""

    def from_bytes(self, data, **kwargs):
        return self

    def to_disk(self, path, **kwargs):
        pass

    def from_disk(self, path, **kwargs):
        return self
