"""Functions stay small (DEVELOPERS style rule 2): at most 60 lines and cyclomatic complexity 25, measured
with radon. The functions that were already larger are listed in ``complexity_baseline.csv`` with their
size then; they may only shrink (a ratchet): a listed function that grows fails, and so does a listed
function that now complies (take it off the list), and so does any other function over the limits."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

radon = pytest.importorskip("radon.complexity")

PIPELINE = Path(__file__).resolve().parents[1] / "pipeline"
BASELINE = Path(__file__).with_name("complexity_baseline.csv")
MAX_LINES, MAX_CC = 60, 25


def _functions():
    seen = set()
    for module, name, cc, lines in _all_functions():
        if (module, name) not in seen:
            seen.add((module, name))
            yield module, name, cc, lines


def _all_functions():
    for path in sorted(PIPELINE.rglob("*.py")):
        for block in radon.cc_visit(path.read_text(encoding="utf-8")):
            items = [block] + list(getattr(block, "methods", []) or []) + list(getattr(block, "closures", []) or [])
            for f in items:
                if getattr(f, "is_method", False) or type(f).__name__ == "Function":
                    yield path.relative_to(PIPELINE).as_posix(), f.fullname if hasattr(f, "fullname") else f.name, f.complexity, f.endline - f.lineno + 1


def _baseline():
    with open(BASELINE, newline="", encoding="utf-8") as fh:
        return {(r["module"], r["function"]): (int(r["complexity"]), int(r["lines"])) for r in csv.DictReader(fh)}


def test_functions_stay_within_the_limits_or_shrink():
    base = _baseline()
    problems = []
    seen = set()
    for module, name, cc, lines in _functions():
        key = (module, name)
        seen.add(key)
        over = cc > MAX_CC or lines > MAX_LINES
        if key in base:
            bcc, blines = base[key]
            if cc > bcc or lines > blines:
                problems.append(f"{module}:{name} grew to complexity {cc}, {lines} lines (listed at {bcc}, {blines})")
            elif not over:
                problems.append(f"{module}:{name} now complies: take it off {BASELINE.name}")
        elif over:
            problems.append(f"{module}:{name} has complexity {cc} and {lines} lines (limits {MAX_CC}, {MAX_LINES})")
    problems += [f"{m}:{n} is listed but no longer exists" for m, n in base if (m, n) not in seen]
    assert not problems, "\n".join(problems)
