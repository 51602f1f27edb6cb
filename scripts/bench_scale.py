"""Batch at scale: documents/s and peak memory of ``litx extract`` on many documents, by engine.

    python scripts/bench_scale.py [--docs 10000] [--source DIR] [--no-dask] [--memory-only]

The batch is ``--docs`` documents made of copies (hard links) of ``--source`` (default: the 323
ei-oncology reports). Each run is ``litx extract`` in a fresh process (``--force``, so nothing is
reused), and reports documents/s and peak resident memory: of the process that runs the batch and of
its largest worker process. Printed:

* memory at 1x and 4x a batch (the source once and four times, one process): streaming keeps the ratio
  near 1 (target <= 1.25);
* the local engine at ``--jobs 1`` and ``--jobs 2`` and Dask with two workers over ``--docs`` documents,
  with the outputs checked byte-identical between them (all but documents.csv's ``seconds``);
* the rerun into the same ``--out``: every document reused.

Timings on a shared 2-core machine are noisy: compare ratios within one run.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = ROOT.parent / "shared" / "ei-oncology" / "texts"
SETS = ("entities.csv", "outcomes.csv", "errors.csv", "evidence.csv", "conflicts.csv")

RUN = """
import json, resource, sys, time
from pathlib import Path
t0 = time.perf_counter()
from pipeline.batch import extract
args = json.loads(sys.argv[1])
res = extract([Path(args["inputs"])], Path(args["out"]), jobs=args["jobs"], engine=args["engine"], force=args["force"])
secs = time.perf_counter() - t0
me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({"docs": len(res.documents), "errors": len(res.errors), "reused": res.reused, "seconds": secs,
                  "rss_mb": me, "worker_rss_mb": kids}))
"""


def make_batch(source: Path, n: int, into: Path) -> Path:
    """``n`` documents: copies (hard links) of the source's files, named apart."""
    files = sorted(source.glob("*.txt"))
    into.mkdir(parents=True)
    for k in range(n):
        f = files[k % len(files)]
        target = into / f"c{k // len(files):03d}_{f.name}"
        try:
            os.link(f, target)
        except OSError:
            target.write_bytes(f.read_bytes())
    return into


def run(inputs: Path, out: Path, jobs: int = 1, engine: str = "local", force: bool = True) -> dict:
    arg = json.dumps({"inputs": str(inputs), "out": str(out), "jobs": jobs, "engine": engine, "force": force})
    t = time.perf_counter()
    p = subprocess.run([sys.executable, "-c", RUN, arg], capture_output=True, text=True, cwd=ROOT)
    if p.returncode not in (0, 1):
        sys.exit(f"litx extract failed ({p.returncode}): {p.stderr.strip().splitlines()[-1:]}")
    stats = json.loads(p.stdout.strip().splitlines()[-1])
    stats["wall"] = time.perf_counter() - t
    return stats


def same_outputs(a: Path, b: Path) -> bool:
    def docs(d: Path):
        import csv

        with open(d / "documents.csv", newline="", encoding="utf-8") as fh:
            return [{k: v for k, v in r.items() if k != "seconds"} for r in csv.DictReader(fh)]
    return all((a / n).read_bytes() == (b / n).read_bytes() for n in SETS) and docs(a) == docs(b)


def line(label: str, s: dict) -> str:
    return (f"{label}: {s['docs']:,} documents in {s['seconds']:.1f} s = {s['docs'] / s['seconds']:.1f} documents/s; "
            f"peak RSS {s['rss_mb']:,.0f} MB (batch process), {s['worker_rss_mb']:,.0f} MB (largest worker)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    ap.add_argument("--no-dask", action="store_true")
    ap.add_argument("--memory-only", action="store_true")
    args = ap.parse_args()
    n_source = len(list(args.source.glob("*.txt")))
    with tempfile.TemporaryDirectory(prefix="litx-scale-") as tmp:
        tmp = Path(tmp)
        one = run(make_batch(args.source, n_source, tmp / "x1"), tmp / "o1")
        four = run(make_batch(args.source, 4 * n_source, tmp / "x4"), tmp / "o4")
        print(line("1x batch, --jobs 1", one))
        print(line("4x batch, --jobs 1", four))
        print(f"memory 4x / 1x: {four['rss_mb'] / one['rss_mb']:.2f} (target <= 1.25); "
              f"time 4x / 1x: {four['seconds'] / one['seconds']:.2f} (4.00 is linear)")
        if args.memory_only:
            return
        batch = make_batch(args.source, args.docs, tmp / "big")
        runs = {"local --jobs 1": ("local", 1), "local --jobs 2": ("local", 2)}
        if not args.no_dask:
            runs["dask, 2 workers"] = ("dask", 2)
        stats = {}
        for label, (engine, jobs) in runs.items():
            stats[label] = run(batch, tmp / label.replace(" ", "_"), jobs=jobs, engine=engine)
            print(line(label, stats[label]))
        base = stats["local --jobs 1"]["seconds"]
        print("speed-up over --jobs 1: " + ", ".join(f"{k} {base / s['seconds']:.2f}x" for k, s in stats.items()))
        outs = [tmp / k.replace(" ", "_") for k in runs]
        print("outputs byte-identical across engines: " + str(all(same_outputs(outs[0], o) for o in outs[1:])))
        again = run(batch, outs[0], force=False)
        print(f"rerun into the same --out: {again['reused']:,} of {again['docs']:,} reused, {again['seconds']:.1f} s")


if __name__ == "__main__":
    main()
