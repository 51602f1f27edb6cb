"""Every numeric pattern litx uses, in one place.

All patterns run on *normalized* text (see :mod:`pipeline.normalize`): dashes and minus signs are
already ``-``, middle-dot decimals are already ``.``, citation markers are gone. Patterns that are
anchored (used with ``.match(text, pos)``) say so. Examples in the comments are real strings from the
corpus; ``tests/test_parsers.py`` holds them as parametrized cases.
"""
from __future__ import annotations

import re

X = re.VERBOSE | re.IGNORECASE

# A plain number: 3.7, 0.94, .001 (a p-value written without its zero), 38.8.
# Not part of a word (``months12`` is a glued citation, ``CDK4`` a gene, ``HER2`` a gene) and not
# followed by more digits or a decimal point.
NUM = r"(?<![A-Za-z0-9.])(?:\d+(?:\.\d+)?|\.\d+)(?![0-9])(?!\.\d)"
NUMBER = re.compile(NUM)

# "not reached" / NR / NE / not estimable, as a median value or a CI bound
NOT_REACHED = r"(?:not\s+(?:yet\s+)?(?:been\s+)?reached|not\s+(?:estimable|calculable|evaluable|defined)|NR|NE|NA|ND)(?![A-Za-z])"

# A time unit after a median: "3.7 months", "11 mo", "24 weeks", "90 days"
TIME_UNIT = re.compile(r"\s*(?P<unit>months?|mos?\.?(?![A-Za-z])|weeks?|wks?(?![A-Za-z])|days?|years?|yrs?(?![A-Za-z]))", re.I)

# A confidence interval, anchored at the end of a value. Forms from the corpus:
#   " (95% CI 3.2-4.2)"  ", 95% CI 0.81-1.10"  "; 95% CI, 1.16-1.87"  " (0.50-0.85)"
#   ", 3.2-3.9"  " (95% CI, 0.63 to 0.93)"  " [95% CI: 0.61-0.85]"  " (95%CI 0.5-0.8)"
#   " (95% confidence interval [CI], 0.57 to 0.83)"  " (95% CI 30.1-NR)"
CI = re.compile(
    r"""
    (?P<sep> \s* [(\[,;]? \s* )                          # opener or separator
    (?:
        (?P<level> \d{2}(?:\.\d+)? ) \s? % \s*           # 95%
        (?: CI | C\.I\. | confidence \s+ intervals? (?:\s*[(\[]\s*(?:\d{2}\s?%\s?)?CIs?\s*[)\]])? ) s?
        \s* (?: [:=,] \s* | was \s+ | of \s+ | from \s+ )?
      | (?P<bare_kw> CI ) \s* [:=,]? \s*                 # "CI 0.5-0.8" with no level
    )?
    (?P<low> -?(?:\d+(?:\.\d+)?|\.\d+) | NE(?=\s?-) ) (?: \s? (?:months?|mo|weeks?|days?|%) )?   # "(18.6 months-NE)", "(NE-NE)"
    (?: \s? - \s? | \s+ to \s+ | \s? [,;] \s (?=[-\d.]+\s*%?\s*(?:[)\]]|(?(level)[;,:]|(?!)))) )   # 0.5-0.8 | 0.5 to 0.8 | 0.5, 0.8) | [0.5; 0.8]
                                                     # | "95% CI 0.67, 0.97;" (a level written: the list is its bounds)
    (?P<high> -?(?:\d+(?:\.\d+)?|\.\d+) (?![0-9]) (?!\.\d) | """ + NOT_REACHED + r""" )
    """,
    X,
)

# The arm written between a value and its confidence interval, anchored at the end of the value (or
# its unit); only before an interval that says it is one:
#   "6.3 months for capecitabine (95% CI, 5.46-7.14)"  "8.1 months for S-1 (95% CI, 4.9-11.4)"
#   "26.1% for capecitabine (95% CI, 13.4-38.8)"  "12.5 months in the ribociclib arm (95% CI 10.1-14.2)"
# Not across another value ("4.7 vs 4.2 months (95% CI ...)") or a clause break.
ARM_BEFORE_CI = re.compile(
    r"""
    \s+ (?: for | with | in | on | among | of ) \s+              # "for", "in the ... arm"
    (?: (?! \d+(?:\.\d+)? \s* (?:months?|weeks?|days?|%) | \b(?:vs|versus|and|or|but|whereas)\b ) [^()\[\];.%] ){1,50}?
    (?= \s* [(\[,] \s* \d{2}(?:\.\d+)? \s? % \s* (?:CI|C\.I\.|confidence) )
    """,
    X,
)

# A p-value, searched in a short window after a value or its CI:
#   "p=0.46"  "P < 0.001"  "two-sided P = 0.002"  "stratified log-rank test p=0.44"
#   "P , .001" (a PDF artifact: the comma stands for "<")  "p value = 0.03"  "P<.0001"
P_VALUE = re.compile(
    r"""
    (?<![A-Za-z])
    (?: (?:two|one)[-\s](?:sided|tailed) \s+ | (?:stratified \s+)? log-rank \s+ (?:test \s+)? )?
    P (?: \s* -?values? )?
    \s* (?P<op> <= | >= | = | < | > | \u2264 | \u2265 | , (?=\s*\.\d) ) \s*
    (?P<p> 0?\.\d+ (?:\s?[x\u00d7]\s?10\s?-\s?\d+)? | 1(?:\.0+)? | (?<=[<=>])\s*\d(?:\.\d+)?e-\d+ )
    """,
    X,
)

# The words that introduce a hazard ratio. "HR+", "HR-positive", "HR/HER2" (hormone receptor) and
# "HRP" (horseradish peroxidase) are not hazard ratios.
HR_TRIGGER = re.compile(
    r"""
    (?<![A-Za-z0-9])
    (?P<qual> (?:un)?adjusted \s+ | stratified \s+ | unstratified \s+ | pooled \s+ | overall \s+ )?
    (?: hazard \s+ ratios? (?: \s* [(\[] \s* HRs? (?:\s*[;,][^)\]]{0,40})? \s* [)\]] )?
      | (?-i:a)?HRs? (?! [+A-Za-z0-9/]) (?! \s?[-]\s?(?:positive|negative|pos|neg) ) (?! -\w) (?!\s*\)\s*-)   # "aHR": adjusted
    )
    """,
    X,
)

# Risk ratios: "risk ratio (RR) 0.57, 95% CI 0.29-1.13", "relative risk 0.8", "(RR 0.56, 95% CI 0.33-0.97)";
# an "RR" with a percentage after it is a response rate ("the RR was 7.7%") and never a ratio
RR_TRIGGER = re.compile(
    r"""(?<![A-Za-z0-9])(?P<qual>(?:un)?adjusted\s+)?
        (?: (?i:relative\s+risks?|risk\s+ratios?) (?:\s*[(\[]\s*RRs?\s*[)\]])? | RRs?(?![A-Za-z0-9+/-])(?=\s*[=:,]?\s*\d*\.\d) )""",
    re.X,
)

# A heart rate's unit after the number an "HR" introduced: "HR 72.5 bpm", "HR 80 beats/min"
HEART_RATE_UNIT = re.compile(r"\s*(?:bpm|beats?\b|/\s*min\b)", re.I)

# Odds ratios: "odds ratio, 0.65", "odds ratio [OR] = 5.31", "OR 5.63" (upper-case OR only)
OR_TRIGGER = re.compile(
    r"""(?<![A-Za-z0-9])(?P<qual>(?:un)?adjusted\s+)?
        (?: (?i:odds\s+ratios?) (?:\s*[(\[]\s*ORs?\s*[)\]])? | ORs?(?![A-Za-z0-9+/-]) )""",
    re.X,
)

# What may stand between an HR trigger and its value (anchored after the trigger):
#   "HR 0.65"  "HR, 1.47"  "HR=0.50"  "HR: 0.72"  "HR of 0.84"  "hazard ratio for death, 0.76"
#   "hazard ratio for progression or death was 0.58"  "HR 0.93 (...)"  "hazard ratio was 0.66"
HR_TO_VALUE = re.compile(
    r"""
    (?P<for> \s+ (?:for|of) \s+ (?! \d) (?P<what> [a-z][a-z\s,/-]{0,60}? ) (?=\s*(?:[:=,;]|was|were|is|of)?\s*[.\d]) )?
    \s* (?: [:=,;] | \b(?:was|were|is|of|at|reached|amounted \s+ to)\b )? \s* (?:\bof\b\s*)? (?:\bwas\b\s*)?
    (?P<value> (?:\d+(?:\.\d+)?|\.\d+) ) (?![0-9]) (?!\.\d) (?! \s*(?:%|months?|weeks?|days?|years?|mg|patients))
    """,
    X,
)

# A bare "value (low-high" or "value, low-high" effect estimate with no unit, as in
#   "as was progression-free survival (0.66, 0.54-0.80, p<0.0001)"
#   "were 1.30 (95% CI 1.05-1.61, p=0.017) for overall survival, and 1.09 (0.89-1.36, p=0.39)"
RATIO_WITH_CI = re.compile(
    r"""
    (?<![A-Za-z0-9.%])
    (?P<value> \d{1,2}\.\d+ ) (?![0-9%]) (?=\s*[(\[,;]\s*(?:\d{2}\s?%\s?(?:CI|confidence)|CI|\d{1,2}\.\d+\s?(?:-|to)\s?\d))
    """,
    X,
)

# Median trigger, and the medians that are not outcomes ("median follow-up", "median age")
# "median", and the abbreviations that carry it: "mPFS", "mOS" ("doubled mPFS (7.2 vs. 3.6 months)")
MEDIAN = re.compile(r"(?<![A-Za-z])(?:[Mm]edians?|m(?=PFS|OS|DFS|TTP|EFS|RFS|DoR|DOR))(?![a-z])")
# A median stated without the word: a time-to-event endpoint right before a "X vs Y months" pair
#   "No PFS (4.8 vs. 4.6 months) or OS (27.5 vs. 24.46 months) benefit was observed"
#   ... or one value, said without "median" as reports and reviews often do: "PFS was 10.5 months",
#   "overall survival of about 15 months", "survival times of 22, 16 and 8 months", "OS 24 months"
IMPLIED_MEDIAN = re.compile(
    r"""(?<![A-Za-z])(?<!mean\s)(?<!means\s)(?<!mean\s\s)(?:(?-i:PFS|OS|DFS|TTP|TTF|EFS|RFS|DoR|DOR)|overall\s+survival|progression[- ]free\s+survival
          |disease[- ]free\s+survival|time\s+to\s+(?:tumou?r\s+)?progression|survival(?:\s+times?)?)
        \s* (?:(?:benefit|improvement|advantage|gain)\s*)?     # "overall survival benefit (34 vs. 27 months)"
        (?: (?:was|were|is|of|:)? \s* \(? \s* (?=\d+(?:\.\d+)?\s*(?:months?\s*)?(?:vs\.?|versus)\s*\d+(?:\.\d+)?\s*months?)
          | (?:was|were|is|of|:|could\s+be\s+increased\s+from|(?<!up\s)to|remains?) \s* (?:about|approximately|around|nearly|only|~)? \s*
            (?=\d+(?:\.\d+)?(?:\s*(?:-|to|,|and)\s*\d+(?:\.\d+)?)*\s*(?:months?|weeks?)(?![A-Za-z])) )""",
    re.X | re.I,
)
MEDIAN_NOT_OUTCOME = re.compile(
    r"""medians? \s+ (?:duration \s+ of \s+ (?:follow|treatment|therapy|exposure)|follow|age|time \s+ (?:from|since|between|on) |
        (?:treatment|therapy|exposure) \s+ (?:duration|time) | (?:relative \s+)? dose | number | interval | observation | survival \s+ follow |
        exposure | (?:drug \s+)? exposure |
        (?:time \s+ to \s+ (?:the \s+)? onset) | dosing | days | (?:\(range\) \s+)? time \s+ to \s+ (?:the \s+)? onset
        | (?:of \s+ )? (?:the \s+)? (?:[\w-]+ \s+){0,3}? age \b)   # "the median of the prognostic factor age"
    """,
    X,
)

# Words before a time value that make it a schedule or a landmark, not a median:
#   "every 8 weeks", "within 28 days", "at 3 and 6 months", "for 12 months", "up to 24 months";
#   a difference written with a delta: "i.e. \u03949.4 months"
TIME_NOT_MEDIAN_BEFORE = re.compile(
    r"(?:\b(?:every|each|within|at|after|before|for|up\s+to|over|by|than|last|first|past|since|until|q|lasted|least|beyond)\s+"
    r"(?:\d+(?:\.\d+)?\s*(?:,|and|or|to|-)\s*)*|\bage[ds]?\s+|[\u2265\u2264<>\u0394\u2206]\s*)$",
    re.I,
)
# A clause that states differences, not medians: "median overall survival was improved by 3.6 months
# for women with rash and 1.1 months for men", "a median PFS benefit of 6.4 months"
DIFFERENCE_CONTEXT = re.compile(
    r"(?:improved|increased|prolonged|extended|lengthened|reduced|decreased|shortened)\s+by\b|\b(?:difference|gain|benefit|improvement|prolongation|extension)\s+(?:of|was|in)\b[^;]*$",
    re.I,
)
# ... and after it: "3 months longer", "2.1 months improvement", "24-month", "months after", "of follow-up"
TIME_NOT_MEDIAN_AFTER = re.compile(
    r"^(?:\s*(?:longer|shorter|more|less|improvement|gain|increase|difference|extension|benefit|prolongation|after|later|earlier|before|from|since|old|of\s+(?:follow|age|treatment|therapy)|or\s+(?:more|longer|less|shorter))\b|-)",
    re.I,
)

# "X vs Y months": a bare number joined to a following value that carries the unit
#   "median 2.8 vs. 4.2 months"  "(15.3 vs. 24.6 months; ...)"  "38.8 and 28.8 months"
NUM_BEFORE_UNIT_PARTNER = re.compile(
    r"""\s* (?:vs\.?|versus|and|compared\s+with|,) \s* (?:\d+(?:\.\d+)?) (?:\s*[(\[][^()\[\]]{0,40}[)\]])?   # "5.6 (4.2-7.1)"
        (?: \s* (?:vs\.?|versus|and|,) \s* \d+(?:\.\d+)? (?:\s*[(\[][^()\[\]]{0,40}[)\]])? )* \s*
        (?:months?|mos?\.?|weeks?|days?)(?![A-Za-z])""",
    X,
)

# Medians written as adjectives before the word: "showing 23.8-month vs. 13.0-month median PFS"
# One decimal time value as an adjective before a time-to-event endpoint: "surpassing the 3.8-month PFS in
# the placebo cohort" -- a median (a whole number, "12-month PFS", is a landmark, and so is any "... rate")
HYPHEN_MEDIAN_ONE = re.compile(
    r"""(?<![\w.])(?P<a>\d+\.\d+)-(?P<unit>month|week)s?\s+(?:median\s+)?
        (?:PFS|OS|DFS|TTP|EFS|RFS|DoR|progression[- ]free\s+survival|overall\s+survival|disease[- ]free\s+survival)\b
        (?!\s+(?:rates?|probabilit|estimates?))""",
    re.X | re.I,
)
HYPHEN_MEDIANS = re.compile(
    r"""(?<![\w.])(?P<a>\d+(?:\.\d+)?)-(?P<unit>month|week|day)s?
        \s* (?:vs\.?|versus|and|compared\s+with) \s* (?P<b>\d+(?:\.\d+)?)-(?:month|week|day)s? \s+ (?:median|mPFS|mOS)\b""",
    re.X | re.I,
)

# "X vs Y%": a bare number joined to a following percentage ("ORR: 64.3 vs. 33.3%", "(11 vs. 16%;")
# the bare first value of a pair that shares the second's percent sign: "64.3 vs. 33.3%", "9 and 3% in arms A and B"
NUM_BEFORE_PERCENT_PARTNER = re.compile(r"\s*(?:vs\.?|versus|and)\s*\d+(?:\.\d+)?\s?%", re.I)

# A percentage: "54.7%", "41.1 %", "24 per cent"
PERCENT = re.compile(r"(?<![A-Za-z0-9.])(?P<value>\d+(?:\.\d+)?)\s?(?:%|per\s?cent(?![A-Za-z]))", re.I)

# A landmark: "24-month PFS rate", "1 year overall survival", "5-year metastasis-free survival rates",
# "PFS at 6 months", "the 12-month OS rate"
LANDMARK = re.compile(
    r"(?<![A-Za-z0-9.])(?P<n>\d+(?:\.\d+)?|one|two|three|four|five|ten)[-\s](?P<unit>months?|years?|weeks?|yr)(?![A-Za-z])",
    re.I,
)

# ---------------------------------------------------------------- table cells (pipeline.tables)

# Right before a number (searched in the cell text up to it): the number is a bound, an
# approximation or a count, not an outcome value: ">10,000", "~100", "<0.1", "n = 120"
CELL_NOT_VALUE_BEFORE = re.compile(r"(?:[<>~\u2248\u2264\u2265]|(?<![A-Za-z])n\s?=)\s*$", re.I)
# Right after a number (anchored): a fold change or multiplier, "~87x", "3.2-fold", "10 \u00d7"
CELL_FOLD_AFTER = re.compile(r"\s?(?:x|\u00d7|-?fold)(?![A-Za-z])", re.I)
# Right after a number (anchored): the digit groups of a large count, the ",000" of "10,000"
THOUSANDS_TAIL = re.compile(r"(?:,\d{3})+(?![0-9])")
# A bracketed time after a cell's values: the landmark the rates are read at, not a value of its own
#   "89.9 vs 78.3 (12 mo)"  "75 vs 60 (18 mo)"  "54.7% (at 24 months)"
CELL_TIMEPOINT = re.compile(
    r"""(?<=\S) \s* \( \s* (?:at\s+)?
        (?P<n> \d{1,3} ) \s? (?P<unit> mo | mos | months? | m | yrs? | years? | wks? | weeks? ) \.?
        \s* \)""",
    re.I | X,
)
# A whole cell that states no value: "-", "--", "NA", "n/a", "not reported", "ND"
EMPTY_CELL = re.compile(r"[-\s]*|n/?a|N/?A|ND|not\s+(?:available|applicable|reported|assessed|done)", re.I)

# A whole ratio cell of a table whose header reads "HR (95% CI; P)": the value, then in one bracket
# its CI (or "NA" when the publication gives none) and its p-value, the p written with or without an
# operator and with no "P":
#   "0.58 (0.46-0.72; < 0.0001)"  "0.54 (NA; < 0.001)"  "1.01 (NA; 0.88)"  "0.80 (0.66-0.97; 0.02)"
RATIO_CI_P_CELL = re.compile(
    r"""
    (?P<value> \d+\.\d+ ) \*? \s*                                   # 0.58 (a footnote mark allowed)
    \( \s*
    (?: (?P<low> \d+(?:\.\d+)? ) \s? - \s? (?P<high> \d+(?:\.\d+)? )  # 0.46-0.72
      | (?P<no_ci> NA | NE | NR | n/?a | - ) )                       # NA: no CI given
    \s* ; \s*
    (?: p \s* (?:=|value\s*)? \s* )?                                 # an optional "P ="
    (?P<op> <=|>=|<|>|=|\u2264|\u2265 )? \s*
    (?P<p> 0?\.\d+ | 1(?:\.0+)? | NA )                               # < 0.0001, 0.88
    \s* \) \s* [*\u2020\u2021a-z]? \s*
    """,
    X,
)

# A cell of an unbracketed CI in a column of its own ("95% CI" under a ratio group): "0.65-0.85",
# "0.64-1.00*" (a footnote mark allowed).
BARE_CI_CELL = re.compile(r"(?P<low>\d+(?:\.\d+)?)\s?-\s?(?P<high>\d+(?:\.\d+)?)\s*[*\u2020\u2021]?")

# A header that names a CI column and nothing else: "95% CI", "CI", "(95% CI)".
CI_HEADER = re.compile(r"\(?\s*(?:\d{2}(?:\.\d+)?\s?%\s*)?(?:CI|C\.I\.|confidence\s+interval)s?\s*\)?", re.I)

# ---------------------------------------------------------------- space-aligned tables (pipeline.space_tables)

# One cell of a space-aligned line (``pdftotext -layout``): words joined by single spaces; cells are
# separated by two or more spaces. "Palbociclib + letrozole vs. placebo", "24.8 vs. 14.5".
SPACE_CELL = re.compile(r"\S+(?: \S+)*")

# A cell that holds a value, not a label (a full match; the detector needs numbers in the cells):
#   "24.8 vs. 14.5"  "0.58 (0.46-0.72)"  "NR vs. 40.0"  "279"  "33.7"  "-"  "\u22652"  "NR"
# Not "Palbociclib + letrozole vs. placebo", not "Median, months".
SPACE_VALUE_CELL = re.compile(
    r"""
    (?: [<>~\u2264\u2265] \s? )?
    (?: \d+(?:\.\d+)? %? | NR | NE | NA | - )                         # the first value
    [*\u2020\u2021]?
    (?: \s* (?: vs\.? | versus ) \s* (?: \d+(?:\.\d+)? %? | NR | NE | NA ) [*\u2020\u2021]? )?   # "vs. 14.5"
    (?: \s* \( [^()]{1,40} \) [*\u2020\u2021]? )?                      # "(0.46-0.72)", "(NA; < 0.001)"
    """,
    re.X,
)
