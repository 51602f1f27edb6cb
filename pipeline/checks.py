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
from dataclasses import dataclass, replace

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


@dataclass(frozen=True)
class CheckSettings:
    """Thresholds of the consistency checks, in one place (as :class:`pipeline.linking.LinkSettings`)."""

    asymmetry: float = 2.5  # one side of a ratio's log CI more than this times the other ...
    asymmetry_gap: float = 0.1  # ... and longer than it by more than this: ci_asymmetric
    p_above: float = 0.06  # a 95% CI that excludes 1 with a p above this: p_ci_conflict
    p_below: float = 0.04  # a 95% CI that clearly includes 1 with a p below this: p_ci_conflict
    includes_low: float = 0.97  # a CI "clearly includes 1" from below this ...
    includes_high: float = 1.03  # ... to above this
    max_ratio: float = 20  # a hazard/odds ratio above this: implausible_hr
    max_median_months: float = 400  # a median above this many months: implausible_median


CHECK_SETTINGS = CheckSettings()


def value_checks(o: Outcome, settings: CheckSettings = CHECK_SETTINGS) -> list[str]:
    """Checks on one row."""
    flags = []
    v, lo, hi = _f(o.value), _f(o.ci_low), _f(o.ci_high)
    if lo is not None and hi is not None:
        flags.extend(_ci_checks(o, v, lo, hi, settings))
    if o.measure in RATIOS and v is not None and v > settings.max_ratio:
        flags.append("implausible_hr")
    if o.measure == "median" and v is not None and v * _MONTHS.get(o.unit, 1.0) > settings.max_median_months:
        flags.append("implausible_median")
    return flags


def _ci_checks(o: Outcome, v: float | None, lo: float, hi: float, settings: CheckSettings) -> list[str]:
    """Checks on a row with a CI: its bounds' order, the value inside it, a ratio's symmetry and p."""
    flags = []
    if lo >= hi:
        flags.append("ci_reversed")
    if v is not None and not (lo <= v <= hi):
        flags.append("inconsistent_ci")
    if o.measure in RATIOS and v and lo and hi and lo > 0 and lo < v < hi and _asymmetric(v, lo, hi, settings):
        flags.append("ci_asymmetric")
    if o.measure in RATIOS and o.ci_level in ("", "0.95") and lo < hi and _p_conflicts(_p(o.p_value), lo, hi, settings):
        flags.append("p_ci_conflict")
    return flags


def _asymmetric(v: float, lo: float, hi: float, settings: CheckSettings) -> bool:
    """A ratio's CI far from log-symmetric around it."""
    d1, d2 = math.log(v) - math.log(lo), math.log(hi) - math.log(v)
    return max(d1, d2) > settings.asymmetry * min(d1, d2) and max(d1, d2) - min(d1, d2) > settings.asymmetry_gap


def _p_conflicts(p: tuple[str, float] | None, lo: float, hi: float, settings: CheckSettings) -> bool:
    """A p-value that contradicts a ratio's 95% CI: the CI excludes 1 but p > 0.05, or the reverse."""
    if not p:
        return False
    op, pv = p
    excludes_one = lo > 1 or hi < 1
    clearly_includes_one = lo < settings.includes_low and hi > settings.includes_high
    if excludes_one and op in ("=", ">", ">=") and pv > settings.p_above:
        return True
    return clearly_includes_one and op in ("=", "<", "<=") and pv < settings.p_below


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
