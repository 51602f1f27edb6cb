"""Loading of rule and lexicon data files, validated on load.

Every data file is a CSV with a fixed set of columns. A file with a missing or unknown column, or a
row with a bad value, raises :class:`RuleFileError` naming the file, the row, the bad key and the
allowed ones (the medspaCy ``context_rule`` way).
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


class RuleFileError(ValueError):
    """A data file does not have the form its loader expects."""


def read_rule_csv(path: Path, required: tuple[str, ...], optional: tuple[str, ...] = (),
                  allowed_values: dict[str, tuple[str, ...]] | None = None,
                  nonempty: tuple[str, ...] | None = None) -> list[dict[str, str]]:
    """Rows of a rule CSV as dicts, after checking its columns, the values of enumerated keys and that
    the ``nonempty`` keys (default: every required key but ``source``) are filled. Optional columns a
    file leaves out read as ""."""
    allowed = required + optional
    nonempty = tuple(k for k in required if k != "source") if nonempty is None else nonempty
    try:
        with open(path, newline="", encoding="utf-8") as fh:
            reader = csv.reader(fh)
            lines = [(n, r) for n, r in enumerate(reader, start=1) if r and any(c.strip() for c in r)]
    except OSError as exc:
        raise RuleFileError(f"cannot read rule file {path}: {exc.strerror}") from exc
    if not lines:
        raise RuleFileError(f"{path.name}: empty file; required columns: {', '.join(required)}")
    header = tuple(h.strip() for h in lines[0][1])
    for key in header:
        if key not in allowed:
            raise RuleFileError(f"{path.name}: unknown column {key!r}; allowed: {', '.join(allowed)}")
    for key in required:
        if key not in header:
            raise RuleFileError(f"{path.name}: missing column {key!r}; required: {', '.join(required)}")
    if len(set(header)) != len(header):
        raise RuleFileError(f"{path.name}: a column is repeated in {', '.join(header)}")
    rows = []
    for lineno, cells in lines[1:]:
        if len(cells) != len(header):
            raise RuleFileError(f"{path.name} line {lineno}: {len(cells)} fields, the header has {len(header)}")
        row = {k: c.strip() for k, c in zip(header, cells)}
        for key in optional:
            row.setdefault(key, "")
        for key, values in (allowed_values or {}).items():
            if row.get(key, "") not in values:
                raise RuleFileError(f"{path.name} line {lineno}: {key}={row.get(key)!r} is not allowed; allowed: {', '.join(values)}")
        for key in nonempty:
            if not row.get(key):
                raise RuleFileError(f"{path.name} line {lineno}: empty {key!r}")
        rows.append(row)
    return rows


@dataclass(frozen=True)
class EndpointRules:
    """Endpoint phrases (``overall survival`` -> ``OS``) compiled into one regex, longest first."""

    pattern: re.Pattern
    codes: dict[str, str]  # lower-cased phrase (or exact abbreviation) -> code

    def code_of(self, phrase: str) -> str:
        """The code of a phrase as written (any case and spacing for case-insensitive phrases; plurals)."""
        key = re.sub(r"[\s-]+", " ", phrase.lower())
        return (self.codes.get(phrase) or self.codes.get(key) or self.codes.get(phrase[:-1] if phrase.endswith("s") else "")
                or self.codes.get(key[:-1] if key.endswith("s") else "", ""))

    def without(self, shorts: frozenset) -> "EndpointRules":
        """These rules less the abbreviations a document spends on something else (``SD`` as standard
        deviation); one object per set, so callers can cache on it."""
        if not shorts:
            return self
        key = (id(self), shorts)
        if key not in _WITHOUT:
            _WITHOUT[key] = EndpointRules(self.pattern, {k: v for k, v in self.codes.items() if k not in shorts})
        return _WITHOUT[key]

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
        """``(start, end, code)`` of every endpoint phrase in ``text[start:end]``."""
        end = len(text) if end is None else end
        out = []
        for m in self.pattern.finditer(text, start, end):
            code = self.code_of(m.group(0))
            if code:
                out.append((m.start(), m.end(), code))
        return out


_WITHOUT: dict[tuple, EndpointRules] = {}


def _trie_regex(phrases: list[str]) -> str:
    """One regex for many phrases, as a trie: a text position is tried against the phrases sharing its
    first letters once, not against each phrase in turn (the endpoint scan of a whole document was one
    tenth of litx's time). Longer phrases win, as in an alternation sorted longest first; a space in a
    phrase matches spaces or hyphens, and a phrase also matches its plural."""
    trie: dict = {}
    for phrase in phrases:
        spaced = " ".join(re.split(r"[\s-]+", phrase))
        for form in {spaced} if spaced.endswith("s") else {spaced, spaced + "s"}:
            node = trie
            for ch in form:
                node = node.setdefault(ch, {})
            node[""] = {}
    return _trie_node(trie)


def _trie_node(node: dict) -> str:
    alts = [(r"[\s-]+" if ch == " " else re.escape(ch)) + _trie_node(child) for ch, child in sorted(node.items()) if ch]
    if not alts:
        return ""
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    return f"(?:{body})?" if "" in node else body


@lru_cache(maxsize=None)
def load_endpoint_rules(path: Path = DATA_DIR / "endpoints.csv") -> EndpointRules:
    rows = read_rule_csv(path, ("phrase", "code", "case_sensitive", "source"),
                         allowed_values={"case_sensitive": ("yes", "no")})
    codes: dict[str, str] = {}
    exact, folded = [], []
    for row in rows:
        if row["case_sensitive"] == "yes":
            codes[row["phrase"]] = row["code"]
            exact.append(row["phrase"])
        else:
            codes[re.sub(r"[\s-]+", " ", row["phrase"].lower())] = row["code"]
            folded.append(row["phrase"].lower())
    pattern = re.compile(r"(?<![A-Za-z0-9])(?:(?i:" + _trie_regex(folded) + ")|" + _trie_regex(exact) + r")(?![A-Za-z0-9])")
    return EndpointRules(pattern, codes)


@lru_cache(maxsize=None)
def load_arm_roles(path: Path = DATA_DIR / "arm_roles.csv") -> dict[str, str]:
    """Arm cue word (lower case) -> role (``ctl``/``exp``)."""
    rows = read_rule_csv(path, ("cue", "role", "source"), allowed_values={"role": ("ctl", "exp")})
    return {r["cue"].lower(): r["role"] for r in rows}


STUDY_CUE_CATEGORIES = ("other_study", "cited_trial", "own_study", "new_study", "review", "reference",
                        "background_heading", "section_heading")
STUDY_CUE_DIRECTIONS = ("sentence", "before_name", "line")


def _directed(cue: str, direction: str) -> str:
    """A cue as searched: a ``before_name`` cue ends where the name starts; a ``line`` cue is a whole line
    (a heading, with or without its colon)."""
    if direction == "before_name":
        return cue + r"\Z"
    if direction == "line":
        return r"^[ \t]*(?:" + cue + r")[ \t]*:?[ \t]*$"
    return cue


@lru_cache(maxsize=None)
def load_study_cues(path: Path = DATA_DIR / "study_cues.csv") -> dict[str, re.Pattern]:
    """Cues that say which study a sentence's values belong to (medspaCy ConText style: cue, category,
    direction): one case-insensitive regex per category, its rows' cues as alternatives. A ``sentence`` cue
    is searched in the sentence (or the document's head, for ``review``); a ``before_name`` cue must end
    right before a trial's name; a ``line`` cue is a whole line (a section heading). Each row carries an
    example it must match (checked on load)."""
    rows = read_rule_csv(path, ("category", "direction", "cue", "example", "source"),
                         allowed_values={"category": STUDY_CUE_CATEGORIES, "direction": STUDY_CUE_DIRECTIONS})
    alternatives: dict[str, list[str]] = {c: [] for c in STUDY_CUE_CATEGORIES}
    for n, row in enumerate(rows, start=2):
        pattern = _directed(row["cue"], row["direction"])
        try:  # the example is checked against the cue as written, a line cue as a whole line
            cue = re.compile(pattern if row["direction"] == "line" else row["cue"], re.I | re.M)
        except re.error as exc:
            raise RuleFileError(f"{path.name} row {n}: cue {row['cue']!r} is not a regex: {exc}") from exc
        if not cue.search(row["example"]):
            raise RuleFileError(f"{path.name} row {n}: cue {row['cue']!r} does not match its example {row['example']!r}")
        alternatives[row["category"]].append(pattern)
    return {c: re.compile("|".join(f"(?:{a})" for a in alts) if alts else r"(?!)", re.I | re.M)
            for c, alts in alternatives.items()}
