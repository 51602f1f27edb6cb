"""Throughput of two litx checkouts over the same texts, measured in one run (alternating, so machine
noise falls on both alike): "throughput must not fall" is checked as a ratio.

    python scripts/bench_versions.py OTHER_CHECKOUT [TEXTS_DIR] [--rounds N]

Each round runs, in a fresh process per checkout, one warm-up pass and one timed pass of the pipeline
over every text in TEXTS_DIR (default ../shared/ei-oncology/texts), and prints words/s; the summary is
the median of the rounds and the ratio this checkout / OTHER_CHECKOUT.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

RUN = """
import sys, time
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from pipeline.nlp import build_nlp
from pipeline.ingest import discover, load
try:
    from pipeline.batch import process_document
except ImportError:  # a checkout from before the module was renamed
    from pipeline.extract import process_document
nlp = build_nlp()
docs = [load(p) for p in discover([Path(sys.argv[2])])]
words = sum(len(d.text.split()) for d in docs)
for d in docs[:20]:
    process_document(nlp, d)
t = time.perf_counter()
for d in docs:
    process_document(nlp, d)
print(words / (time.perf_counter() - t))
"""


def words_per_second(checkout: Path, texts: Path) -> float:
    """Words/s of one checkout, run by its own ``.venv`` when it has one (spaCy loads every installed
    entry point, so a checkout with other components needs its own install), else by this Python."""
    python = checkout / ".venv" / "bin" / "python"
    out = subprocess.run([str(python) if python.exists() else sys.executable, "-c", RUN, str(checkout), str(texts)],
                         capture_output=True, text=True, cwd=checkout, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("other", type=Path)
    ap.add_argument("texts", type=Path, nargs="?", default=ROOT.parent / "shared" / "ei-oncology" / "texts")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    here, there = [], []
    for r in range(args.rounds):
        here.append(words_per_second(ROOT, args.texts))
        there.append(words_per_second(args.other.resolve(), args.texts))
        print(f"round {r + 1}: this {here[-1]:,.0f} words/s, other {there[-1]:,.0f} words/s", flush=True)
    h, t = statistics.median(here), statistics.median(there)
    print(f"median: this {h:,.0f} words/s, other {t:,.0f} words/s, ratio {h / t:.2f}")


if __name__ == "__main__":
    main()
