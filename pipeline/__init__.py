"""litx: oncology literature to curated evidence tables.

``pipeline.load()`` gives the spaCy pipeline and ``pipeline.extract(paths)`` the tables as DataFrames
(:mod:`pipeline.api`); both are imported when first used, so ``import pipeline`` stays cheap.
"""
__version__ = "0.1.0"


def __getattr__(name):
    if name in ("load", "extract", "Result"):
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
