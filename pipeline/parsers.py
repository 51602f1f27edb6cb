"""Pure functions that read numbers out of (normalized) text.

They know nothing of spaCy, documents or trials: text in, :class:`ValueMention` out, with offsets
into the text they were given. Context (endpoint, arm, trial, population) is added by
:mod:`pipeline.linking`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from . import patterns as P


@dataclass(frozen=True)
class Interval:
    low: str
    high: str
    level: str  # "0.95" or ""
    start: int  # span of the CI text, separator included
    end: int
    keyword: bool  # "CI" was written (not a bare "(0.5-0.8)")
    gap: int = -1  # where the words between the value and its CI begin ("6.3 months for capecitabine (95% CI ...)")


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
    rule: str = ""  # the id of the pattern that read it ("hr.trigger", "median.after_median", ...)
    gap_start: int = -1  # the arm written between the value and its CI starts here (else -1)


def clean_number(s: str) -> str:
    """``.001`` -> ``0.001``; ``not reached`` -> ``NR``; ``not estimable`` -> ``NE``; other text unchanged."""
    s = s.strip()
    if re.fullmatch(P.NOT_REACHED, s, re.I):
        low = s.lower()
        return "NE" if low in ("ne", "not estimable", "nd", "not defined") else "NA" if low == "na" else "NR"
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
        if low == "NE" and v is not None and sep in ("(", "["):  # "14.7 (NE-NE)": neither bound estimable
            lo = v
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
    # only punctuation may stand between a value (or its CI) and its p: "in group B (p = 0.099)" is
    # the comparison's p, not this value's
    if not re.fullmatch(r"[\s,;:()\[\]]*", between):
        return None
    op = m.group("op")
    op = {"=": "", ",": "<", "\u2264": "<=", "\u2265": ">="}.get(op, op)
    p = clean_number(re.sub(r"\s+", "", m.group("p")))
    return op + p, pos + m.start(), pos + m.end()


# a phrase between a ratio and its CI: "HR 1.09 in favour of the chemotherapy alone group, 95% CI 0.91-1.29"
_FAVOUR = re.compile(r"\s+in\s+favou?r\s+of\s+[^,;()\d]{1,60}(?=,\s*\d{2}\s?%\s*(?:CI|confidence))")


def _with_ci_and_p(text: str, value: str, vend: int) -> tuple[Interval | None, tuple[str, int, int] | None, int]:
    ci = parse_ci(text, vend, value)
    if ci is None:
        fav = _FAVOUR.match(text, vend)
        ci = parse_ci(text, fav.end(), value) if fav else None
    if ci is None:
        arm = P.ARM_BEFORE_CI.match(text, vend)
        ci = parse_ci(text, arm.end(), value) if arm else None
        if ci is not None:
            ci = replace(ci, gap=vend)
    end = ci.end if ci else vend
    p = parse_p_value(text, end)
    if p:
        end = max(end, p[2])
    return ci, p, end


def _mention(measure, unit, text, vstart, vend, start, ci, p, end, flags_extra=(), **kw) -> ValueMention:
    flags = list(flags_extra)
    if ci:
        v, lo, hi = _as_float(text[vstart:vend]), _as_float(ci.low), _as_float(ci.high)
        if v is not None and lo is not None and hi is not None and (lo > hi or not (lo <= v <= hi)):
            flags.append("inconsistent_ci")
    return ValueMention(
        measure=measure, unit=unit, value=clean_number(text[vstart:vend]), value_start=vstart,
        value_end=vend, start=start, end=end,
        ci_low=ci.low if ci else "", ci_high=ci.high if ci else "", ci_level=ci.level if ci else "",
        p_value=p[0] if p else "", flags=tuple(flags), gap_start=ci.gap if ci else -1, **kw,
    )


# ---------------------------------------------------------------- hazard ratios


def _find_ratios(text: str, trigger: re.Pattern, measure: str) -> list[ValueMention]:
    found: list[ValueMention] = []
    taken: set[int] = set()
    first_trigger = None
    for trig in trigger.finditer(text):
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
        if P.HEART_RATE_UNIT.match(text, vend):  # "HR 72.5 bpm": a heart rate
            continue
        qual = (trig.group("qual") or ("adjusted" if trig.group(0).startswith("aHR") else "")).strip().lower()
        found.append(_mention(measure, "ratio", text, vstart, vend, trig.start(), ci, p, end,
                              hint=(m.group("what") or "").strip(), qualifier=qual, rule=f"{measure}.trigger"))
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
        found.append(_mention(measure, "ratio", text, vstart, vend, vstart, ci, p, end, explicit=False, rule=f"{measure}.list"))
    found.sort(key=lambda f: f.value_start)
    return found


def find_hazard_ratios(text: str) -> list[ValueMention]:
    """Every hazard ratio in ``text``: triggered ones (``HR 0.65 (0.50-0.85)``, ``hazard ratio for
    death, 0.76; 95% CI, 0.63 to 0.93``) and, after a trigger, the bare ``value (low-high)`` estimates
    that continue its list (``... as was progression-free survival (0.66, 0.54-0.80, p<0.0001)``)."""
    return _find_ratios(text, P.HR_TRIGGER, "hr")


def find_risk_ratios(text: str) -> list[ValueMention]:
    """Risk ratios / relative risks (``risk ratio (RR) 0.57, 95% CI 0.29-1.13``), as :func:`find_hazard_ratios`."""
    return _find_ratios(text, P.RR_TRIGGER, "rr")


def find_odds_ratios(text: str) -> list[ValueMention]:
    """Odds ratios (``odds ratio, 0.65``; ``OR = 5.31, 95% CI 2.47-11.40``), as :func:`find_hazard_ratios`."""
    return _find_ratios(text, P.OR_TRIGGER, "or")


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
            out.append(_mention("hr", "ratio", text, vstart, vend, vstart, ci, p, end, explicit=False, rule="hr.after_hr_sentence"))
    return out


# ---------------------------------------------------------------- medians

_UNIT_NAMES = {"mo": "months", "month": "months", "wk": "weeks", "week": "weeks", "day": "days",
               "yr": "years", "year": "years"}


def _unit_name(u: str) -> str:
    u = u.lower().rstrip(".")
    u = u[:-1] if u.endswith("s") and u not in ("mos",) else u
    u = "mo" if u == "mos" else u
    return _UNIT_NAMES.get(u, u if u.endswith("s") else u + "s")


# "median (IQR)", "median (range)": the bare intervals that follow are not confidence intervals
_DISPERSION_HEAD = re.compile(r"\((?:IQR|interquartile\s+range|range)\)", re.I)


# the second value of "from 7.4 to 9.6 months" (a change between two arms' medians, not a range: "from")
_FROM_TO_PARTNER = re.compile(r"\s+to\s+\d+(?:\.\d+)?\s*(?:months?|mos?\.?|weeks?|days?)(?![A-Za-z])", re.I)


def _unless_dispersion(ci: Interval | None, text: str, start: int, end: int) -> Interval | None:
    """"median (IQR) PFS 6.1 (3.2-10.4) months": a bare interval after such a head is the IQR, not a CI."""
    if ci is not None and not ci.keyword and _DISPERSION_HEAD.search(text, start, end):
        return None
    return ci


# the upper end of a range whose lower end was just read: "14.6-14.8 months", "3 to 5 months", "34-46%"
_RANGE_TAIL = re.compile(r"\s?(?:-|to)\s?(?P<high>\d+(?:\.\d+)?)\s*(?P<unit>months?|mos?\.?(?![A-Za-z])|weeks?|%)")
# before it: a dispersion ("range 3-40", "IQR"), not a value given as a range
_DISPERSION_BEFORE = re.compile(r"\b(?:range[ds]?|ranging|IQR|interquartile|between|from)\b[^.;]{0,12}$", re.I)


def _clause_start(text: str, pos: int) -> int:
    """Where the clause holding ``pos`` starts (after the last ; or sentence stop)."""
    return max(text.rfind(";", 0, pos), text.rfind(". ", 0, pos)) + 1


def _range_lower_bound(text: str, clause_start: int, vstart: int, vend: int) -> re.Match | None:
    """The range written from ``vstart`` ("14.6-14.8 months"), when it gives a value as a range: not a
    dispersion ("(range 3-40 months)", "ranging from 3 to 40"), not inside brackets, rising."""
    m = _RANGE_TAIL.match(text, vend)
    if not m or _DISPERSION_BEFORE.search(text, max(clause_start, vstart - 30), vstart):
        return None
    head = text[clause_start:vstart]
    if head.count("(") > head.count(")") or head.count("[") > head.count("]"):
        return None
    low, high = _as_float(text[vstart:vend]), _as_float(m.group("high"))
    return m if low is not None and high is not None and low < high else None


# "the mean and median survival time ... was 31.06 and 17.76 vs. 21.07 and 12.63 months": values alternate
_MEAN_AND_MEDIAN = re.compile(r"\b(?P<a>means?|medians?)\s+(?:and|\&|/)\s+(?P<b>means?|medians?)\b", re.I)


def _drop_means(text: str, first, found: list[ValueMention]) -> list[ValueMention]:
    """Where a clause gives "mean and median" (or "median and mean") values in turn, the means are
    dropped: the values alternate between the two, pair by pair."""
    m = _MEAN_AND_MEDIAN.search(text, max(0, first.start() - 20))
    if not m or m.group("a")[:4].lower() == m.group("b")[:4].lower():
        return found
    mean_first = m.group("a").lower().startswith("mean")
    after = [f for f in found if f.value_start > m.end()]
    before = [f for f in found if f.value_start <= m.end()]
    return before + [f for k, f in enumerate(after) if (k % 2 == 1) == mean_first]


@dataclass(frozen=True)
class MedianSettings:
    """Windows of the median reader, in characters (one place, as :class:`pipeline.linking.LinkSettings`)."""

    before: int = 40  # the text before a value that its cues are looked for in ("median", "from", "3 to")
    closer: int = 9  # past a CI: an abbreviation in brackets and the bracket closing it ("[NE])")
    not_median_after: int = 30  # after the unit: what makes a time no median ("of follow-up")


MEDIAN_SETTINGS = MedianSettings()

# a median value: a number, or a median not reached / not estimable ("NR" in capitals only)
_MEDIAN_VALUE = re.compile(P.NUM + "|" + r"""
    (?<![A-Za-z])(?:
        not \s+ (?:yet \s+)? (?:been \s+)? reached          # "had not (yet) been reached"
      | not \s+ (?:calculable | estimable)
      | (?-i:NR) (?![A-Za-z])
    )""", re.X | re.I)
# past a CI, "(3.3-not estimable [NE]) months": an abbreviation in brackets, then the closer
_CI_CLOSER = re.compile(r"(?: \s* \[ [A-Z]{2,3} \] )? \s* [)\]]", re.X)
# a dash next: the value is a bound of a range ("3-4 months")
_DASH_NEXT = re.compile(r"\s*-")
# "from" right before the value -- but not a dispersion, "ranged from 3 to 4 months"
_FROM_BEFORE = re.compile(r"(?<!rang)(?<!ranged)(?<!ranging) \s+ from \s+ $", re.X)
# the time unit that ends a partner value ("... vs 5.6 (4.2-7.1) months")
_PARTNER_UNIT = re.compile(r"(months? | mos? | weeks? | days?) \.? $", re.X | re.I)
# "26.4 months or ~803 days": the same median in another unit
_OTHER_UNIT_BEFORE = re.compile(r"""
    (?:months? | weeks? | days? | years?) \s+ or \s+
    (?:[~\u223c\u2248] | about | approximately) \s* $
""", re.X)
# the upper end of "3-4 months"
_RANGE_DASH_BEFORE = re.compile(r"\d \s? - \s? $", re.X)
# the upper end of "3 to 4 months" ...
_RANGE_TO_BEFORE = re.compile(r"\d \s+ to \s+ $", re.X)
# ... but "from 7.4 to 9.6 months" compares two arms
_FROM_TO_BEFORE = re.compile(r"""
    (?<!ranged)(?<!ranging) \s+ from \s+ \d+(?:\.\d+)? \s* (?:months? \s+)? to \s+ $
""", re.X)
# a not-reached median that is the bound of an interval: "14.7 (NE-NE) months", "(3.3-NE)"
_BOUND_BEFORE = re.compile(r"""
    \d \s* (?:months? \s*)? [(\[] \s* $      # "14.7 (" before it
  | - \s* $                                  # a dash before it
""", re.X)
_NOT_REACHED_BOUND = re.compile(r"not \s+ (?:estimable | reached | calculable) \s* [\[(] \s* $", re.X)


def find_medians(text: str) -> list[ValueMention]:
    """Median time-to-event values after the word "median" in ``text``.

    ``median overall survival was 3.7 months (95% CI 3.2-4.2) ... versus 3.6 months (3.2-3.9)``;
    ``median 2.8 vs. 4.2 months``; ``median OS was not reached``. Not: median follow-up / age / dose,
    schedules (``every 8 weeks``), landmarks (``24-month``) or differences (``2.1 months longer``).
    """
    first = _first_median(text)
    hyphenated = _hyphenated_medians(text)
    if first is None:
        return hyphenated
    out: list[ValueMention] = []
    pos = first.end()
    for m in _MEDIAN_VALUE.finditer(text, pos, _median_limit(text, pos)):
        raw = m.group(0)
        found = _median_number(text, first, m) if raw[0].isdigit() or raw[0] == "." else _median_not_reached(text, m)
        if found is not None:
            out.append(found)
    return _merged_medians(text, first, out, hyphenated)


def _first_median(text: str) -> re.Match | None:
    """The first "median" of an outcome (not "median follow-up"), or an earlier implied one ("PFS was
    10.5 months and median survival was not reached": from the first)."""
    first = next((m for m in P.MEDIAN.finditer(text) if not P.MEDIAN_NOT_OUTCOME.match(text, m.start())), None)
    implied = P.IMPLIED_MEDIAN.search(text, 0, first.start() if first else len(text))
    return implied if implied is not None else first


def _median_limit(text: str, pos: int) -> int:
    """The clause of a "median follow-up" further on ends the search for medians there."""
    return next((m.start() for m in P.MEDIAN.finditer(text, pos) if P.MEDIAN_NOT_OUTCOME.match(text, m.start())), len(text))


def _hyphenated_medians(text: str) -> list[ValueMention]:
    """"23.8-month vs. 13.0-month median PFS" and "the 3.8-month PFS in the placebo cohort"."""
    hyphenated = []
    for h in P.HYPHEN_MEDIANS.finditer(text):
        unit = _unit_name(h.group("unit"))
        for g in ("a", "b"):
            s, e = h.span(g)
            hyphenated.append(_mention("median", unit, text, s, e, s, None, None, e + 1 + len(h.group("unit")), rule="median.hyphen_pair"))
    taken = {m.value_start for m in hyphenated}
    for h in P.HYPHEN_MEDIAN_ONE.finditer(text):
        s, e = h.span("a")
        if s not in taken and not any(m.value_start <= s < m.end for m in hyphenated):
            hyphenated.append(_mention("median", _unit_name(h.group("unit")), text, s, e, s, None, None, h.end(), rule="median.hyphen_one"))
    hyphenated.sort(key=lambda m: m.value_start)
    return hyphenated


def _merged_medians(text: str, first: re.Match, out: list[ValueMention], hyphenated: list[ValueMention]) -> list[ValueMention]:
    """The medians read after "median" and the hyphenated ones, in text order; not the means of "mean
    and median" pairs, nor a value inside another's span (CI bounds are not values)."""
    out = _drop_means(text, first, out)
    out = hyphenated + [o for o in out if not any(h.value_start <= o.value_start < h.end for h in hyphenated)]
    out.sort(key=lambda o: o.value_start)
    spans = [(o.start, o.end) for o in out]
    return [o for o in out if not any(s < o.value_start < e and (s, e) != (o.start, o.end) for s, e in spans)]


def _median_number(text: str, first: re.Match, m: re.Match, settings: MedianSettings = MEDIAN_SETTINGS) -> ValueMention | None:
    """The median a number after "median" gives, with its unit (right after it, after its CI, or after
    its partner value); None when it is no median."""
    vstart, vend = m.span()
    raw = m.group(0)
    u = P.TIME_UNIT.match(text, vend)
    if u:
        unit, unit_end = _unit_name(u.group("unit")), u.end()
    else:
        ci_first = parse_ci(text, vend, raw)
        after_ci = vend
        if ci_first:
            close = _CI_CLOSER.match(text[ci_first.end:ci_first.end + settings.closer])
            after_ci = ci_first.end + (close.end() if close else 0)
            u_after_ci = P.TIME_UNIT.match(text, after_ci)
            if u_after_ci and not _DASH_NEXT.match(text[u_after_ci.end():u_after_ci.end() + 2]):  # "5.5 (3.8-14.0) months"
                return _mention("median", _unit_name(u_after_ci.group("unit")), text, vstart, vend, vstart,
                                _unless_dispersion(ci_first, text, first.start(), vstart),
                                parse_p_value(text, u_after_ci.end()), u_after_ci.end(), rule="median.unit_after_ci")
        rng = _range_lower_bound(text, first.start(), vstart, vend)
        if rng:  # "median survivals of 14.6-14.8 months": the lower bound, flagged (CURATION_GUIDE)
            return _mention("median", _unit_name(rng.group("unit")), text, vstart, vend, vstart, None, None,
                            rng.end(), rule="median.range_lower_bound", flags_extra=("range",))
        unit = _partner_unit(text, vstart, vend, after_ci, settings)
        if unit is None:
            return None
        unit_end = vend
    if _not_a_median(text, first, vstart, vend, unit, unit_end, u is not None, settings):
        return None
    ci, p, end = _with_ci_and_p(text, raw, unit_end)
    return _mention("median", unit, text, vstart, vend, vstart, _unless_dispersion(ci, text, first.start(), vstart), p, end,
                    rule="median.after_median")


def _partner_unit(text: str, vstart: int, vend: int, after_ci: int, settings: MedianSettings) -> str | None:
    """"11.2 (95% CI, 9.5-12.9) vs 5.6 (4.2-7.1) months": the unit after the partner value (past the CI),
    or of "from 7.4 to 9.6 months" (not "ranged from 3 to 4 months"); None when there is none."""
    before = text[max(0, vstart - settings.before) : vstart]
    partner = P.NUM_BEFORE_UNIT_PARTNER.match(text, vend) or P.NUM_BEFORE_UNIT_PARTNER.match(text, after_ci) \
        or (_FROM_BEFORE.search(before) and _FROM_TO_PARTNER.match(text, vend))
    if not partner:
        return None
    return _unit_name(_PARTNER_UNIT.search(partner.group(0)).group(1))


def _not_a_median(text: str, first: re.Match, vstart: int, vend: int, unit: str, unit_end: int, has_unit: bool,
                  settings: MedianSettings) -> bool:
    """A time after "median" that is none: years with no "median" in the clause (follow-up, age), a
    difference, a time the context makes no median, the same median in another unit, a range's bound."""
    before = text[max(0, vstart - settings.before) : vstart]
    if unit == "years" and not P.MEDIAN.search(text, first.start(), vstart) and "median" not in before.lower():
        return True
    clause = text[first.start() : vstart]
    if P.DIFFERENCE_CONTEXT.search(clause[clause.rfind(";") + 1 :]):
        return True
    if P.TIME_NOT_MEDIAN_BEFORE.search(before) or P.TIME_NOT_MEDIAN_AFTER.match(text[unit_end:unit_end + settings.not_median_after]):
        return True
    if _OTHER_UNIT_BEFORE.search(before) or _RANGE_DASH_BEFORE.search(before):
        return True
    if _DASH_NEXT.match(text[vend:vend + 2]) and not has_unit:
        return True
    return bool(_RANGE_TO_BEFORE.search(before) and not _FROM_TO_BEFORE.search(before))


def _median_not_reached(text: str, m: re.Match, settings: MedianSettings = MEDIAN_SETTINGS) -> ValueMention | None:
    """A median not reached ("median OS was not reached", "NR"); None when it bounds an interval."""
    vstart, vend = m.span()
    before = text[max(0, vstart - settings.before) : vstart]
    if _DASH_NEXT.match(before[-2:]):
        return None
    if _BOUND_BEFORE.search(before) or _DASH_NEXT.match(text[vend : vend + 2]) or _NOT_REACHED_BOUND.search(before):
        return None
    ci, p, end = _with_ci_and_p(text, "NR", vend)
    return _mention("median", "", text, vstart, vend, vstart, ci, p, end, rule="median.not_reached")


# ---------------------------------------------------------------- rates

RATE_TRIGGER = re.compile(
    r"""(?<![A-Za-z])(?:
        pathologic(?:al)?\s+tumou?r\s+responses?(?:\s+rates?)?
      | (?:objective|overall|best|tumou?r|complete|partial|major|pathologic(?:al)?(?:\s+complete)?)\s+(?:response|remission)s?(?:\s+rates?)?
      | achiev(?:ed|ing)\s+an?\s+response
      | response\s+rates? | clinical\s+benefit(?:\s+(?:response\s+)?rates?|\s+responses?)? | disease\s+control(?:\s+rates?)?
      | control\s+of\s+(?:the\s+)?disease | tumou?r\s+control\s+rates? | stable\s+disease
      | (?-i:c(?:CR|PR|SD))   # clinical categories: "cPR rate: 70.92%"
      | ORRs? | CBR | DCR | pCR | CRR | (?-i:CR|SD) | (?<!ER/)(?<!ER\s/\s)(?-i:PR)(?!\s*(?:expression|status|[+-]|positiv|negativ))  # not progesterone receptor
      | (?:survival|free\s+survival|PFS|OS|DFS|EFS|RFS|IDFS)\s+(?:rates?|probabilit(?:y|ies)|estimates?)
      | rates?\s+of\s+(?:(?:overall|progression[-\s]free|disease[-\s]free|event[-\s]free|relapse[-\s]free|recurrence[-\s]free)\s+)?survival
      # a time-to-event endpoint with its per-arm percentages in brackets: "DFS (88% vs. 62%, p = 0.006)",
      # "No difference in OS was seen between groups (81% in the weekly ...)"
      | (?-i:OS|PFS|DFS|EFS|RFS|DSS|CSS|MFS)(?=[^.;()%\d]{0,40}\(\s*\d+(?:\.\d+)?\s?%)
      | (?-i:RR)(?=\s+(?:was|were|of)\s+\d+(?:\.\d+)?\s?%)    # "the RR was 7.7%": a response rate
      | (?:alive|survival|(?-i:PFS|OS|DFS|EFS|RFS|IDFS|MFS))\s+at\s+(?=\d|one|two|three|four|five|ten)   # "alive at 2 years",
                                                      # "PFS at 1 year was 33.1%", not "alive at the time of"
      | alive\s+(?:and\s+)?(?:free\s+(?:of|from)|without)\s+(?:(?:disease|radiographic|radiological)\s+)?(?:progression|recurrence|relapse)
                                                      # "63.0% versus 42.2% of patients were alive and free of progression"
      | freedom\s+from\s+(?:disease\s+)?(?:progression|recurrence|relapse)   # "the rate of freedom from progression"
      | rates?\s+of\s+(?:[\w-]+\s+){0,2}?(?-i:PFS|OS|DFS|EFS|RFS)(?![A-Za-z])   # "the 12-month rate of investigator-assessed PFS"
      | remain(?:ed|ing)?\s+(?:progression|event|disease|relapse|recurrence)[- ]free
      | respond(?:ed|ing) | responders | (?:tumou?r\s+)?responses
      | (?-i:PSA)\s+(?:declines?\s+of\s+(?:at\s+least\s+)?50\s?%|levels\s+fell\s+by\s+50\s?%)   # the PCWG PSA response
    )(?![A-Za-z])(?!(?<=[A-Za-z])\d)    # a word ends here; a letter then a digit is a symbol ("CBR3")
    """,
    re.X | re.I,
)
# the trigger "were alive", a survival rate only at a landmark ("At 36 months 30.7% ... were alive")
# (a trigger only where the text names a landmark; "alive at 2 years" is another trigger)
_ALIVE_ONLY = re.compile(r"(?:were|was|remained|are)\s+(?:still\s+)?alive(?![\w-]|\s+(?:and|without|at)\b)", re.I)
# Words right before a percentage that make it a toxicity, compliance or design figure, not efficacy
NOT_EFFICACY = re.compile(
    r"(?<![A-Za-z])(?:grade|toxicit|adverse|discontinu|compliance|withdr|power|alpha|significance|censored|"
    r"dose\s+(?:reduction|interruption|intensity)|diagnosed|incidence|prevalence)",
    re.I,
)
# A test's accuracy anywhere in the clause before the value, not a rate of patients: "specificity for the
# prediction of pCR (ypT0ypN0) was higher for mRNA (68.9% vs 22.2%)"
TEST_ACCURACY = re.compile(r"(?<![A-Za-z])(?:sensitivit|specificit|accuracy|predictive\s+values?|(?-i:PPV|NPV|AUC))", re.I)
# A difference stated right before the value: "absolute difference between the treatment groups 5.3%",
# "an absolute difference in 5-year disease-free survival of 4%" (but not "The difference in response
# rates (8% v 13%)", where the values are the rates themselves)
DIFFERENCE_BEFORE = re.compile(
    r"(?:difference|improvement|increase|reduction|benefit|gain)\s+(?:(?:of|was|in|between|by)\b[\w\s.-]{0,60}?(?:\([^()]{0,30}\)[\w\s.-]{0,20}?)?|\[[^\]]{0,40}\])?[\s:,]*$", re.I)
# ... and right after it: "(80% PFS events)", "44.7% reduction in risk", "80% power"
NOT_EFFICACY_AFTER = re.compile(
    r"\s?%?\s*(?:(?:PFS|OS|DFS)\s+)?(?:events?|power|reduction|decrease|increase|improvement|relative|absolute|higher|lower|"
    r"of\s+(?:all\s+)?(?:deaths|events|the\s+population))\b"
    r"|\s?%?\s*\)?\s*responded\s+(?:within|between|after|by|in\s+the\s+first)\b"  # when responses came, not how many
    r"|\s?%\s*(?:-|to)\s*\d+(?:\.\d+)?\s*%\s+of\b",  # a range of a population: "20% to 40% of patients"
    re.I,
)
_LANDMARK_TAIL = re.compile(
    r"\s*(?:overall\s+|progression[- ]free\s+|disease[- ]free\s+|event[- ]free\s+|relapse[- ]free\s+|recurrence[- ]free\s+|"
    r"metastasis[- ]free\s+|invasive\s+disease[- ]free\s+)?(?:survival|OS|PFS|DFS|EFS|RFS|IDFS|MFS)\b",
    re.I,
)


# a landmark written after the rates: "... at 1 year", "at 24 months"
# a landmark opening the clause, then the endpoint: "At 24 months, OS was", "at 2 years, overall survival was"
_LEADING_LANDMARK = re.compile(
    r"(?<![A-Za-z])at\s+(?P<n>\d+(?:\.\d+)?|one|two|three|four|five|ten)\s+(?P<unit>months?|years?|weeks?)(?![A-Za-z]),?\s+(?:the\s+)?"
    r"(?P<ep>" + _LANDMARK_TAIL.pattern.replace(r"\s*", "", 1) + r")\s+(?:rates?\s+)?(?:was|were|is|of)\b", re.I)
_TRAILING_LANDMARK = re.compile(
    r"(?<![A-Za-z])at\s+(?P<n>\d+(?:\.\d+)?|one|two|three|four|five|ten)\s+(?P<unit>months?|years?|weeks?)(?![A-Za-z])", re.I)


# rates that refer back to the previous sentence's: "According to the 5th edition these percentages were
# for the N0, N1, N2, N3 and Nx groups respectively 75%, 38%, 19%, 8% and 65%" (first-sight batch 5)
ANAPHORIC_RATES = re.compile(r"\b(?:these|those|the\s+corresponding|the\s+respective)\s+(?:percentages|rates|figures|proportions)\b", re.I)
# "147 [39%] of 376", "321 (64%) of 505": a count, its percentage and the arm's size
PER_ARM_PROPORTIONS = re.compile(r"\d+\s*[\[(]\s*\d+(?:\.\d+)?\s*%\s*[\])]\s*of\s+\d+")


def _clauses(text: str) -> list[tuple[int, int]]:
    bounds = [0] + [m.end() for m in re.finditer(r";\s|\.\s+(?=[A-Z])", text)] + [len(text)]
    return list(zip(bounds, bounds[1:]))


def _bound_or_level(text: str, vstart: int, vend: int) -> bool:
    """Whether the percentage at vstart:vend is a CI level ("95% CI"), a dispersion ("+/- 1.7%") or a
    bound of a range or CI ("(15.6% to 42.6%)"), not a rate."""
    if re.match(r"\s?%?\s*(?:CI|C\.I\.|confidence)", text[vend : vend + 16], re.I):
        return True
    if re.search(r"(?:\u00b1|\+/-|\+-)\s*$", text[max(0, vstart - 5) : vstart]):
        return True
    if re.search(r"\d\s?%?\s?(?:-|to)\s?$", text[max(0, vstart - 10) : vstart]):
        return True
    return bool(re.search(r"(?:CI|confidence\s+intervals?)[\s:,]*-?$|\(\s*-?$", text[max(0, vstart - 14) : vstart])
                and re.match(r"\s?%?\s?(?:-|to)\s?\d", text[vend : vend + 8]))


# The answers to a survey, not responses to treatment: "The response rate to this study was about 60%",
# "the mailed survey administration method yielded an unacceptably low response rate (11%)"
SURVEY_RESPONSE = re.compile(
    r"\b(?:surveys?|questionnaires?|mail(?:ed|ing)|postal|telephone\s+interviews?)\b"
    r"|\bresponse\s+rates?\s+(?:to|for)\s+(?:this|the|our)\s+(?:study|survey|questionnaire|mailing|invitation)\b", re.I)
# A threshold, not a value: "a PSA decline >50%", "a decrease of >=30%"
THRESHOLD_BEFORE = re.compile(r"""
    [<>\u2264\u2265] \s* =? \s* $                                         # ">50%", "\u226550%"
  | \b(?:fell|fall|dropped|decreased|declined|decline|decrease|reduction|drop)\s+   # "a PSA decline of at least 50%"
    (?:of\s+|by\s+)? (?:at\s+least\s+|more\s+than\s+)? $""", re.X | re.I)
# ... but not a share of patients written with a bound: "was obtained in >=80% and >=75% of patients"
SHARE_OF_PATIENTS_AFTER = re.compile(r"""
    \s?% (?: \s* (?:,|and|or) \s* [<>\u2264\u2265]? \s* \d+(?:\.\d+)? \s?% )*    # "and >=75%"
    \s+ of \s+ (?:the\s+|all\s+)? (?:patients|participants|subjects|men|women|cases)\b""", re.X | re.I)
# ... or a threshold by what follows it: "PSA levels fell by 50% or more in 54%"
THRESHOLD_AFTER = re.compile(r"\s?%\s+or\s+(?:more|greater|higher|above)\b", re.I)


def _not_efficacy(text: str, cs: int, vstart: int, vend: int) -> bool:
    """Whether the clause makes the percentage no efficacy rate: toxicity or compliance before it, a test's
    accuracy, a difference, a survey's response, a threshold, or the share of a group ("n = 41 [87.2%]")."""
    return bool(NOT_EFFICACY.search(text[max(cs, vstart - 40) : vstart]) or NOT_EFFICACY_AFTER.match(text, vend)
                or SURVEY_RESPONSE.search(text, cs, vstart) or _threshold(text, cs, vstart, vend)
                or TEST_ACCURACY.search(text, cs, vstart) or DIFFERENCE_BEFORE.search(text[max(cs, vstart - 80) : vstart])
                or re.search(r"\bn\s*=\s*\d+\s*[\[(]\s*$", text[max(0, vstart - 16) : vstart])
                or bool(RESPONSE_DEFINITION.search(text, max(0, vstart - 120), min(len(text), vend + 120))))


# A response category defined by its criterion, whose percentages are the criterion: "Patients with 100%
# regression of tumor at the primary site were considered complete responders (CR), whereas partial
# responders (PR) had at least 50% regression" (first-sight batch 6)
RESPONSE_DEFINITION = re.compile(r"""
    \b(?:were|was)\s+(?:considered|defined\s+as|classified\s+as|regarded\s+as)\s+(?:an?\s+)?
    (?:complete|partial|minor|major|objective|non-?)?\s*(?:respon(?:se|ders?)|remission)""", re.X | re.I)


def _threshold(text: str, cs: int, vstart: int, vend: int) -> bool:
    """Whether a percentage is a threshold a criterion names, not a rate: "PSA decline >50%", "a PSA decline
    of at least 50%", "PSA levels fell by 50% or more"."""
    if SHARE_OF_PATIENTS_AFTER.match(text, vend):
        return False  # "obtained in >=80% and >=75% of patients": a bounded share of patients is a rate
    return bool(THRESHOLD_BEFORE.search(text, max(cs, vstart - 40), vstart) or THRESHOLD_AFTER.match(text, vend))


def _refers_back(text: str) -> bool:
    """Whether a sentence with no rate word of its own goes on with the previous sentence's rates."""
    return bool(PER_ARM_PROPORTIONS.search(text) or ANAPHORIC_RATES.search(text))


@dataclass(frozen=True)
class RateSettings:
    """Windows of the rate reader, in characters (one place, as :class:`pipeline.linking.LinkSettings`)."""

    landmark_after: int = 140  # how far after a rate a trailing landmark ("... at 1 year") is looked for


RATE_SETTINGS = RateSettings()
_BORROWED = [(0, 0, "")]  # the trigger of a text with no rate word of its own (a rate cell, or a continuation)
_NUMBER = re.compile(P.NUM)
# a percent sign right after a number
_PERCENT_NEXT = re.compile(r"\s?%")
# a percentage: a digit then "%"
_PERCENT_WRITTEN = re.compile(r"\d \s? %", re.X)
_VERSUS_WORD = re.compile(r"\b (?:vs\.? | versus) \s", re.X)


def find_rates(text: str, context: str = "", rate_cell: bool = False) -> list[ValueMention]:
    """Efficacy rates: percentages in a clause that names a response or a landmark survival rate.

    ``clinical benefit rate of 41.1%``; ``24-month PFS rate 54.7% vs 35.9%``; ``1 year overall
    survival was 14% (95% CI 10-18) with placebo versus 15% (12-19)``; ``ORR: 64.3 vs. 33.3%`` (the
    first value shares the second's percent sign). Toxicity, compliance and design percentages are
    left out, and so is a clause with no rate trigger -- unless the text is a cell of a table column
    whose header is a rate (``rate_cell``: "ORRa" over "93% vs. 74%; OR = 4.76 ...").
    """
    triggers = _rate_triggers(text, context, rate_cell)
    if not triggers:
        return []
    candidates, ranges = _rate_candidates(text)
    clauses = _clauses(text)
    out = []
    for vstart, vend, pct_end in candidates:
        found = _rate_mention(text, triggers, clauses, vstart, vend, pct_end, vstart in ranges)
        if found is not None:
            out.append(found)
    return out


def _landmark_hint(m: re.Match) -> str:
    """"24 months", "1 years": the landmark a match names (groups ``n`` and ``unit``)."""
    return f"{m.group('n')} {_unit_name(m.group('unit'))}"


def _rate_triggers(text: str, context: str, rate_cell: bool) -> list[tuple[int, int, str]]:
    """(start, end, landmark) of every rate word and landmark survival ("24-month PFS", "At 24 months,
    OS was"), in text order. A text with none that is a rate cell, or that continues the previous
    sentence's rates ("... (147 [39%] of 376 patients ... vs 135 [38%] of 351 ...)"), borrows one."""
    triggers = [(m.start(), m.end(), "") for m in RATE_TRIGGER.finditer(text)]
    if not triggers and (rate_cell or (context and _refers_back(text))):
        triggers = list(_BORROWED)
    if _TRAILING_LANDMARK.search(text):  # "At 36 months 30.7% of patients in the STRIDE arm were alive"
        triggers.extend((m.start(), m.end(), "") for m in _ALIVE_ONLY.finditer(text))
    for lm in P.LANDMARK.finditer(text):
        if _LANDMARK_TAIL.match(text, lm.end()):
            triggers.append((lm.start(), lm.end(), _landmark_hint(lm)))
    for lm in _LEADING_LANDMARK.finditer(text):  # "At 24 months, OS was ... higher with X (20%, 95% CI: 7-36)"
        triggers.append((lm.start("ep"), lm.end(), _landmark_hint(lm)))
    triggers.sort()
    return triggers


def _rate_candidates(text: str) -> tuple[list[tuple[int, int, int]], set[int]]:
    """(start, end, end of its percent sign) of every percentage, and of a bare first value ("64.3 vs.
    33.3%"); and the starts of those that are the lower bound of a range ("response rates of 34-46%")."""
    candidates = [(m.start("value"), m.end("value"), m.end()) for m in P.PERCENT.finditer(text)]
    ranges: set[int] = set()
    for m in _NUMBER.finditer(text):
        partner = P.NUM_BEFORE_PERCENT_PARTNER.match(text, m.end())
        if partner and not _PERCENT_NEXT.match(text[m.end():m.end() + 2]):
            candidates.append((m.start(), m.end(), m.end()))
        elif (rng := _range_lower_bound(text, _clause_start(text, m.start()), m.start(), m.end())) and rng.group("unit") == "%":
            candidates.append((m.start(), m.end(), rng.end()))
            ranges.add(m.start())
    candidates.sort()
    return candidates, ranges


def _rate_mention(text: str, triggers, clauses, vstart: int, vend: int, pct_end: int, in_range: bool) -> ValueMention | None:
    """The rate a percentage gives, when a trigger is in its clause and nothing makes it no efficacy rate."""
    if _bound_or_level(text, vstart, vend):
        return None
    cs, ce = next((c for c in clauses if c[0] <= vstart < c[1]), (0, len(text)))
    trig = [t for t in triggers if cs <= t[0] < ce]
    if not trig or _not_efficacy(text, cs, vstart, vend):
        return None
    if triggers == _BORROWED and NOT_EFFICACY.search(text):
        return None  # borrowed context: the sentence must not be about toxicity or compliance
    ci, p, end = _with_ci_and_p(text, text[vstart:vend], pct_end)
    if ci is not None and ci.low.startswith("-"):
        return None  # a proportion has no negative bound: "0.6% (-3.9 to 5.1)" is a difference
    hint = _rate_hint(text, trig, cs, vstart, end)
    if not hint and all(_ALIVE_ONLY.fullmatch(text, t[0], t[1]) for t in trig):
        return None  # "19 (90%) were alive" at the time of analysis: no landmark, no survival rate
    return _mention("rate", "%", text, vstart, vend, vstart, ci, p, end, hint=hint,
                    rule="rate.range_lower_bound" if in_range else "rate.landmark" if hint else "rate.trigger",
                    flags_extra=("range",) if in_range else ())


def _rate_hint(text: str, trig, cs: int, vstart: int, end: int) -> str:
    """The landmark of a rate: of a trigger before it in its clause, else written after it, else one
    opening the clause or after the trigger; "" when none."""
    landmarks = [t for t in trig if t[2] and t[0] < vstart]
    if landmarks:
        return landmarks[-1][2]
    hint = _trailing_landmark(text, end)
    if hint:
        return hint
    # "the estimated rate of overall survival at 6 months was 80.2%": the landmark after the trigger
    # ... or opening the clause: "At 12 months, PFS rates were 26.8% and 8.2%, respectively"
    lead = list(_TRAILING_LANDMARK.finditer(text, cs, vstart))
    return _landmark_hint(lead[-1]) if lead else ""


def _trailing_landmark(text: str, end: int, settings: RateSettings = RATE_SETTINGS) -> str:
    """"35% in the X group versus 22% in the Y group at 1 year, and 9% versus 4% at 2 years": a landmark
    after the rate, when the text up to it holds at most the pair's other value, joined by "versus"."""
    after = _TRAILING_LANDMARK.search(text, end, min(len(text), end + settings.landmark_after))
    if not after:
        return ""
    between = text[end : after.start()]
    pcts = len(_PERCENT_WRITTEN.findall(between))
    if ";" not in between and (pcts == 0 or pcts == 1 and _VERSUS_WORD.search(between)):
        return _landmark_hint(after)
    return ""
