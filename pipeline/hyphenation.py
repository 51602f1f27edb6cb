"""Words broken at a line end: joined when hyphenation broke them, kept hyphenated when they are compounds.

Shared by the PDF text layer and the reflow of hard-wrapped plain text: the decision is made against the
document's own words (``vocabulary``), as a reader would.
"""
from __future__ import annotations

import re

HYPHENS = "-\u2010\u00ad\ufffe\x02"  # \x02 / \ufffe: pdfium's mark for a hyphen at a line end

_WORD = re.compile(r"[A-Za-z\u00c0-\u024f\ufb00-\ufb06]+(?:-[A-Za-z\u00c0-\u024f\ufb00-\ufb06]+)*")


def vocabulary(texts: list[str]) -> set[str]:
    """Lower-cased words of a document, hyphenated compounds both whole and split; the fragments
    around a line-end hyphen are left out (they are what is being decided)."""
    vocab: set[str] = set()
    for t in texts:
        after_break = False
        for line in t.split("\n"):
            words = _WORD.findall(line)
            broken = line.rstrip()[-1:] in HYPHENS
            kept = words[1 if after_break else 0:len(words) - 1 if broken else len(words)]
            if kept:
                low = " ".join(kept).lower()  # (the letters are Latin: no word's case depends on its neighbour)
                vocab.update(low.split(" "))
                if "-" in low:
                    vocab.update(low.replace("-", " ").split(" "))
            after_break = broken
    return vocab


# word endings that never stand alone: "treat-ment" is one word broken, not a compound
_SUFFIX = re.compile(
    r"(?:ments?|tions?|sions?|ations?|ences?|ances?|ity|ities|ous|ives?|ings?|ness|able|ible|ful|less|ical|ally|"
    r"i[sz]ed|i[sz]es?|ers?|ed|al|ly|ics?|ists?|ism|ory|ary|ate[ds]?)"
)


def join_broken_word(left: str, right: str, vocab: set[str]) -> str:
    """How the line-end ``left-`` + ``right`` join: ``""`` (a word broken by hyphenation) or ``"-"``
    (a compound, its hyphen kept). ``left`` and ``right`` are the word fragments around the break."""
    if not left or not right or not left[-1].isalpha() or not right[0].isalpha():
        return "-"
    if right[0].isupper() or any(c.isupper() for c in left[1:]) or any(c.isdigit() for c in left):
        return "-"  # "PD-" + "L1", "Kaplan-" + "Meier", "HER2-" + ...
    if len(left) < 2 or len(right) < 2:
        return "-"  # hyphenation leaves at least two letters on each side: "a-" + "second" is "a-second"
    joined = (left + right).lower()
    if joined in vocab:
        return ""
    if f"{left}-{right}".lower() in vocab:
        return "-"
    if _SUFFIX.fullmatch(right.lower()):
        return ""  # "treat-" + "ment", "differ-" + "ence"
    if left.lower() in vocab and right.lower() in vocab and len(left) > 1 and len(right) > 1:
        return "-"  # "progression-" + "free": both halves are words of the document
    return ""


def join_lines(lines: list[str], vocab: set[str]) -> str:
    """One paragraph from its lines: a space between lines, or a line-end hyphen resolved."""
    out = ""
    for ln in lines:
        ln = ln.strip()
        if not out:
            out = ln
            continue
        if out[-1] in HYPHENS:
            head = out[:-1]
            lm = re.search(r"([A-Za-z\u00c0-\u024f\ufb00-\ufb06]+)$", head)
            rm = re.match(r"[A-Za-z\u00c0-\u024f\ufb00-\ufb06]+", ln)
            if lm and rm:
                out = head + join_broken_word(lm.group(1), rm.group(0), vocab) + ln
            else:
                out = head + "-" + ln  # "0.50-" + "0.85"
        else:
            out += " " + ln
    return out.replace("\ufffe", "-").replace("\x02", "-") if "\ufffe" in out or "\x02" in out else out
