"""Speed and memory of litx on this machine (figures go in the README; no timed tests).

    python scripts/benchmark.py [CORPUS_DIR] [--repeat N]

Reports, each beside its reference measured in the same run (issue "Speed"):

* cold start: a fresh process until the first document's outcomes exist (lexicon cache warm), against a
  bare ``import spacy; spacy.blank("en")`` process (target <= 1.5x);
* text throughput once started (words/s over the corpus), against ``spacy.blank("en").pipe`` over the same
  texts (target >= 0.75x);
* a batch from files with ``litx extract`` (reading, extracting, writing the output set) at ``--jobs 1`` and
  ``--jobs 2`` (target >= 1.8x);
* time per pipeline component, and peak memory (max RSS).

Timings on a shared 2-core machine are noisy: compare ratios within one run.
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


BARE = """
import spacy
nlp = spacy.blank("en")
nlp("A bare spaCy start.")
"""


def cold_start(first_doc: Path, repeat: int, code: str = COLD) -> list[float]:
    """Wall times of ``repeat`` fresh processes running ``code`` (litx's first document, or a bare spaCy)."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", code, str(first_doc)], capture_output=True, text=True, cwd=ROOT, check=True)
        times.append(time.perf_counter() - t)
    return times


def spacy_reference(texts: list[str], repeat: int) -> float:
    """Best seconds of ``spacy.blank("en").pipe`` over the texts: the reference for text throughput."""
    import spacy

    nlp = spacy.blank("en")
    best = None
    for _ in range(repeat):
        t = time.perf_counter()
        for _doc in nlp.pipe(texts):
            pass
        elapsed = time.perf_counter() - t
        best = elapsed if best is None else min(best, elapsed)
    return best


def batch_from_files(corpus: Path, repeat: int) -> dict[int, float]:
    """Best seconds of ``extract`` (the ``litx extract`` library call, outputs written) at --jobs 1 and 2."""
    import tempfile

    from pipeline.batch import extract

    out = {}
    for jobs in (1, 2):
        times = []
        for _ in range(repeat):
            with tempfile.TemporaryDirectory() as tmp:
                t = time.perf_counter()
                res = extract([corpus], Path(tmp) / "out", jobs=jobs, force=True)
                times.append(time.perf_counter() - t)
                assert not res.errors, res.errors[:1]
        out[jobs] = min(times)
    return out


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
    return {"docs": len(docs), "words": words, "seconds": best, "outcomes": n_out, "components": per_component,
            "spacy": spacy_reference([d.text for d in docs], repeat), "batch": batch_from_files(corpus, repeat)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", nargs="?", default=str(ROOT / "corpus"))
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    corpus = Path(args.corpus)
    first = sorted(p for p in corpus.rglob("*.txt"))[0]
    cold_start(first, 1)  # warms the lexicon cache
    cold = cold_start(first, args.repeat)
    bare = cold_start(first, args.repeat, BARE)
    tp = throughput(corpus, args.repeat)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"corpus: {tp['docs']} documents, {tp['words']:,} words")
    med, bare_med = sorted(cold)[len(cold) // 2], sorted(bare)[len(bare) // 2]
    print(f"cold start (new process to first document out, warm cache): median {med:.2f} s "
          f"(runs: {', '.join(f'{c:.2f}' for c in cold)}); bare spacy.blank('en') {bare_med:.2f} s: ratio {med / bare_med:.2f}x "
          f"(target <= 1.5x)")
    wps, ref = tp["words"] / tp["seconds"], tp["words"] / tp["spacy"]
    print(f"throughput once started: {wps:,.0f} words/s, {tp['docs'] / tp['seconds']:.1f} documents/s "
          f"({tp['seconds']:.2f} s best of {args.repeat}); spacy.blank('en').pipe {ref:,.0f} words/s: ratio {wps / ref:.2f}x "
          f"(target >= 0.75x)")
    for jobs, secs in tp["batch"].items():
        print(f"batch from files (litx extract, outputs written), --jobs {jobs}: {tp['words'] / secs:,.0f} words/s "
              f"({secs:.2f} s best of {args.repeat})")
    print(f"--jobs 2 / --jobs 1: {tp['batch'][1] / tp['batch'][2]:.2f}x (target >= 1.8x)")
    total = sum(tp["components"].values())
    print("time per component: " + ", ".join(f"{k} {v / total:.0%}" for k, v in tp["components"].items()))
    print(f"peak memory: {rss_mb:,.0f} MB (this process), {child_mb:,.0f} MB (cold-start process)")


if __name__ == "__main__":
    main()
