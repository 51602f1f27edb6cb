"""Pure functions that read numbers out of (normalized) text.

They know nothing of spaCy, documents or trials: text in, :class:`ValueMention` out, with offsets
into the text they were given. Context (endpoint, arm, trial, population) is added by
:mod:`pipeline.linking`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import patterns as P


@dataclass(frozen=True)
class Interval:
    low: str
    high: str
    level: str  # "0.95" or ""
    start: int  # span of the CI text, separator included
    end: int
    keyword: bool  # "CI" was written (not a bare "(0.5-0.8)")


@dataclass(frozen=True)
class ValueMention:
    """One number and what was written right beside it."""

    measure: str  # "hr", "median", "rate"
    value: str
    unit: str
    value_start: int
    value_end: int
    start: int  # evidence span: value (or trigger) through CI and p-value
    end: int
    ci_low: str = ""
    ci_high: str = ""
    ci_level: str = ""
    p_value: str = ""
    hint: str = ""  # words written with the trigger: "death", "progression or death", "24-month"
    qualifier: str = ""  # "adjusted", "unadjusted", ...
    explicit: bool = True  # introduced by its own trigger ("HR 0.65"), not by a list continuation
    flags: tuple[str, ...] = field(default_factory=tuple)


def clean_number(s: str) -> str:
    """``.001`` -> ``0.001``; ``not reached`` -> ``NR``; ``not estimable`` -> ``NE``; other text unchanged."""
    s = s.strip()
    if re.fullmatch(P.NOT_REACHED, s, re.I):
        low = s.lower()
        return "NE" if low in ("ne", "not estimable") else "NA" if low == "na" else "NR"
    if s.startswith("."):
        return "0" + s
    if s.startswith("-."):
        return "-0" + s[1:]
    return s


def _as_float(s: str) -> float | None:
    try:
        return float(s)
    except ValueError:
        return None


def parse_ci(text: str, pos: int, value: str | None = None) -> Interval | None:
    """The confidence interval written right after ``pos`` (the end of a value), or None.

    A bare interval with no ``CI`` keyword is accepted only when it brackets ``value`` (it could
    otherwise be any range: "aged 18-75"); an interval introduced by ``CI`` is always accepted.
    """
    m = P.CI.match(text, pos)
    if not m:
        return None
    low, high = clean_number(m.group("low")), clean_number(m.group("high"))
    keyword = bool(m.group("level") or m.group("bare_kw"))
    sep = m.group("sep").strip()
    if not keyword and value == "NR":  # "not reached (18.6 months-NE)": any bracketed interval
        if m.group("sep").strip() not in ("(", "["):
            return None
    elif not keyword:
        v, lo, hi = _as_float(value or ""), _as_float(low), _as_float(high)
        if v is None or lo is None:
            return None
        if hi is None:  # "30.1-NR"
            if not (lo <= v):
                return None
        elif not (lo <= v <= hi) or lo == hi:
            return None
        if sep not in ("(", "[", ",", ";"):
            return None
    level = m.group("level")
    level_s = ""
    if level:
        f = float(level) / 100
        level_s = f"{f:.4f}".rstrip("0").rstrip(".")
    start = m.start() + len(m.group("sep")) - len(m.group("sep").lstrip())
    return Interval(low, high, level_s, start, m.end(), keyword)


def parse_p_value(text: str, pos: int, window: int = 70) -> tuple[str, int, int] | None:
    """The p-value in ``text[pos:pos+window]``, if no other number comes first.

    Returns ``(p, start, end)`` with ``p`` as reported (``0.46``, ``<0.001``), or None.
    """
    chunk = text[pos : pos + window]
    m = P.P_VALUE.search(chunk)
    if not m:
        return None
    between = chunk[: m.start()]
    # another value, a new clause or a closed parenthesis group before the p: not this value's p
    if P.NUMBER.search(between) or re.search(r"[.;]\s+[A-Z]|\)\s*\(|\bvs\b|\bversus\b", between):
        return None
    op = m.group("op")
    op = {"=": "", ",": "<", "\u2264": "<=", "\u2265": ">="}.get(op, op)
    p = clean_number(re.sub(r"\s+", "", m.group("p")))
    return op + p, pos + m.start(), pos + m.end()


def _with_ci_and_p(text: str, value: str, vend: int) -> tuple[Interval | None, tuple[str, int, int] | None, int]:
    ci = parse_ci(text, vend, value)
    end = ci.end if ci else vend
    p = parse_p_value(text, end)
    if p:
        end = max(end, p[2])
    return ci, p, end


def _mention(measure, unit, text, vstart, vend, start, ci, p, end, **kw) -> ValueMention:
    flags = []
    if ci:
        v, lo, hi = _as_float(text[vstart:vend]), _as_float(ci.low), _as_float(ci.high)
        if v is not None and lo is not None and hi is not None and (lo > hi or not (lo <= v <= hi)):
            flags.append("inconsistent_ci")
    return ValueMention(
        measure=measure, unit=unit, value=clean_number(text[vstart:vend]), value_start=vstart,
        value_end=vend, start=start, end=end,
        ci_low=ci.low if ci else "", ci_high=ci.high if ci else "", ci_level=ci.level if ci else "",
        p_value=p[0] if p else "", flags=tuple(flags), **kw,
    )


# ---------------------------------------------------------------- hazard ratios


def find_hazard_ratios(text: str) -> list[ValueMention]:
    """Every hazard ratio in ``text``: triggered ones (``HR 0.65 (0.50-0.85)``, ``hazard ratio for
    death, 0.76; 95% CI, 0.63 to 0.93``) and, after a trigger, the bare ``value (low-high)`` estimates
    that continue its list (``... as was progression-free survival (0.66, 0.54-0.80, p<0.0001)``)."""
    found: list[ValueMention] = []
    taken: set[int] = set()
    first_trigger = None
    for trig in P.HR_TRIGGER.finditer(text):
        m = P.HR_TO_VALUE.match(text, trig.end())
        if first_trigger is None:
            first_trigger = trig.start()
        if not m:
            continue
        # a trigger followed by a range of years or a count is not an HR
        vstart, vend = m.span("value")
        value = m.group("value")
        fv = _as_float(value)
        if fv is None or fv <= 0 or fv > 100:
            continue
        ci, p, end = _with_ci_and_p(text, value, vend)
        if "." not in value and not ci:  # "HR 2" without CI: an integer is rarely an HR
            continue
        qual = (trig.group("qual") or "").strip().lower()
        found.append(_mention("hr", "ratio", text, vstart, vend, trig.start(), ci, p, end,
                              hint=(m.group("what") or "").strip(), qualifier=qual))
        taken.add(vstart)
    if first_trigger is None:
        return found
    for m in P.RATIO_WITH_CI.finditer(text, first_trigger):
        vstart, vend = m.span("value")
        if vstart in taken or any(f.start <= vstart < f.end for f in found):
            continue
        ci, p, end = _with_ci_and_p(text, m.group("value"), vend)
        if not ci:
            continue
        found.append(_mention("hr", "ratio", text, vstart, vend, vstart, ci, p, end, explicit=False))
    found.sort(key=lambda f: f.value_start)
    return found


def parse_hazard_ratio(text: str) -> ValueMention | None:
    """The first hazard ratio in ``text`` (see :func:`find_hazard_ratios`), or None."""
    hrs = find_hazard_ratios(text)
    return hrs[0] if hrs else None


def find_ratio_estimates(text: str) -> list[ValueMention]:
    """Bare ``value (low-high)`` estimates with no unit and no trigger, for sentences whose context
    (the previous sentence) makes them hazard ratios."""
    out = []
    for m in P.RATIO_WITH_CI.finditer(text):
        vstart, vend = m.span("value")
        ci, p, end = _with_ci_and_p(text, m.group("value"), vend)
        if ci and not ci.keyword or ci and ci.keyword:
            out.append(_mention("hr", "ratio", text, vstart, vend, vstart, ci, p, end, explicit=False))
    return out


# ---------------------------------------------------------------- medians

_UNIT_NAMES = {"mo": "months", "month": "months", "wk": "weeks", "week": "weeks", "day": "days",
               "yr": "years", "year": "years"}


def _unit_name(u: str) -> str:
    u = u.lower().rstrip(".")
    u = u[:-1] if u.endswith("s") and u not in ("mos",) else u
    u = "mo" if u == "mos" else u
    return _UNIT_NAMES.get(u, u if u.endswith("s") else u + "s")


def find_medians(text: str) -> list[ValueMention]:
    """Median time-to-event values after the word "median" in ``text``.

    ``median overall survival was 3.7 months (95% CI 3.2-4.2) ... versus 3.6 months (3.2-3.9)``;
    ``median 2.8 vs. 4.2 months``; ``median OS was not reached``. Not: median follow-up / age / dose,
    schedules (``every 8 weeks``), landmarks (``24-month``) or differences (``2.1 months longer``).
    """
    first = None
    for m in P.MEDIAN.finditer(text):
        if not P.MEDIAN_NOT_OUTCOME.match(text, m.start()):
            first = m
            break
    if first is None:
        return []
    out: list[ValueMention] = []
    pos = first.end()
    # the clause of a "median follow-up" further on ends the search for medians there
    stops = [m.start() for m in P.MEDIAN.finditer(text, pos) if P.MEDIAN_NOT_OUTCOME.match(text, m.start())]
    limit = stops[0] if stops else len(text)
    num_or_nr = re.compile(P.NUM + "|" + r"(?<![A-Za-z])(?:not\s+(?:yet\s+)?reached|NR(?![A-Za-z]))", re.I)
    for m in num_or_nr.finditer(text, pos, limit):
        vstart, vend = m.span()
        raw = m.group(0)
        before = text[max(0, vstart - 40) : vstart]
        after = text[vend : vend + 40]
        if raw[0].isdigit() or raw[0] == ".":
            u = P.TIME_UNIT.match(text, vend)
            unit_end = vend
            if u:
                unit = _unit_name(u.group("unit"))
                unit_end = u.end()
            else:
                partner = P.NUM_BEFORE_UNIT_PARTNER.match(text, vend)
                if not partner:
                    continue
                unit = _unit_name(re.search(r"(months?|mos?|weeks?|days?)\.?$", partner.group(0), re.I).group(1))
            if unit == "years" and "median" not in before.lower():
                continue
            clause = text[first.start() : vstart]
            clause = clause[clause.rfind(";") + 1 :]
            if P.DIFFERENCE_CONTEXT.search(clause):
                continue
            if P.TIME_NOT_MEDIAN_BEFORE.search(before) or P.TIME_NOT_MEDIAN_AFTER.match(text[unit_end:unit_end + 30]):
                continue
            if re.match(r"\s*-", text[vend:vend + 2]) and not u:  # "3-4 months" a range, not a value
                continue
            if re.search(r"\d\s?-\s?$", before):  # the upper end of "3-4 months"
                continue
            ci, p, end = _with_ci_and_p(text, raw, unit_end)
            out.append(_mention("median", unit, text, vstart, vend, vstart, ci, p, end))
        else:
            if re.match(r"\s*-", before[-2:]) :
                continue
            ci, p, end = _with_ci_and_p(text, "NR", vend)
            out.append(_mention("median", "", text, vstart, vend, vstart, ci, p, end))
    # CI bounds are not values
    spans = [(o.start, o.end) for o in out]
    return [o for o in out if not any(s < o.value_start < e and (s, e) != (o.start, o.end) for s, e in spans)]


# ---------------------------------------------------------------- rates

RATE_TRIGGER = re.compile(
    r"""(?<![A-Za-z])(?:
        (?:objective|overall|best|tumou?r|complete|partial|major|pathologic(?:al)?(?:\s+complete)?)\s+(?:response|remission)s?(?:\s+rates?)?
      | response\s+rates? | clinical\s+benefit(?:\s+rates?)? | disease\s+control(?:\s+rates?)?
      | ORR | CBR | DCR | pCR | CRR
      | (?:survival|free\s+survival|PFS|OS|DFS|EFS|RFS|IDFS)\s+(?:rates?|probabilit(?:y|ies)|estimates?)
      | (?:alive|survival)\s+at
    )(?![A-Za-z])""",
    re.X | re.I,
)
NOT_EFFICACY = re.compile(
    r"(?<![A-Za-z])(?:grade|toxicit|adverse|diarrho?ea|rash|neutropeni|nausea|vomit|fatigue|anaemi|anemi|"
    r"thrombocytopeni|discontinu|compliance|withdr|died\b|deaths?\b|power|alpha|significance|"
    r"mutation|mutated|positive|negative|expression|amplif|male|female|women|men\b|aged|smok|"
    r"stage|ECOG|performance|received|underwent|censored|hospital)",
    re.I,
)


def find_rates(text: str) -> list[ValueMention]:
    """Efficacy rates: percentages in a clause that names a response or a landmark survival rate.

    ``clinical benefit rate of 41.1%``; ``24-month PFS rate 54.7% vs 35.9%``; ``1 year overall
    survival was 14% (95% CI 10-18) with placebo versus 15% (12-19)``. Adverse-event, compliance and
    baseline percentages are left out.
    """
    trig = RATE_TRIGGER.search(text)
    landmark = None
    for lm in P.LANDMARK.finditer(text):
        tail = text[lm.end() : lm.end() + 60]
        if re.match(r"\s*(?:overall\s+|progression[- ]free\s+|disease[- ]free\s+|event[- ]free\s+|relapse[- ]free\s+|recurrence[- ]free\s+|metastasis[- ]free\s+|invasive\s+disease[- ]free\s+)?(?:survival|OS|PFS|DFS|EFS|RFS|IDFS|MFS)\b", tail, re.I):
            landmark = lm
            break
    if not trig and not landmark:
        return []
    anchor = min(x.start() for x in (trig, landmark) if x)
    out = []
    for m in P.PERCENT.finditer(text, anchor):
        vstart, vend = m.span("value")
        # a CI level ("95% CI") is not a rate
        if re.match(r"\s?%\s*(?:CI|C\.I\.|confidence)", text[vend : vend + 16], re.I):
            continue
        # the clause around the value must not be about toxicity, compliance, baseline
        clause_start = max(text.rfind(";", 0, vstart), text.rfind(". ", 0, vstart), anchor - 1)
        clause = text[clause_start + 1 : min(len(text), vend + 40)]
        if NOT_EFFICACY.search(clause):
            continue
        # inside a CI "(95% CI 10-18)" -> skip: bounds carry no % usually, but "(10%-18%)" does
        if re.search(r"CI\s*:?\s*$|\(\s*$", text[max(0, vstart - 12) : vstart]) and re.match(r"\s?%?\s?-", text[vend : vend + 4]):
            continue
        if re.search(r"\d\s?%?\s?-\s?$", text[max(0, vstart - 8) : vstart]):
            continue
        pct_end = m.end()
        ci, p, end = _with_ci_and_p(text, m.group("value"), pct_end)
        hint = ""
        if landmark and landmark.start() < vstart:
            n = landmark.group("n")
            u = _unit_name(landmark.group("unit"))
            hint = f"{n} {u}"
        out.append(_mention("rate", "%", text, vstart, vend, vstart, ci, p, end, hint=hint))
    return out
