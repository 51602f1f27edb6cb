import pytest
from hypothesis import given, strategies as st

from pipeline.normalize import join_pages, normalize_text, page_of


@pytest.mark.parametrize("raw,expected", [
    ("erlotinib, 3·7 months, 95% CI 3·2–4·2", "erlotinib, 3.7 months, 95% CI 3.2-4.2"),  # middle-dot decimals, en dash
    ("HR+/HER2− breast cancer", "HR+/HER2- breast cancer"),  # minus sign
    ("proliferation—a hallmark", "proliferation-a hallmark"),  # em dash
    ("data · analysis", "data · analysis"),  # a middle dot between words stays
    ("(HR=0.62, 95%CI 0.48~0.80)", "(HR=0.62, 95%CI 0.48-0.80)"),  # a tilde between numbers is a range
    ("0.48 ∼ 0.80 and ∼33% of patients", "0.48 - 0.80 and ∼33% of patients"),  # ... "about" before a number stays
    ("41\u00a0000 and 1\u2009000\u2003x", "41 000 and 1 000 x"),  # Unicode spaces
    ("e\ufb03cacy and \ufb01ve", "efficacy and five"),  # ligatures
    ("0.65 (0.50–0.85)[1][2]\t39.3 months", "0.65 (0.50-0.85)\t39.3 months"),  # citation run
    ("using a cell viability assay.[\\[16\\]](#) Begin", "using a cell viability assay. Begin"),  # markdown-escaped citation
    ("ineffective [1] [2] [3].", "ineffective."),  # spaced citation run
    ("as shown [147–149] before", "as shown before"),  # citation range
    ("reported [23, 24].", "reported."),
    ("8% [28 of 334] vs 1% [four of 313]", "8% [28 of 334] vs 1% [four of 313]"),  # not citations
    ("hazard ratio [HR] 0·94", "hazard ratio [HR] 0.94"),
    ("BenchChem, [2025]. [Online PDF]", "BenchChem, [2025]. [Online PDF]"),  # a year in brackets stays
    ("[Get Quote](#)", "Get Quote"),  # markdown link keeps its words
    ("the <i>RB1</i> gene<sup>12</sup>", "the RB1 gene"),  # inline tags and a superscript citation
    ("a\r\nb\rc", "a\nb\nc"),
    ("soft\u00adhyphen\u200b", "softhyphen"),
])
def test_normalize(raw, expected):
    assert normalize_text(raw) == expected


@given(st.text(max_size=200))
def test_normalize_is_idempotent_and_never_raises(text):
    once = normalize_text(text)
    assert normalize_text(once) == once


def test_pages_joined_with_form_feed_and_mapped_back():
    text, starts = join_pages(["page one", "page·two 3·5", "three"])
    assert text == "page one\fpage·two 3.5\fthree"
    assert page_of(text.index("3.5"), starts) == 2
    assert page_of(0, starts) == 1 and page_of(len(text) - 1, starts) == 3
    assert page_of(5, []) is None


def test_endpoint_trie_reads_like_an_alternation_longest_first():
    """The endpoint phrases compiled as a trie (pipeline.rules._trie_regex) give what one alternation sorted
    longest first gives: the longest phrase at the leftmost place, spaces or hyphens, plurals."""
    import re
    from pipeline.rules import _trie_regex

    phrases = ["survival", "overall survival", "progression-free survival", "response", "response rate", "rates of survival"]
    trie = re.compile(r"(?<![A-Za-z0-9])(?i:" + _trie_regex(phrases) + r")(?![A-Za-z0-9])")
    alternation = re.compile(r"(?<![A-Za-z0-9])(?i:" + "|".join(
        r"[\s-]+".join(map(re.escape, re.split(r"[\s-]+", p))) + ("" if p.endswith("s") else "s?")
        for p in sorted(phrases, key=len, reverse=True)) + r")(?![A-Za-z0-9])")
    text = ("Overall survival and progression free survival; response rates, Response-rate, responses, survivals, "
            "rates of survival, overall-survivalX, rate of survival")
    assert [m.group(0) for m in trie.finditer(text)] == [m.group(0) for m in alternation.finditer(text)]
    assert "response rates" in [m.group(0) for m in trie.finditer(text)]


from hypothesis import given, settings, strategies as st

_WORDS = st.sampled_from(["os", "pfs", "survival", "overall", "free", "rate", "response", "disease", "control"])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(_WORDS, min_size=1, max_size=3).map(" ".join), min_size=1, max_size=8, unique=True),
       st.lists(st.sampled_from(["os", "pfs", "survival", "overall", "free", "rate", "rates", "response", "responses",
                                 "disease", "control", "and", "-", "x1"]), max_size=25))
def test_endpoint_trie_matches_the_alternation_on_any_text(phrases, words):
    import re
    from pipeline.rules import _trie_regex

    text = " ".join(words).replace(" - ", "-")
    trie = re.compile(r"(?<![A-Za-z0-9])(?i:" + _trie_regex(phrases) + r")(?![A-Za-z0-9])")
    alternation = re.compile(r"(?<![A-Za-z0-9])(?i:" + "|".join(
        r"[\s-]+".join(map(re.escape, p.split())) + ("" if p.endswith("s") else "s?")
        for p in sorted(phrases, key=len, reverse=True)) + r")(?![A-Za-z0-9])")
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in alternation.finditer(text)]
