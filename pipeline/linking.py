"""Context for numbers: which trial, endpoint, arm, role and population a value belongs to.

Pure functions over the document text, its sentences and its entity mentions. The spaCy component in
:mod:`pipeline.components` is thin glue around :func:`link_document`.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace

from . import parsers
from .normalize import page_of
from .parsers import ValueMention
from .rules import EndpointRules, load_arm_roles, load_endpoint_rules, load_study_cues
from .schema import EntityMention, Outcome

_CUE_WORDS = sorted(load_arm_roles(), key=len, reverse=True)
ARM_CUE = re.compile(r"(?<![A-Za-z])(?:" + "|".join(re.escape(c) for c in _CUE_WORDS) + r")(?![A-Za-z])", re.I)
NAMED_GROUP = re.compile(
    r"\bthe\s+(?!(?:two|three|both|all|each|these|those|other|same|respective|treatment|study|age|dose|whole|entire|overall)\b)"
    r"(?P<name>[A-Za-z][\w+/-]*(?:\s+[\w+/-]+){0,3}?)\s+(?:group|arm|cohort)s?\b")
GROUP_LABEL = re.compile(r"\b(?:[Gg]roup|[Aa]rm|[Cc]ohort)\s+[A-Z0-9]{1,2}\b(?![-/])")
ARM_JOIN = re.compile(r"^\s*(?:\+|plus|/|-|with|and|combined\s+with|in\s+combination\s+with|,)\s*$", re.I)
# used with .match(text, pos): no "^" (it would only match at the start of the text)
RIGHT_ARM_LEAD = re.compile(
    # (the unit of an interval that closes the value first: "160 days (95% CI, 151.0-225.4 days) in the ...")
    r"(?:\s*(?:days|weeks|months|years)\b)?[\s,;:)\]%]*(?:of\s+\d+\s+(?:patients\s+|participants\s+)?|of\s+(?:the\s+)?(?:patients|those|participants|women|men)\s+(?=receiving|treated|given|assigned|allocated|randomi|who|in\s))?"
    # a count or an interval in brackets between the value and its arm: "7.7% (3 of 39 patients) in the
    # experimental arm", "160 days (95% CI, 151.0-225.4 days) in the experimental arm", "(n = 41)"
    r"(?:\([^()]{0,80}\)[\s,;]*)?(?:(?:with|for|in|among|on|receiving|by)\s+|(?=treated|given|assigned|allocated|randomi|who))"
    r"(?:the\s+|those\s+|patients\s+|participants\s+|women\s+|men\s+)?(?:(?:who\s+were\s+)?(?:assigned|allocated|randomi[sz]ed|treated|receiving|given)\s+(?:to\s+|with\s+)?)?",
    re.I,
)
DESIGN = re.compile(
    r"sample\s+size|\bpower\b|to\s+detect|assum|was\s+calculated|were\s+(?:required|needed)|would\s+(?:be\s+)?(?:provide|require|need|detect|have)|"
    r"expected\s+(?:to|that)|was\s+predicted|were\s+predicted|hypothesi[sz]ed|null\s+hypothesis|alternative\s+hypothesis|target(?:ed)?\s+(?:HR|hazard)",
    re.I,
)
PROGNOSTIC = re.compile(
    r"multivariat|multivariable|univariat|univariable|independent(?:ly)?\s+(?:prognostic|predictive|factor|associated)|prognostic\s+factor|"
    r"(?:risk|prognostic|predictive)\s+factors?",
    re.I,
)
INTERIM = re.compile(r"\binterim\b", re.I)
# which study a sentence's values belong to: cues in pipeline/data/study_cues.csv
_CUES = load_study_cues()
OTHER_STUDY, CITED_TRIAL, OWN_STUDY = _CUES["other_study"], _CUES["cited_trial"], _CUES["own_study"]
BACKGROUND_HEADING, SECTION_HEADING = _CUES["background_heading"], _CUES["section_heading"]
NEW_STUDY, _REVIEW, _REFERENCE_BEFORE = _CUES["new_study"], _CUES["review"], _CUES["reference"]
# citation numbers glued to a word or a full stop: "in advanced disease13 and ...", "the same setting.14" --
# cited work, unless the sentence names the report's own trial (its primary publication is cited too)
CITED = re.compile(r"(?<=[a-z]{4})\d{1,3}(?:[,\u2013-]\d{1,3})*(?=[\s,;)]|\.?$)|(?<=[a-z)])\.\d{1,3}(?:[,\u2013-]\d{1,3})*$")
# "a 46% reduction in disease progression or death risk", "a 66% reduction in the estimated risk for progression"
# a trial name in apposition: "JOSHUA, a phase IIa study of ..."
_OWN_APPOSITION = re.compile(r",\s+an?\s+(?:(?:[\w/-]+|phase\s+[IV]{1,3}[ab]?),?\s+){0,5}?(?:study|trial)\b")
DERIVED = re.compile(
    r"""(?P<pct>\d+(?:\.\d+)?)\s?%\s+(?:relative\s+)?(?:reduction|decrease)\s+in\s+(?:the\s+)?(?:[\w/-]+\s+){0,5}?(?:risk|hazard)\b
      | (?:risk|hazard)\s+of\s+(?:[\w/-]+\s+){0,6}?(?:was|were)\s+(?:significantly\s+)?(?:reduced|lowered|decreased)\s+by\s+(?P<pct2>\d+(?:\.\d+)?)\s?%
      | (?:reduced|lowered|decreased)\s+the\s+(?:relative\s+)?(?:risk|hazard)\s+of\s+(?:[\w/-]+\s+){0,6}?by\s+(?P<pct3>\d+(?:\.\d+)?)\s?%""",
    re.I | re.X)
# Two risk reductions in one phrase, each a derived HR: "a 47% (P = 0.0258) and 19% (P = 0.2613)
# respective reduction in risk"; "the corresponding risk reductions ... were 17 and 16%, respectively"
DERIVED_PAIR = re.compile(
    r"""(?P<a>\d+(?:\.\d+)?)\s?%\s*(?:\((?P<pa>[^()]{0,30})\))?\s*and\s+(?P<b>\d+(?:\.\d+)?)\s?%\s*(?:\((?P<pb>[^()]{0,30})\))?\s*
          (?:respective\s+)?(?:relative\s+)?(?:reduction|decrease)s?\s+in\s+(?:the\s+)?(?:risk|hazard)\b
      | (?:risk|hazard)\s+reductions\s+(?:[\w-]+\s+){0,6}?(?:were|of)\s+(?P<a2>\d+(?:\.\d+)?)\s?%?\s*and\s+(?P<b2>\d+(?:\.\d+)?)\s?%""",
    re.I | re.X)
# Population phrases. A sentence that opens with the group it is about:
#   "Among those who were KRAS mutation-positive, median overall survival was ..."
#   "For patients who received prior chemotherapy, the median PFS ..."   "In the prior chemotherapy group, ..."
#   "Patients with wild-type KRAS had median overall survival of ..."   "In the Japanese subgroup analysis, ..."
POPULATION_LEAD = re.compile(
    r"""^(?:(?:In|Among|For|Within)\s+(?:the\s+)?(?:subgroup\s+of\s+|subset\s+of\s+)?
          (?:(?:patients|those|participants|individuals)\s+(?:(?:who\s+(?:were|had|received|developed|did\s+not\s+develop)|with|without|whose|receiving|treated\s+with)\s+|(?=aged\s)))?
          (?P<a>[^,;()]{3,70}?)(?:\s+(?:group|subgroup|subset|cohort|population|patients|analysis|subgroup\s+analysis))?\s*(?:\(n\s*=\s*\d+\))?\s*,
       | (?:Patients|Those|Participants)\s+(?P<b>(?:with|without|who\s+(?:were|had|received|developed))\s+[^,;()]{3,60}?)\s+(?:had|showed|experienced|achieved|was|were|demonstrated)\b
    )""",
    re.X,
)
# ... or names it with "subgroup": "in the FGF pathway-amplified subgroup", "in the AKT pathway-altered subgroup"
POPULATION_SUBGROUP = re.compile(
    r"\b(?:in|among|for)\s+(?:the\s+)?(?P<p>[A-Za-z0-9][A-Za-z0-9/+\- ]{2,50}?)[\s-](?:subgroup|subset|cohort|population)s?\b"
)
# ... or after a value: "8.1 months ... versus 4.5 months (3.9-5.6) for women"
POPULATION_AFTER = re.compile(r"[\s,;)\]]*(?:for|in|among)\s+(?:the\s+)?(?P<p>women|men|males|females|(?:patients|those)\s+(?:with|without|aged|who)\s+[^,;()]{3,50}?)(?=\s*(?:,|;|\.|\)|$|and\b))", re.I)
# the subgroup label right before a bracketed ratio: "including ECOG PS 0 (HR 0.61", "and PS 1 (HR"
_LABEL_BEFORE_RATIO = re.compile(
    r"(?:\bincluding|\bsuch\s+as|\band|\bor|[,;:])\s+(?P<label>(?!including\b|such\s+as\b)[^(),;:]{2,40}?)\s*\(\s*(?:the\s+)?(?:HR|OR|hazard\s+ratio|odds\s+ratio)?[\s,:=]*$",
    re.I)
# words that make a disease phrase a subgroup: a biomarker state or a gene symbol
_BIOMARKER_CUE = re.compile(r"mutat|wild[- ]type|positive|negative|amplif|express|deficien|proficien|status|\b[A-Z][A-Z0-9]{2,}\b")
_NOT_POPULATION = re.compile(
    r"^(?:the\s+)?(?:overall|intention|itt|whole|entire|total|study|full|all|both|each|two|this|these|addition|contrast|summary|"
    r"general|particular|conclusion|comparison|patients|our|a|an)\b|(?:cancer|carcinoma|tumou?rs?|nsclc|disease|population)$",
    re.I,
)


@dataclass(frozen=True)
class LinkSettings:
    """Thresholds of the prose linker, in one place (pdfplumber's TableSettings)."""

    max_sentence_chars: int = 1500  # a longer "sentence" (a line with no stop) is read in pieces of this size
    table_line_min_chars: int = 300  # a "sentence" this long ...
    table_line_min_numbers: int = 16  # ... with this many numbers ...
    table_line_number_share: float = 0.35  # ... making up this share of its words is a table, not prose
    nct_after_name_chars: int = 25  # an NCT id at most this far after a trial name is that trial's registration
    arm_tail_chars: int = 14  # the text after an arm phrase read for a word that belongs to it ("group", "alone")
    alone_after_chars: int = 8  # ... and for "alone" that makes it the control


LINK_SETTINGS = LinkSettings()


@dataclass
class DocContext:
    doc_id: str
    text: str
    entities: list[EntityMention]
    page_starts: list[int] = field(default_factory=list)
    source: str = "text"
    endpoint_rules: EndpointRules = field(default_factory=load_endpoint_rules)
    extra_endpoints: dict[str, str] = field(default_factory=dict)  # document abbreviation -> code
    main_trial: str = ""
    main_nct: str = ""
    title_arms: tuple | None = None  # (experimental words, control words) from the title
    arm_labels: dict[str, tuple[str, ...]] = field(default_factory=dict)  # "GV" -> ("gemcitabine", "vismodegib")
    abbreviations: list[tuple[str, str]] = field(default_factory=list)  # (short, long) the document defines
    randomized_title: bool = False  # the title calls the report a randomised (or phase 2/3) trial
    protocol: bool = False  # a study protocol: no results of its own (:func:`is_protocol`)
    background: list[tuple[int, int]] = field(default_factory=list)  # introduction sections (:func:`background_spans`)

    def __post_init__(self):
        self.entities = sorted(self.entities, key=lambda e: (e.start, e.end))
        self._endpoints: list[tuple[int, int, str]] | None = None
        self._endpoint_starts: list[int] = []
        self._starts = [e.start for e in self.entities]
        self.trial_nct, self.nct_name = _trial_registrations(self.entities, self.main_trial, self.main_nct)
        self._label_re = _word_alternation(self.arm_labels, _LABEL_EDGE)
        self.foreign_shorts = _foreign_shorts(self.text, self.abbreviations, self.endpoint_rules, self.extra_endpoints)
        self.endpoint_rules = self.endpoint_rules.without(frozenset(self.foreign_shorts))
        self.hr_not_hazard = _hr_not_hazard(self.abbreviations)
        self._extra_re = _word_alternation(self.extra_endpoints, _EXTRA_ENDPOINT_EDGE)

    def in_background(self, pos: int) -> bool:
        return any(a <= pos < b for a, b in self.background)

    def entities_in(self, start: int, end: int, label: str | None = None) -> list[EntityMention]:
        i = bisect_left(self._starts, start)
        j = bisect_right(self._starts, end)
        return [e for e in self.entities[i:j] if e.end <= end and (label is None or e.label == label)]

    def endpoints_in(self, start: int, end: int) -> list[tuple[int, int, str]]:
        """Endpoint phrases inside ``text[start:end]`` (found once for the whole document)."""
        if self._endpoints is None:
            self._endpoints = self._find_endpoints()
            self._endpoint_starts = [f[0] for f in self._endpoints]
        i = bisect_left(self._endpoint_starts, start)
        j = bisect_left(self._endpoint_starts, end)
        return [f for f in self._endpoints[i:j] if f[1] <= end]

    def _find_endpoints(self) -> list[tuple[int, int, str]]:
        # the prose stage and each table stage build a context for the same text: scan it once
        key = (id(self.endpoint_rules), tuple(sorted(self.extra_endpoints.items())), frozenset(self.foreign_shorts))
        cached = _ENDPOINT_SCAN.get("last")
        if cached and cached[0] is self.text and cached[1] == key:
            return cached[2]
        out = self._scan_endpoints()
        _ENDPOINT_SCAN["last"] = (self.text, key, out)
        return out

    def _scan_endpoints(self) -> list[tuple[int, int, str]]:
        found = self.endpoint_rules.find(self.text)
        if self.foreign_shorts:
            found = [f for f in found if self.text[f[0] : f[1]] not in self.foreign_shorts]
        if self._extra_re:
            found += [(m.start(), m.end(), self.extra_endpoints[m.group(0)]) for m in self._extra_re.finditer(self.text)]
            found.sort()
        # a longer phrase wins over a phrase inside it
        out = []
        for f in found:
            if out and f[0] < out[-1][1]:
                if f[1] - f[0] > out[-1][1] - out[-1][0]:
                    out[-1] = f
                continue
            out.append(f)
        return out


# the characters that may not touch a document's arm label ("GV") or endpoint abbreviation on either side
_LABEL_EDGE = "A-Za-z0-9-"
_EXTRA_ENDPOINT_EDGE = "A-Za-z0-9"


def _word_alternation(words, edge: str) -> re.Pattern | None:
    """One pattern for the words (longest first), none of ``edge``'s characters next to them; None for none."""
    if not words:
        return None
    alts = "|".join(re.escape(k) for k in sorted(words, key=len, reverse=True))
    return re.compile(r"(?<![" + edge + r"])(?:" + alts + r")(?![" + edge + r"])")


def _trial_registrations(entities: list[EntityMention], main_trial: str, main_nct: str,
                         settings: LinkSettings | None = None) -> tuple[dict[str, str], dict[str, str]]:
    """``(trial name -> NCT id, NCT id -> trial name)``. An NCT id stands for the named trial it belongs to:
    by the registry, or written beside its name ("the phase II MAINTAIN trial (NCT02632045)"); the
    report's own trial's name, number and registration are one trial (the name canonical, the
    registration its id)."""
    gap = (settings or LINK_SETTINGS).nct_after_name_chars
    trial_nct = {e.canonical: e.id for e in entities if e.label == "TRIAL" and e.id.startswith("NCT")
                 and not e.canonical.startswith("NCT")}
    nct_name: dict[str, str] = {nct: name for name, nct in trial_nct.items()}
    trials = [e for e in entities if e.label == "TRIAL"]
    for a, b in zip(trials, trials[1:]):
        if b.canonical.startswith("NCT") and not a.canonical.startswith("NCT") and 0 <= b.start - a.end <= gap \
                and b.canonical not in nct_name:
            nct_name[b.canonical] = a.canonical
            trial_nct.setdefault(a.canonical, b.canonical)
    if main_trial and main_nct and main_trial != main_nct:
        nct_name.setdefault(main_nct, main_trial)
        trial_nct.setdefault(main_trial, main_nct)
    return trial_nct, nct_name


def _foreign_shorts(text: str, abbreviations: list[tuple[str, str]], rules: EndpointRules,
                    extra_endpoints: dict[str, str]) -> set[str]:
    """Endpoint abbreviations the document spends on something else: "Sprague-Dawley (SD) rats", "SD,
    standard deviation" -- there "SD" is not stable disease; "mean (SD)", "mean +/- SD" too, unless the
    document defines SD as stable disease."""
    out = {short for short, long in abbreviations
           if rules.code_of(short) and rules.code_of(short) not in {c for *_, c in rules.find(long)}
           and short not in extra_endpoints}
    if _statistic_sd(text) and not any(s == "SD" and "stable" in l.lower() for s, l in abbreviations):
        out.add("SD")
    return out


def _hr_not_hazard(abbreviations: list[tuple[str, str]]) -> bool:
    """"heart rate (HR)": the document's HR is no hazard ratio."""
    return any(s.rstrip("s") == "HR" and "hazard" not in l.lower() for s, l in abbreviations)


# the last document's endpoint scan: (text, key, endpoints) -- one entry, so it holds one text at most
_ENDPOINT_SCAN: dict[str, tuple] = {}


# a standard deviation written as "SD": "Mean (SD)", "mean +/- SD", "(+/-SD)", "SD = standard deviation"
_SD_BEFORE = re.compile(r"(?:\bmeans?\s*(?:\(\s*|\u00b1\s*|\+/-\s*|,\s*)|\u00b1\s*)$", re.I)
_SD_AFTER = re.compile(r"s?\s*[,=:]?\s*standard\s+deviation", re.I)


def _statistic_sd(text: str) -> bool:
    """Whether the text writes "SD" for a standard deviation (each "SD" looked at, not every position)."""
    p = text.find("SD")
    while p != -1:
        if (p == 0 or not text[p - 1].isalnum()) and (p + 2 >= len(text) or not text[p + 2].isalnum() or text[p + 2] == "s"):
            if _SD_BEFORE.search(text, max(0, p - 12), p) or _SD_AFTER.match(text, p + 2):
                return True
        p = text.find("SD", p + 2)
    return False


# ---------------------------------------------------------------- document-level facts


def endpoint_abbreviations(pairs: list[tuple[str, str]], rules: EndpointRules) -> dict[str, str]:
    """Short forms a document defines for endpoints: ``time to strategy failure (TSF)`` -> TSF.

    A long form that is a known endpoint phrase maps the short form to its code; an unknown long form
    that reads like an endpoint (``... survival``, ``... response rate``, ``time to ...``) makes the
    short form a code of its own.
    """
    out = {}
    for short, long in pairs:
        long = re.sub(r"^median\s+", "", long, flags=re.I)  # "median progression-free survival (mPFS)" is PFS
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9-]{1,7}", short) or short.lower() in ("hr", "ci", "or", "rr"):
            continue
        code = rules.code_of(long)
        if not code:
            if re.search(r"(?:survival|response(?:\s+rate)?|control\s+rate|benefit\s+rate)$|^(?:time\s+)?to\s+\w", long, re.I):
                # (scispaCy's long form of "time to strategy failure (TSF)" is "to strategy failure")
                code = short.upper() if not re.fullmatch(r"[a-z]+[A-Z]+", short) else short
        if code:
            out[short] = code
    return out


def find_main_trial(text: str, entities: list[EntityMention]) -> tuple[str, str]:
    """The document's own trial: a trial named in the title or the first paragraphs (at least twice
    in the document), else the only NCT id the document gives. Returns ``(name, nct_id)``; a named
    trial with no NCT id of its own takes the only registration the report gives in its first third."""
    trials = [e for e in entities if e.label == "TRIAL"]
    if not trials:
        return "", ""
    if is_review(text, trials) and not _title_trials(text, trials):
        return "", ""  # a review reports many trials in turn: none is its own
    name, nct = _own_trial(text, trials)
    ncts = _early_registrations(text, trials)
    if name and not nct and len(ncts) == 1:
        nct = ncts[0]
    return name, nct


def background_spans(text: str) -> list[tuple[int, int]]:
    """The introduction or background sections of a report, each from its heading to the next section
    heading (cues in pipeline/data/study_cues.csv). A section with no heading after it is not taken: where
    it ends is not known."""
    spans: list[tuple[int, int]] = []
    for m in BACKGROUND_HEADING.finditer(text):
        if spans and m.start() < spans[-1][1]:
            continue
        ends = [n.start() for n in (SECTION_HEADING.search(text, m.end() + 1), BACKGROUND_HEADING.search(text, m.end() + 1)) if n]
        if ends:
            spans.append((m.end(), min(ends)))
    return spans


def is_review(text: str, trials: list[EntityMention], head_chars: int = 3000, min_trials: int = 3) -> bool:
    """Whether a document is a review of several trials: it says so near its start and names at least
    ``min_trials`` different trials."""
    names = {e.canonical for e in trials if not e.canonical.startswith("NCT")}
    if len(names) < min_trials:
        return False
    title = re.search(r"\S[^\n\f]*", text)
    return bool(_REVIEW.search(text, 0, head_chars) or (title and _REVIEW_TITLE.search(title.group(0))))


# a title that calls the document a review ("...: a review of the first-line phase 3 trials")
_REVIEW_TITLE = re.compile(r"\b(?:a|an)\s+(?:\w+\s+)?review\b|\breview\s*$|^\s*review\b", re.I)


def _title_trials(text: str, trials: list[EntityMention]) -> list[EntityMention]:
    """The trials named in the title: the first line, when it reads as a title (short, no closing full
    stop)."""
    first_para = re.search(r"\S[^\n\f]*", text)
    title_end = 0
    if first_para and len(first_para.group(0)) <= 400 and not first_para.group(0).rstrip().endswith("."):
        title_end = first_para.end()
    return [e for e in trials if e.start < title_end and not e.canonical.startswith("NCT")]


@dataclass(frozen=True)
class OwnTrialSettings:
    """Where a report names its own trial, in characters or shares of the text (one place, as
    :class:`LinkSettings`)."""

    bracket_share: float = 0.4  # "a phase III trial (SUN 1107)" counts in this first share of the text ...
    bracket_min_chars: int = 3000  # ... or in this many first characters, whichever is more
    bracket_before: int = 12  # the text before the name that "trial (" is looked for in
    apposition_before: int = 200  # how far back (within the sentence) "Here we present ..." is looked for
    sentence_after: int = 200  # the text after a bracketed name read for cues of other studies
    head_min_chars: int = 600  # a trial named in the first max(head_min_chars, len / head_divisor) ...
    head_divisor: int = 12
    min_mentions: int = 2  # ... at least this many times in the document is its own
    registration_divisor: int = 3  # a registration in the first third (title, abstract, methods) is its own


OWN_TRIAL_SETTINGS = OwnTrialSettings()

# "a randomized phase III trial (": the name in brackets after the word is the report's own trial
_TRIAL_BRACKET_BEFORE = re.compile(r"""
    \b (?:trial | study) \s* \( \s* $
""", re.X)


def _own_trial(text: str, trials: list[EntityMention], settings: OwnTrialSettings | None = None) -> tuple[str, str]:
    """``(name, nct_id)`` of the report's own trial: one named in the title, else one it introduces as its
    own, else one that dominates its first paragraphs (else its only early registration)."""
    s = settings or OWN_TRIAL_SETTINGS
    in_title = _title_trials(text, trials)
    if in_title:  # a trial named in the title is the document's own
        return in_title[0].canonical, _nct_of(in_title[0])
    introduced = _introduced_trial(text, trials, s)
    if introduced is not None:
        return introduced.canonical, _nct_of(introduced)
    return _dominant_trial(text, trials, s)


def _nct_of(e: EntityMention) -> str:
    return e.id if e.id.startswith("NCT") else ""


def _introduced_trial(text: str, trials: list[EntityMention], s: OwnTrialSettings) -> EntityMention | None:
    """A trial the report introduces as its own in its first 40%: in apposition ("JOSHUA, a phase IIa
    study of ...") after a cue of its own study, or in brackets after the word, outside a sentence that
    cites other work."""
    limit = max(s.bracket_share * len(text), s.bracket_min_chars)
    for e in trials:
        if e.canonical.startswith("NCT") or e.start > limit:
            continue
        if _own_apposition(text, e, s) or _own_in_brackets(text, e, s):
            return e
    return None


def _own_apposition(text: str, e: EntityMention, s: OwnTrialSettings) -> bool:
    """"Here we present the results of JOSHUA, a phase IIa study of ...": a report names its own trial."""
    if not _OWN_APPOSITION.match(text, e.end):
        return False
    return bool(OWN_STUDY.search(text[max(0, text.rfind(". ", 0, e.start), e.start - s.apposition_before) : e.start]))


def _own_in_brackets(text: str, e: EntityMention, s: OwnTrialSettings) -> bool:
    """"a randomized phase III trial (SUN 1107) was initiated" -- but "The second trial (REAL 2) ...
    demonstrated that ...": one of the studies an introduction cites."""
    if not _TRIAL_BRACKET_BEFORE.search(text[max(0, e.start - s.bracket_before) : e.start]):
        return False
    sent_start = max(text.rfind(". ", 0, e.start), text.rfind("\n", 0, e.start)) + 1
    sent_end = text.find(". ", e.end)
    sentence = text[sent_start : min(e.end + s.sentence_after, sent_end if sent_end > 0 else len(text))]
    return not OTHER_STUDY.search(sentence) and not CITED_TRIAL.search(sentence)


def _early_registrations(text: str, trials: list[EntityMention], s: OwnTrialSettings | None = None) -> list[str]:
    """The NCT ids given in the first third of the text (title, abstract, methods), sorted."""
    third = len(text) // (s or OWN_TRIAL_SETTINGS).registration_divisor
    return sorted({e.canonical for e in trials if e.canonical.startswith("NCT") and e.start < third})


def _dominant_trial(text: str, trials: list[EntityMention], s: OwnTrialSettings) -> tuple[str, str]:
    """A trial named in the first paragraphs that dominates the document, with its registration (else
    the only registration given early, which then names the trial too)."""
    head = max(s.head_min_chars, len(text) // s.head_divisor)
    named = [e for e in trials if e.start < head and not e.canonical.startswith("NCT")]
    name = _dominant_name(named, _mention_counts(trials), s.min_mentions)
    nct = next((e.id for e in trials if e.canonical == name and e.id), "") if name else ""
    ncts = _early_registrations(text, trials, s)
    if not nct and len(ncts) == 1:
        nct = ncts[0]
    return name or nct, nct


def _mention_counts(trials: list[EntityMention]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for e in trials:
        counts[e.canonical] = counts.get(e.canonical, 0) + 1
    return counts


def _dominant_name(named: list[EntityMention], counts: dict[str, int], min_mentions: int) -> str:
    """The first early name, else the most frequent, if named ``min_mentions`` times -- and, since a review
    names many trials early, only if it outnumbers all the other trials' mentions together."""
    if not named:
        return ""
    first = named[0].canonical
    best = max(named, key=lambda e: (counts[e.canonical], -e.start)).canonical
    name = first if counts[first] >= min_mentions else (best if counts[best] >= min_mentions else "")
    others = sum(v for k, v in counts.items() if k != name and not k.startswith("NCT"))
    return "" if name and others > counts[name] else name


# ---------------------------------------------------------------- arms


@dataclass(frozen=True)
class Arm:
    start: int
    end: int
    text: str
    drugs: tuple[str, ...]  # canonical names, placebo included, in order
    role: str  # "ctl", "exp" or ""


# a unit of an arm phrase: (start, end, name, kind); kind is "drug", "cue" (placebo, best supportive
# care), "group" (group B), "label" (an arm label the document defines) or "named" (the twice-daily group)
_Unit = tuple
# units that make an arm of their own: never joined to the drugs and cues beside them
_STANDALONE_UNITS = frozenset({"group", "label", "named"})
# a word after an arm phrase that belongs to it: "the placebo group", "letrozole alone"
_ARM_TAIL = re.compile(r"""
    \s+ (?:group | arm | alone | monotherapy) \b
""", re.X | re.I)
_ALONE = re.compile(r"\balone\b")
# "chemotherapy alone", "fulvestrant alone" right after the arm: the arm without the added drug
_ALONE_AFTER = re.compile(r"\s+ alone \b", re.X | re.I)
_LETTERS = re.compile(r"[a-z]+")


def find_arms(ctx: DocContext, start: int, end: int) -> list[Arm]:
    """Arm phrases in ``text[start:end]``: runs of drugs (``palbociclib + fulvestrant``), control
    cues (``placebo``, ``best supportive care``) and group labels (``group B``)."""
    units = _arm_units(ctx, start, end)
    units, label_drugs = _label_units(ctx, start, end, units)
    units, named_drugs = _named_group_units(ctx.text, start, end, units)
    units.sort()
    roles = load_arm_roles()
    return [_arm_of_run(ctx, run, label_drugs, named_drugs, roles) for run in _unit_runs(ctx.text, units)]


def _arm_units(ctx: DocContext, start: int, end: int) -> list[_Unit]:
    """The drugs, cue words and group labels of ``text[start:end]`` -- a cue word inside an endpoint's
    name is not an arm: "disease control rate", "local control"."""
    text = ctx.text
    units = [(e.start, e.end, e.canonical, "drug") for e in ctx.entities_in(start, end, "DRUG")]
    eps = ctx.endpoints_in(start, end)
    units += [(m.start(), m.end(), m.group(0).lower(), "cue") for m in ARM_CUE.finditer(text, start, end)
              if not any(s <= m.start() and m.end() <= e for s, e, _ in eps)]
    units += [(m.start(), m.end(), "", "group") for m in GROUP_LABEL.finditer(text, start, end)]
    return units


def _label_units(ctx: DocContext, start: int, end: int, units: list[_Unit]) -> tuple[list[_Unit], dict[int, tuple[str, ...]]]:
    """The units with the arm labels the document defines added ("gemcitabine plus vismodegib (GV)" ...
    "GV: complete response"), and each label's drugs by its start."""
    units = list(units)
    label_drugs: dict[int, tuple[str, ...]] = {}
    if ctx._label_re is None:
        return units, label_drugs
    for m in ctx._label_re.finditer(ctx.text, start, end):
        if not any(u[0] < m.end() and m.start() < u[1] for u in units):
            label_drugs[m.start()] = ctx.arm_labels[m.group(0)]
            units.append((m.start(), m.end(), m.group(0), "label"))
    return units, label_drugs


def _named_group_units(text: str, start: int, end: int, units: list[_Unit]) -> tuple[list[_Unit], dict[int, list[str]]]:
    """The units with the named groups in place of the drugs inside them ("the twice-daily group", "the
    chemotherapy plus bevacizumab group": one arm), and each named group's drugs by its start."""
    units = list(units)
    named_drugs: dict[int, list[str]] = {}
    for m in NAMED_GROUP.finditer(text, start, end):
        ns, ne = m.start("name"), m.end()
        if any(u[3] in ("cue", "group") and u[0] < ne and ns < u[1] for u in units):
            continue
        inside = [u for u in units if u[3] == "drug" and ns <= u[0] and u[1] <= ne]
        if any(u[3] == "drug" and u[0] < ne and ns < u[1] and u not in inside for u in units):
            continue
        units = [u for u in units if u not in inside]
        named_drugs[ns] = [u[2] for u in inside]
        units.append((ns, ne, m.group("name").lower(), "named"))
    return units, named_drugs


def _unit_runs(text: str, units: list[_Unit]) -> list[list[_Unit]]:
    """Sorted units in runs, one per arm: drugs and cues joined by "+", "plus", "with", "and" make one
    arm; labels and groups stand alone; a unit overlapping the run before it is dropped."""
    runs: list[list[_Unit]] = []
    for u in units:
        if runs and u[0] < runs[-1][-1][1]:
            continue
        last = runs[-1][-1] if runs else None
        if last and ARM_JOIN.match(text[last[1] : u[0]]) and not {u[3], last[3]} & _STANDALONE_UNITS:
            runs[-1].append(u)
        else:
            runs.append([u])
    return runs


def _arm_of_run(ctx: DocContext, run: list[_Unit], label_drugs: dict, named_drugs: dict, roles: dict) -> Arm:
    s, e = run[0][0], run[-1][1]
    tail = _ARM_TAIL.match(ctx.text[e : e + LINK_SETTINGS.arm_tail_chars])
    if tail:
        e += tail.end()
    role = _run_role(ctx.text, run, label_drugs, roles)
    if not role and ctx.title_arms:
        role = _title_role(ctx.text[s:e], ctx.title_arms)
    return Arm(s, e, ctx.text[s:e], tuple(_run_drugs(run, label_drugs, named_drugs)), role)


def _run_drugs(run: list[_Unit], label_drugs: dict, named_drugs: dict) -> list[str]:
    """The drugs of one arm, in order, once each (placebo included; a group label names none)."""
    drugs: list[str] = []
    for u in run:
        for name in _unit_names(u, label_drugs, named_drugs):
            if u[3] != "group" and name and name not in drugs and (u[3] in ("drug", "named", "label") or name == "placebo"):
                drugs.append(name)
    return drugs


def _unit_names(u: _Unit, label_drugs: dict, named_drugs: dict) -> list[str]:
    if u[3] == "named":
        return named_drugs.get(u[0], [])
    if u[3] == "label":
        return list(label_drugs.get(u[0], ()))
    return ["placebo" if u[3] == "cue" and u[2].startswith("placebo") else u[2]]


def _run_role(text: str, run: list[_Unit], label_drugs: dict, roles: dict) -> str:
    """``ctl`` or ``exp`` by the run's cue words (a named group's words too), else ``""``; an arm "alone"
    or a label with placebo is the control."""
    cued = {roles.get(u[2]) for u in run if u[3] == "cue"}
    cued |= {roles.get(w) for u in run if u[3] == "named" for w in _LETTERS.findall(u[2])}
    if _run_alone(text, run, label_drugs):
        cued.add("ctl")
    return "ctl" if "ctl" in cued else "exp" if "exp" in cued else ""


def _run_alone(text: str, run: list[_Unit], label_drugs: dict) -> bool:
    end = run[-1][1]
    return (any(u[3] == "named" and _ALONE.search(u[2]) for u in run)
            or bool(_ALONE_AFTER.match(text[end : end + LINK_SETTINGS.alone_after_chars]))
            or any(u[3] == "label" and "placebo" in label_drugs.get(u[0], ()) for u in run))


def _words(s: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", s.lower())) - {"the", "with", "and", "plus", "group", "arm", "of", "in"}


def arm_labels(pairs: list[tuple[str, str]], entities: list[EntityMention]) -> dict[str, tuple[str, ...]]:
    """Short forms the document defines for regimens: ``gemcitabine plus vismodegib (GV)``,
    ``gemcitabine plus placebo (GP)`` -> drugs in order (placebo kept)."""
    names = {}
    for e in entities:
        if e.label == "DRUG":
            names.setdefault(e.text.lower(), e.canonical)
    out = {}
    for short, long in pairs:
        if not re.fullmatch(r"[A-Z][A-Za-z0-9-]{0,9}", short):
            continue
        low = long.lower()
        found = sorted((low.find(n), c) for n, c in names.items() if re.search(r"(?<![a-z])" + re.escape(n) + r"(?![a-z])", low))
        drugs = list(dict.fromkeys(c for _, c in found))
        if re.search(r"\bplacebo\b", low):
            drugs.append("placebo")
        # a regimen is two or more agents, or one joined to placebo ("Bev" alone is just the drug)
        if len(drugs) >= 2:
            out[short] = tuple(drugs)
    return out


# table footnotes define abbreviations as "BEV = bevacizumab; Plb = placebo" or "CI, confidence interval;"
_FOOTNOTE_DEF = re.compile(r"(?:^|;\s*|\.\s+)(?P<short>[A-Za-z][A-Za-z0-9-]{0,9})\s*(?:=|,)\s*(?P<long>[A-Za-z][\w /+-]{2,60}?)\s*(?=;|\.?$|\.\s)", re.M)


def footnote_definitions(text: str) -> list[tuple[str, str]]:
    """(short, long) pairs from abbreviation lists such as table footnotes: a line of at least two
    ``X = long`` or ``X, long`` items separated by semicolons."""
    out = []
    for line in re.split(r"[\n\f]", text):  # (a regex for "a line with a semicolon" is quadratic on long lines)
        if ";" not in line:
            continue
        items = list(_FOOTNOTE_DEF.finditer(line))
        if len(items) >= 2:
            out.extend((m.group("short"), m.group("long").strip()) for m in items)
    return out


# a protocol's sections: "METHODS/DESIGN", "Methods and design" (BMC's study-protocol articles), and no results
_DESIGN_SECTION = re.compile(r"^\s*(?:ABSTRACT\.|BODY\.)?METHODS?\s*(?:/|AND|&)?\s*DESIGN\b|^\s*Methods?\s*(?:/|and)\s*design\s*$", re.M)
_RESULTS_SECTION = re.compile(r"^\s*(?:ABSTRACT\.|BODY\.)?(?:[A-Z ]+\.)?RESULTS?\b|^\s*Results\s*:?\s*$", re.M)
_PROTOCOL_TITLE = re.compile(r"\A\s*(?:TITLE:\s*)?[^\n]{0,300}\b(?:study|trial)\s+protocol\b", re.I)


def is_protocol(text: str) -> bool:
    """Whether a document is a study protocol (it designs a trial and reports no results): a "study
    protocol" title, or methods-and-design sections with no results section."""
    return bool(_PROTOCOL_TITLE.match(text)) or (bool(_DESIGN_SECTION.search(text)) and not _RESULTS_SECTION.search(text))


def randomized_title(text: str) -> bool:
    """Whether the title (first line) reports a randomised or phase 2/3 trial, and not a review of them."""
    first = re.search(r"\S[^\n\f]*", text)
    if not first or len(first.group(0)) > 400:
        return False
    title = first.group(0)
    return bool(re.search(r"\brandomi[sz]ed\b|\bphase\s+(?:II|III|2|3)\b", title, re.I)) and \
        not re.search(r"\b(?:review|meta-analys[ie]s|overview)\b", title, re.I)


def title_arms(text: str) -> tuple[set[str], set[str]] | None:
    """The words of the experimental and the control arm a report's title compares: "Concurrent
    once-daily versus twice-daily chemoradiotherapy" -> ({concurrent, once-daily}, {twice-daily, ...});
    "chemotherapy with or without bevacizumab" -> the arm with it is experimental."""
    first = re.search(r"\S[^\n\f]*", text)
    if not first or len(first.group(0)) > 400 or first.group(0).rstrip().endswith("."):
        return None  # no title line: a document that starts with a sentence
    title = re.sub(r"^TITLE:\s*", "", first.group(0))
    m = re.search(r"([\w+/-]+(?:\s+[\w+/-]+){0,3})\s+(?:versus|vs\.?|compared\s+with)\s+([\w+/-]+(?:\s+[\w+/-]+){0,3})", title, re.I)
    if m:
        return _words(m.group(1)), _words(m.group(2))
    return None


def _title_role(arm_text: str, arms: tuple[set[str], set[str]]) -> str:
    w = _words(arm_text)
    exp, ctl = w & arms[0], w & arms[1]
    if exp and not ctl:
        return "exp"
    if ctl and not exp:
        return "ctl"
    return ""


# ---------------------------------------------------------------- sentences


@dataclass
class _State:
    trial: str = ""
    endpoint: str = ""
    hr_context: bool = False  # the previous sentence gave hazard ratios
    # a caption-less flattened table whose header cells are endpoints ("ORRa", "DCRa", "PFSb", "OSb"),
    # each following cell line taking the next column's endpoint
    trial_age: int = 0  # sentences since ``trial`` was named (1: the previous sentence)
    previous: str = ""  # the previous sentence
    _context: str | None = None

    @property
    def rate_context(self) -> str:
        """The previous sentence's rate trigger ("responding to treatment"), found when first asked for
        (a regex scan of every sentence cost a tenth of the run; few sentences need it)."""
        if self._context is None:
            m = parsers.RATE_TRIGGER.search(self.previous)
            self._context = m.group(0) if m else ""
        return self._context
    columns: list = field(default_factory=list)
    column_i: int = 0
    in_header: bool = False
    section_endpoint: str = ""  # the endpoint the current section's heading names
    section_trial: str = ""  # the trial the current section's heading names ("Cetuximab: CRYSTAL")


_HEADER_CELL = re.compile(r"\s*(?P<ep>[A-Za-z][A-Za-z -]{1,40}?)[a-e\u2020\u2021*]?\s*")


def link_document(ctx: DocContext, sentences: list[tuple[int, int]], paragraphs: list[tuple[int, int]]) -> list[Outcome]:
    """Every outcome of the document's prose, linked to trial, endpoint, arm and population."""
    text = ctx.text
    outcomes: list[Outcome] = []
    state = _State()
    para_i = 0
    pending = ""  # this sentence, the next one's context
    for s_start, s_end in bounded_sentences(text, sentences):
        while para_i < len(paragraphs) - 1 and paragraphs[para_i][1] <= s_start:
            _leave_paragraph(ctx, state, paragraphs[para_i], paragraphs[para_i + 1])
            para_i += 1
        sentence = text[s_start:s_end]
        if "\t" in sentence or (sentence.lstrip().startswith("|") and sentence.count("|") >= 3) or _table_line(sentence):
            # table rows (tab-separated or Markdown pipes) are read by the table stage; a whole table
            # written on one line with its cells separated by spaces is not prose either
            continue
        state.trial_age += 1
        state.previous, state._context, pending = pending, None, sentence
        mentions = _mentions(sentence, state, ctx.hr_not_hazard)
        _track_columns(ctx, s_start, s_end, sentence, bool(mentions), state)
        trials_here = [e for e in ctx.entities_in(s_start, s_end, "TRIAL")]
        if not mentions and not ("%" in sentence and (DERIVED.search(sentence) or DERIVED_PAIR.search(sentence))):
            if trials_here:
                _name_trial(ctx, state, trials_here)
            elif ctx.main_trial and (NEW_STUDY.search(sentence) or OWN_STUDY.search(sentence)):
                state.trial = ""  # "We already performed the phase I trial ...": no longer the trial named before
            eps = ctx.endpoints_in(s_start, s_end)
            if eps:
                state.endpoint = eps[-1][2]
            state.hr_context = False
            continue
        rows = _link_sentence(ctx, s_start, sentence, mentions, trials_here, state)
        # a median with no endpoint in its sentence or the heading before it is a treatment duration
        # or an exposure, not an outcome
        # (a rate with no endpoint is a share of patients, not an efficacy rate)
        rows = [r for r in rows if r.endpoint or r.measure not in ("median", "rate")]
        outcomes.extend(rows)
        if trials_here:
            _name_trial(ctx, state, trials_here)
        state.hr_context = any(m.measure == "hr" and m.explicit for m in mentions)
    return _fill_document_arms(ctx, outcomes)


def _name_trial(ctx: DocContext, state: _State, trials_here: list[EntityMention]) -> None:
    """The trial the sentence names goes on as the paragraph's: the last it names, unless only to compare
    with ("In contrast to FIRE-3, ..."), or one of a list of three or more."""
    own = [t for t in trials_here if not _REFERENCE_BEFORE.search(ctx.text, max(0, t.start - 40), t.start)]
    if len({t.canonical for t in trials_here}) >= 3:
        own = []  # "... trials of trametinib [NCT01553851, NCT01682083, NCT01362296]": a list names no one trial
        state.trial = ""
    if own:
        state.trial = ctx.nct_name.get(own[-1].canonical, own[-1].canonical)
    state.trial_age = 0


def _leave_paragraph(ctx: DocContext, state: _State, para: tuple[int, int], nxt: tuple[int, int]) -> None:
    """The state for the paragraph after ``para``: a heading sets the section's endpoint and trial; the
    trial a paragraph is about does not carry into the next one (the section's trial does), unless the
    next one goes on about its arms ("Overall survival was better in the erlotinib arm ...")."""
    text = ctx.text
    p0, p1 = para
    short = p1 - p0 < 80  # a heading or a table cell
    heading = short and bool(_HEADING.match(text, p0, p1))
    if heading:
        eps = ctx.endpoints_in(p0, p1)
        state.section_endpoint = eps[0][2] if eps else ""
    if short and _section_heading(text, para, nxt):
        # "Cetuximab: CRYSTAL", "FIRE-3", "Discussion": the section is about the trial its heading names
        trials = ctx.entities_in(p0, p1, "TRIAL")
        state.section_trial = ctx.nct_name.get(trials[-1].canonical, trials[-1].canonical) if trials else ""
        state.trial = state.section_trial
    if not short or heading:
        if ctx.main_trial or heading or not _continues_study(text[p1 : p1 + 300]):
            state.trial = "" if ctx.main_trial else state.section_trial
        state.endpoint = state.section_endpoint
        state.hr_context = False


# a section heading by its form: a short line starting with a capital, no stop, no table cells
_SECTION_HEADING = re.compile(r"\s*[A-Z][^\t\n.;]{0,78}?(?<![,;:])\s*$")


def _section_heading(text: str, para: tuple[int, int], nxt: tuple[int, int]) -> bool:
    """Whether a short line is a section heading: heading-like, and followed by running prose (a long
    paragraph or a sentence with its stop), not by more short cells of a table written one per line."""
    if not _SECTION_HEADING.fullmatch(text, *para) or len(text[para[0]:para[1]].split()) > 12:
        return False
    following = text[nxt[0]:nxt[1]]
    return "\t" not in following and (len(following) >= 80 or following.rstrip().endswith("."))


RATIOS = ("hr", "or", "rr")
# a paragraph that opens on another study than the one before it: "A phase II study of ...", "In another trial"
_OPENS_STUDY = re.compile(r"\s*(?:[A-Z][\w,]*\s+){0,6}?(?:an?|another|other|one|two|three|several|many|\d+)\s+(?:[\w/-]+\s+){0,4}?"
                          r"(?:stud(?:y|ies)|trials?|analys[ie]s|series|reports?)\b")


# the arms of the study just described, referred to as known: "in the erlotinib arm", "both groups"
_THE_ARMS = re.compile(r"\b(?:the|both|each)\s+(?:[\w+/-]+\s+){0,3}?(?:arms?|groups?)\b", re.I)


_NUMBER_TOKEN = re.compile(r"(?<![\w.])[<>\u2264\u2265]?\d+(?:[.,]\d+)?%?\)?(?![\w])")


def _table_line(sentence: str, settings: LinkSettings | None = None) -> bool:
    """A table flattened onto one line, cells separated by spaces ("Table 1 Baseline characteristics ...
    Male 26 (63%) 27 (59%) 0.38  Female 15 (37%) ..."): long, and mostly numbers."""
    s = settings or LINK_SETTINGS
    if len(sentence) < s.table_line_min_chars:
        return False
    words = sentence.split()
    numbers = sum(1 for w in words if _NUMBER_TOKEN.fullmatch(w.strip("(),;[]")))
    return numbers >= s.table_line_min_numbers and numbers / max(1, len(words)) >= s.table_line_number_share


def bounded_sentences(text: str, sentences, settings: LinkSettings | None = None):
    """The sentences, each longer than ``settings.max_sentence_chars`` cut into pieces at a clause break
    (``; ``, ``. ``, ``, ``), else a space: a line with no stop and thousands of values ("HR 0.62 (0.50-0.77);
    " written 4,000 times) is read in linear time. A value, its unit and its CI stay in one piece."""
    limit = (settings or LINK_SETTINGS).max_sentence_chars
    for s_start, s_end in sentences:
        while s_end - s_start > limit:
            cut = max(text.rfind(sep, s_start + limit // 2, s_start + limit) for sep in ("; ", ". ", ", "))
            if cut < 0:
                cut = text.rfind(" ", s_start + limit // 2, s_start + limit)
            cut = cut + 1 if cut >= 0 else s_start + limit
            yield s_start, cut
            s_start = cut
        yield s_start, s_end


def _continues_study(head: str) -> bool:
    """Whether a paragraph's first sentence goes on about the study before it: it speaks of "the ...
    arm(s)" as known and introduces no study of its own."""
    first = head.lstrip().split(". ", 1)[0]
    return bool(_THE_ARMS.search(first)) and not (_OPENS_STUDY.match(first) or NEW_STUDY.search(first)
                                                   or OTHER_STUDY.search(first))
# a section heading: "BODY.PFS SENSITIVITY ANALYSIS: UNTRIMMED DATA SET:", "Overall survival:", "3.2 Efficacy"
_HEADING = re.compile(r"\s*(?:[A-Z]+\.[A-Z]|[^\n.]{2,78}:\s*$|\d+(?:\.\d+)*\s+[A-Z][^\n.]{1,70}$)")
# cheap guards: a sentence without these words cannot hold the corresponding values
_DIGIT = re.compile(r"\d")
_TIME_WORDS = ("month", "week", "day", "year", "mo ", "mo.", "mo)", "mo,", "median", "mpfs", "mos")


_RATE_CODES = frozenset({"ORR", "DCR", "CBR", "CR", "PR", "SD", "pCR"})


def _in_rate_column(state: _State) -> bool:
    """Whether the line being read is a cell under a caption-less header whose column is a rate."""
    return bool(state.columns) and not state.in_header and state.columns[state.column_i % len(state.columns)] in _RATE_CODES


def _track_columns(ctx: DocContext, s_start: int, s_end: int, sentence: str, has_values: bool, state: _State) -> None:
    """Endpoint columns of a caption-less flattened table: a run of short lines that are each only an
    endpoint name, then cell lines that take those endpoints in turn (a label line restarts the row)."""
    if len(sentence) > 120:
        state.columns, state.in_header = [], False
        return
    m = _HEADER_CELL.fullmatch(sentence)
    # the whole short line is an endpoint name, a footnote mark glued on ("ORRa", "PFSb")
    code = ctx.endpoint_rules.code_of(m.group("ep").strip()) if m else ""
    if code:
        if not state.in_header:
            state.columns = []
        state.columns.append(code)
        state.in_header, state.column_i = True, 0
        return
    eps = ctx.endpoints_in(s_start, s_end)
    state.in_header = False
    if not state.columns:
        return
    if not has_values:  # a row label ("Indirect comparison, 2L only")
        state.column_i = 0
        return
    if not eps:
        state.endpoint = state.columns[state.column_i % len(state.columns)]
    state.column_i += 1


# estimates that are no ratio although a hazard ratio came just before: rates, means, incidences
_OTHER_ESTIMATE = re.compile(r"\b(?:means?|incidence|rates?\s+per|per\s+100|patient-years|person-years|scores?)\b", re.I)


def _ratio_mentions(sentence: str, state: _State, hr_not_hazard: bool) -> list[ValueMention]:
    """Hazard, odds and risk ratios of one sentence (plain substring tests first: a regex scan per
    sentence for each guard cost a tenth of the run)."""
    ratio_words = "HR" in sentence or "azard" in sentence or "OR" in sentence or "dds" in sentence
    risk_words = "RR" in sentence or "isk ratio" in sentence or "elative risk" in sentence
    hrs = parsers.find_hazard_ratios(sentence) if ratio_words else []
    if hr_not_hazard:  # the document's "HR" is a heart rate: only "hazard ratio" written out counts
        hrs = [h for h in hrs if not sentence.startswith("HR", h.start)]
    if not hrs and state.hr_context and not _OTHER_ESTIMATE.search(sentence):
        hrs = parsers.find_ratio_estimates(sentence)
    ors = [o for o in ((parsers.find_odds_ratios(sentence) if ratio_words else []) + (parsers.find_risk_ratios(sentence) if risk_words else []))
           if not any(h.explicit and h.start <= o.value_start < h.end for h in hrs)]
    # an odds ratio is not the continuation of an earlier hazard ratio's list
    hrs = [h for h in hrs if h.explicit or not any(o.value_start == h.value_start for o in ors)]
    return sorted(hrs + ors, key=lambda m: m.value_start)


def _mentions(sentence: str, state: _State, hr_not_hazard: bool = False) -> list[ValueMention]:
    """Values of one sentence. In a sample-size sentence the percentages are power, alpha and assumed
    rates: they are left out (its hazard ratios and medians are kept, flagged ``design``)."""
    if not _DIGIT.search(sentence) and "not " not in sentence:
        return []
    hrs = _ratio_mentions(sentence, state, hr_not_hazard)
    low = sentence.lower()
    medians = parsers.find_medians(sentence) if any(w in low for w in _TIME_WORDS) else []
    rates = [] if "%" not in sentence and "per cent" not in sentence or DESIGN.search(sentence) else \
        parsers.find_rates(sentence, context=state.rate_context, rate_cell=_in_rate_column(state))
    taken = [(h.value_start, h.end) for h in hrs]
    out = list(hrs)
    for m in medians + rates:
        if any(s <= m.value_start < e for s, e in taken):
            continue
        taken.append((m.value_start, m.end))
        out.append(m)
    # values inside another value's CI are bounds, not values
    spans = [(m.value_end, m.end) for m in out]
    out = [m for m in out if not any(s < m.value_start < e for s, e in spans)]
    out.sort(key=lambda m: m.value_start)
    return out


# "(21%) had stable disease", "15 (10.5%) progressive disease": a response category after a proportion
_CATEGORY_LEAD = re.compile(
    r"[%)\]]*(?:\s*\(\s*\d+\s*/\s*\d+\s*\))?"  # a count after it: "45.8% (11/24) of CR"
    r"\s+(?:of\s+(?:the\s+)?(?:patients|participants)\s+|of\s+(?=[A-Z]{2}))?"  # "a further 34% of patients achieved SD"
    r"(?:(?:patients\s+)?(?:had|achieved|experienced|showed|developed|with)\s+(?:a\s+|an\s+)?(?:confirmed\s+)?)?", re.I)
_PROGRESSION_CATEGORY = re.compile(r"(?:progressive\s+disease|progressed|disease\s+progression\b(?!\s+or\s+death))", re.I)
# the endpoint of a value that is not reported: proportions with progressive disease (as in tables, where
# "PD" rows are skipped) -- not an efficacy endpoint
_NOT_REPORTED = "-"
# an outcome a rate can be of that is no endpoint: "the risk of thoracic relapse (36% vs 52%)"
_OTHER_OUTCOME = re.compile(
    r"\b(?:risk|incidence|frequency|odds)\s+of\s+(?:[\w-]+\s+){0,3}?[\w-]+\s*\(\s*(?:\d+(?:\.\d+)?\s*%?\s*(?:vs\.?|versus|v)\s*)?$")
# a ratio of the odds or risk of an event the sentence names that is not an endpoint
_EVENT_ODDS = re.compile(r"\blikel(?:y|ihood)\s+(?:to|of)\s+(?:develop|experienc|hav|suffer)", re.I)


# "(CR+PR+SD)", "(CR + PR + NC)": the response categories a rate sums, defining the phrase before them
_CODE_SUM = re.compile(r"\(\s*[A-Za-z]{1,4}(?:\s*\+\s*[A-Za-z]{1,4})+\s*\)")


def _in_code_sum(window: str, pos: int) -> bool:
    """Whether ``pos`` lies in a bracketed sum of response categories that closes within ``window``."""
    return any(m.start() < pos < m.end() for m in _CODE_SUM.finditer(window, max(0, pos - 20), min(len(window), pos + 20)))


def _in_closed_parens(window: str, pos: int) -> bool:
    """Whether ``pos`` lies inside a parenthetical of three or more words that closes before the end of
    ``window``."""
    opened: list[int] = []
    for i, ch in enumerate(window):
        if ch in "([":
            opened.append(i)
        elif ch in ")]" and opened:
            o = opened.pop()
            # a defining phrase, not an abbreviation: "(SD)" or "(ORR)" still names the endpoint
            if o < pos < i and len(window[o + 1 : i].split()) >= 3:
                return True
    return False


@dataclass(frozen=True)
class EndpointSettings:
    """Windows of the endpoint chooser, in characters (one place, as :class:`LinkSettings`)."""

    for_after: int = 60  # the text after a value read for "for progression-free survival"
    rate_trigger_before: int = 120  # the text before a rate read for a rate word ("response rate")
    prose_median_chars: int = 80  # a median in a sentence this long names its endpoint (else: none)


ENDPOINT_SETTINGS = EndpointSettings()

# "... 1.09 (0.89-1.36) for progression-free survival": the endpoint right after the value
_FOR_AFTER = re.compile(r"""
    ^ [\s,;)\]]* (?:for | in | on | of) \s+ (?:the \s+)?
""", re.X | re.I)


@dataclass(frozen=True)
class _ValueAt:
    """One value of a sentence, as the endpoint rules read it."""

    ctx: DocContext
    s_start: int  # offset of the sentence in the document text
    sentence: str
    m: ValueMention
    state: _State
    eps: list[tuple[int, int, str]]  # the sentence's endpoint mentions (document offsets)
    prev_end: int  # end of the value before (in the sentence), else 0
    prev_code: str  # the endpoint of the value before

    @property
    def abs_v(self) -> int:
        return self.s_start + self.m.value_start


def _endpoint_for(ctx: DocContext, s_start: int, sentence: str, m: ValueMention, state: _State,
                  eps: list[tuple[int, int, str]], prev_end: int = 0, prev_code: str = "") -> tuple[str, str]:
    """The value's endpoint code and the id of the rule that chose it (``""`` when none did)."""
    v = _ValueAt(ctx, s_start, sentence, m, state, eps, prev_end, prev_code)
    found = _by_event_odds(v) or _by_ratio_hint(v) or _by_for_after(v) or _by_category_after(v) or _by_rate_words(v)
    if found:
        return found
    before = _endpoints_before(v)
    return _by_other_outcome(v, before) or _by_median_clause(v, before) or _by_position(v, before)


def _phrase_code(rules: EndpointRules, phrase: str) -> str:
    """The endpoint code of a phrase, or of the first endpoint phrase inside it."""
    return rules.code_of(phrase) or next((c for _, _, c in rules.find(phrase)), "")


def _by_event_odds(v: _ValueAt) -> tuple[str, str] | None:
    """"less likely to develop rash (odds ratio 0.29 ...)": the odds of an event, not an endpoint."""
    if v.m.measure in RATIOS and not v.eps and _EVENT_ODDS.search(v.sentence):
        return _NOT_REPORTED, "endpoint.event_odds"
    return None


def _by_ratio_hint(v: _ValueAt) -> tuple[str, str] | None:
    if v.m.measure == "hr" and v.m.hint:
        code = _phrase_code(v.ctx.endpoint_rules, v.m.hint)
        if code:
            return code, "endpoint.ratio_hint"
    return None


def _by_for_after(v: _ValueAt, settings: EndpointSettings | None = None) -> tuple[str, str] | None:
    """"... 1.09 (0.89-1.36) for progression-free survival"."""
    at = v.s_start + v.m.end
    lead = _FOR_AFTER.match(v.ctx.text[at : at + (settings or ENDPOINT_SETTINGS).for_after])
    if lead:
        code = next((code for s, _, code in v.eps if s == at + lead.end()), None)
        if code is not None:
            return code, "endpoint.for_after"
    return None


def _by_category_after(v: _ValueAt) -> tuple[str, str] | None:
    """"30 patients (21%) had stable disease": the category written right after a proportion."""
    if v.m.measure != "rate":
        return None
    lead = _CATEGORY_LEAD.match(v.ctx.text, v.s_start + v.m.end)
    if not lead:
        return None
    if _PROGRESSION_CATEGORY.match(v.ctx.text, lead.end()):
        return _NOT_REPORTED, "endpoint.progression_category"
    code = next((code for s, _, code in v.eps if s == lead.end()), None)
    return (code, "endpoint.category_after") if code is not None else None


def _by_rate_words(v: _ValueAt) -> tuple[str, str] | None:
    """A rate or odds ratio after a rate word takes its endpoint (not OS); with none, per-arm proportions
    continue the previous sentence's rates."""
    if v.m.measure not in ("rate", "or"):
        return None
    trig = _rate_triggers(v)
    if not trig:
        return _by_previous_rate(v)
    if not v.m.hint:
        code = _phrase_code(v.ctx.endpoint_rules, trig[-1].group(0))
        if code and code != "OS":
            return code, "endpoint.rate_trigger"
    return None


def _rate_triggers(v: _ValueAt, settings: EndpointSettings | None = None) -> list[re.Match]:
    """The rate words before the value -- but a parenthetical that defines an earlier endpoint is not the
    value's endpoint: "the clinical benefit rate (percent objective responses plus SD >=6 months) was
    lower with sunitinib (19%)"."""
    window = v.ctx.text[v.s_start : v.abs_v]
    lookback = (settings or ENDPOINT_SETTINGS).rate_trigger_before
    return [t for t in parsers.RATE_TRIGGER.finditer(window, max(0, len(window) - lookback))
            if not _in_closed_parens(window, t.start()) and t.group(0) not in v.ctx.foreign_shorts
            and not _in_code_sum(window, t.start())]


def _by_previous_rate(v: _ValueAt) -> tuple[str, str] | None:
    named_before = any(v.s_start <= x[1] <= v.abs_v for x in v.eps)
    if v.state.rate_context and not parsers.RATE_TRIGGER.search(v.sentence) and not named_before:
        code = _phrase_code(v.ctx.endpoint_rules, v.state.rate_context)
        if code:
            return code, "endpoint.previous_rate"
    return None


def _endpoints_before(v: _ValueAt) -> list[tuple[int, int, str]]:
    """The endpoint mentions that end before the value (for a rate, those in a defining parenthetical
    left out unless there are only such)."""
    before = [x for x in v.eps if x[1] <= v.abs_v]
    if v.m.measure in ("rate", "or"):
        window = v.ctx.text[v.s_start : v.abs_v]
        before = [x for x in before if x[0] < v.s_start or not _in_closed_parens(window, x[0] - v.s_start)] or before
    return before


def _by_other_outcome(v: _ValueAt, before: list[tuple[int, int, str]]) -> tuple[str, str] | None:
    """"improved 5-year overall survival (26% vs 16%) and reduced the risk of thoracic relapse (36% vs
    52%)": another outcome named between the endpoint and the value, one that is no endpoint."""
    if v.m.measure == "rate" and before and _OTHER_OUTCOME.search(v.ctx.text, before[-1][1], v.abs_v):
        return _NOT_REPORTED, "endpoint.other_outcome"
    return None


def _by_median_clause(v: _ValueAt, before: list[tuple[int, int, str]]) -> tuple[str, str] | None:
    """"median overall survival ... 3.7 months": the endpoint after the nearest "median". "median PFS was
    4.5 vs 2.3 months, time to treatment failure was 3.6 vs 2.2 months": an endpoint named after the
    previous values starts a new clause of the list, and "... 3.6 vs 2.2 months": 2.2 is TTF too."""
    if v.m.measure != "median":
        return None
    med = [x.start() for x in parsers.P.MEDIAN.finditer(v.sentence, 0, v.m.value_start)]
    if not med:
        return None
    after_median = [x for x in before if x[0] >= v.s_start + med[-1]]
    new_clause = v.prev_end > med[-1]
    after_values = [x for x in after_median if x[0] >= v.s_start + v.prev_end] if new_clause else []
    if after_values:
        return after_values[0][2], "endpoint.after_previous_values"
    if new_clause and v.prev_code and after_median and after_median[-1][0] < v.s_start + v.prev_end:
        return v.prev_code, "endpoint.as_previous_value"
    if after_median:
        return after_median[0][2], "endpoint.after_median"
    return None


def _by_position(v: _ValueAt, before: list[tuple[int, int, str]], settings: EndpointSettings | None = None) -> tuple[str, str]:
    """The nearest endpoint before, else the first after, else the context's (a median in prose names its
    endpoint; "a median of 10 days" of dosing does not)."""
    if before:
        return before[-1][2], "endpoint.nearest_before"
    later = next((x for x in v.eps if x[0] >= v.abs_v), None)
    if later is not None:
        return later[2], "endpoint.first_after"
    if v.m.measure == "median" and len(v.sentence) > (settings or ENDPOINT_SETTINGS).prose_median_chars and not v.state.columns:
        return "", ""
    return v.state.endpoint, ("endpoint.context" if v.state.endpoint else "")


@dataclass
class _Sentence:
    """One sentence's context, built once and read by each linking step."""

    ctx: DocContext
    start: int  # offset of the sentence in the document text
    text: str
    mentions: list[ValueMention]
    trials: list[EntityMention]  # the trials the sentence names
    eps: list[tuple[int, int, str]]  # its endpoint mentions (document offsets)
    arms: list[Arm]
    population: str  # a population the whole sentence is about
    hr_pair: tuple[Arm, Arm] | None  # "X versus Y": the comparison its ratios make
    cues: frozenset  # sentence-level flags: design, prognostic, interim

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    def next_value(self, i: int) -> int:
        """Offset of the value after mention ``i`` (else the sentence end)."""
        return self.start + (self.mentions[i + 1].value_start if i + 1 < len(self.mentions) else len(self.text))


def _sentence(ctx: DocContext, s_start: int, sentence: str, mentions: list[ValueMention], trials_here) -> _Sentence:
    s_end = s_start + len(sentence)
    arms = find_arms(ctx, s_start, s_end)
    cues = frozenset(name for name, cue in (("design", DESIGN), ("prognostic", PROGNOSTIC), ("interim", INTERIM))
                     if cue.search(sentence))
    return _Sentence(ctx, s_start, sentence, mentions, trials_here, ctx.endpoints_in(s_start, s_end), arms,
                     _population(sentence, arms, s_start, trials_here), _comparison_pair(ctx.text, arms, s_start, s_end), cues)


def _link_sentence(ctx, s_start, sentence, mentions, trials_here, state) -> list[Outcome]:
    """The outcome rows of one sentence's values: arms, endpoints, roles, then one row per value, the
    comparison shared between them, and the hazard ratios derived from risk reductions."""
    sent = _sentence(ctx, s_start, sentence, mentions, trials_here)
    arm_of = assign_arms(sent)
    endpoints, endpoint_rules = _sentence_endpoints(sent, state)
    # the document's own comparison: a named trial's report, or a report whose title compares arms or
    # says it is randomised
    own = (bool(ctx.main_trial) or ctx.title_arms is not None or ctx.randomized_title) \
        and not _cites_other_work(ctx, sentence, trials_here)
    sent.mentions = _distribute_ci_list(sentence, mentions)
    roles = assign_roles(ctx.text, s_start, sent.mentions, arm_of, endpoints, comparative=own)
    rows = [_value_row(sent, i, arm_of, roles, endpoints, endpoint_rules[i], state)
            for i in range(len(sent.mentions)) if endpoints[i] != _NOT_REPORTED]
    rows = _share_comparison(rows)
    return rows + _derived_rows(sent, rows, state)


# ---------------------------------------------------------------- arms of a sentence's values


def assign_arms(sent: _Sentence) -> dict[int, Arm]:
    """The arm each value of a sentence belongs to (ratios have none): arms named after a pair with
    "respectively", right after a value, the pair a sentence compares before its values, an arm
    introduced by a colon, then the nearest arm before the value."""
    arm_of: dict[int, Arm] = {}
    used: set[int] = set()
    # values of one measure and unit: the pairs a sentence compares
    groups: dict[tuple, list[int]] = {}
    for i, m in enumerate(sent.mentions):
        if m.measure not in RATIOS:
            groups.setdefault((m.measure, m.unit), []).append(i)
    if re.search(r"\brespectively\b", sent.text):
        _arms_named_after(sent, groups, arm_of, used)
    _arms_right_after(sent, arm_of, used)
    _arms_compared_before(sent, groups, arm_of, used)
    _arms_by_colon(sent, arm_of)
    _arms_left_of(sent, arm_of, used)
    return arm_of


def _arms_named_after(sent: _Sentence, groups, arm_of: dict, used: set) -> None:
    """"... were 4.0 and 2.5 months for GV and GP arms, respectively": arms named after the pair."""
    for idx in groups.values():
        for a_i, b_i in zip(idx, idx[1:]):
            if a_i in arm_of or b_i in arm_of:
                continue
            after = [x for x in sent.arms if x.start >= sent.start + sent.mentions[b_i].end and x.start not in used]
            if len(after) >= 2 and not [k for k in idx if k > b_i]:
                arm_of[a_i], arm_of[b_i] = after[0], after[1]
                used.update((after[0].start, after[1].start))


def _arms_right_after(sent: _Sentence, arm_of: dict, used: set) -> None:
    """"3.7 months for erlotinib": the arm right after the value, or written between it and its CI."""
    text = sent.ctx.text
    for i, m in enumerate(sent.mentions):
        if m.measure in RATIOS:
            continue
        nxt = sent.next_value(i)
        a0 = sent.start + (m.gap_start if m.gap_start >= 0 else m.end)
        lead = RIGHT_ARM_LEAD.match(text, a0, nxt)
        if lead:
            cand = [a for a in sent.arms if lead.end() <= a.start <= lead.end() + 3 and a.end <= nxt + 40]
            if cand:
                arm_of[i] = cand[0]
                used.add(cand[0].start)


def _arms_compared_before(sent: _Sentence, groups, arm_of: dict, used: set) -> None:
    """"everolimus ... compared with placebo (11.0 months vs 4.6 months)", "shorter with sunitinib than
    capecitabine (median 2.8 vs. 4.2 months, respectively)": a pair of values takes the pair of arms the
    sentence compares before them, in order."""
    for idx in groups.values():
        for a_i, b_i in zip(idx, idx[1:]):
            if a_i in arm_of or b_i in arm_of:
                continue
            first_v = sent.start + sent.mentions[a_i].value_start
            lead = [x for x in sent.arms if x.end <= first_v and x.start not in used]
            pair = _comparison_pair(sent.ctx.text, lead, sent.start, first_v)
            if pair is None and len(lead) >= 2 and re.search(r"\brespectively\b", sent.text):
                pair = (lead[-2], lead[-1])
            if pair is not None:
                arm_of[a_i], arm_of[b_i] = pair
                used.update((pair[0].start, pair[1].start))


def _arms_by_colon(sent: _Sentence, arm_of: dict) -> None:
    """"GV: complete response, 0 [0%]; partial response, 4 [8%] ...; GP: ...": an arm introduced by a colon
    holds every value up to the next one."""
    text = sent.ctx.text
    colon_arms = [a for a in sent.arms if text[a.end : a.end + 2].lstrip().startswith(":")]
    for i, m in enumerate(sent.mentions):
        if m.measure in RATIOS or i in arm_of:
            continue
        lead = [a for a in colon_arms if a.end <= sent.start + m.value_start]
        if lead:
            arm_of[i] = lead[-1]


def _arms_left_of(sent: _Sentence, arm_of: dict, used: set) -> None:
    """"erlotinib, 3.7 months": the nearest unused arm before the value, after the previous value."""
    prev_end = sent.start
    for i, m in enumerate(sent.mentions):
        v = sent.start + m.value_start
        if m.measure not in RATIOS and i not in arm_of:
            cand = [a for a in sent.arms if prev_end <= a.start and a.end <= v and a.start not in used and v - a.end <= 150]
            if cand:
                arm_of[i] = cand[-1]
                used.add(cand[-1].start)
        prev_end = max(prev_end, sent.start + m.end)


# ---------------------------------------------------------------- endpoints and rows


def _sentence_endpoints(sent: _Sentence, state: _State) -> tuple[list[str], list[str]]:
    """Each value's endpoint and the rule that chose it; the last one named carries to the next sentence."""
    chosen: list[tuple[str, str]] = []
    for i, m in enumerate(sent.mentions):
        prev = sent.mentions[i - 1] if i else None
        prev_code = chosen[-1][0] if prev is not None and prev.measure == m.measure else ""
        chosen.append(_endpoint_for(sent.ctx, sent.start, sent.text, m, state, sent.eps, prev.end if prev else 0, prev_code))
    endpoints = _distribute_endpoint_list(sent.ctx.text, sent.start, sent.mentions, [c for c, _ in chosen], sent.eps)
    rules = [r if e == c else "endpoint.list_in_turn" for e, (c, r) in zip(endpoints, chosen)]
    if endpoints:
        state.endpoint = next((e for e in reversed(endpoints) if e != _NOT_REPORTED), "") or state.endpoint
    return endpoints, rules


def _value_population(sent: _Sentence, i: int) -> str:
    """The population of value ``i``: the sentence's, a group written right after the value, or a
    subgroup label before a ratio ("across subgroups, including ECOG PS 0 (HR 0.61 ...) and PS 1 (HR ...)")."""
    text, m = sent.ctx.text, sent.mentions[i]
    population = sent.population or population_after(text, sent.start + m.end, sent.next_value(i))
    if not population and m.measure in RATIOS and "subgroup" in sent.text.lower():
        lab = _LABEL_BEFORE_RATIO.search(text, max(sent.start, sent.start + m.start - 60), sent.start + m.start)
        if lab and not sent.ctx.endpoints_in(sent.start + lab.start("label"), sent.start + lab.end("label")):
            population = lab.group("label").strip()
    return population


def _arm_fields(sent: _Sentence, i: int, arm_of: dict, roles: list[str], endpoints: list[str]) -> tuple[str, str, str, str]:
    """(arm, role, regimen, comparator) of value ``i``."""
    m = sent.mentions[i]
    if m.measure in RATIOS:
        pair = sent.hr_pair
        return "", "na", (" + ".join(pair[0].drugs) if pair else ""), (" + ".join(pair[1].drugs) if pair else "")
    arm, role = arm_of.get(i), roles[i]
    partner = next((arm_of[j] for j in range(len(sent.mentions)) if j != i and j in arm_of
                    and sent.mentions[j].measure == m.measure and endpoints[j] == endpoints[i]
                    and (arm is None or arm_of[j].drugs != arm.drugs) and roles[j] != role), None)
    return (arm.text if arm else "", role, " + ".join(arm.drugs) if arm else "",
            " + ".join(partner.drugs) if partner is not None else "")


def _value_flags(sent: _Sentence, m: ValueMention, population: str, other: bool) -> list[str]:
    flags = list(m.flags)
    flags += ["subgroup"] if population else []
    flags += ["design"] if "design" in sent.cues else []
    flags += ["prognostic"] if "prognostic" in sent.cues and m.measure in RATIOS else []
    flags += ["interim"] if "interim" in sent.cues else []
    flags += ["other_trial"] if other else []
    flags += ["adjusted"] if m.qualifier == "adjusted" else []
    return flags


def _value_row(sent: _Sentence, i: int, arm_of: dict, roles: list[str], endpoints: list[str], endpoint_rule: str,
               state: _State) -> Outcome:
    """The row of value ``i``: every field through the one constructor."""
    ctx, m = sent.ctx, sent.mentions[i]
    trial, other, trial_rule = _trial_for(ctx, sent.start, sent.text, m.value_start, sent.trials, state)
    population = _value_population(sent, i)
    arm_text, role, regimen, comparator = _arm_fields(sent, i, arm_of, roles, endpoints)
    flags = _value_flags(sent, m, population, other)
    ci_level = m.ci_level or (next((x.ci_level for x in sent.mentions if x.ci_level), "") if m.ci_low else "")
    start, end = sent.start + m.start, sent.start + m.end
    return Outcome(
        doc_id=ctx.doc_id, trial=trial, nct_id=ctx.trial_nct.get(trial, "") or (ctx.main_nct if trial == ctx.main_trial else ""),
        endpoint=endpoints[i], measure=m.measure, arm=arm_text, arm_role=role, regimen=regimen,
        comparator=comparator, population=population, value=m.value, ci_low=m.ci_low,
        ci_high=m.ci_high, ci_level=ci_level, unit=m.unit, p_value=m.p_value, source=ctx.source,
        page=page_of(start, ctx.page_starts), start=start, end=end, evidence=sent.text.strip(),
        confidence=_confidence(m, endpoints[i], arm_text, trial), flags=";".join(dict.fromkeys(flags)),
        timepoint=_timepoint(m.hint if m.measure == "rate" else ""),
        why=_why(f"value.{m.rule}", endpoint_rule, trial_rule, *(f"cue.{f}" for f in flags if f in _CUE_FLAGS)),
    )


def _share_comparison(rows: list[Outcome]) -> list[Outcome]:
    """A ratio with no "X versus Y" of its own compares the arms the sentence's values name ("palbociclib
    plus letrozole improved median PFS to 24.8 months vs 14.5 months with placebo plus letrozole (HR
    0.58)"); a later pair with roles but no arms of its own is the same comparison ("complete responses
    occurred in 9% and 1%, respectively")."""
    exp_reg = next((r.regimen for r in rows if r.arm_role == "exp" and r.regimen), "")
    ctl_reg = next((r.regimen for r in rows if r.arm_role == "ctl" and r.regimen), "")
    if not (exp_reg and ctl_reg and exp_reg != ctl_reg):
        return rows
    rows = [replace(r, regimen=exp_reg, comparator=ctl_reg) if r.measure in RATIOS and not r.regimen else r for r in rows]
    arm_of_role = {role: next(r for r in rows if r.arm_role == role and r.regimen) for role in ("exp", "ctl")}
    return [replace(r, arm=arm_of_role[r.arm_role].arm, regimen=arm_of_role[r.arm_role].regimen,
                    comparator=arm_of_role["ctl" if r.arm_role == "exp" else "exp"].regimen)
            if r.measure not in RATIOS and r.arm_role in arm_of_role and not r.regimen and not r.arm else r
            for r in rows]


_ASSOCIATED_BEFORE = re.compile(r"\bassociated\s+with\s+(?:an?\s+)?\Z", re.I)


def _risk_reductions(sentence: str) -> list[tuple[re.Match, str, str]]:
    """(match, percentage, p-value) of each risk reduction a sentence states ("a 46% reduction in the
    risk of progression or death"; pairs: "a 47% (P = 0.0258) and 19% (P = 0.2613) respective reduction")."""
    derived = [(dm, dm.group("pct") or dm.group("pct2") or dm.group("pct3"), "") for dm in DERIVED.finditer(sentence)]
    for pm in DERIVED_PAIR.finditer(sentence):
        derived = [d for d in derived if not (pm.start() <= d[0].start() < pm.end())]
        for g, pg in (("a", "pa"), ("b", "pb"), ("a2", None), ("b2", None)):
            if pm.group(g):
                p_m = parsers.P.P_VALUE.search(pm.group(pg) or "") if pg else None
                derived.append((pm, pm.group(g), (p_m.group("op").replace("=", "") + parsers.clean_number(p_m.group("p"))) if p_m else ""))
    # "a PSA decrease ... has been associated with a 50% reduction in the risk of death": no treatment effect
    return [d for d in derived if not _ASSOCIATED_BEFORE.search(sentence, max(0, d[0].start() - 30), d[0].start())]


def _derived_rows(sent: _Sentence, rows: list[Outcome], state: _State) -> list[Outcome]:
    """Hazard ratios derived from risk reductions (1 - reduction), unless the sentence states the ratio."""
    ctx, s_start, out = sent.ctx, sent.start, []
    for dm, pct_text, p_value in _risk_reductions(sent.text):
        trial, other, trial_rule = _trial_for(ctx, s_start, sent.text, dm.start(), sent.trials, state)
        pct = float(pct_text)
        if not 0 < pct < 100:
            continue
        if any(r.measure == "hr" and abs(float(r.value) - (1 - pct / 100)) <= 0.011 for r in rows
               if parsers._as_float(r.value) is not None and "derived" not in r.flags):
            continue  # "reduced the risk of death by 28% (HR 0.72 ...)": the stated ratio is the value
        value = f"{1 - pct / 100:.{max(2, len(pct_text.split('.')[-1]) + 2 if '.' in pct_text else 2)}f}"
        # the endpoint named inside the phrase ("the risk of disease progression or death was reduced by
        # 42%"), else the first one after it ("a 46% reduction in the risk of progression")
        inside = [c for s, e, c in sent.eps if s_start + dm.start() <= s and e <= s_start + dm.end()]
        before = [c for s, e, c in sent.eps if e <= s_start + dm.start()]
        ep = (inside[0] if inside else "") or next((c for s, e, c in sent.eps if s >= s_start + dm.end()), "") \
            or (before[0] if before else "") or state.endpoint  # the sentence's subject comes first
        start, end = s_start + dm.start(), s_start + dm.end()
        pair = sent.hr_pair
        out.append(Outcome(
            doc_id=ctx.doc_id, trial=trial, nct_id=ctx.trial_nct.get(trial, ""), endpoint=ep, measure="hr",
            arm="", arm_role="na", regimen=" + ".join(pair[0].drugs) if pair else "",
            comparator=" + ".join(pair[1].drugs) if pair else "", population=sent.population,
            value=value, ci_low="", ci_high="", ci_level="", unit="ratio", p_value=p_value, source=ctx.source,
            page=page_of(start, ctx.page_starts), start=start, end=end, evidence=sent.text.strip(),
            confidence=0.6, flags="derived" + (";other_trial" if other else ""), timepoint="",
            why=_why("value.hr.derived_from_risk_reduction", "endpoint.derived_phrase" if ep else "", trial_rule),
        ))
    return out


# "4.0 and 2.5 months for GV and GP arms, respectively (95% CI, 2.5 to 5.3 and 1.9 to 3.8, respectively)"
_CI_LIST = re.compile(
    r"\(\s*(?P<level>\d{2})\s?%\s*(?:CI|confidence\s+intervals?)s?[,:]?\s*"
    r"(?P<a1>-?\d+(?:\.\d+)?)\s*(?:to|-)\s*(?P<b1>-?\d+(?:\.\d+)?|NE|NR)\s*(?:and|,|;|vs\.?)\s*"
    r"(?P<a2>-?\d+(?:\.\d+)?)\s*(?:to|-)\s*(?P<b2>-?\d+(?:\.\d+)?|NE|NR)", re.I)


def _distribute_ci_list(sentence: str, mentions: list[ValueMention]) -> list[ValueMention]:
    """Two values without CIs followed by one bracket holding both intervals get one interval each."""
    out = list(mentions)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        if a.measure != b.measure or a.measure in RATIOS or a.ci_low or b.ci_low:
            continue
        m = _CI_LIST.search(sentence, b.end, min(len(sentence), b.end + 120))
        if not m or any(x.value_start > b.end and x.value_start < m.start() for x in out):
            continue
        level = f"{float(m.group('level')) / 100:g}"
        out[i] = replace(a, ci_low=m.group("a1"), ci_high=m.group("b1"), ci_level=level)
        out[i + 1] = replace(b, ci_low=m.group("a2"), ci_high=m.group("b2"), ci_level=level)
    return out


def _distribute_endpoint_list(text: str, s_start: int, mentions: list[ValueMention], endpoints: list[str],
                              eps: list[tuple[int, int, str]]) -> list[str]:
    """"Two-year PFS and OS rates were 18% and 44% in group A, and 17% and 54% in group B": a list of k
    endpoints before the values, and a multiple of k values of one measure, take the endpoints in turn."""
    out = list(endpoints)
    for measure in ("rate", "median"):
        idx = [i for i, m in enumerate(mentions) if m.measure == measure]
        if len(idx) < 2:
            continue
        first = s_start + mentions[idx[0]].value_start
        before = [e for e in eps if e[1] <= first]
        run = before[-1:]
        for e in reversed(before[:-1]):
            if re.fullmatch(r"\s*(?:,|and|or|,\s*and)\s*", text[e[1] : run[0][0]]):
                run.insert(0, e)
            else:
                break
        # "with 15% CR, PFS was 10.5 months": an endpoint written right after a value is that value's category
        while run and re.search(r"\d\s?%?\s*$", text[max(0, run[0][0] - 8) : run[0][0]]):
            run = run[1:]
        codes = [e[2] for e in run]
        if len(codes) >= 2 and len(set(codes)) == len(codes) and len(idx) % len(codes) == 0:
            for n, i in enumerate(idx):
                out[i] = codes[n % len(codes)]
    return out


_VERSUS = re.compile(r"\b(?:vs\.?|v\.?|versus|compared\s+(?:with|to)|than|and)(?![A-Za-z])", re.I)
# "7.2 vs. 3.6 months", "8% v 13%": two values joined directly
_VERSUS_PAIR = re.compile(r"\s*(?:%|months?|weeks?)?\s*(?:vs\.?|v\.?|versus)\s*", re.I)


_ARM_FILLER = frozenset({"the", "group", "arm", "groups", "arms", "patients", "in", "of", "with", "and", "plus", "alone"})


# "single-agent capecitabine results in ...": a single arm
_SINGLE_AGENT_BEFORE = re.compile(r"""
    \b (?:single[- ]agent | monotherapy) \s* $
""", re.X)
# "increases median overall survival from 7.4 to 9.6 months": "from" before the first value ...
_FROM_BEFORE = re.compile(r"\b from \s+ $", re.X)
# ... and "to" between the two (a unit may close the first)
_TO_BETWEEN = re.compile(r"""
    \s* (?:months? | weeks? | %)? \s+ to \s+
""", re.X)


@dataclass(frozen=True)
class RoleSettings:
    """Windows of the role reader, in characters (one place, as :class:`LinkSettings`)."""

    single_agent_before: int = 14  # the text before a lone value's arm read for "single-agent"
    from_before: int = 6  # the text before a pair's first value read for "from"


ROLE_SETTINGS = RoleSettings()


def assign_roles(text: str, s_start: int, mentions: list[ValueMention], arm_of: dict[int, Arm],
                 endpoints: list[str], comparative: bool = True) -> list[str]:
    """``exp``/``ctl``/``na`` for each value of a sentence (ratios are always ``na``).

    Values of one measure and endpoint form a comparison. Control cues decide first (``placebo``,
    ``control group``); in a pair, the other arm takes the other role; an arm whose drugs contain the
    other's plus more is experimental (``palbociclib + letrozole`` vs ``letrozole``); an uncued pair
    joined by ``vs``/``versus``/``than`` is read experimental first. A lone value with an arm is
    ``exp`` in a randomised trial's own report (``comparative``), else ``single``; with no arm, ``na``.
    """
    roles = ["na"] * len(mentions)
    for idx in _comparisons(mentions, endpoints):
        for i, role in _comparison_roles(text, s_start, mentions, arm_of, idx, comparative).items():
            roles[i] = role
    return roles


def _comparisons(mentions: list[ValueMention], endpoints: list[str]) -> list[list[int]]:
    """The values (indices) of each measure, endpoint and landmark: ratios compare nothing here."""
    groups: dict[tuple, list[int]] = {}
    for i, m in enumerate(mentions):
        if m.measure not in RATIOS:
            groups.setdefault((m.measure, endpoints[i], m.hint), []).append(i)
    return list(groups.values())


def _comparison_roles(text: str, s_start: int, mentions: list[ValueMention], arm_of: dict[int, Arm], idx: list[int],
                      comparative: bool) -> dict[int, str]:
    """The roles of one comparison's values: cued, then a pair's, then adjacent "a vs b" pairs of a longer
    list, then the values left."""
    cued = _cued_roles(text, arm_of, idx)
    roles = {i: cued.get(i, "na") for i in idx}
    rest = [i for i in idx if i not in cued]
    if len(idx) == 2:
        pair = _pair_roles(text, s_start, mentions, arm_of, idx, cued, rest)
        if pair is not None:
            roles.update(pair)
            return roles
    if len(idx) > 2:
        roles.update(_versus_pairs(text, s_start, mentions, arm_of, idx, rest))
        rest = [i for i in rest if roles[i] == "na"]
    roles.update(_uncompared_roles(arm_of, idx, rest, cued, comparative))
    return roles


def _cued_roles(text: str, arm_of: dict[int, Arm], idx: list[int], settings: RoleSettings | None = None) -> dict[int, str]:
    """The roles the values' arms are cued with (a lone value's "single-agent" arm: ``single``)."""
    window = (settings or ROLE_SETTINGS).single_agent_before
    cued = {i: arm_of[i].role for i in idx if i in arm_of and arm_of[i].role}
    if len(idx) == 1:
        for i in idx:
            if i in arm_of and not arm_of[i].role and _SINGLE_AGENT_BEFORE.search(
                    text[max(0, arm_of[i].start - window) : arm_of[i].start]):
                cued[i] = "single"
    return cued


def _pair_roles(text: str, s_start: int, mentions: list[ValueMention], arm_of: dict[int, Arm], idx: list[int],
                cued: dict[int, str], rest: list[int]) -> dict[int, str] | None:
    """A pair's roles: one cued, the other takes the other role; none cued, read by the arms or the
    wording (:func:`_uncued_pair`); else None."""
    if len(rest) == 1:
        other = next(i for i in idx if i in cued)
        return {rest[0]: "exp" if cued[other] == "ctl" else "ctl"}
    if len(rest) == 2:
        a, b = idx
        found = _uncued_pair(text, s_start, mentions[a], mentions[b], arm_of.get(a), arm_of.get(b))
        return dict(zip((a, b), found)) if found else None
    return None


def _uncued_pair(text: str, s_start: int, ma: ValueMention, mb: ValueMention, arm_a: Arm | None,
                 arm_b: Arm | None) -> tuple[str, str] | None:
    """The roles of an uncued pair of values, in order: by the arms' drugs, by their words, "from a to
    b", or "a vs b" (or two arms) read experimental first."""
    return (_by_drugs(arm_a, arm_b) or _by_arm_words(arm_a, arm_b) or _by_from_to(text, s_start, ma, mb)
            or _by_versus(text, s_start, ma, mb, arm_a, arm_b))


def _by_drugs(arm_a: Arm | None, arm_b: Arm | None) -> tuple[str, str] | None:
    """An arm whose drugs contain the other's plus more is experimental."""
    da = set(arm_a.drugs) if arm_a is not None else set()
    db = set(arm_b.drugs) if arm_b is not None else set()
    if da and db and da != db and (da > db or db > da):
        return ("exp", "ctl") if da > db else ("ctl", "exp")
    return None


def _by_arm_words(arm_a: Arm | None, arm_b: Arm | None) -> tuple[str, str] | None:
    """"the chemotherapy group vs ... the chemotherapy and bevacizumab group": the arm that adds to the
    other is experimental, when the drug lexicon cannot tell (a class such as "chemotherapy")."""
    if arm_a is None or arm_b is None or (arm_a.drugs and arm_b.drugs):
        return None
    wa, wb = _words(arm_a.text) - _ARM_FILLER, _words(arm_b.text) - _ARM_FILLER
    if wa and wb and wa != wb and (wa < wb or wb < wa):
        return ("ctl", "exp") if wa < wb else ("exp", "ctl")
    return None


def _by_from_to(text: str, s_start: int, ma: ValueMention, mb: ValueMention,
                settings: RoleSettings | None = None) -> tuple[str, str] | None:
    """"increases median overall survival from 7.4 to 9.6 months": from the control to the new arm."""
    a_start = s_start + ma.value_start
    before_a = text[max(0, a_start - (settings or ROLE_SETTINGS).from_before) : a_start]
    if _FROM_BEFORE.search(before_a) and _TO_BETWEEN.fullmatch(text[s_start + ma.value_end : s_start + mb.value_start]):
        return "ctl", "exp"
    return None


def _by_versus(text: str, s_start: int, ma: ValueMention, mb: ValueMention, arm_a: Arm | None,
               arm_b: Arm | None) -> tuple[str, str] | None:
    between = text[s_start + ma.value_end : s_start + mb.value_start]
    if _VERSUS.search(between) or (arm_a is not None and arm_b is not None):
        return "exp", "ctl"
    return None


def _versus_pairs(text: str, s_start: int, mentions: list[ValueMention], arm_of: dict[int, Arm], idx: list[int],
                  rest: list[int]) -> dict[int, str]:
    """Longer lists: each adjacent "a vs b" pair with no arm of its own is read experimental first."""
    found: dict[int, str] = {}
    for a, b in zip(idx, idx[1:]):
        if a in rest and b in rest and a not in arm_of and b not in arm_of and a not in found and b not in found:
            if _VERSUS_PAIR.fullmatch(text[s_start + mentions[a].value_end : s_start + mentions[b].value_start]):
                found[a], found[b] = "exp", "ctl"
    return found


def _uncompared_roles(arm_of: dict[int, Arm], idx: list[int], rest: list[int], cued: dict[int, str],
                      comparative: bool) -> dict[int, str]:
    """Roles of the values nothing compared. One arm's values with nothing to compare them with: a
    single-arm figure, unless the document is a randomised trial's own report. A value of no named arm:
    the other arm of a cued pair, else a group's own figure (a lone value: "single", CURATION_GUIDE),
    else not known."""
    same_arm = len(idx) == 2 and all(i in arm_of for i in idx) and arm_of[idx[0]].drugs == arm_of[idx[1]].drugs
    cued_ctl = "ctl" in cued.values()
    armed = "exp" if comparative and not same_arm and (len(idx) > 1 or cued_ctl) else \
        ("exp" if comparative and len(idx) == 1 else "single")
    armless = "exp" if cued_ctl else ("single" if len(idx) == 1 else "na")
    return {i: armed if i in arm_of else armless for i in rest}


def _timepoint(hint: str) -> str:
    m = re.fullmatch(r"(\S+) (months|years|weeks)", hint)
    if not m:
        return hint
    words = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "ten": 10}
    n = words.get(m.group(1).lower())
    try:
        n = float(m.group(1)) if n is None else n
    except ValueError:
        return hint
    if m.group(2) == "years":
        n, unit = n * 12, "months"
    else:
        unit = m.group(2)
    return f"{n:g} {unit}"


_PAIR_BETWEEN = re.compile(
    r"\s*(?:arms?|groups?)?\s*(?:,\s*)?(?:[\w()/-]+\s+){0,8}?(?:vs\.?|versus|compared\s+(?:with|to)|than|over|or|relative\s+to)\s+(?:the\s+)?(?:\w+\s+){0,3}?",
    re.I,
)


def _comparison_pair(text, arms, s_start, s_end) -> tuple[Arm, Arm] | None:
    """The last "X versus Y" / "X compared with Y" / "with X than Y" pair of arms in the span."""
    cands = [a for a in arms if a.drugs or a.role]
    found = None
    for a, b in zip(cands, cands[1:]):
        if _PAIR_BETWEEN.fullmatch(text[a.end : b.start]) and (a.drugs != b.drugs or a.role != b.role):
            found = (a, b)
    return found


def _cites_other_work(ctx: DocContext, sentence: str, trials_here: list[EntityMention]) -> bool:
    """Whether a sentence reports another study's values: a cue for other work, or glued citation numbers
    when the sentence does not name the report's own trial (its primary publication is cited too)."""
    if OTHER_STUDY.search(sentence):
        return True
    return bool(CITED.search(sentence)) and not any(
        ctx.nct_name.get(t.canonical, t.canonical) in (ctx.main_trial, ctx.main_nct) for t in trials_here)


def _value_trials(ctx: DocContext, sentence: str, trials_here: list[EntityMention]) -> list[EntityMention]:
    """The trials a sentence names that its values may belong to."""
    if ctx.main_trial and _cites_other_work(ctx, sentence, trials_here):
        # a sentence citing other work is about the other trial it names, even when it compares it
        # with the report's own ("... compared with placebo (INSTEP) in patients similar to those in TOPICAL")
        trials_here = [t for t in trials_here if ctx.nct_name.get(t.canonical, t.canonical) not in (ctx.main_trial, ctx.main_nct)]
    # "In contrast to FIRE-3, ...", "similar in size to that of MONALEESA-2": a trial named to compare with
    # is not the one the values belong to
    return [t for t in trials_here if not _REFERENCE_BEFORE.search(ctx.text, max(0, t.start - 40), t.start)]


def _trial_for(ctx: DocContext, s_start: int, sentence: str, value_start: int, trials_here: list[EntityMention],
               state: _State) -> tuple[str, bool, str]:
    """The trial of one value, whether it is another study than the document's own, and the rule's id.

    The trial named nearest before the value in its sentence (else the first named after it); else,
    in a trial report, the report's own trial unless the sentence cites another study; else the trial
    the paragraph is about.
    """
    v = s_start + value_start
    trials_here = _value_trials(ctx, sentence, trials_here)
    before = [t for t in trials_here if t.end <= v]
    # "... versus 47% in the Intergroup 0096 study": a trial named right after the value is its own
    after = [t for t in trials_here if t.start > v and re.fullmatch(
        r"[\d.%\s]*(?:\([^()]*\)\s*)?(?:in|from|of)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}", ctx.text[v:t.start])]
    named = after[:1] or before[-1:] or trials_here[:1]
    if named:
        name = ctx.nct_name.get(named[0].canonical, named[0].canonical)
        rule = "trial.named_after" if after[:1] else "trial.named_before" if before[-1:] else "trial.named_in_sentence"
        if ctx.main_trial and name not in (ctx.main_trial, ctx.main_nct):
            return name, True, rule
        return name, False, rule
    if ctx.protocol:  # a protocol reports no results: its values are other studies' (or design assumptions)
        return "", True, "trial.protocol_background"
    if ctx.main_trial:
        return _report_trial(ctx, sentence, v, trials_here, state)
    if state.trial and NEW_STUDY.search(sentence):
        return "", False, "trial.new_study"  # "Another observational study of 44 patients ..." is not the paragraph's trial
    return state.trial, False, ("trial.paragraph" if state.trial else "")


def _report_trial(ctx: DocContext, sentence: str, v: int, trials_here: list[EntityMention],
                  state: _State) -> tuple[str, bool, str]:
    """The trial of a value in a trial report whose sentence names no trial: the report's own, unless the
    sentence cites other work, goes on about the trial the sentence before named, or stands in the
    introduction."""
    if _cites_other_work(ctx, sentence, trials_here):
        return "", True, "trial.cites_other_work"
    other_named = bool(state.trial) and state.trial not in (ctx.main_trial, ctx.main_nct)
    own_words = bool(OWN_STUDY.search(sentence))
    # the previous sentence of the paragraph named another trial, and this one does not speak of
    # the report's own: the values are still that trial's
    if other_named and state.trial_age == 1 and not own_words:
        return state.trial, True, "trial.previous_sentence"
    # a report's introduction quotes what other studies found; its own results come later
    # (the trial its paragraph is about, if the paragraph named one)
    if ctx.in_background(v) and not own_words:
        if other_named and not NEW_STUDY.search(sentence):
            return state.trial, True, "trial.background_paragraph"
        return "", True, "trial.background_section"
    return ctx.main_trial, False, "trial.report_own"


def _population(sentence: str, arms: list[Arm], s_start: int, trials: list[EntityMention] = ()) -> str:
    """The subgroup a sentence is about, or "" for the whole trial population."""
    def ok(p: str, start: int) -> bool:
        p = p.strip()
        bad = _NOT_POPULATION.search(p)
        if bad and bad.start() > 0 and _BIOMARKER_CUE.search(p):
            bad = None  # "KRAS wild-type tumours" is a subgroup; "advanced breast cancer" the whole population
        if len(p) < 3 or bad or re.match(r"\d", p) or re.search(r"\banalys[ie]s\b", p, re.I):
            return False  # "Among 285 eligible patients", "In prespecified subgroup analyses"
        s, e = s_start + start, s_start + start + len(p)
        # "in the erlotinib group", "In group A" name arms; "In CONVERT" names a trial
        named_arms = [a for a in arms if a.drugs or a.role or GROUP_LABEL.fullmatch(a.text)]
        return not any(a.start < e and s < a.end for a in named_arms) and not any(t.start < e and s < t.end for t in trials)

    m = POPULATION_LEAD.match(sentence)
    if m:
        g = "a" if m.group("a") else "b"
        p = m.group(g)
        p = re.sub(r"^(?:with|who\s+(?:were|had|received))\s+", "", p)
        start = m.start(g)
        art = re.match(r"(?:an?|the)\s+", p)
        if art and re.search(r"\b(?:with|without|whose|having)\s+$", sentence[: m.start(g)]):
            p, start = p[art.end():], start + art.end()  # "In patients with a BRCA1 mutation," -> "BRCA1 mutation"
        if ok(p, start):
            return p.strip()
    for m in POPULATION_SUBGROUP.finditer(sentence):
        if ok(m.group("p"), m.start("p")):
            return m.group("p").strip()
    return ""


def population_after(text: str, pos: int, end: int) -> str:
    """A population named right after a value: "... 4.5 months (3.9-5.6) for women"."""
    m = POPULATION_AFTER.match(text, pos, end)
    if m and not _NOT_POPULATION.search(m.group("p")):
        return m.group("p").strip()
    return ""


# flags that come from a cue in the sentence (the others come from the value or the checks)
_CUE_FLAGS = frozenset({"design", "prognostic", "interim", "other_trial", "adjusted", "subgroup"})


def _why(*rules: str) -> str:
    """Rule ids joined for the ``why`` column (blank ones dropped)."""
    return ";".join(r for r in rules if r)


def _confidence(m: ValueMention, endpoint: str, arm: str, trial: str) -> float:
    c = 0.5
    if m.explicit:
        c += 0.2
    if m.ci_low:
        c += 0.1
    if endpoint:
        c += 0.1
    if arm or m.measure == "hr":
        c += 0.05
    if trial:
        c += 0.05
    if "inconsistent_ci" in m.flags:
        c -= 0.3
    return round(min(c, 1.0), 2)


def _fill_document_arms(ctx: DocContext, outcomes: list[Outcome]) -> list[Outcome]:
    """A report's hazard ratios without a named comparison take the trial's own arms: the regimens
    its medians and rates most often name as experimental and as control."""
    from collections import Counter

    exp = Counter(o.regimen for o in outcomes if o.arm_role == "exp" and o.regimen and o.trial == ctx.main_trial and ctx.main_trial)
    ctl = Counter(o.regimen for o in outcomes if o.arm_role == "ctl" and o.regimen and o.trial == ctx.main_trial and ctx.main_trial)
    if not exp or not ctl:
        return outcomes
    e, c = exp.most_common(1)[0][0], ctl.most_common(1)[0][0]
    out = []
    for o in outcomes:
        if o.measure == "hr" and not o.regimen and o.trial == ctx.main_trial:
            o = replace(o, regimen=e, comparator=c)
        elif o.measure != "hr" and o.regimen and not o.comparator and o.trial == ctx.main_trial:
            o = replace(o, comparator=c if o.regimen == e else (e if o.regimen == c else ""))
        out.append(o)
    return out
