"""litx: oncology literature to curated evidence tables."""
__version__ = "0.1.0"
