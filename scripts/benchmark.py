"""Speed and memory of litx on this machine (figures go in the README; no timed tests).

    python scripts/benchmark.py [CORPUS_DIR] [--repeat N]

Reports: cold start (a fresh process until the first document's outcomes exist, lexicon cache warm),
throughput over the corpus once started (words/s, documents/s), time per pipeline component, and peak
memory (max RSS of the process). Timings on a shared 2-core machine are noisy: compare ratios within
one run.
"""
from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

COLD = """
import time, sys
t0 = time.perf_counter()
from pathlib import Path
from pipeline.nlp import build_nlp
from pipeline.ingest import load
from pipeline.batch import process_document
nlp = build_nlp()
doc = load(Path(sys.argv[1]))
ents, outs = process_document(nlp, doc)
print(f"{time.perf_counter() - t0:.3f}")
"""


def cold_start(first_doc: Path, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", COLD, str(first_doc)], capture_output=True, text=True, cwd=ROOT, check=True)
        wall = time.perf_counter() - t
        times.append(wall)
        _ = float(out.stdout.strip())
    return times


def throughput(corpus: Path, repeat: int) -> dict:
    from pipeline.batch import process_document
    from pipeline.ingest import discover, load
    from pipeline.nlp import build_nlp

    nlp = build_nlp()
    docs = [load(p) for p in discover([corpus])]
    words = sum(len(d.text.split()) for d in docs)
    per_component: dict[str, float] = {name: 0.0 for name, _ in nlp.pipeline}
    per_component["tokenizer"] = 0.0
    best = None
    for _ in range(repeat):
        t = time.perf_counter()
        n_out = 0
        for d in docs:
            _, outs = process_document(nlp, d)
            n_out += len(outs)
        elapsed = time.perf_counter() - t
        best = elapsed if best is None else min(best, elapsed)
    for d in docs:  # one more pass, timed per component
        t = time.perf_counter()
        sdoc = nlp.make_doc(d.text)
        per_component["tokenizer"] += time.perf_counter() - t
        sdoc._.doc_id = d.doc_id
        for name, proc in nlp.pipeline:
            t = time.perf_counter()
            sdoc = proc(sdoc)
            per_component[name] += time.perf_counter() - t
    # end to end from files (reading, normalizing, extracting), one process and two worker processes
    from pipeline.batch import _results

    files = [(p, p.stem) for p in discover([corpus])]
    batch = {}
    for jobs in (1, 2):
        times = []
        for _ in range(repeat):
            t = time.perf_counter()
            for res in _results(nlp, files, {}, jobs):
                assert res.error is None
            times.append(time.perf_counter() - t)
        batch[jobs] = min(times)
    return {"docs": len(docs), "words": words, "seconds": best, "outcomes": n_out, "components": per_component,
            "batch": batch}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", nargs="?", default=str(ROOT / "corpus"))
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    corpus = Path(args.corpus)
    first = sorted(p for p in corpus.rglob("*.txt"))[0]
    cold_start(first, 1)  # warms the lexicon cache
    cold = cold_start(first, args.repeat)
    tp = throughput(corpus, args.repeat)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"corpus: {tp['docs']} documents, {tp['words']:,} words")
    print(f"cold start (new process to first document out, warm cache): median {sorted(cold)[len(cold) // 2]:.2f} s "
          f"(runs: {', '.join(f'{c:.2f}' for c in cold)})")
    print(f"throughput once started: {tp['words'] / tp['seconds']:,.0f} words/s, {tp['docs'] / tp['seconds']:.1f} documents/s "
          f"({tp['seconds']:.2f} s best of {args.repeat})")
    for jobs, secs in tp["batch"].items():
        print(f"batch from files, --jobs {jobs}: {tp['words'] / secs:,.0f} words/s ({secs:.2f} s best of {args.repeat})")
    total = sum(tp["components"].values())
    print("time per component: " + ", ".join(f"{k} {v / total:.0%}" for k, v in tp["components"].items()))
    print(f"peak memory: {rss_mb:,.0f} MB (this process), {child_mb:,.0f} MB (cold-start process)")


if __name__ == "__main__":
    main()
