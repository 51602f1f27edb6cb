"""Whether the PDF text layer reads as another commit's did: ``read_pdf`` text and page starts, byte for byte.

    python scripts/compare_pdf_text.py [--rev HEAD] [PDF ...]

Without PDFs the fixtures of ``tests/fixtures/make_pdfs.py`` are rendered (the interleaved two-column
form too) along with a few corpus documents in one and two columns, into a temporary directory. Each
PDF is read with and without tables by ``pipeline/pdf.py`` as it is at ``--rev`` (``git show``, loaded
as a module of the package) and as it is in the working tree; any difference is printed and the exit
status is 1.
"""
from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

EXTRA = {  # corpus documents rendered beyond the fixtures, with the layouts of the fixtures
    "PMC2063048": dict(columns=1),
    "PMC4101294": dict(columns=2, hyphenate=True, justify=True, ligatures=True, extra_citations=True,
                       header="Journal X 2020; 1: 1-9", footer="www.example.org"),
    "PMC5555437": dict(columns=2, hyphenate=True, justify=True, extra_citations=True, interleave=True,
                       header="Journal X 2020; 1: 1-9"),
    "PMC5307758": dict(columns=1, header="A technical guide"),
}


def _module_at(rev: str, tmp: Path):
    source = subprocess.run(["git", "show", f"{rev}:pipeline/pdf.py"], cwd=ROOT, check=True, capture_output=True).stdout
    path = tmp / "pdf_at_rev.py"
    path.write_bytes(source)
    spec = importlib.util.spec_from_file_location("pipeline._pdf_at_rev", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _render(tmp: Path) -> list[Path]:
    sys.path.insert(0, str(ROOT / "tests" / "fixtures"))
    import make_pdfs

    files = [make_pdfs.render_corpus_document(n, tmp)[0] for n in make_pdfs.DOCUMENTS]
    (tmp / "interleaved").mkdir()
    files.append(make_pdfs.render_corpus_document("PMC3488187", tmp / "interleaved", interleave=True)[0])
    for name, opts in EXTRA.items():
        source = make_pdfs.CORPUS / f"{name}.txt"
        if source.exists():
            make_pdfs.render_text(source.read_text(encoding="utf-8"), tmp / f"extra_{name}.pdf", **opts)
            files.append(tmp / f"extra_{name}.pdf")
    return files


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pdfs", nargs="*", type=Path)
    ap.add_argument("--rev", default="HEAD", help="the commit to compare with (default HEAD)")
    args = ap.parse_args(argv)
    from pipeline import pdf as new

    with tempfile.TemporaryDirectory() as tmp:
        old = _module_at(args.rev, Path(tmp))
        files = args.pdfs or _render(Path(tmp))
        bad = 0
        for path in files:
            data = path.read_bytes()
            for tables in (True, False):
                same = old.read_pdf(data, 10_000, tables) == new.read_pdf(data, 10_000, tables)
                bad += not same
                print(f"{'same' if same else 'DIFFERENT':<10} tables={tables!s:<6} {path.name}")
    print(f"{len(files)} PDFs, {bad} differences")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
