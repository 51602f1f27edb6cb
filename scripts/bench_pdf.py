"""Throughput and peak memory of litx's two PDF paths over the fixture PDFs.

    python scripts/bench_pdf.py [PDF_DIR] [--repeat N]

* ``pdfium text``: pypdfium2's own text extraction, ``get_text_range`` of every page: the reference of
  the text layer;
* ``text layer``: pypdfium2 text runs -> lines, paragraphs, reading order (``read_pdf(tables=False)``);
* ``tables``: pdfplumber's ``find_tables()`` on every page (the reference the ruled-table finder mirrors);
* ``rulings``: the ruled-table finder on pdfium's path objects (:mod:`pipeline.pdf_rulings`) on every page;
* ``litx read``: what ``litx extract`` does, the ruled-table finder only on pages with ruling lines;
* ``extract txt`` / ``extract pdf``: load and extract (``process_document``, blank:en) the documents
  as their corpus text files and as the rendered PDFs, in one process, one after the other.

Then the ratios: the text layer's pages/s against pypdfium2's (the target: the text layer at 200
pages/s, where pypdfium2 reads some 550), and the seconds of extracting the PDFs against extracting the
same documents as text (the target: at most 1.5x).

Without PDF_DIR the rendered corpus documents of ``tests/fixtures/make_pdfs.py`` are built into a
temporary directory. Each path runs in a fresh process, so that peak memory is its own: ``peak RSS`` is
the process's maximum resident size above what it held after the imports, ``py peak`` the largest
Python allocation (tracemalloc; pdfium's C heap is outside it).
"""
from __future__ import annotations

import argparse
import multiprocessing as mp
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _run(path_name: str, files: list[str], repeat: int, queue) -> None:
    import io

    import pdfplumber  # noqa: F401  (imports before the baseline)
    import pypdfium2  # noqa: F401

    from pipeline.pdf import plumber_table_cells, read_pdf
    from pipeline.pdf_rulings import find_tables, page_edges

    datas = [Path(f).read_bytes() for f in files]
    if path_name == "extract":
        queue.put(_extract(files, repeat))
        return

    def one_pass() -> int:
        pages = 0
        for data in datas:
            if path_name == "pdfium text":
                pages += _pdfium_text(pypdfium2, data)
            elif path_name == "text layer":
                pages += len(read_pdf(data, max_pages=10_000, tables=False)[1])
            elif path_name == "litx read":
                pages += len(read_pdf(data, max_pages=10_000, tables=True)[1])
            elif path_name == "rulings":
                pages += _rulings(pypdfium2, data, find_tables, page_edges)
            else:
                with pdfplumber.open(io.BytesIO(data)) as doc:
                    for page in doc.pages:
                        plumber_table_cells(page)
                        page.flush_cache()
                        pages += 1
        return pages

    base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    pages = sum(one_pass() for _ in range(repeat))
    secs = time.perf_counter() - t0
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()  # a pass of its own: tracing slows Python down several times
    one_pass()
    _, py_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    queue.put((path_name, pages, secs, (peak_rss - base_rss) / 1024, py_peak / 2**20))


def _pdfium_text(pypdfium2, data: bytes) -> int:
    pdf = pypdfium2.PdfDocument(data)
    for i in range(len(pdf)):
        page = pdf[i]
        tp = page.get_textpage()
        tp.get_text_range(0, tp.count_chars())
        tp.close()
        page.close()
    n = len(pdf)
    pdf.close()
    return n


def _rulings(pypdfium2, data: bytes, find_tables, page_edges) -> int:
    pdf = pypdfium2.PdfDocument(data)
    for i in range(len(pdf)):
        page = pdf[i]
        find_tables(page_edges(page, page.get_size()[1]))
        page.close()
    n = len(pdf)
    pdf.close()
    return n


def _extract(files: list[str], repeat: int) -> dict[str, tuple[int, float]]:
    """Seconds to load and extract the documents as text, then as PDF (the nlp built before either)."""
    from pipeline.batch import process_document
    from pipeline.ingest import load
    from pipeline.nlp import build_nlp

    nlp = build_nlp()
    texts = [ROOT / "corpus" / f"{Path(f).stem}.txt" for f in files]
    out = {}
    for name, paths in (("extract txt", texts), ("extract pdf", [Path(f) for f in files])):
        process_document(nlp, load(paths[0]))  # warm: the first call builds what is cached
        t0 = time.perf_counter()
        for _ in range(repeat):
            for p in paths:
                process_document(nlp, load(p))
        out[name] = (len(paths) * repeat, time.perf_counter() - t0)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pdf_dir", nargs="?", type=Path, help="a folder of PDFs (default: build the fixtures)")
    ap.add_argument("--repeat", type=int, default=3, help="passes over the PDFs (default 3)")
    args = ap.parse_args(argv)
    tmp = None
    if args.pdf_dir is None:
        sys.path.insert(0, str(ROOT / "tests" / "fixtures"))
        import make_pdfs

        tmp = tempfile.TemporaryDirectory()
        files = [str(make_pdfs.render_corpus_document(n, Path(tmp.name))[0]) for n in make_pdfs.DOCUMENTS]
    else:
        files = sorted(str(p) for p in args.pdf_dir.glob("*.pdf"))
    if not files:
        print("no PDF found", file=sys.stderr)
        return 2
    ctx = mp.get_context("spawn")
    print(f"{len(files)} PDFs x {args.repeat} passes")
    print(f"{'path':<12}{'pages':>7}{'seconds':>9}{'pages/s':>9}{'peak RSS MB':>13}{'py peak MB':>12}")
    rates = {}
    for name in ("pdfium text", "text layer", "tables", "rulings", "litx read"):
        q = ctx.Queue()
        p = ctx.Process(target=_run, args=(name, files, args.repeat, q))
        p.start()
        path_name, pages, secs, rss, py = q.get()
        p.join()
        rates[name] = pages / secs
        print(f"{path_name:<12}{pages:>7}{secs:>9.2f}{pages / secs:>9.1f}{rss:>13.1f}{py:>12.1f}")
    print(f"text layer / pdfium text: {rates['text layer'] / rates['pdfium text']:.2f} "
          f"(target 200 / 550 = {200 / 550:.2f})")
    if all((ROOT / "corpus" / f"{Path(f).stem}.txt").exists() for f in files):
        q = ctx.Queue()
        p = ctx.Process(target=_run, args=("extract", files, args.repeat, q))
        p.start()
        ext = q.get()
        p.join()
        for name, (docs, secs) in ext.items():
            print(f"{name:<12}{docs:>5} docs {secs:>8.2f} s")
        print(f"extract pdf / extract txt: {ext['extract pdf'][1] / ext['extract txt'][1]:.2f} x the seconds (target <= 1.5)")
    if tmp is not None:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
