"""Consistency checks on extracted outcomes. Never silent: each failed check adds a flag that names it.

``inconsistent_ci``     the value lies outside its confidence interval
``ci_reversed``         CI low >= CI high
``ci_asymmetric``       a ratio's CI is far from log-symmetric around it (one side > 2.5x the other)
``p_ci_conflict``       the p-value contradicts the 95% CI (CI excludes 1 but p > 0.05, or the reverse)
``direction_conflict``  the medians of a comparison point one way and its hazard ratio the other
``implausible_hr``      a hazard/odds ratio above 20
``implausible_median``  a median above 400 months
"""
from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import replace

from .schema import Outcome

CHECK_FLAGS = ("inconsistent_ci", "ci_reversed", "ci_asymmetric", "p_ci_conflict", "direction_conflict",
               "implausible_hr", "implausible_median")
RATIOS = ("hr", "or", "rr")
_MONTHS = {"months": 1.0, "weeks": 12 / 52.18, "days": 12 / 365.25, "years": 12.0}


def _f(s: str) -> float | None:
    try:
        return float(s)
    except (TypeError, ValueError):
        return None


def _p(p: str) -> tuple[str, float] | None:
    m = re.fullmatch(r"(<=|>=|<|>)?(\d*\.?\d+)", (p or "").strip())
    return (m.group(1) or "=", float(m.group(2))) if m else None


def value_checks(o: Outcome) -> list[str]:
    """Checks on one row."""
    flags = []
    v, lo, hi = _f(o.value), _f(o.ci_low), _f(o.ci_high)
    if lo is not None and hi is not None:
        if lo >= hi:
            flags.append("ci_reversed")
        if v is not None and not (lo <= v <= hi):
            flags.append("inconsistent_ci")
        if o.measure in RATIOS and v and lo and hi and lo > 0 and lo < v < hi:
            d1, d2 = math.log(v) - math.log(lo), math.log(hi) - math.log(v)
            if max(d1, d2) > 2.5 * min(d1, d2) and max(d1, d2) - min(d1, d2) > 0.1:
                flags.append("ci_asymmetric")
        p = _p(o.p_value)
        if o.measure in RATIOS and p and o.ci_level in ("", "0.95") and lo < hi:
            op, pv = p
            excludes_one = lo > 1 or hi < 1
            clearly_includes_one = lo < 0.97 and hi > 1.03
            if excludes_one and op in ("=", ">", ">=") and pv > 0.06:
                flags.append("p_ci_conflict")
            elif clearly_includes_one and op in ("=", "<", "<=") and pv < 0.04:
                flags.append("p_ci_conflict")
    if o.measure in RATIOS and v is not None and v > 20:
        flags.append("implausible_hr")
    if o.measure == "median" and v is not None and v * _MONTHS.get(o.unit, 1.0) > 400:
        flags.append("implausible_median")
    return flags


def direction_checks(outcomes: list[Outcome]) -> dict[int, str]:
    """Index -> ``direction_conflict`` for the rows of comparisons whose medians and HR disagree: an HR
    clearly below 1 favours the experimental arm, so its median should not be the shorter one."""
    groups: dict[tuple, list[int]] = defaultdict(list)
    for i, o in enumerate(outcomes):
        groups[(o.doc_id, o.trial, o.endpoint, o.population, o.evidence)].append(i)
    out = {}
    for idx in groups.values():
        hrs = [i for i in idx if outcomes[i].measure == "hr" and _f(outcomes[i].value) is not None]
        exp = [i for i in idx if outcomes[i].measure == "median" and outcomes[i].arm_role == "exp" and _f(outcomes[i].value) is not None]
        ctl = [i for i in idx if outcomes[i].measure == "median" and outcomes[i].arm_role == "ctl" and _f(outcomes[i].value) is not None]
        if len(hrs) != 1 or len(exp) != 1 or len(ctl) != 1:
            continue
        hr = _f(outcomes[hrs[0]].value)
        e, c = _f(outcomes[exp[0]].value), _f(outcomes[ctl[0]].value)
        if (hr < 0.8 and e < c) or (hr > 1.25 and e > c):
            for i in (hrs[0], exp[0], ctl[0]):
                out[i] = "direction_conflict"
    return out


def check_outcomes(outcomes: list[Outcome]) -> list[Outcome]:
    """The rows with every failed check added to their flags."""
    direction = direction_checks(outcomes)
    checked = []
    for i, o in enumerate(outcomes):
        flags = [f for f in o.flags.split(";") if f]
        new = value_checks(o) + ([direction[i]] if i in direction else [])
        for f in new:
            if f not in flags:
                flags.append(f)
        checked.append(replace(o, flags=";".join(flags)) if new else o)
    return checked


def count_flags(rows: list[dict]) -> dict[str, int]:
    counts = dict.fromkeys(CHECK_FLAGS, 0)
    for r in rows:
        for f in (r.get("flags") or "").split(";"):
            if f in counts:
                counts[f] += 1
    return counts
