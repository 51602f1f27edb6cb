"""The Python API: a spaCy pipeline that reads raw text like ``litx extract`` does, and batch extraction
into pandas DataFrames with real dtypes.

    >>> import pipeline
    >>> nlp = pipeline.load()
    >>> doc = nlp("Median OS was 12·5 months vs 9·1 months (HR 0·72, 95% CI 0·60–0·86).")
    >>> [(o.measure, o.value, o.ci_low, o.ci_high) for o in doc._.outcomes if o.measure == "hr"]
    [('hr', '0.72', '0.60', '0.86')]
"""
from __future__ import annotations

import tempfile
from dataclasses import dataclass, fields
from pathlib import Path

from .schema import DOCUMENT_COLUMNS, ENTITY_COLUMNS, ERROR_COLUMNS, OUTCOME_COLUMNS


def load(model: str = "blank:en", cache_dir: str | None = None):
    """The litx pipeline as a spaCy ``Language``. ``nlp(raw_text)`` normalizes the text first (dashes,
    middle-dot decimals, citation markers; see :mod:`pipeline.normalize`), so it returns the same outcomes
    and entities as ``litx extract`` on that text; ``doc.text`` is the normalized text and every offset
    points into it. ``model`` is ``blank:en`` or an installed spaCy package (litx never downloads one)."""
    from .nlp import build_nlp
    from .tokenizer import FastTokenizer

    nlp = build_nlp(model, cache_dir=cache_dir, normalize=True)
    if not isinstance(nlp.tokenizer, FastTokenizer):
        nlp.tokenizer = _Normalizing(nlp.tokenizer)
    return nlp


class _Normalizing:
    """A trained model's own tokenizer, given the normalized text."""

    def __init__(self, inner):
        self.inner = inner

    def __call__(self, text: str):
        from ._extensions import remember_text
        from .normalize import normalize_text

        text = normalize_text(text)
        return remember_text(self.inner(text), text)

    def __getattr__(self, name):
        return getattr(self.inner, name)


@dataclass
class Result:
    """``extract``'s tables, the contract's columns first, with real dtypes: floats for values and bounds
    (``not_reached`` True where the value is NR), nullable integers for offsets and pages."""

    outcomes: object  # pandas.DataFrame
    entities: object
    documents: object
    errors: object
    out_dir: Path
    exit_status: int


def extract(paths, out_dir: str | Path | None = None, **options) -> Result:
    """Extract every document under ``paths`` (files or folders) as ``litx extract`` does — the same
    function, the same CSVs in ``out_dir`` (a temporary folder when None) — and return the tables as
    DataFrames. ``options``: ``jobs``, ``max_bytes``, ``max_pages``, ``nlp``, ``progress``."""
    from .batch import extract as run

    paths = [Path(p) for p in ([paths] if isinstance(paths, (str, Path)) else paths)]
    out = Path(out_dir) if out_dir is not None else Path(tempfile.mkdtemp(prefix="litx-"))
    res = run(paths, out, keep_entities=True, **options)
    return Result(_frame(res.outcomes, OUTCOME_COLUMNS), _frame(res.entities, ENTITY_COLUMNS),
                  _frame(res.documents, DOCUMENT_COLUMNS), _frame(res.errors, ERROR_COLUMNS), out, res.exit_status)


_FLOATS = ("value", "ci_low", "ci_high", "ci_level", "confidence", "seconds")
_INTS = ("start", "end", "page", "pages", "chars")


def _frame(records, columns):
    import pandas as pd

    df = pd.DataFrame([{f.name: getattr(r, f.name) for f in fields(r)} for r in records], columns=list(columns))
    if "value" in df.columns:
        df["not_reached"] = df["value"].isin(["NR"])
    for c in _FLOATS:
        if c in df.columns:
            df[c] = pd.to_numeric(df[c].replace("", None), errors="coerce").astype("float64")
    for c in _INTS:
        if c in df.columns:
            df[c] = pd.to_numeric(df[c].replace("", None), errors="coerce").astype("Int64")
    return df
