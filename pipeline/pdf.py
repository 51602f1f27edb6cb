"""PDF text layer. pypdfium2 reads the text of each page (fast); pdfplumber is used for tables.

Every failure becomes an :class:`~pipeline.ingest.IngestError` with one line a person can act on.
"""
from __future__ import annotations


def read_pdf_pages(data: bytes, max_pages: int) -> list[str]:
    from .ingest import IngestError

    try:
        import pypdfium2 as pdfium
    except ImportError as exc:  # pragma: no cover - declared dependency
        raise IngestError("PDF support needs pypdfium2 (pip install pypdfium2)") from exc
    if not data.startswith(b"%PDF"):
        raise IngestError("not a PDF file (no %PDF header)")
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        msg = str(exc).lower()
        if "password" in msg:
            raise IngestError("encrypted PDF: a password is required; decrypt it first") from None
        raise IngestError(f"corrupt or truncated PDF ({str(exc).strip().splitlines()[0]})") from None
    try:
        n = len(pdf)
        if n == 0:
            raise IngestError("PDF has zero pages")
        if n > max_pages:
            raise IngestError(f"PDF has {n} pages, over the {max_pages}-page limit (raise it with --max-pages)")
        pages = []
        for i in range(n):
            page = pdf[i]
            try:
                tp = page.get_textpage()
                pages.append(tp.get_text_range())
                tp.close()
            finally:
                page.close()
        return pages
    finally:
        pdf.close()
